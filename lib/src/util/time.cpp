// date.h's from_stream leaves a `long double S` unset on paths where it is
// never read; once GCC inlines it into parse_http_date it says "may be used
// uninitialized" (the sanitizer builds turn the warning off for the same
// reason, see CMakeLists.txt).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

#include <cxsched/util/expected.hpp>
#include <cxsched/util/time.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <sstream>

namespace cxsched::util {

namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

// Reads fixed-width fields left to right; every reader fails without moving.
class Cursor {
 public:
  explicit Cursor(std::string_view text) : text_(text) {}

  bool digits(std::size_t n, int& out) {
    if (pos_ + n > text_.size()) return false;
    int v = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const char c = text_[pos_ + i];
      if (c < '0' || c > '9') return false;
      v = v * 10 + (c - '0');
    }
    pos_ += n;
    out = v;
    return true;
  }
  bool literal(char c) {
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  bool either(char a, char b) { return literal(a) || literal(b); }
  bool peek_any(std::string_view set) const {
    return pos_ < text_.size() && set.find(text_[pos_]) != std::string_view::npos;
  }
  bool at_end() const { return pos_ == text_.size(); }
  std::string_view rest() const { return text_.substr(pos_); }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

std::optional<date::year_month_day> read_ymd(Cursor& c) {
  int y = 0, mo = 0, d = 0;
  if (!c.digits(4, y) || !c.literal('-') || !c.digits(2, mo) || !c.literal('-') ||
      !c.digits(2, d))
    return std::nullopt;
  return date::year{y} / date::month{static_cast<unsigned>(mo)} /
         date::day{static_cast<unsigned>(d)};
}

}  // namespace

const char* describe(TimeProblem problem) noexcept {
  switch (problem) {
    case TimeProblem::malformed: return "not in the expected form";
    case TimeProblem::no_such_date: return "no such date";
    case TimeProblem::out_of_range: return "time of day out of range";
    case TimeProblem::no_offset: return "no UTC offset";
  }
  return "not in the expected form";
}

std::expected<WrittenDateTime, TimeProblem> read_date_time(std::string_view text,
                                                           DateTimeForm form) {
  using Bad = std::unexpected<TimeProblem>;
  Cursor c(text);
  const auto ymd = read_ymd(c);
  int h = 0, mi = 0, s = 0;
  if (!ymd || !c.either('T', 't') || !c.digits(2, h) || !c.literal(':') || !c.digits(2, mi))
    return Bad(TimeProblem::malformed);
  milliseconds fraction{0};
  if (c.literal(':')) {
    if (!c.digits(2, s)) return Bad(TimeProblem::malformed);
    if (c.literal('.')) {
      int digit = 0;
      if (!c.digits(1, digit)) return Bad(TimeProblem::malformed);
      std::int64_t scale = 100;
      do {
        fraction += milliseconds{digit * scale};
        scale /= 10;
      } while (c.digits(1, digit));
    }
  } else if (!form.seconds_optional) {
    return Bad(TimeProblem::malformed);
  }
  // The date and the time of day are judged before what follows them.
  if (!ymd->ok()) return Bad(TimeProblem::no_such_date);
  if (h > 23 || mi > 59 || s > (form.leap_second ? 60 : 59)) return Bad(TimeProblem::out_of_range);
  WrittenDateTime out;
  out.local = LocalMillis{date::local_days{*ymd}} + hours{h} + minutes{mi} + seconds{s} + fraction;
  if (c.either('Z', 'z')) {
    out.offset = minutes{0};
    out.offset_text = "Z";
  } else if (c.peek_any("+-")) {
    const auto sign_text = c.rest().substr(0, 6);
    int sign = 1;
    if (c.literal('-')) sign = -1;
    else c.literal('+');
    int oh = 0, om = 0;
    if (!c.digits(2, oh) || !c.literal(':') || !c.digits(2, om) || oh > 23 || om > 59)
      return Bad(TimeProblem::malformed);
    out.offset = minutes{sign * (oh * 60 + om)};
    out.offset_text = std::string(sign_text);
  } else if (!form.offset_optional) {
    return Bad(c.at_end() ? TimeProblem::no_offset : TimeProblem::malformed);
  }
  if (!c.at_end()) return Bad(TimeProblem::malformed);
  return out;
}

std::expected<SysMillis, TimeProblem> parse_rfc3339(std::string_view text) {
  TRY_ASSIGN(auto written, read_date_time(text));
  return SysMillis{written.local.time_since_epoch() - *written.offset};
}

std::expected<date::local_days, TimeProblem> parse_date(std::string_view text) {
  Cursor c(text);
  const auto ymd = read_ymd(c);
  if (!ymd || !c.at_end()) return std::unexpected(TimeProblem::malformed);
  if (!ymd->ok()) return std::unexpected(TimeProblem::no_such_date);
  return date::local_days{*ymd};
}

std::string format_rfc3339_utc(SysTime t) {
  return format_rfc3339_utc(date::floor<seconds>(t));
}

namespace {

// Writes `v` (0-99) as two digits at `at`.
void put2(char* at, long v) {
  at[0] = static_cast<char>('0' + v / 10);
  at[1] = static_cast<char>('0' + v % 10);
}

// date::format's "%FT%T" (or "%FT%H:%M" without `with_seconds`) written
// without a stream, which costs a locale set-up per call (most of printing
// a few hundred conflicts), into `text` (room for 19); its length, or 0 for
// a year outside 0-9999, left to date::format.
std::size_t plain_date_time(char* text, date::local_seconds t, bool with_seconds) {
  const auto day = date::floor<date::days>(t);
  const date::year_month_day ymd{day};
  const int year = static_cast<int>(ymd.year());
  if (year < 0 || year > 9999) return 0;
  const date::hh_mm_ss<seconds> time{t - day};
  put2(text, year / 100);
  put2(text + 2, year % 100);
  text[4] = '-';
  put2(text + 5, static_cast<unsigned>(ymd.month()));
  text[7] = '-';
  put2(text + 8, static_cast<unsigned>(ymd.day()));
  text[10] = 'T';
  put2(text + 11, time.hours().count());
  text[13] = ':';
  put2(text + 14, time.minutes().count());
  if (!with_seconds) return 16;
  text[16] = ':';
  put2(text + 17, time.seconds().count());
  return 19;
}

}  // namespace

void append_rfc3339_utc(std::string& out, SysSeconds t) {
  char text[19];
  if (const auto n = plain_date_time(text, date::local_seconds{t.time_since_epoch()}, true)) {
    out.append(text, n);
    out += 'Z';
    return;
  }
  out += date::format("%FT%TZ", t);
}

std::string format_rfc3339_utc(SysSeconds t) {
  std::string out;
  append_rfc3339_utc(out, t);
  return out;
}

std::string format_date(date::local_days day) { return date::format("%F", day); }

void append_date_time(std::string& out, date::local_seconds t, bool always_seconds) {
  const auto day = date::floor<date::days>(t);
  const bool with_seconds = always_seconds || (t - day) % minutes{1} != seconds{0};
  char text[19];
  if (const auto n = plain_date_time(text, t, with_seconds)) {
    out.append(text, n);
    return;
  }
  out += date::format(with_seconds ? "%FT%T" : "%FT%H:%M", t);
}

std::string format_date_time(date::local_seconds t, bool always_seconds) {
  std::string out;
  append_date_time(out, t, always_seconds);
  return out;
}

void append_offset(std::string& out, seconds offset) {
  const auto magnitude = date::floor<minutes>(offset < seconds{0} ? -offset : offset);
  const auto h = date::floor<hours>(magnitude).count();
  char text[] = "+HH:MM";
  text[0] = offset < seconds{0} ? '-' : '+';
  put2(text + 1, h % 100);
  put2(text + 4, (magnitude % hours{1}).count());
  if (h > 99) {  // no zone is that far off; written in full all the same
    out += text[0];
    out += std::to_string(h);
    out.append(text + 3, 3);
    return;
  }
  out.append(text, 6);
}

std::string format_offset(seconds offset) {
  std::string out;
  append_offset(out, offset);
  return out;
}

std::optional<SysTime> parse_http_date(std::string_view text) {
  // The day name is checked to be one, not against the date: a server that
  // gets it wrong still means the date it wrote (as curl reads it too).
  static constexpr std::array<std::string_view, 7> kDays = {"Mon", "Tue", "Wed", "Thu",
                                                            "Fri", "Sat", "Sun"};
  static constexpr std::array<std::string_view, 7> kLongDays = {
      "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
  const auto one_of = [](const auto& names, std::string_view name) {
    return std::find(names.begin(), names.end(), name) != names.end();
  };
  const char* form = nullptr;
  std::string_view rest;
  if (const auto comma = text.find(','); comma != std::string_view::npos) {
    rest = text.substr(comma + 1);
    if (one_of(kDays, text.substr(0, comma)))
      form = " %d %b %Y %H:%M:%S GMT";  // IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT
    else if (one_of(kLongDays, text.substr(0, comma)))
      form = " %d-%b-%y %H:%M:%S GMT";  // RFC 850: Sunday, 06-Nov-94 08:49:37 GMT
  } else if (text.size() > 3 && one_of(kDays, text.substr(0, 3)) && text[3] == ' ') {
    rest = text.substr(3);
    form = " %b %e %H:%M:%S %Y";  // asctime: Sun Nov  6 08:49:37 1994
  }
  if (form == nullptr) return std::nullopt;
  std::istringstream in{std::string(rest)};
  date::sys_seconds at;
  in >> date::parse(form, at);
  if (in.fail() || in.peek() != std::char_traits<char>::eof()) return std::nullopt;
  const auto y = static_cast<int>(date::year_month_day{date::floor<date::days>(at)}.year());
  if (y < 1900 || y > 2200) return std::nullopt;
  return SysTime{at};
}

}  // namespace cxsched::util
