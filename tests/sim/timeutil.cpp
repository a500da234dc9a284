#include "timeutil.hpp"

#include <algorithm>
#include <cstdio>
#include <stdexcept>

namespace cxsched::sim {

using namespace std::chrono_literals;

namespace {

// Reads exactly `width` decimal digits at `pos`; advances `pos`.
std::optional<int> read_digits(std::string_view s, std::size_t& pos, std::size_t width) {
  if (pos + width > s.size()) return std::nullopt;
  int value = 0;
  for (std::size_t i = 0; i < width; ++i) {
    char c = s[pos + i];
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  pos += width;
  return value;
}

bool expect(std::string_view s, std::size_t& pos, char c) {
  if (pos >= s.size() || s[pos] != c) return false;
  ++pos;
  return true;
}

std::optional<date::local_days> read_date(std::string_view s, std::size_t& pos) {
  auto y = read_digits(s, pos, 4);
  if (!y || !expect(s, pos, '-')) return std::nullopt;
  auto m = read_digits(s, pos, 2);
  if (!m || !expect(s, pos, '-')) return std::nullopt;
  auto d = read_digits(s, pos, 2);
  if (!d) return std::nullopt;
  date::year_month_day ymd{date::year{*y}, date::month{static_cast<unsigned>(*m)},
                           date::day{static_cast<unsigned>(*d)}};
  if (!ymd.ok()) return std::nullopt;
  return date::local_days{ymd};
}

}  // namespace

SysMillis DateTime::utc() const {
  return SysMillis{local.time_since_epoch() - offset.value_or(0min)};
}

std::optional<DateTime> parse_date_time(std::string_view s) {
  std::size_t pos = 0;
  auto day = read_date(s, pos);
  if (!day || pos >= s.size() || (s[pos] != 'T' && s[pos] != 't')) return std::nullopt;
  ++pos;
  auto hh = read_digits(s, pos, 2);
  if (!hh || !expect(s, pos, ':')) return std::nullopt;
  auto mm = read_digits(s, pos, 2);
  if (!mm || !expect(s, pos, ':')) return std::nullopt;
  auto ss = read_digits(s, pos, 2);
  if (!ss || *hh > 23 || *mm > 59 || *ss > 59) return std::nullopt;
  Millis frac{0};
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    std::size_t digits = 0;
    int value = 0;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      if (digits < 3) value = value * 10 + (s[pos] - '0');
      ++digits;
      ++pos;
    }
    if (digits == 0) return std::nullopt;
    for (std::size_t i = digits; i < 3; ++i) value *= 10;
    frac = Millis{value};
  }
  DateTime out;
  out.local = date::local_time<Millis>{day->time_since_epoch()} + std::chrono::hours{*hh} +
              std::chrono::minutes{*mm} + std::chrono::seconds{*ss} + frac;
  if (pos == s.size()) return out;
  if (s[pos] == 'Z' || s[pos] == 'z') {
    out.offset = 0min;
    ++pos;
  } else if (s[pos] == '+' || s[pos] == '-') {
    int sign = s[pos] == '-' ? -1 : 1;
    ++pos;
    auto oh = read_digits(s, pos, 2);
    if (!oh || !expect(s, pos, ':')) return std::nullopt;
    auto om = read_digits(s, pos, 2);
    if (!om || *oh > 23 || *om > 59) return std::nullopt;
    out.offset = std::chrono::minutes{sign * (*oh * 60 + *om)};
  } else {
    return std::nullopt;
  }
  if (pos != s.size()) return std::nullopt;
  return out;
}

std::optional<date::local_days> parse_local_date(std::string_view s) {
  std::size_t pos = 0;
  auto day = read_date(s, pos);
  if (!day || pos != s.size()) return std::nullopt;
  return day;
}

