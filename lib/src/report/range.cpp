#include <cxsched/report/range.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <string>

#include <cxsched/schedule/format.hpp>
#include <cxsched/schedule/zone.hpp>
#include <cxsched/util/expected.hpp>

namespace cxsched::report {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

const char* flag(Bound b) { return b == Bound::from ? "--from" : "--to"; }

std::unexpected<Error> not_a_time(std::string_view text, Bound b, std::string_view why = {}) {
  std::string msg = std::string(flag(b)) + ": '" + std::string(text) + "' ";
  msg += why.empty() ? std::string("is not a time") : std::string(why);
  msg += "; use RFC 3339 (2025-03-01T00:00:00Z), a local date (2025-03-01), "
         "now, today, yesterday, -7d, -2w or -12h";
  return fail(ErrorKind::usage, msg);
}

// The start of `day`, or for Bound::to its end (the next midnight).
Seconds day_bound(date::local_days day, Bound b, const date::time_zone* zone) {
  return local_midnight(b == Bound::to ? day + date::days{1} : day, zone);
}

}  // namespace

Result<Seconds> resolve_bound(std::string_view written, Bound bound, const date::time_zone* zone,
                              Seconds now) {
  const auto text = trim(written);
  const auto word = lower(text);
  const auto today = schedule::local_day(now, zone);
  if (word == "now") return now;
  if (word == "today") return day_bound(today, bound, zone);
  if (word == "yesterday") return day_bound(today - date::days{1}, bound, zone);
  if (word.size() >= 3 && word.front() == '-') {
    const char unit = word.back();
    long n = -1;
    const char* first = word.data() + 1;
    const char* last = word.data() + word.size() - 1;
    auto [ptr, ec] = std::from_chars(first, last, n);
    if (ec != std::errc{} || ptr != last || n < 0 || n > 100000)
      return not_a_time(text, bound);
    if (unit == 'd') return local_midnight(today - date::days{n}, zone);
    if (unit == 'w') return local_midnight(today - date::days{7 * n}, zone);
    if (unit == 'h') return now - std::chrono::hours{n};
    return not_a_time(text, bound);
  }
  if (text.size() == 10) {
    auto day = schedule::parse_local_date(text);
    if (!day) return not_a_time(text, bound, "is not a date");
    return day_bound(*day, bound, zone);
  }
  auto written_time = schedule::parse_date_time(text);
  if (!written_time) return not_a_time(text, bound);
  if (written_time->offset)
    return Seconds{written_time->local.time_since_epoch() - *written_time->offset};
  auto resolved = schedule::resolve_local(written_time->local, zone, schedule::DstPolicy::reject);
  if (!resolved)
    return fail(ErrorKind::usage, std::string(flag(bound)) + ": " + resolved.error().message +
                                      " (give an explicit UTC offset)");
  return *resolved;
}

Result<Interval> resolve_range(std::string_view from, std::string_view to,
                               const date::time_zone* zone, Seconds now) {
  TRY_ASSIGN(auto start, resolve_bound(from.empty() ? "-7d" : from, Bound::from, zone, now));
  TRY_ASSIGN(auto end, resolve_bound(to.empty() ? "now" : to, Bound::to, zone, now));
  if (end <= start)
    return fail(ErrorKind::usage, "--to (" + schedule::format_local(end, zone) +
                                      ") must be after --from (" +
                                      schedule::format_local(start, zone) + ")");
  return Interval{start, end};
}

std::vector<Interval> split_range(Interval range, std::chrono::seconds grid,
                                  std::chrono::seconds max_span) {
  std::vector<Interval> out;
  const auto step = grid.count() > 0 ? grid.count() : 1;
  for (auto start = range.start; start < range.end;) {
    auto end = start + max_span;
    if (end >= range.end) {
      end = range.end;
    } else {
      auto n = end.time_since_epoch().count();
      Seconds aligned{std::chrono::seconds{n - (((n % step) + step) % step)}};
      if (aligned > start) end = aligned;
    }
    out.push_back({start, end});
    start = end;
  }
  return out;
}

}  // namespace cxsched::report
