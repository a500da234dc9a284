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
#include <cxsched/util/json.hpp>
#include <optional>

namespace cxsched::api {

namespace {

using platform::FieldDifference;
using rapidjson::Value;

__extension__ typedef unsigned __int128 U128;

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

U128 fnv1a_128(std::string_view data) {
  const U128 prime = (static_cast<U128>(1) << 88) + 0x13B;
  U128 hash = (static_cast<U128>(0x6c62272e07bb0142ULL) << 64) | 0x62b821756295c58dULL;
  for (char c : data) {
    hash ^= static_cast<unsigned char>(c);
    hash *= prime;
  }
  return hash;
}

std::string uuid_from(U128 h) {
  std::array<unsigned char, 16> b{};
  for (int i = 15; i >= 0; --i) {
    b[static_cast<std::size_t>(i)] = static_cast<unsigned char>(h & 0xFF);
    h >>= 8;
  }
  b[6] = static_cast<unsigned char>((b[6] & 0x0F) | 0x80);  // version 8
  b[8] = static_cast<unsigned char>((b[8] & 0x3F) | 0x80);  // RFC 9562 variant
  std::string out;
  static const char* hex = "0123456789abcdef";
  for (std::size_t i = 0; i < b.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    out += hex[b[i] >> 4];
    out += hex[b[i] & 15];
  }
  return out;
}

// ---- definition comparison ----

int digits(std::string_view s, std::size_t pos, std::size_t n, bool& ok) {
  int v = 0;
  if (pos + n > s.size()) {
    ok = false;
    return 0;
  }
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') {
      ok = false;
      return 0;
    }
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

// "2024-09-15T08:00:00-04:00" (fraction and Z allowed) -> milliseconds since
// the epoch; nullopt for anything else.
std::optional<std::int64_t> parse_instant(std::string_view s) {
  bool ok = s.size() >= 20 && s[4] == '-' && s[7] == '-' && (s[10] == 'T' || s[10] == 't') &&
            s[13] == ':' && s[16] == ':';
  if (!ok) return std::nullopt;
  const int y = digits(s, 0, 4, ok), mo = digits(s, 5, 2, ok), d = digits(s, 8, 2, ok);
  const int h = digits(s, 11, 2, ok), mi = digits(s, 14, 2, ok), se = digits(s, 17, 2, ok);
  if (!ok) return std::nullopt;
  std::size_t pos = 19;
  std::int64_t millis = 0;
  if (pos < s.size() && s[pos] == '.') {
    std::int64_t scale = 100;
    for (++pos; pos < s.size() && s[pos] >= '0' && s[pos] <= '9'; ++pos, scale /= 10)
      millis += (s[pos] - '0') * scale;
  }
  if (pos >= s.size()) return std::nullopt;
  int offset_min = 0;
  if (s[pos] == 'Z' || s[pos] == 'z') {
    ++pos;
  } else if (s[pos] == '+' || s[pos] == '-') {
    if (pos + 6 != s.size() || s[pos + 3] != ':') return std::nullopt;
    const int oh = digits(s, pos + 1, 2, ok), om = digits(s, pos + 4, 2, ok);
    if (!ok) return std::nullopt;
    offset_min = (s[pos] == '-' ? -1 : 1) * (oh * 60 + om);
    pos += 6;
  } else {
    return std::nullopt;
  }
  if (pos != s.size()) return std::nullopt;
  const std::chrono::year_month_day ymd{std::chrono::year{y},
                                        std::chrono::month{static_cast<unsigned>(mo)},
                                        std::chrono::day{static_cast<unsigned>(d)}};
  if (!ymd.ok() || h > 23 || mi > 59 || se > 60) return std::nullopt;
  const std::int64_t days = std::chrono::sys_days{ymd}.time_since_epoch().count();
  const std::int64_t secs = days * 86400 + h * 3600 + mi * 60 + se - offset_min * 60;
  return secs * 1000 + millis;
}

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
    auto ia = parse_instant(a), ib = parse_instant(b);
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
  auto doc = util::parse_json(payload, "the payload");
  if (!doc) return std::unexpected(doc.error());
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  write_canonical(*doc, w);
  return std::string(buf.GetString(), buf.GetSize());
}

Result<std::string> idempotency_key(std::string_view payload) {
  auto canonical = canonical_payload(payload);
  if (!canonical) return std::unexpected(canonical.error());
  return uuid_from(fnv1a_128(*canonical));
}

Result<std::vector<FieldDifference>> compare_definition(std::string_view payload,
                                                        const Value& platform) {
  auto spec = util::parse_json(payload, "the spec's payload");
  if (!spec) return std::unexpected(spec.error());
  if (!spec->IsObject()) return fail(ErrorKind::internal, "the spec's payload is not an object");
  std::vector<FieldDifference> out;
  if (!platform.IsObject()) {
    out.push_back({"$", show(platform), "(an object)"});
    return out;
  }
  diff(*spec, &platform, "", out);
  return out;
}

Result<platform::Definition> campaign_definition(std::string_view spec_text,
                                                 const schedule::Schedule& checked) {
  auto body = campaign_payload(spec_text, checked);
  if (!body) return std::unexpected(body.error());
  auto key = idempotency_key(*body);
  if (!key) return std::unexpected(key.error());
  platform::Definition d;
  d.name = checked.name;
  d.preview = "POST /api/v2/campaigns\nIdempotency-Key: " + *key + "\n";
  auto doc = util::parse_json(*body, "payload");
  d.preview += doc ? util::to_pretty_json(*doc) : *body;
  d.body = std::move(*body);
  d.key = std::move(*key);
  return d;
}

}  // namespace cxsched::api
