// Campaign specs: parse_spec and the checks of the general fields (name,
// type, zone, dates, dialer and routing settings).
#include <algorithm>
#include <cxsched/schedule/expand.hpp>
#include <cxsched/schedule/format.hpp>
#include <cxsched/schedule/spec.hpp>
#include <cxsched/schedule/zone.hpp>
#include <cxsched/util/json.hpp>
#include <cxsched/util/text.hpp>

#include "schedule/spec_checker.hpp"

namespace cxsched::schedule {

namespace detail {

namespace {

std::size_t utf8_length(std::string_view s) {
  return static_cast<std::size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

bool blank(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

}  // namespace

std::optional<Schedule> SpecChecker::run() {
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
            written(*member(root_, "startDate")) + ": a campaign runs in [startDate, endDate)");
  else if (start_ && end_ && *end_ - *start_ > kMaxSpan)
    add("endDate", written(*member(root_, "endDate")),
        written(*member(root_, "endDate")) + " is more than " + std::to_string(kMaxSpanYears) +
            " years after startDate " + written(*member(root_, "startDate")) +
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

void SpecChecker::add(std::string field, std::string value, std::string message) {
  problems_.push_back({std::move(field), std::move(value), std::move(message)});
}

void SpecChecker::check_server_fields() {
  for (auto it = root_.MemberBegin(); it != root_.MemberEnd(); ++it) {
    std::string_view name = view(it->name);
    if (is_server_field(name))
      add(std::string(name), written(it->value), "server field; remove it");
  }
}

const Value* SpecChecker::required_string(const Value& parent, std::string_view key,
                                          const std::string& field) {
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

void SpecChecker::check_name() {
  const Value* v = required_string(root_, "name", "name");
  if (!v) return;
  if (blank(view(*v)))
    add("name", written(*v), "must not be empty");
  else if (utf8_length(view(*v)) > kMaxNameChars)
    add("name", written(*v),
        "the name is " + std::to_string(utf8_length(view(*v))) + " characters long; at most " +
            std::to_string(kMaxNameChars) + " are allowed");
}

void SpecChecker::check_optional_string(const Value& parent, std::string_view key,
                                        const std::string& field) {
  const Value* v = member(parent, key);
  if (v && !v->IsString()) add(field, written(*v), "must be a string");
}

template <std::size_t N>
void SpecChecker::check_enum(const Value& parent, std::string_view key, const std::string& field,
                             const std::array<std::string_view, N>& allowed, bool required) {
  const Value* v = member(parent, key);
  if (!v) {
    if (required) add(field, "", "missing (required): one of " + one_of(allowed));
    return;
  }
  if (!v->IsString() || !contains(allowed, view(*v)))
    add(field, written(*v), "must be one of " + one_of(allowed));
}

void SpecChecker::check_zone() {
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

std::optional<Seconds> SpecChecker::check_date(std::string_view key) {
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

void SpecChecker::check_integer(const Value& parent, std::string_view key, const std::string& field,
                                std::int64_t min, std::optional<std::int64_t> max,
                                const std::string& why) {
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

void SpecChecker::check_dialer() {
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

void SpecChecker::check_routing() {
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

}  // namespace detail

using detail::kDays;

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
    out.problems.push_back({"$", detail::written(doc), "a campaign spec must be a JSON object"});
    return out;
  }
  if (auto field = util::find_invalid_utf8(doc)) {
    out.problems.push_back({*field, "", "is not valid UTF-8 text"});
    return out;
  }
  detail::SpecChecker checker(doc, options, out.problems);
  out.schedule = checker.run();
  return out;
}

}  // namespace cxsched::schedule
