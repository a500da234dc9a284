// The campaigns API's definition of a spec: the POST body, its
// Idempotency-Key, and the comparison with a campaign read back.
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <cxsched/api/definition.hpp>
#include <cxsched/schedule/format.hpp>
#include <cxsched/schedule/spec.hpp>
#include <cxsched/util/expected.hpp>
#include <cxsched/util/json.hpp>
#include <cxsched/util/time.hpp>
#include <cxsched/util/uuid.hpp>
#include <optional>

namespace cxsched::api {

namespace {

using platform::FieldDifference;
using rapidjson::Value;

// ---- canonical JSON and the idempotency key ----

void write_canonical(const Value& v, rapidjson::Writer<rapidjson::StringBuffer>& w) {
  if (v.IsObject()) {
    std::vector<const Value::Member*> members;
    for (const auto& m : v.GetObject()) members.push_back(&m);
    std::sort(members.begin(), members.end(), [](const auto* a, const auto* b) {
      return std::string_view(a->name.GetString(), a->name.GetStringLength()) <
             std::string_view(b->name.GetString(), b->name.GetStringLength());
    });
    w.StartObject();
    for (const auto* m : members) {
      w.Key(m->name.GetString(), m->name.GetStringLength());
      write_canonical(m->value, w);
    }
    w.EndObject();
  } else if (v.IsArray()) {
    w.StartArray();
    for (const auto& e : v.GetArray()) write_canonical(e, w);
    w.EndArray();
  } else {
    v.Accept(w);
  }
}

// ---- definition comparison ----

std::string show(const Value& v) {
  if (v.IsString()) return std::string(v.GetString(), v.GetStringLength());
  return util::to_json(v);
}

bool same_scalar(const Value& spec, const Value& plat) {
  if (spec.IsNumber()) return plat.IsNumber() && spec.GetDouble() == plat.GetDouble();
  if (spec.IsString()) {
    if (!plat.IsString()) return false;
    std::string_view a(spec.GetString(), spec.GetStringLength());
    std::string_view b(plat.GetString(), plat.GetStringLength());
    if (a == b) return true;
    // Two ways of writing one instant ("...-05:00" and "...Z") are the same.
    auto ia = util::parse_rfc3339(a), ib = util::parse_rfc3339(b);
    return ia && ib && *ia == *ib;
  }
  return spec == plat;
}

bool empty_container(const Value& v) {
  return (v.IsArray() && v.Empty()) || (v.IsObject() && v.ObjectEmpty());
}

void diff(const Value& spec, const Value* plat, const std::string& path,
          std::vector<FieldDifference>& out) {
  if (spec.IsNull()) return;
  if (!plat || plat->IsNull()) {
    if (!empty_container(spec)) out.push_back({path, "(absent)", show(spec)});
    return;
  }
  if (spec.IsObject() && plat->IsObject()) {
    for (const auto& m : spec.GetObject()) {
      std::string_view name(m.name.GetString(), m.name.GetStringLength());
      if (path.empty() && schedule::is_server_field(name)) continue;
      auto it = plat->FindMember(m.name);
      diff(m.value, it == plat->MemberEnd() ? nullptr : &it->value,
           path.empty() ? std::string(name) : path + "." + std::string(name), out);
    }
    return;
  }
  if (spec.IsArray() && plat->IsArray() && spec.Size() == plat->Size()) {
    for (rapidjson::SizeType i = 0; i < spec.Size(); ++i)
      diff(spec[i], &(*plat)[i], path + "[" + std::to_string(i) + "]", out);
    return;
  }
  if (spec.IsObject() || spec.IsArray() || plat->IsObject() || plat->IsArray() ||
      !same_scalar(spec, *plat)) {
    out.push_back({path, show(*plat), show(spec)});
  }
}

}  // namespace

Result<std::string> campaign_payload(std::string_view spec_text,
                                     const schedule::Schedule& checked) {
  auto root = util::read_json(spec_text, false);
  if (!root || !root->IsObject())
    return fail(ErrorKind::internal, "the spec to build a payload from is not a JSON object");
  rapidjson::Document out;
  out.SetObject();
  auto& alloc = out.GetAllocator();
  for (auto it = root->MemberBegin(); it != root->MemberEnd(); ++it) {
    std::string_view name(it->name.GetString(), it->name.GetStringLength());
    if (schedule::is_server_field(name)) continue;
    Value key(it->name, alloc);
    Value value;
    if (name == "startDate" || name == "endDate") {
      std::string text =
          schedule::format_rfc3339(name == "startDate" ? checked.start : checked.end, checked.zone);
      value.SetString(text.data(), static_cast<rapidjson::SizeType>(text.size()), alloc);
    } else {
      value.CopyFrom(it->value, alloc);
    }
    out.AddMember(key, value, alloc);
  }
  return util::to_json(out);
}

Result<std::string> canonical_payload(std::string_view payload) {
  TRY_ASSIGN(const auto doc, util::parse_json(payload, "the payload"));
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  write_canonical(doc, w);
  return std::string(buf.GetString(), buf.GetSize());
}

Result<std::string> idempotency_key(std::string_view payload) {
  TRY_ASSIGN(const auto canonical, canonical_payload(payload));
  return util::uuid_v5(canonical);
}

Result<std::vector<FieldDifference>> compare_definition(std::string_view payload,
                                                        const Value& platform) {
  TRY_ASSIGN(const auto spec, util::parse_json(payload, "the spec's payload"));
  if (!spec.IsObject()) return fail(ErrorKind::internal, "the spec's payload is not an object");
  std::vector<FieldDifference> out;
  if (!platform.IsObject()) {
    out.push_back({"$", show(platform), "(an object)"});
    return out;
  }
  diff(spec, &platform, "", out);
  return out;
}

Result<platform::Definition> campaign_definition(std::string_view spec_text,
                                                 const schedule::Schedule& checked) {
  TRY_ASSIGN(auto body, campaign_payload(spec_text, checked));
  TRY_ASSIGN(auto key, idempotency_key(body));
  platform::Definition d;
  d.name = checked.name;
  d.preview = "POST /api/v2/campaigns\nIdempotency-Key: " + key + "\n";
  auto doc = util::parse_json(body, "payload");
  d.preview += doc ? util::to_pretty_json(*doc) : body;
  d.body = std::move(body);
  d.key = std::move(key);
  return d;
}

}  // namespace cxsched::api
