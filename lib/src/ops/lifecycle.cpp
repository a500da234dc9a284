#include <cxsched/ops/lifecycle.hpp>
#include <cxsched/schedule/format.hpp>
#include <cxsched/schedule/spec.hpp>
#include <cxsched/util/json.hpp>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <set>

namespace cxsched::ops {

namespace {

__extension__ typedef unsigned __int128 U128;

// ---- canonical JSON and the idempotency key ----

void write_canonical(const rapidjson::Value& v, rapidjson::Writer<rapidjson::StringBuffer>& w) {
  if (v.IsObject()) {
    std::vector<const rapidjson::Value::Member*> members;
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

std::string show(const rapidjson::Value& v) {
  if (v.IsString()) return std::string(v.GetString(), v.GetStringLength());
  return util::to_json(v);
}

bool same_scalar(const rapidjson::Value& spec, const rapidjson::Value& plat) {
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

bool empty_container(const rapidjson::Value& v) {
  return (v.IsArray() && v.Empty()) || (v.IsObject() && v.ObjectEmpty());
}

void diff(const rapidjson::Value& spec, const rapidjson::Value* plat, const std::string& path,
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

// ---- create, one spec at a time ----

bool ends_platform(const Error& e) {
  return e.kind == ErrorKind::unavailable || e.kind == ErrorKind::auth;
}

class Creator {
 public:
  Creator(const CreateOptions& options, api::CampaignApi* api, util::Clock& clock,
          CreateReport& report)
      : options_(options), api_(api), clock_(clock), report_(report) {}

  void run() {
    const auto& v = report_.validation;
    auto& results = report_.results;
    for (std::size_t i = 0; i < results.size(); ++i) {
      auto& r = results[i];
      if (down_) {
        r.outcome = CreateOutcomeKind::skipped;
        r.error = Error{down_->kind, "not attempted: " + down_->message};
      } else if (const auto* existing = v.existing_campaign(i)) {
        settle(r, *existing, CreateOutcomeKind::exists);
      } else if (options_.dry_run) {
        r.outcome = CreateOutcomeKind::would_create;
      } else {
        post(r);
      }
      if (options_.activate && !options_.dry_run && !down_ &&
          (r.outcome == CreateOutcomeKind::created || r.outcome == CreateOutcomeKind::exists))
        activate(r);
      if (options_.on_result) options_.on_result(r, i, results.size());
    }
    if (options_.wait && options_.activate && !options_.dry_run) wait();
  }

 private:
  void settle(CreateResult& r, const api::Campaign& c, CreateOutcomeKind same) {
    r.id = c.id;
    r.status = c.status;
    auto diffs = compare_definition(r.payload, *c.object);
    if (!diffs) {
      r.outcome = CreateOutcomeKind::failed;
      r.error = diffs.error();
      return;
    }
    if (diffs->empty()) {
      r.outcome = same;
      return;
    }
    r.outcome = CreateOutcomeKind::differs;
    r.differences = std::move(*diffs);
    std::string msg = "campaign '" + r.name + "' (" + c.id +
                      ") exists on the platform with another definition:";
    for (const auto& d : r.differences) msg += "\n  " + d.to_string();
    r.error = Error{ErrorKind::conflict, std::move(msg)};
  }

  // The campaign of that name, looked up by id when known, else by listing.
  Result<std::optional<api::Campaign>> lookup(const std::string& name, const std::string& id) {
    if (!id.empty()) {
      auto c = api_->get(id);
      if (c) return std::optional<api::Campaign>(std::move(*c));
      if (c.error().kind != ErrorKind::not_found) return std::unexpected(c.error());
    }
    auto all = api_->list();
    if (!all) return std::unexpected(all.error());
    for (auto& c : *all)
      if (c.name == name) return std::optional<api::Campaign>(std::move(c));
    return std::optional<api::Campaign>{};
  }

  // POSTs the spec; never sends it again blindly. After a failure that may
  // have followed the platform's work (a dropped connection, a timeout, 5xx,
  // 429) the campaign is looked up by name: found, it is ours (created);
  // certainly absent, the POST is sent again (paced by the HTTP client), at
  // most kCreateRounds times.
  void post(CreateResult& r) {
    constexpr int kCreateRounds = 4;
    bool sent_before = false;  // an earlier POST of this run may have committed
    std::optional<Error> last;
    for (int round = 0; round < kCreateRounds; ++round) {
      std::vector<api::FieldDetail> details;
      auto created = api_->create(r.payload, r.idempotency_key, &details);
      if (created && created->kind == api::CreateOutcome::Kind::created) {
        // A replayed answer is the campaign an earlier request with this key
        // created: ours when this run sent one, else another run's.
        if (created->replayed && !sent_before)
          return settle(r, *created->campaign, CreateOutcomeKind::exists);
        r.outcome = CreateOutcomeKind::created;
        r.id = created->campaign->id;
        r.status = created->campaign->status;
        return;
      }
      if (created) {  // 409 duplicate_name: it exists, made by us or someone else
        auto found = lookup(r.name, created->existing_id);
        if (found && *found)
          return settle(r, **found,
                        sent_before ? CreateOutcomeKind::created : CreateOutcomeKind::exists);
        r.outcome = CreateOutcomeKind::failed;
        r.error = found ? Error{ErrorKind::internal,
                                "the platform says '" + r.name +
                                    "' exists but it cannot be found: " + created->message}
                        : found.error();
        if (!found && ends_platform(found.error())) down_ = found.error();
        return;
      }
      const Error& err = created.error();
      if (err.kind != ErrorKind::unavailable) {
        r.outcome = err.kind == ErrorKind::invalid_spec ? CreateOutcomeKind::invalid
                    : err.kind == ErrorKind::conflict   ? CreateOutcomeKind::conflict
                                                        : CreateOutcomeKind::failed;
        r.error = err;
        if (ends_platform(err)) down_ = err;
        return;
      }
      // The POST may have committed before the failure: look before deciding.
      auto found = lookup(r.name, {});
      if (!found) {
        r.outcome = CreateOutcomeKind::failed;
        r.error = Error{err.kind, err.message + "; looking the campaign up failed too: " +
                                      found.error().message};
        down_ = *r.error;
        return;
      }
      if (*found) return settle(r, **found, CreateOutcomeKind::created);
      sent_before = true;
      last = err;
    }
    r.outcome = CreateOutcomeKind::failed;
    r.error = Error{last->kind, last->message + " (" + std::to_string(kCreateRounds) +
                                    " attempts); the campaign is not on the platform, so "
                                    "re-running is safe"};
    down_ = *r.error;
  }

  void activate(CreateResult& r) {
    const std::string id = r.id;
    auto one = activate_campaigns(*api_, std::span<const std::string>(&id, 1));
    r.activation = std::move(one.front());
    if (r.activation->error) {
      r.error = r.activation->error;
      if (!r.activation->status.empty()) r.status = r.activation->status;
      if (ends_platform(*r.error)) down_ = r.error;
    } else if (r.activation->activation == api::Activation::accepted) {
      r.status = "ACTIVATING";
    }
  }

  void wait() {
    std::vector<std::string> ids;
    std::vector<std::size_t> index;
    for (std::size_t i = 0; i < report_.results.size(); ++i) {
      const auto& r = report_.results[i];
      if (r.activation && r.activation->ok()) {
        ids.push_back(r.id);
        index.push_back(i);
      }
    }
    if (ids.empty()) return;
    auto watched = watch_campaigns(*api_, clock_, ids, *options_.wait, options_.watch_observer);
    if (!watched) {
      for (auto i : index) report_.results[i].error = watched.error();
      return;
    }
    for (std::size_t k = 0; k < index.size(); ++k) {
      auto& r = report_.results[index[k]];
      auto& w = (*watched)[k];
      if (!w.status.empty()) r.status = w.status;
      const std::string who = "campaign '" + r.name + "' (" + r.id + ")";
      switch (w.outcome) {
        case WatchOutcome::reached:
        case WatchOutcome::pending: break;
        case WatchOutcome::terminal:
          r.error = Error{ErrorKind::terminal_status,
                          who + " ended " + w.status +
                              (w.status_reason.empty() ? "" : ": " + w.status_reason)};
          break;
        case WatchOutcome::timeout:
          r.error = Error{ErrorKind::deadline, who + " was still " + w.status + " at the deadline"};
          break;
        case WatchOutcome::unavailable:
        case WatchOutcome::error:
          r.error = w.error.value_or(Error{ErrorKind::internal, who + ": the watch failed"});
          break;
      }
      r.watch = std::move(w);
    }
  }

  const CreateOptions& options_;
  api::CampaignApi* api_;
  util::Clock& clock_;
  CreateReport& report_;
  std::optional<Error> down_;
};

// "a.json (Promo): the schedule overlaps c-1 Other (ACTIVE), first 2027-...Z - ...Z"
std::string conflict_message(const ValidationReport& v, std::size_t i) {
  const auto& spec = v.specs[i];
  std::string msg = spec.parsed.source + (spec.name.empty() ? "" : " (" + spec.name + ")") +
                    ": the schedule overlaps";
  for (const auto& c : v.conflicts) {
    if (c.spec != i && !(c.other_kind == OtherKind::spec && c.other == i)) continue;
    std::string other;
    if (c.other_kind == OtherKind::platform) {
      const auto& o = v.existing[c.other];
      other = o.id + " " + o.name + " (" + o.status + ")";
    } else {
      const auto& o = v.specs[c.spec == i ? c.other : c.spec];
      other = o.parsed.source + (o.name.empty() ? "" : " (" + o.name + ")");
    }
    msg += "\n  " + other + ", first " + schedule::format_utc(c.first.start) + " - " +
           schedule::format_utc(c.first.end);
  }
  return msg;
}

int severity(ErrorKind k) {
  switch (k) {
    case ErrorKind::deadline: return 1;
    case ErrorKind::terminal_status: return 2;
    case ErrorKind::unavailable: return 3;
    default: return 4;
  }
}

}  // namespace

std::vector<ActivationResult> activate_campaigns(api::CampaignApi& api,
                                                 std::span<const std::string> ids) {
  std::vector<ActivationResult> out;
  std::optional<Error> down;
  for (const auto& id : ids) {
    ActivationResult r;
    r.id = id;
    if (down) {
      r.error = Error{down->kind, "not attempted: " + down->message};
      out.push_back(std::move(r));
      continue;
    }
    auto a = api.activate(id);
    if (a) {
      r.activation = *a;
      out.push_back(std::move(r));
      continue;
    }
    Error err = a.error();
    if (err.kind == ErrorKind::terminal_status) {
      if (auto c = api.get(id)) {
        r.name = c->name;
        r.status = c->status;
        r.status_reason = c->status_reason;
        err.message = "campaign '" + c->name + "' (" + id + ") is " + c->status +
                      (c->status_reason.empty() ? "" : " (" + c->status_reason + ")") +
                      " and cannot be activated again";
      }
    }
    if (ends_platform(err)) down = err;
    r.error = std::move(err);
    out.push_back(std::move(r));
  }
  return out;
}

std::string FieldDifference::to_string() const {
  return field + ": platform " + platform + ", spec " + spec;
}

Result<std::vector<FieldDifference>> compare_definition(std::string_view payload,
                                                        const rapidjson::Value& platform) {
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

const char* to_string(CreateOutcomeKind kind) noexcept {
  switch (kind) {
    case CreateOutcomeKind::created: return "created";
    case CreateOutcomeKind::exists: return "exists";
    case CreateOutcomeKind::differs: return "differs";
    case CreateOutcomeKind::would_create: return "would-create";
    case CreateOutcomeKind::invalid: return "invalid";
    case CreateOutcomeKind::conflict: return "conflict";
    case CreateOutcomeKind::failed: return "failed";
    case CreateOutcomeKind::skipped: return "skipped";
  }
  return "failed";
}

std::optional<ErrorKind> CreateReport::failure() const {
  if (refused) return *refused == Verdict::invalid ? ErrorKind::invalid_spec : ErrorKind::conflict;
  std::optional<ErrorKind> worst;
  for (const auto& r : results)
    if (r.error && (!worst || severity(r.error->kind) > severity(*worst))) worst = r.error->kind;
  return worst;
}

Result<CreateReport> create_campaigns(std::span<const SpecText> specs, const CreateOptions& options,
                                      api::CampaignApi* api, util::Clock& clock) {
  if (options.wait && !options.activate)
    return fail(ErrorKind::usage, "waiting needs activation (--wait goes with --activate)");
  if (specs.empty()) return fail(ErrorKind::usage, "no spec to create");
  if (!api) return fail(ErrorKind::internal, "create needs the platform");

  auto validation = validate_specs(specs, options.validate, api);
  if (!validation) return std::unexpected(validation.error());
  CreateReport report;
  report.validation = std::move(*validation);
  const auto& v = report.validation;

  std::set<std::size_t> conflicting;
  for (const auto& c : v.conflicts) {
    conflicting.insert(c.spec);
    if (c.other_kind == OtherKind::spec) conflicting.insert(c.other);
  }

  for (std::size_t i = 0; i < v.specs.size(); ++i) {
    const auto& s = v.specs[i];
    CreateResult r;
    r.source = s.parsed.source;
    r.name = s.name;
    if (s.valid()) {
      r.payload = s.parsed.payload;
      auto key = idempotency_key(r.payload);
      if (!key) return std::unexpected(key.error());
      r.idempotency_key = std::move(*key);
    }
    report.results.push_back(std::move(r));
  }

  const Verdict verdict = v.verdict();
  if (verdict == Verdict::invalid || (verdict == Verdict::conflict && !options.force_conflicts)) {
    report.refused = verdict;
    for (std::size_t i = 0; i < report.results.size(); ++i) {
      auto& r = report.results[i];
      const auto& s = v.specs[i];
      if (!s.valid()) {
        r.outcome = CreateOutcomeKind::invalid;
        std::string msg = r.source + ": invalid spec";
        for (const auto& p : s.parsed.problems) msg += "\n  " + p.field + ": " + p.message;
        r.error = Error{ErrorKind::invalid_spec, std::move(msg)};
      } else if (conflicting.count(i)) {
        r.outcome = CreateOutcomeKind::conflict;
        r.error = Error{ErrorKind::conflict, conflict_message(v, i)};
      } else {
        r.outcome = CreateOutcomeKind::skipped;
      }
      if (options.on_result) options.on_result(r, i, report.results.size());
    }
    return report;
  }

  Creator(options, api, clock, report).run();
  return report;
}

}  // namespace cxsched::ops
