#include "timeutil.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <map>
#include <mutex>
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

// ---- the POSIX TZ rule at the end of a TZif file (RFC 8536 3.3) ----
// The tz database lists explicit transitions up to 2037 and leaves the rest
// to this rule; date/tz's reader of the system files ignores it.

// A transition date: Jn (1..365, no Feb 29), n (0..365) or Mm.w.d.
struct RuleDate {
  char kind = 'M';
  int month = 0, week = 0, weekday = 0, day = 0;
  std::chrono::seconds time = 2h;  // local time of day, may be < 0 or > 24 h
};

struct TzRule {
  std::string std_abbrev, dst_abbrev;
  std::chrono::seconds std_offset{0}, dst_offset{0};  // east of UTC
  bool has_dst = false;
  RuleDate start, end;
};

struct RuleReader {
  std::string_view s;
  std::size_t pos = 0;

  bool more() const { return pos < s.size(); }
  bool take(char c) { return more() && s[pos] == c ? (++pos, true) : false; }
  std::optional<int> number(int max_digits) {
    int v = 0, n = 0;
    while (more() && n < max_digits && std::isdigit(static_cast<unsigned char>(s[pos]))) {
      v = v * 10 + (s[pos++] - '0');
      ++n;
    }
    return n ? std::optional<int>(v) : std::nullopt;
  }
  std::optional<std::string> name() {
    std::string out;
    if (take('<')) {
      while (more() && s[pos] != '>') out += s[pos++];
      if (!take('>')) return std::nullopt;
    } else {
      while (more() && std::isalpha(static_cast<unsigned char>(s[pos]))) out += s[pos++];
    }
    return out.size() >= 3 ? std::optional<std::string>(out) : std::nullopt;
  }
  // [+-]h[hh][:mm[:ss]]
  std::optional<std::chrono::seconds> duration() {
    int sign = 1;
    if (take('-'))
      sign = -1;
    else
      take('+');
    auto h = number(3);
    if (!h) return std::nullopt;
    std::chrono::seconds out = std::chrono::hours{*h};
    if (take(':')) {
      auto m = number(2);
      if (!m) return std::nullopt;
      out += std::chrono::minutes{*m};
      if (take(':')) {
        auto sec = number(2);
        if (!sec) return std::nullopt;
        out += std::chrono::seconds{*sec};
      }
    }
    return sign * out;
  }
  std::optional<RuleDate> date() {
    RuleDate d;
    if (take('M')) {
      auto m = number(2);
      if (!m || !take('.')) return std::nullopt;
      auto w = number(1);
      if (!w || !take('.')) return std::nullopt;
      auto wd = number(1);
      if (!wd || *m < 1 || *m > 12 || *w < 1 || *w > 5 || *wd > 6) return std::nullopt;
      d.month = *m, d.week = *w, d.weekday = *wd;
    } else {
      d.kind = take('J') ? 'J' : 'n';
      auto n = number(3);
      if (!n) return std::nullopt;
      d.day = *n;
    }
    if (take('/')) {
      auto t = duration();
      if (!t) return std::nullopt;
      d.time = *t;
    }
    return d;
  }
};

std::optional<TzRule> parse_tz_rule(std::string_view text) {
  RuleReader r{text};
  TzRule rule;
  auto std_name = r.name();
  auto std_off = std_name ? r.duration() : std::nullopt;
  if (!std_off) return std::nullopt;
  rule.std_abbrev = *std_name;
  rule.std_offset = -*std_off;  // POSIX offsets count west of UTC
  if (!r.more()) return rule;
  auto dst_name = r.name();
  if (!dst_name) return std::nullopt;
  rule.has_dst = true;
  rule.dst_abbrev = *dst_name;
  rule.dst_offset = rule.std_offset + 1h;
  if (r.more() && r.s[r.pos] != ',') {
    auto off = r.duration();
    if (!off) return std::nullopt;
    rule.dst_offset = -*off;
  }
  auto start = r.take(',') ? r.date() : std::nullopt;
  auto end = start && r.take(',') ? r.date() : std::nullopt;
  if (!end || r.more()) return std::nullopt;
  rule.start = *start;
  rule.end = *end;
  return rule;
}

date::local_seconds rule_day(const RuleDate& d, date::year y) {
  date::local_days day;
  if (d.kind == 'M') {
    const date::weekday wd{static_cast<unsigned>(d.weekday)};
    const date::month m{static_cast<unsigned>(d.month)};
    day = d.week == 5
              ? date::local_days{date::year_month_weekday_last{y, m, date::weekday_last{wd}}}
              : date::local_days{date::year_month_weekday{
                    y, m, date::weekday_indexed{wd, static_cast<unsigned>(d.week)}}};
  } else if (d.kind == 'J') {
    day = date::local_days{y / 1 / 1} + date::days{d.day - 1};
    if (y.is_leap() && d.day >= 60) day += date::days{1};
  } else {
    day = date::local_days{y / 1 / 1} + date::days{d.day};
  }
  return day + d.time;
}

