#include "request.hpp"

#include "api.hpp"

#include <cxsched/util/expected.hpp>
#include <cxsched/util/json.hpp>
#include <cxsched/util/text.hpp>

#include <httplib.h>

#include <algorithm>
#include <charconv>

namespace cxsched::app::serve {
namespace {

std::string with_defaults(const rapidjson::Value& spec, const rapidjson::Value* defaults) {
  if (!defaults || !spec.IsObject() || !defaults->IsObject()) return util::to_json(spec);
  rapidjson::Document merged;
  merged.CopyFrom(spec, merged.GetAllocator());
  for (auto it = defaults->MemberBegin(); it != defaults->MemberEnd(); ++it) {
    if (merged.HasMember(it->name)) continue;
    merged.AddMember(rapidjson::Value(it->name, merged.GetAllocator()),
                     rapidjson::Value(it->value, merged.GetAllocator()), merged.GetAllocator());
  }
  return util::to_json(merged);
}

}  // namespace

std::vector<ops::SpecText> specs_from_body(std::string_view body,
                                           const rapidjson::Value* defaults) {
  // Bounded depth: a body nested too deep goes on as text, and the spec
  // reader reports it.
  auto parsed = util::read_json(body, false);
  if (!parsed) return {{"body", std::string(body)}};
  const rapidjson::Document& doc = *parsed;
  if (doc.IsObject()) {
    if (auto it = doc.FindMember("specs"); it != doc.MemberEnd() && it->value.IsArray()) {
      std::vector<ops::SpecText> out;
      rapidjson::SizeType i = 0;
      for (const auto& spec : it->value.GetArray())
        out.push_back({"specs[" + std::to_string(i++) + "]", with_defaults(spec, defaults)});
      return out;
    }
  }
  if (!defaults) return {{"body", std::string(body)}};
  return {{"body", with_defaults(doc, defaults)}};
}

std::vector<std::string> spec_names(const std::vector<ops::SpecText>& specs) {
  std::vector<std::string> names;
  for (const auto& s : specs) {
    auto doc = util::read_json(s.text, false);
    if (!doc || !doc->IsObject()) continue;
    if (auto name = util::get_string(*doc, "name"); name && util::valid_utf8(*name))
      names.emplace_back(*name);
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

std::string query(const httplib::Request& req, const char* name) {
  return req.has_param(name) ? req.get_param_value(name) : std::string();
}

Result<bool> query_flag(const httplib::Request& req, const char* name) {
  if (!req.has_param(name)) return false;
  auto v = req.get_param_value(name);
  if (v.empty() || v == "true" || v == "1") return true;
  if (v == "false" || v == "0") return false;
  return fail(ErrorKind::usage, std::string(name) + ": expected true or false, not '" + v + "'");
}

Result<int> query_wait(const httplib::Request& req, int fallback) {
  if (!req.has_param("wait")) return fallback;
  auto v = req.get_param_value("wait");
  int seconds = -1;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), seconds);
  if (ec != std::errc{} || end != v.data() + v.size() || seconds < 0 || seconds > 3600)
    return fail(ErrorKind::usage, "wait: expected whole seconds from 0 to 3600, not '" + v + "'");
  return seconds;
}

Result<ops::ValidateOptions> validate_options_from(const httplib::Request& req) {
  ops::ValidateOptions options;
  if (auto scope = query(req, "conflictScope"); !scope.empty()) {
    auto s = ops::parse_conflict_scope(scope);
    if (!s) return std::unexpected(Error(ErrorKind::usage, "conflictScope: " + s.error().message));
    options.scope = *s;
  }
  if (auto dst = query(req, "dstPolicy"); !dst.empty()) {
    auto d = ops::parse_dst_policy(dst);
    if (!d) return std::unexpected(Error(ErrorKind::usage, "dstPolicy: " + d.error().message));
    options.spec.dst = *d;
  }
  TRY_ASSIGN(auto outside, query_flag(req, "allowOutsideCallingHours"));
  options.spec.allow_outside_calling_hours = outside;
  TRY_ASSIGN(auto drop, query_flag(req, "allowHighDropRate"));
  options.spec.allow_high_drop_rate = drop;
  TRY_ASSIGN(auto offline, query_flag(req, "offline"));
  options.offline = offline;
  return options;
}

bool same_secret(std::string_view given, std::string_view expected) {
  // Every byte of `given` is compared (against the expected byte, or 0 past
  // its end), so the time does not tell how much of a guess was right.
  unsigned diff = given.size() == expected.size() ? 0u : 1u;
  for (std::size_t i = 0; i < given.size(); ++i) {
    const unsigned char e =
        i < expected.size() ? static_cast<unsigned char>(expected[i]) : static_cast<unsigned char>(0);
    diff |= static_cast<unsigned>(static_cast<unsigned char>(given[i]) ^ e);
  }
  return diff == 0;
}

NameLocks::Guard::Guard(NameLocks& locks, std::vector<std::string> names)
    : locks_(locks), names_(std::move(names)) {
  std::sort(names_.begin(), names_.end());
  names_.erase(std::unique(names_.begin(), names_.end()), names_.end());
  for (const auto& name : names_) {
    std::mutex* m = nullptr;
    {
      std::lock_guard lock(locks_.mu_);
      auto& entry = locks_.entries_[name];
      ++entry.users;
      m = &entry.mu;
    }
    m->lock();
  }
}

NameLocks::Guard::~Guard() {
  for (auto it = names_.rbegin(); it != names_.rend(); ++it) {
    std::lock_guard lock(locks_.mu_);
    auto entry = locks_.entries_.find(*it);
    entry->second.mu.unlock();
    if (--entry->second.users == 0) locks_.entries_.erase(entry);
  }
}

}  // namespace cxsched::app::serve
