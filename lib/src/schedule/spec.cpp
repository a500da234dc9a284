#include <cxsched/schedule/spec.hpp>
#include <cxsched/util/json.hpp>
#include <cxsched/util/text.hpp>

#include <algorithm>
#include <array>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cxsched/schedule/expand.hpp>
#include <cxsched/schedule/format.hpp>
#include <cxsched/schedule/zone.hpp>

namespace cxsched::schedule {

namespace {

using rapidjson::Value;

constexpr std::array<std::string_view, 7> kDays = {"MON", "TUE", "WED", "THU",
                                                    "FRI", "SAT", "SUN"};
constexpr std::array<std::string_view, 4> kCampaignTypes = {"PREDICTIVE", "PROGRESSIVE",
                                                            "PREVIEW", "AGENTLESS"};
constexpr std::array<std::string_view, 4> kOverflow = {"WRAPUP", "VOICEMAIL", "DISCONNECT",
                                                       "REQUEUE"};
constexpr std::size_t kMaxNameChars = 128;
// Bounds that keep the work of one spec small whatever it says: windows per
// spec (a week of quarter-hour windows on every day is 96 per day, one list
// of days each) and the span from startDate to endDate.
constexpr std::size_t kMaxWindows = 100;
constexpr int kMaxSpanYears = 10;
const std::string kCallingRule = "(TCPA, 47 CFR 64.1200(c)(1))";

std::string to_json(const Value& v) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buf);
  v.Accept(writer);
  return std::string(buf.GetString(), buf.GetSize());
}

// A value as the spec wrote it, for problem reports: at most kMaxEcho bytes
// (cut at a character boundary, "…" appended), so a 1 MB name is not echoed.
std::string written(const Value& v) {
  constexpr std::size_t kMaxEcho = 200;
  std::string text = v.IsString() ? std::string(v.GetString(), v.GetStringLength()) : to_json(v);
  if (text.size() <= kMaxEcho) return text;
  std::size_t cut = kMaxEcho;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  text.resize(cut);
  return text + "\u2026";
}

std::string_view view(const Value& v) { return {v.GetString(), v.GetStringLength()}; }

const Value* member(const Value& object, std::string_view name) {
  if (!object.IsObject()) return nullptr;
  auto it = object.FindMember(Value(rapidjson::StringRef(name.data(), name.size())));
  return it == object.MemberEnd() ? nullptr : &it->value;
}

template <std::size_t N>
std::string one_of(const std::array<std::string_view, N>& names) {
  std::string out;
  for (std::size_t i = 0; i < N; ++i) {
    if (i > 0) out += i + 1 == N ? " or " : ", ";
    out += names[i];
  }
  return out;
}

template <std::size_t N>
bool contains(const std::array<std::string_view, N>& names, std::string_view s) {
  return std::find(names.begin(), names.end(), s) != names.end();
}

int day_index(std::string_view name) {
  for (std::size_t i = 0; i < kDays.size(); ++i)
    if (kDays[i] == name) return static_cast<int>(i);
  return -1;
}