date::sys_info rule_info(const TzRule& rule, date::sys_seconds t) {
  date::sys_info info;
  info.offset = rule.std_offset;
  info.abbrev = rule.std_abbrev;
  info.begin = date::sys_days{date::year{1800} / 1 / 1};
  info.end = date::sys_days{date::year{2400} / 1 / 1};
  if (!rule.has_dst) return info;
  // Every transition of the year around t and its neighbours, in order.
  struct Change {
    date::sys_seconds at;
    bool to_dst;
  };
  std::vector<Change> changes;
  const auto y = date::year_month_day{date::floor<date::days>(t)}.year();
  for (auto year = y - date::years{1}; year <= y + date::years{1}; ++year) {
    // The start is written in standard time, the end in daylight time.
    changes.push_back(
        {date::sys_seconds{(rule_day(rule.start, year) - rule.std_offset).time_since_epoch()},
         true});
    changes.push_back(
        {date::sys_seconds{(rule_day(rule.end, year) - rule.dst_offset).time_since_epoch()},
         false});
  }
  std::sort(changes.begin(), changes.end(),
            [](const Change& a, const Change& b) { return a.at < b.at; });
  for (std::size_t i = 0; i + 1 < changes.size(); ++i) {
    if (changes[i].at <= t && t < changes[i + 1].at) {
      info.begin = changes[i].at;
      info.end = changes[i + 1].at;
      if (changes[i].to_dst) {
        info.offset = rule.dst_offset;
        info.save =
            std::chrono::duration_cast<std::chrono::minutes>(rule.dst_offset - rule.std_offset);
        info.abbrev = rule.dst_abbrev;
      }
      return info;
    }
  }
  return info;  // not reached for t within the middle year
}

// The footer's rule of `zone`'s file and where it takes over (the start of
// the zone's last explicit period), read once per zone.
struct ZoneTail {
  date::sys_seconds from = date::sys_seconds::max();
  std::optional<TzRule> rule;
};

const ZoneTail& zone_tail(const date::time_zone* zone) {
  static std::mutex mu;
  static std::map<const date::time_zone*, ZoneTail> tails;
  std::lock_guard lock(mu);
  auto [it, fresh] = tails.try_emplace(zone);
  if (!fresh) return it->second;
  for (const char* dir : {"/usr/share/zoneinfo/", "/usr/lib/zoneinfo/"}) {
    std::ifstream in(dir + zone->name(), std::ios::binary);
    if (!in) continue;
    const std::string data{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    if (data.size() > 6 && data.starts_with("TZif") && data[4] >= '2' && data.back() == '\n') {
      const auto nl = data.rfind('\n', data.size() - 2);
      if (nl != std::string::npos)
        it->second.rule =
            parse_tz_rule(std::string_view(data).substr(nl + 1, data.size() - nl - 2));
    }
    break;
  }
  if (it->second.rule)
    it->second.from = zone->get_info(date::sys_days{date::year{2300} / 1 / 1}).begin;
  return it->second;
}

}  // namespace

date::sys_info zone_info_at(const date::time_zone* zone, date::sys_seconds t) {
  const ZoneTail& tail = zone_tail(zone);
  if (!tail.rule || t < tail.from) return zone->get_info(t);
  auto info = rule_info(*tail.rule, t);
  info.begin = std::max(info.begin, tail.from);
  return info;
}

date::local_seconds to_local(const date::time_zone* zone, date::sys_seconds t) {
  return date::local_seconds{t.time_since_epoch() + zone_info_at(zone, t).offset};
}

date::sys_seconds to_sys_earliest(const date::time_zone* zone, date::local_seconds local) {
  const date::sys_seconds as_utc{local.time_since_epoch()};
  std::optional<date::sys_seconds> best;
  for (auto probe : {as_utc - date::days{1}, as_utc + date::days{1}}) {
    const auto offset = zone_info_at(zone, probe).offset;
    const date::sys_seconds t{local.time_since_epoch() - offset};
    if (zone_info_at(zone, t).offset == offset && (!best || t < *best)) best = t;
  }
  if (best) return *best;
  // In a gap: the instant the clocks jumped.
  return zone_info_at(zone, as_utc - zone_info_at(zone, as_utc - date::days{1}).offset).begin;
}

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
  auto info = zone_info_at(zone, t);
  auto local = date::local_seconds{t.time_since_epoch() + info.offset};
  return date::format("%Y-%m-%dT%H:%M:%S", local) +
         format_offset(std::chrono::duration_cast<std::chrono::minutes>(info.offset));
}

const date::time_zone* find_zone(const std::string& name) {
  // The zone directory also holds the host's own zone, which no tenant means.
  if (name.empty() || name == "localtime") return nullptr;
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
    auto info = zone_info_at(zone, t);
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
