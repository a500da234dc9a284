#include <cxsched/schedule/format.hpp>

#include <cstdio>

#include <cxsched/schedule/zone.hpp>

namespace cxsched::schedule {

namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

class Cursor {
 public:
  explicit Cursor(std::string_view text) : text_(text) {}

  bool digits(std::size_t n, int& out) {
    if (pos_ + n > text_.size()) return false;
    int v = 0;
    for (std::size_t i = 0; i < n; ++i) {
      char c = text_[pos_ + i];
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
  bool peek(char c) const { return pos_ < text_.size() && text_[pos_] == c; }
  bool at_end() const { return pos_ == text_.size(); }
  std::string_view rest() const { return text_.substr(pos_); }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

std::string quoted(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  out += '"';
  out.append(text);
  out += '"';
  return out;
}

std::unexpected<Error> bad_time(std::string_view text) {
  return fail(ErrorKind::invalid_spec,
              quoted(text) +
                  " is not a date-time: expected YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM|-HH:MM]");
}

std::string two(long v) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%02ld", v);
  return buf;
}

std::string date_text(date::year_month_day ymd) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

// "YYYY-MM-DDTHH:MM" and, when `always_seconds` or not zero, ":SS".
std::string local_text(date::local_seconds t, bool always_seconds) {
  auto day = date::floor<date::days>(t);
  auto tod = date::hh_mm_ss<seconds>(t - day);
  std::string out = date_text(date::year_month_day{day}) + "T" + two(tod.hours().count()) + ":" +
                    two(tod.minutes().count());
  if (always_seconds || tod.seconds().count() != 0) {
    out += ':';
    out += two(tod.seconds().count());
  }
  return out;
}

}  // namespace

Result<WrittenTime> parse_date_time(std::string_view text) {
  Cursor c(text);
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  if (!c.digits(4, y) || !c.literal('-') || !c.digits(2, mo) || !c.literal('-') ||
      !c.digits(2, d))
    return bad_time(text);
  if (!c.literal('T') && !c.literal('t')) return bad_time(text);
  if (!c.digits(2, h) || !c.literal(':') || !c.digits(2, mi)) return bad_time(text);
  if (c.literal(':')) {
    if (!c.digits(2, s)) return bad_time(text);
    if (c.literal('.')) {
      int digit = 0;
      if (!c.digits(1, digit)) return bad_time(text);
      while (c.digits(1, digit)) {
      }
    }
  }
  auto ymd = date::year{y} / date::month{static_cast<unsigned>(mo)} /
             date::day{static_cast<unsigned>(d)};
  if (!ymd.ok())
    return fail(ErrorKind::invalid_spec,
                quoted(text) + " is not a date-time: no such date");
  if (h > 23 || mi > 59 || s > 59)
    return fail(ErrorKind::invalid_spec,
                quoted(text) + " is not a date-time: time of day out of range");
  WrittenTime out;
  out.local = date::local_days{ymd} + hours{h} + minutes{mi} + seconds{s};
  if (c.literal('Z') || c.literal('z')) {
    out.offset = minutes{0};
    out.offset_text = "Z";
  } else if (c.peek('+') || c.peek('-')) {
    auto sign_text = c.rest();
    int sign = c.peek('-') ? -1 : 1;
    c.literal(sign < 0 ? '-' : '+');
    int oh = 0, om = 0;
    if (!c.digits(2, oh) || !c.literal(':') || !c.digits(2, om) || oh > 23 || om > 59)
      return bad_time(text);
    out.offset = minutes{sign * (oh * 60 + om)};
    out.offset_text = std::string(sign_text.substr(0, 6));
  }
  if (!c.at_end()) return bad_time(text);
  return out;
}

Result<Seconds> parse_rfc3339(std::string_view text) {
  auto written = parse_date_time(text);
  if (!written) return std::unexpected(written.error());
  if (!written->offset)
    return fail(ErrorKind::invalid_spec,
                quoted(text) + " has no UTC offset (add Z or +HH:MM)");
  return Seconds{written->local.time_since_epoch() - *written->offset};
}

Result<date::local_days> parse_local_date(std::string_view text) {
  Cursor c(text);
  int y = 0, mo = 0, d = 0;
  if (!c.digits(4, y) || !c.literal('-') || !c.digits(2, mo) || !c.literal('-') ||
      !c.digits(2, d) || !c.at_end())
    return fail(ErrorKind::invalid_spec,
                quoted(text) + " is not a date: expected YYYY-MM-DD");
  auto ymd = date::year{y} / date::month{static_cast<unsigned>(mo)} /
             date::day{static_cast<unsigned>(d)};
  if (!ymd.ok())
    return fail(ErrorKind::invalid_spec, quoted(text) + " is not a date: no such day");
  return date::local_days{ymd};
}

std::optional<int> parse_hhmm(std::string_view text, bool allow_24) {
  Cursor c(text);
  int h = 0, m = 0;
  if (!c.digits(2, h) || !c.literal(':') || !c.digits(2, m) || !c.at_end()) return std::nullopt;
  if (m > 59 || h > 24) return std::nullopt;
  if (h == 24 && (m != 0 || !allow_24)) return std::nullopt;
  return h * 60 + m;
}

std::string format_hhmm(int minutes_of_day) {
  return two(minutes_of_day / 60) + ":" + two(minutes_of_day % 60);
}

std::string format_utc(Seconds t) {
  return local_text(date::local_seconds{t.time_since_epoch()}, true) + "Z";
}

std::string format_offset(seconds offset) {
  auto total = offset.count();
  char sign = total < 0 ? '-' : '+';
  if (total < 0) total = -total;
  return sign + two(total / 3600) + ":" + two(total % 3600 / 60);
}

std::string format_local(Seconds t, const date::time_zone* zone) {
  auto info = zone_info(zone, t);
  std::string out = local_text(date::local_seconds{t.time_since_epoch() + info.offset}, false) +
                    format_offset(info.offset);
  if (!info.abbrev.empty() && info.abbrev[0] != '+' && info.abbrev[0] != '-')
    out += " (" + info.abbrev + ")";
  return out;
}

std::string format_rfc3339(Seconds t, const date::time_zone* zone) {
  auto offset = zone_info(zone, t).offset;
  return local_text(date::local_seconds{t.time_since_epoch() + offset}, true) +
         format_offset(offset);
}

std::string format_local_time(date::local_seconds t) { return local_text(t, false); }

}  // namespace cxsched::schedule