std::size_t utf8_length(std::string_view s) {
  return static_cast<std::size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

bool blank(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

std::string days_text(std::uint8_t days) {
  std::string out;
  for (int bit = 0; bit < 7; ++bit) {
    if (!(days & (1u << bit))) continue;
    if (!out.empty()) out += ", ";
    out += kDays[static_cast<std::size_t>(bit)];
  }
  return out;
}

constexpr auto kMaxSpan = std::chrono::duration_cast<std::chrono::seconds>(
    std::chrono::years{kMaxSpanYears});

// The pairs (i, j), i < j, of windows that share a day and overlap in time,
// found by a sweep per weekday in start order in O(n log n): each window is
// compared with the one reaching furthest among those starting before it.
// Every window that overlaps an earlier-starting one is reported once for
// that day; the pairs come sorted by (j, i).
std::vector<std::pair<std::size_t, std::size_t>> overlapping_pairs(
    const std::vector<std::pair<std::size_t, Window>>& windows) {
  std::vector<std::pair<std::size_t, std::size_t>> pairs;
  std::vector<std::size_t> on_day;
  for (int bit = 0; bit < 7; ++bit) {
    on_day.clear();
    for (std::size_t k = 0; k < windows.size(); ++k)
      if (windows[k].second.days & (1u << bit)) on_day.push_back(k);
    std::sort(on_day.begin(), on_day.end(), [&](std::size_t l, std::size_t r) {
      const auto& a = windows[l].second;
      const auto& b = windows[r].second;
      return a.start_min != b.start_min ? a.start_min < b.start_min : l < r;
    });
    std::optional<std::size_t> reach;
    for (std::size_t k : on_day) {
      const Window& w = windows[k].second;
      if (reach && windows[*reach].second.end_min > w.start_min)
        pairs.emplace_back(std::min(*reach, k), std::max(*reach, k));
      if (!reach || w.end_min > windows[*reach].second.end_min) reach = k;
    }
  }
  std::sort(pairs.begin(), pairs.end(), [](const auto& l, const auto& r) {
    return l.second != r.second ? l.second < r.second : l.first < r.first;
  });
  pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
  return pairs;
}

std::string window_text(const Window& w) {
  return format_hhmm(w.start_min) + "-" + format_hhmm(w.end_min);
}

class SpecChecker {
 public:
  SpecChecker(const Value& root, const SpecOptions& options, std::vector<Problem>& problems)
      : root_(root), options_(options), problems_(problems) {}

  std::optional<Schedule> run() {
    check_server_fields();
    check_name();
    check_optional_string(root_, "description", "description");
    check_enum(root_, "campaignType", "campaignType", kCampaignTypes, true);
    check_zone();
    start_ = check_date("startDate");
    end_ = check_date("endDate");
    if (start_ && end_ && *end_ <= *start_)
      add("endDate", written(*member(root_, "endDate")),
          written(*member(root_, "endDate")) + " is not after startDate " +
              written(*member(root_, "startDate")) +
              ": a campaign runs in [startDate, endDate)");
    else if (start_ && end_ && *end_ - *start_ > kMaxSpan)
      add("endDate", written(*member(root_, "endDate")),
          written(*member(root_, "endDate")) + " is more than " +
              std::to_string(kMaxSpanYears) + " years after startDate " +
              written(*member(root_, "startDate")) +
              "; split the campaign or schedule it again later");
    check_windows();
    check_excludes();
    check_dialer();
    check_routing();
    if (!problems_.empty()) return std::nullopt;

    Schedule s;
    s.name = std::string(view(*member(root_, "name")));
    const Value& routing = *member(root_, "routingSettings");
    s.queue_id = std::string(view(*member(routing, "queueId")));
    if (const Value* skill = member(routing, "skillRequirement")) s.skill = std::string(view(*skill));
    s.zone = zone_;
    s.start = *start_;
    s.end = *end_;
    s.windows = windows_;
    s.exclude_dates = excludes_;
    if (s.windows.empty() && !options_.allow_outside_calling_hours) {
      check_continuous_span(s);
      if (!problems_.empty()) return std::nullopt;
    }
    if (!s.windows.empty() && !ever_opens(s)) {
      add("executionWindows", written(*member(root_, "executionWindows")),
          "the campaign never dials: no window opens between start and end");
      return std::nullopt;
    }
    return s;
  }

 private:
  void add(std::string field, std::string value, std::string message) {
    problems_.push_back({std::move(field), std::move(value), std::move(message)});
  }

  // Without windows the campaign dials without a break from startDate to
  // endDate: that span keeps to the calling hours like a window, so it must
  // open and close on one local day within them.
  void check_continuous_span(const Schedule& s) {
    auto local = [&](Seconds t) {
      return date::local_seconds{t.time_since_epoch() + zone_info(s.zone, t).offset};
    };
    const auto from = local(s.start);
    const auto to = local(s.end);
    const auto day = date::floor<date::days>(from);
    const auto minute_of = [&](date::local_seconds t) {
      return static_cast<int>(std::chrono::duration_cast<std::chrono::minutes>(t - day).count());
    };
    const auto fits = minute_of(from) >= earliest_calling_minute &&
                      to <= day + std::chrono::minutes{latest_calling_minute};
    if (fits) return;
    const Value* windows = member(root_, "executionWindows");
    add("executionWindows", windows ? written(*windows) : "",
        "without execution windows the campaign dials without a break from " +
            format_local_time(from) + " to " + format_local_time(to) + " (" +
            zone_or_utc(s.zone)->name() + "), outside the calling hours " +
            format_hhmm(earliest_calling_minute) + "-" + format_hhmm(latest_calling_minute) +
            " " + kCallingRule + "; add execution windows");
  }

  void check_server_fields() {
    for (auto it = root_.MemberBegin(); it != root_.MemberEnd(); ++it) {
      std::string_view name = view(it->name);
      if (is_server_field(name))
        add(std::string(name), written(it->value), "server field; remove it");
    }
  }

  const Value* required_string(const Value& parent, std::string_view key, const std::string& field) {
    const Value* v = member(parent, key);
    if (!v) {
      add(field, "", "missing (required)");
      return nullptr;
    }
    if (!v->IsString()) {
      add(field, written(*v), "must be a string");
      return nullptr;
    }
    return v;
  }

  void check_name() {
    const Value* v = required_string(root_, "name", "name");
    if (!v) return;
    if (blank(view(*v)))
      add("name", written(*v), "must not be empty");
    else if (utf8_length(view(*v)) > kMaxNameChars)
      add("name", written(*v),
          "the name is " + std::to_string(utf8_length(view(*v))) + " characters long; at most " +
              std::to_string(kMaxNameChars) + " are allowed");
  }

  void check_optional_string(const Value& parent, std::string_view key, const std::string& field) {
    const Value* v = member(parent, key);
    if (v && !v->IsString()) add(field, written(*v), "must be a string");
  }

  template <std::size_t N>
  void check_enum(const Value& parent, std::string_view key, const std::string& field,
                  const std::array<std::string_view, N>& allowed, bool required) {
    const Value* v = member(parent, key);
    if (!v) {
      if (required) add(field, "", "missing (required): one of " + one_of(allowed));
      return;
    }
    if (!v->IsString() || !contains(allowed, view(*v)))
      add(field, written(*v), "must be one of " + one_of(allowed));
  }

  void check_zone() {
    const Value* v = required_string(root_, "timezone", "timezone");
    if (!v) {
      zone_unusable_ = true;
      return;
    }
    auto zone = resolve_zone(view(*v));
    if (!zone) {
      zone_unusable_ = true;
      add("timezone", written(*v), zone.error().message);
      return;
    }
    zone_ = *zone;
  }

  std::optional<Seconds> check_date(std::string_view key) {
    const std::string field(key);
    const Value* v = required_string(root_, key, field);
    if (!v) return std::nullopt;
    auto parsed = parse_date_time(view(*v));
    if (!parsed) {
      add(field, written(*v), parsed.error().message);
      return std::nullopt;
    }
    if (zone_unusable_) {
      if (!parsed->offset) return std::nullopt;
      return Seconds{parsed->local.time_since_epoch() - *parsed->offset};
    }
    auto instant = resolve_written(*parsed, zone_, options_.dst);
    if (!instant) {
      add(field, written(*v), instant.error().message);
      return std::nullopt;
    }
    return *instant;
  }

  std::optional<int> check_time_of_day(const Value& window, std::string_view key,
                                       const std::string& field, bool allow_24) {
    const Value* v = member(window, key);
    if (!v) {
      add(field, "", "missing (required): a local time HH:MM");
      return std::nullopt;
    }
    std::optional<int> minutes = v->IsString() ? parse_hhmm(view(*v), allow_24) : std::nullopt;
    if (!minutes)
      add(field, written(*v),
          allow_24 ? "must be a local time HH:MM between 00:00 and 24:00"
                   : "must be a local time HH:MM between 00:00 and 23:59");
    return minutes;
  }

  std::optional<std::uint8_t> check_days(const Value& window, const std::string& prefix) {
    const Value* v = member(window, "days");
    const std::string field = prefix + ".days";
    if (!v) {
      add(field, "", "missing (required): a list of days such as [\"MON\", \"TUE\"]");
      return std::nullopt;
    }
    if (!v->IsArray() || v->Empty()) {
      add(field, written(*v), "must be a non-empty list of days (" + one_of(kDays) + ")");
      return std::nullopt;
    }
    std::uint8_t days = 0;
    bool ok = true;
    for (rapidjson::SizeType k = 0; k < v->Size(); ++k) {
      const Value& d = (*v)[k];
      const std::string day_field = field + "[" + std::to_string(k) + "]";
      int index = d.IsString() ? day_index(view(d)) : -1;
      if (index < 0) {
        add(day_field, written(d), written(d) + " is not a day: one of " + one_of(kDays));
        ok = false;
        continue;
      }
      auto bit = static_cast<std::uint8_t>(1u << index);
      if (days & bit) {
        add(day_field, written(d), written(d) + " is repeated in this window");
        ok = false;
      }
      days |= bit;
    }
    if (!ok) return std::nullopt;
    return days;
  }

  void check_windows() {
    const Value* v = member(root_, "executionWindows");
    if (!v) return;
    if (!v->IsArray()) {
      add("executionWindows", written(*v), "must be a list of windows");
      return;
    }
    if (v->Size() > kMaxWindows) {
      add("executionWindows", std::to_string(v->Size()) + " windows",
          std::to_string(v->Size()) + " windows; at most " + std::to_string(kMaxWindows) +
              " are allowed in one spec");
      return;
    }
    std::vector<std::pair<std::size_t, Window>> valid;
    for (rapidjson::SizeType i = 0; i < v->Size(); ++i) {
      const Value& w = (*v)[i];
      const std::string prefix = "executionWindows[" + std::to_string(i) + "]";
      if (!w.IsObject()) {
        add(prefix, written(w), "must be an object with days, start and end");
        continue;
      }
      auto days = check_days(w, prefix);
      auto start = check_time_of_day(w, "start", prefix + ".start", false);
      auto end = check_time_of_day(w, "end", prefix + ".end", true);
      if (!days || !start || !end) {
        continue;
      }
      if (*end <= *start) {
        add(prefix + ".end", written(*member(w, "end")),
            format_hhmm(*end) + " is not after start " + format_hhmm(*start) +
                ": a window cannot cross midnight; split it into two windows");
        continue;
      }
      if (!options_.allow_outside_calling_hours) {
        if (*start < earliest_calling_minute)
          add(prefix + ".start", written(*member(w, "start")),
              format_hhmm(*start) + " is before " + format_hhmm(earliest_calling_minute) +
                  ", the earliest calling hour " + kCallingRule);
        if (*end > latest_calling_minute)
          add(prefix + ".end", written(*member(w, "end")),
              format_hhmm(*end) + " is after " + format_hhmm(latest_calling_minute) +
                  ", the latest calling hour " +
                  kCallingRule);
      }
      valid.emplace_back(i, Window{*days, *start, *end});
    }
    for (auto [i, j] : overlapping_pairs(valid)) {
      const Window& a = valid[i].second;
      const Window& b = valid[j].second;
      const auto shared = static_cast<std::uint8_t>(a.days & b.days);
      add("executionWindows[" + std::to_string(valid[j].first) + "]", window_text(b),
          window_text(b) + " overlaps executionWindows[" + std::to_string(valid[i].first) +
              "] (" + window_text(a) + ") on " + days_text(shared));
    }
    for (auto& [index, w] : valid) windows_.push_back(w);
  }

  void check_excludes() {
    const Value* v = member(root_, "excludeDates");
    if (!v) return;
    if (!v->IsArray()) {
      add("excludeDates", written(*v), "must be a list of local dates YYYY-MM-DD");
      return;
    }
    for (rapidjson::SizeType k = 0; k < v->Size(); ++k) {
      const Value& d = (*v)[k];
      const std::string field = "excludeDates[" + std::to_string(k) + "]";
      if (!d.IsString()) {
        add(field, written(d), "must be a local date YYYY-MM-DD");
        continue;
      }
      auto day = parse_local_date(view(d));
      if (!day) {
        add(field, written(d), day.error().message);
        continue;
      }
      excludes_.push_back(*day);
    }
  }

  void check_integer(const Value& parent, std::string_view key, const std::string& field,
                     std::int64_t min, std::optional<std::int64_t> max, const std::string& why) {
    const Value* v = member(parent, key);
    if (!v) return;
    if (!v->IsInt64()) {
      add(field, written(*v), "must be a whole number " + why);
      return;
    }
    std::int64_t n = v->GetInt64();
    if (n < min || (max && n > *max))
      add(field, written(*v), written(*v) + " is out of range " + why);
  }

  void check_dialer() {
    const Value* d = member(root_, "dialerSettings");
    if (!d) return;
    if (!d->IsObject()) {
      add("dialerSettings", written(*d), "must be an object");
      return;
    }
    check_integer(*d, "maxAttempts", "dialerSettings.maxAttempts", 1, 10, "(1 to 10)");
    check_integer(*d, "retryInterval", "dialerSettings.retryInterval", 60, std::nullopt,
                  "(seconds, at least 60)");
    if (const Value* rate = member(*d, "dropRate")) {
      if (!rate->IsNumber()) {
        add("dialerSettings.dropRate", written(*rate), "must be a number between 0 and 1");
      } else if (rate->GetDouble() < 0.0 || rate->GetDouble() > 1.0) {
        add("dialerSettings.dropRate", written(*rate),
            written(*rate) + " is out of range: a share between 0 and 1");
      } else if (rate->GetDouble() > max_safe_drop_rate && !options_.allow_high_drop_rate) {
        add("dialerSettings.dropRate", written(*rate),
            written(*rate) +
                " is above the FTC 3 % abandonment safe harbour (16 CFR 310.4(b)(4)); at most "
                "0.03 unless explicitly allowed");
      }
    }
  }

  void check_routing() {
    const Value* r = member(root_, "routingSettings");
    if (!r) {
      add("routingSettings", "", "missing (required): an object with queueId");
      return;
    }
    if (!r->IsObject()) {
      add("routingSettings", written(*r), "must be an object with queueId");
      return;
    }
    if (const Value* q = required_string(*r, "queueId", "routingSettings.queueId");
        q && blank(view(*q)))
      add("routingSettings.queueId", written(*q), "must not be empty");
    check_optional_string(*r, "skillRequirement", "routingSettings.skillRequirement");
    check_enum(*r, "overflowStrategy", "routingSettings.overflowStrategy", kOverflow, false);
  }

  const Value& root_;
  const SpecOptions& options_;
  std::vector<Problem>& problems_;
  const date::time_zone* zone_ = nullptr;
  bool zone_unusable_ = false;
  std::optional<Seconds> start_, end_;
  std::vector<Window> windows_;
  std::vector<date::local_days> excludes_;
};

std::string make_payload(const Value& root, const Schedule& s) {
  rapidjson::Document out;
  out.SetObject();
  auto& alloc = out.GetAllocator();
  for (auto it = root.MemberBegin(); it != root.MemberEnd(); ++it) {
    std::string_view name = view(it->name);
    if (is_server_field(name)) continue;
    Value key(it->name, alloc);
    Value value;
    if (name == "startDate" || name == "endDate") {
      std::string text = format_rfc3339(name == "startDate" ? s.start : s.end, s.zone);
      value.SetString(text.data(), static_cast<rapidjson::SizeType>(text.size()), alloc);
    } else {
      value.CopyFrom(it->value, alloc);
    }
    out.AddMember(key, value, alloc);
  }
  return to_json(out);
}

std::unexpected<Error> campaign_error(const Value& campaign, const std::string& field,
                                      const std::string& why) {
  std::string who = "campaign";
  if (const Value* id = member(campaign, "id"); id && id->IsString())
    who.append(" ").append(view(*id));
  if (const Value* name = member(campaign, "name"); name && name->IsString())
    who.append(" (").append(view(*name)).append(")");
  who.append(": ");
  if (!field.empty()) who.append(field).append(": ");
  return fail(ErrorKind::invalid_spec, who.append(why));
}

std::string optional_string(const Value& parent, std::string_view key) {
  const Value* v = member(parent, key);
  return v && v->IsString() ? std::string(view(*v)) : std::string();
}

}  // namespace

std::string_view day_name(int bit) {
  return bit >= 0 && bit < 7 ? kDays[static_cast<std::size_t>(bit)] : std::string_view("?");
}

ParsedSpec parse_spec(std::string_view json_text, std::string source, const SpecOptions& options) {
  ParsedSpec out;
  // A file name need not be UTF-8; every report that names it must be.
  out.source = util::valid_utf8(source) ? std::move(source) : util::printable(source);
  auto parsed = util::read_json(json_text, false);
  if (!parsed) {
    auto [line, column] = util::line_column(json_text, parsed.error().offset);
    out.problems.push_back({"$", "",
                            "not valid JSON at line " + std::to_string(line) + ", column " +
                                std::to_string(column) + ": " + parsed.error().reason});
    return out;
  }
  const rapidjson::Document& doc = *parsed;
  if (!doc.IsObject()) {
    out.problems.push_back({"$", written(doc), "a campaign spec must be a JSON object"});
    return out;
  }
  if (auto field = util::find_invalid_utf8(doc)) {
    out.problems.push_back({*field, "", "is not valid UTF-8 text"});
    return out;
  }
  SpecChecker checker(doc, options, out.problems);
  out.schedule = checker.run();
  if (out.schedule) out.payload = make_payload(doc, *out.schedule);
  return out;
}

Result<std::vector<Window>> windows_from_json(const Value& windows) {
  std::vector<Window> out;
  if (!windows.IsArray()) return fail(ErrorKind::invalid_spec, "executionWindows: not a list");
  for (rapidjson::SizeType i = 0; i < windows.Size(); ++i) {
    const Value& w = windows[i];
    const std::string prefix = "executionWindows[" + std::to_string(i) + "]";
    const Value* days = member(w, "days");
    const Value* start = member(w, "start");
    const Value* end = member(w, "end");
    if (!days || !days->IsArray() || !start || !start->IsString() || !end || !end->IsString())
      return fail(ErrorKind::invalid_spec, prefix + ": needs days, start and end");
    Window window;
    for (const auto& d : days->GetArray()) {
      int index = d.IsString() ? day_index(view(d)) : -1;
      if (index < 0)
        return fail(ErrorKind::invalid_spec, prefix + ".days: " + written(d) + " is not a day");
      window.days = static_cast<std::uint8_t>(window.days | (1u << index));
    }
    auto from = parse_hhmm(view(*start), false);
    auto to = parse_hhmm(view(*end), true);
    if (!from || !to || *to <= *from)
      return fail(ErrorKind::invalid_spec,
                  prefix + ": " + written(*start) + "-" + written(*end) + " is not a window");
    window.start_min = *from;
    window.end_min = *to;
    if (window.days) out.push_back(window);
  }
  return out;
}

Result<Schedule> schedule_from_campaign(const Value& campaign) {
  if (!campaign.IsObject())
    return fail(ErrorKind::invalid_spec, "campaign: not a JSON object");
  Schedule s;
  s.id = optional_string(campaign, "id");
  s.name = optional_string(campaign, "name");
  s.status = optional_string(campaign, "status");
  if (const Value* routing = member(campaign, "routingSettings")) {
    s.queue_id = optional_string(*routing, "queueId");
    s.skill = optional_string(*routing, "skillRequirement");
  }
  const Value* tz = member(campaign, "timezone");
  if (!tz || !tz->IsString()) return campaign_error(campaign, "timezone", "missing");
  auto zone = resolve_zone(view(*tz));
  if (!zone) return campaign_error(campaign, "timezone", zone.error().message);
  s.zone = *zone;
  for (std::string_view key : {std::string_view("startDate"), std::string_view("endDate")}) {
    const Value* v = member(campaign, key);
    if (!v || !v->IsString()) return campaign_error(campaign, std::string(key), "missing");
    auto parsed = parse_date_time(view(*v));
    if (!parsed) return campaign_error(campaign, std::string(key), parsed.error().message);
    Seconds t{};
    if (parsed->offset) {
      t = Seconds{parsed->local.time_since_epoch() - *parsed->offset};
    } else {
      auto resolved = resolve_local(parsed->local, s.zone, DstPolicy::earliest);
      if (!resolved) return campaign_error(campaign, std::string(key), resolved.error().message);
      t = *resolved;
    }
    (key == "startDate" ? s.start : s.end) = t;
  }
  if (const Value* w = member(campaign, "executionWindows"); w && !w->IsNull()) {
    auto windows = windows_from_json(*w);
    if (!windows) return campaign_error(campaign, "", windows.error().message);
    s.windows = std::move(*windows);
  }
  if (const Value* x = member(campaign, "excludeDates"); x && x->IsArray()) {
    for (const auto& d : x->GetArray()) {
      auto day = d.IsString() ? parse_local_date(view(d))
                              : Result<date::local_days>(std::unexpected(
                                    Error{ErrorKind::invalid_spec, written(d) + " is not a date"}));
      if (!day) return campaign_error(campaign, "excludeDates", day.error().message);
      s.exclude_dates.push_back(*day);
    }
  }
  return s;
}

}  // namespace cxsched::schedule
