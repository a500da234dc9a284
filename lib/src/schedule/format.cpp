#include <cxsched/schedule/format.hpp>

#include <cstdio>

#include <cxsched/schedule/zone.hpp>
#include <cxsched/util/expected.hpp>
#include <cxsched/util/time.hpp>

namespace cxsched::schedule {

namespace {

using std::chrono::seconds;

std::string quoted(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  out += '"';
  out.append(text);
  out += '"';
  return out;
}

bool two_digits(std::string_view text, int& out) {
  if (text.size() != 2 || text[0] < '0' || text[0] > '9' || text[1] < '0' || text[1] > '9')
    return false;
  out = (text[0] - '0') * 10 + (text[1] - '0');
  return true;
}

}  // namespace

Result<WrittenTime> parse_date_time(std::string_view text) {
  // A spec may leave out the seconds and the offset (a wall-clock time in
  // the campaign's zone), and has no use for a leap second.
  auto written = util::read_date_time(
      text, {.seconds_optional = true, .offset_optional = true, .leap_second = false});
  if (!written) {
    switch (written.error()) {
      case util::TimeProblem::no_such_date:
        return fail(ErrorKind::invalid_spec, quoted(text) + " is not a date-time: no such date");
      case util::TimeProblem::out_of_range:
        return fail(ErrorKind::invalid_spec,
                    quoted(text) + " is not a date-time: time of day out of range");
      case util::TimeProblem::malformed:
      case util::TimeProblem::no_offset:
        break;
    }
    return fail(ErrorKind::invalid_spec,
                quoted(text) +
                    " is not a date-time: expected YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM|-HH:MM]");
  }
  WrittenTime out;
  out.local = date::floor<seconds>(written->local);
  out.offset = written->offset;
  out.offset_text = std::move(written->offset_text);
  return out;
}

Result<Seconds> parse_rfc3339(std::string_view text) {
  TRY_ASSIGN(const auto written, parse_date_time(text));
  if (!written.offset)
    return fail(ErrorKind::invalid_spec,
                quoted(text) + " has no UTC offset (add Z or +HH:MM)");
  return Seconds{written.local.time_since_epoch() - *written.offset};
}

Result<date::local_days> parse_local_date(std::string_view text) {
  auto day = util::parse_date(text);
  if (day) return *day;
  if (day.error() == util::TimeProblem::no_such_date)
    return fail(ErrorKind::invalid_spec, quoted(text) + " is not a date: no such day");
  return fail(ErrorKind::invalid_spec, quoted(text) + " is not a date: expected YYYY-MM-DD");
}

std::optional<int> parse_hhmm(std::string_view text, bool allow_24) {
  int h = 0, m = 0;
  if (text.size() != 5 || text[2] != ':' || !two_digits(text.substr(0, 2), h) ||
      !two_digits(text.substr(3, 2), m))
    return std::nullopt;
  if (m > 59 || h > 24) return std::nullopt;
  if (h == 24 && (m != 0 || !allow_24)) return std::nullopt;
  return h * 60 + m;
}

std::string format_hhmm(int minutes_of_day) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%02d:%02d", minutes_of_day / 60, minutes_of_day % 60);
  return buf;
}

std::string format_utc(Seconds t) { return util::format_rfc3339_utc(t); }

void append_utc(std::string& out, Seconds t) { util::append_rfc3339_utc(out, t); }

std::string format_offset(seconds offset) { return util::format_offset(offset); }

void append_local(std::string& out, Seconds t, const date::time_zone* zone) {
  auto info = zone_info(zone, t);
  util::append_date_time(out, date::local_seconds{t.time_since_epoch() + info.offset}, false);
  util::append_offset(out, info.offset);
  if (!info.abbrev.empty() && info.abbrev[0] != '+' && info.abbrev[0] != '-') {
    out += " (";
    out += info.abbrev;
    out += ')';
  }
}

std::string format_local(Seconds t, const date::time_zone* zone) {
  std::string out;
  append_local(out, t, zone);
  return out;
}

std::string format_rfc3339(Seconds t, const date::time_zone* zone) {
  auto offset = zone_info(zone, t).offset;
  return util::format_date_time(date::local_seconds{t.time_since_epoch() + offset}, true) +
         util::format_offset(offset);
}

std::string format_local_time(date::local_seconds t) { return util::format_date_time(t, false); }

}  // namespace cxsched::schedule