std::optional<std::chrono::minutes> parse_clock_time(std::string_view s) {
  std::size_t pos = 0;
  auto hh = read_digits(s, pos, 2);
  if (!hh || !expect(s, pos, ':')) return std::nullopt;
  auto mm = read_digits(s, pos, 2);
  if (!mm || pos != s.size() || *mm > 59) return std::nullopt;
  if (*hh > 24 || (*hh == 24 && *mm != 0)) return std::nullopt;
  return std::chrono::minutes{*hh * 60 + *mm};
}

std::string format_utc(SysMillis t, bool with_millis) {
  if (with_millis) return date::format("%Y-%m-%dT%H:%M:%SZ", t);
  return date::format("%Y-%m-%dT%H:%M:%SZ", date::floor<std::chrono::seconds>(t));
}

std::string format_offset(std::chrono::minutes offset) {
  char sign = offset < 0min ? '-' : '+';
  auto total = offset < 0min ? -offset.count() : offset.count();
  char buf[8];
  std::snprintf(buf, sizeof buf, "%c%02d:%02d", sign, static_cast<int>(total / 60),
                static_cast<int>(total % 60));
  return buf;
}

std::string format_in_zone(date::sys_seconds t, const date::time_zone* zone) {
  auto info = zone->get_info(t);
  auto local = date::local_seconds{t.time_since_epoch() + info.offset};
  return date::format("%Y-%m-%dT%H:%M:%S", local) +
         format_offset(std::chrono::duration_cast<std::chrono::minutes>(info.offset));
}

const date::time_zone* find_zone(const std::string& name) {
  if (name.empty()) return nullptr;
  try {
    return date::locate_zone(name);
  } catch (const std::exception&) {
    return nullptr;
  }
}

void normalize(Spans& spans) {
  std::erase_if(spans, [](const Span& s) { return s.end <= s.begin; });
  std::sort(spans.begin(), spans.end(),
            [](const Span& a, const Span& b) { return a.begin < b.begin; });
  Spans merged;
  for (const auto& s : spans) {
    if (!merged.empty() && s.begin <= merged.back().end) {
      merged.back().end = std::max(merged.back().end, s.end);
    } else {
      merged.push_back(s);
    }
  }
  spans = std::move(merged);
}

Spans intersect(const Spans& a, const Spans& b) {
  Spans out;
  std::size_t i = 0;
  std::size_t j = 0;
  while (i < a.size() && j < b.size()) {
    auto lo = std::max(a[i].begin, b[j].begin);
    auto hi = std::min(a[i].end, b[j].end);
    if (lo < hi) out.push_back({lo, hi});
    if (a[i].end < b[j].end)
      ++i;
    else
      ++j;
  }
  return out;
}

std::chrono::seconds length_within(const Spans& spans, Span window) {
  std::chrono::seconds total{0};
  for (const auto& s : spans) {
    if (s.begin >= window.end) break;
    auto lo = std::max(s.begin, window.begin);
    auto hi = std::min(s.end, window.end);
    if (lo < hi) total += hi - lo;
  }
  return total;
}

Spans local_range_to_sys(const date::time_zone* zone, date::local_seconds from,
                         date::local_seconds to) {
  Spans out;
  if (to <= from) return out;
  constexpr auto margin = std::chrono::hours{26};
  const date::sys_seconds lo{from.time_since_epoch() - margin};
  const date::sys_seconds hi{to.time_since_epoch() + margin};
  auto t = lo;
  while (t < hi) {
    auto info = zone->get_info(t);
    const date::sys_seconds cand_begin{from.time_since_epoch() - info.offset};
    const date::sys_seconds cand_end{to.time_since_epoch() - info.offset};
    auto b = std::max(cand_begin, info.begin);
    auto e = std::min(cand_end, info.end);
    if (b < e) out.push_back({b, e});
    if (info.end <= t || info.end >= hi) break;
    t = info.end;
  }
  normalize(out);
  return out;
}

}  // namespace cxsched::sim
