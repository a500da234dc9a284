#include <cxsched/schedule/zone.hpp>

// date/ptz.h 3.0.1 says `hh_mm_ss` under both `using namespace date` and
// `using namespace std::chrono`, which C++20 makes ambiguous: while it is
// read the name means date's alone. (date.h and <chrono> are included above.)
namespace date {
template <class Duration>
using ptz_hh_mm_ss = hh_mm_ss<Duration>;
}  // namespace date
#define hh_mm_ss ptz_hh_mm_ss
#include <date/ptz.h>
#undef hh_mm_ss

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <exception>
#include <fstream>
#include <iterator>
#include <map>
#include <mutex>
#include <optional>
#include <sstream>

namespace cxsched::schedule {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t up = row[j];
      std::size_t subst = diag + (a[i - 1] == b[j - 1] ? 0 : 1);
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, subst});
      diag = up;
    }
  }
  return row[b.size()];
}

std::string_view last_component(std::string_view name) {
  auto slash = name.rfind('/');
  return slash == std::string_view::npos ? name : name.substr(slash + 1);
}

std::string transition_text(const date::sys_info& before, const date::sys_info& after) {
  auto local_before = date::local_seconds{after.begin.time_since_epoch() + before.offset};
  auto local_after = date::local_seconds{after.begin.time_since_epoch() + after.offset};
  auto hhmm = [](date::local_seconds t) {
    auto tod = t - date::floor<date::days>(t);
    return format_hhmm(static_cast<int>(std::chrono::duration_cast<std::chrono::minutes>(tod).count()));
  };
  return hhmm(local_before) + " to " + hhmm(local_after) + " (" + before.abbrev + " -> " +
         after.abbrev + ")";
}

// Where the system's compiled zones live (the directory date/tz reads).
constexpr std::array<const char*, 3> kZoneDirs = {"/usr/share/zoneinfo", "/usr/lib/zoneinfo",
                                                  "/usr/share/lib/zoneinfo"};

// The POSIX TZ string that ends a TZif file of version 2 or later (RFC 8536
// section 3.3), e.g. "EST5EDT,M3.2.0,M11.1.0"; empty when there is none.
std::string tzif_footer(const std::string& zone_name) {
  for (const char* dir : kZoneDirs) {
    std::ifstream in(std::string(dir) + "/" + zone_name, std::ios::binary);
    if (!in) continue;
    std::string data{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    if (data.size() < 6 || data.compare(0, 4, "TZif") != 0 || data[4] < '2' || data.back() != '\n')
      return {};
    auto start = data.rfind('\n', data.size() - 2);
    if (start == std::string::npos) return {};
    return data.substr(start + 1, data.size() - start - 2);
  }
  return {};
}

// "[-]h[:mm[:ss]]" of POSIX TZ strings.
std::string tz_time(std::chrono::seconds t) {
  std::string out = t < std::chrono::seconds{0} ? "-" : "";
  const auto v = t < std::chrono::seconds{0} ? -t.count() : t.count();
  out += std::to_string(v / 3600);
  if (v % 3600 != 0) {
    char buf[48];
    std::snprintf(buf, sizeof buf, ":%02lld:%02lld", static_cast<long long>(v % 3600 / 60),
                  static_cast<long long>(v % 60));
    out += buf;
  }
  return out;
}

// Reads "[+-]h[:mm[:ss]]" at `i`; nullopt when there is none.
std::optional<std::chrono::seconds> read_tz_time(std::string_view s, std::size_t& i) {
  int sign = 1;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) sign = s[i++] == '-' ? -1 : 1;
  long parts[3] = {0, 0, 0};
  for (int p = 0; p < 3; ++p) {
    if (p > 0 && (i >= s.size() || s[i] != ':')) break;
    if (p > 0) ++i;
    const auto start = i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])))
      parts[p] = parts[p] * 10 + (s[i++] - '0');
    if (i == start) return std::nullopt;
  }
  return std::chrono::seconds{sign * (parts[0] * 3600 + parts[1] * 60 + parts[2])};
}

std::size_t skip_tz_name(std::string_view s, std::size_t i) {
  if (i < s.size() && s[i] == '<') return std::min(s.find('>', i) + 1, s.size() + 1);
  while (i < s.size() && std::isalpha(static_cast<unsigned char>(s[i]))) ++i;
  return i;
}

// date/ptz.h reads rule times of 0 to 99 hours; RFC 8536 allows negative
// ones (America/Nuuk: "<-02>2<-01>,M3.5.0/-1,M10.5.0/0"). Such a rule is
// rewritten with every clock `shift` later: both offsets `shift` further
// east, every rule time `shift` later, which keeps each transition instant.
struct ShiftedRule {
  std::string text;
  std::chrono::seconds shift{0};
};

std::optional<ShiftedRule> without_negative_times(std::string_view tz) {
  using std::chrono::seconds;
  std::size_t i = skip_tz_name(tz, 0);
  const auto std_name_end = i;
  auto std_off = read_tz_time(tz, i);
  const auto dst_start = i;
  i = skip_tz_name(tz, i);
  if (!std_off || i == dst_start || i > tz.size()) return std::nullopt;
  const auto dst_name_end = i;
  auto dst_off = std::optional<seconds>(*std_off - std::chrono::hours{1});
  if (i < tz.size() && tz[i] != ',') dst_off = read_tz_time(tz, i);
  if (!dst_off) return std::nullopt;
  std::array<std::string, 2> dates;
  std::array<seconds, 2> times{std::chrono::hours{2}, std::chrono::hours{2}};
  for (std::size_t r = 0; r < 2; ++r) {
    if (i >= tz.size() || tz[i] != ',') return std::nullopt;
    const auto start = ++i;
    while (i < tz.size() && tz[i] != '/' && tz[i] != ',') ++i;
    dates[r] = std::string(tz.substr(start, i - start));
    if (i < tz.size() && tz[i] == '/') {
      auto t = read_tz_time(tz, ++i);
      if (!t) return std::nullopt;
      times[r] = *t;
    }
  }
  if (i != tz.size()) return std::nullopt;
  const auto lowest = std::min(times[0], times[1]);
  if (lowest >= seconds{0}) return std::nullopt;
  const seconds shift = std::chrono::ceil<std::chrono::hours>(-lowest);
  std::string text(tz.substr(0, std_name_end));
  text += tz_time(*std_off - shift);
  text += tz.substr(dst_start, dst_name_end - dst_start);
  text += tz_time(*dst_off - shift);
  for (std::size_t r = 0; r < 2; ++r) text += "," + dates[r] + "/" + tz_time(times[r] + shift);
  return ShiftedRule{std::move(text), shift};
}

// What follows a zone's last explicit transition: the database lists
// transitions only up to 2037 and leaves later years to the footer's rule,
// which date/tz's reader of the system database does not apply.
struct Footer {
  date::sys_seconds from = date::sys_seconds::max();  // start of the last explicit period
  std::optional<Posix::time_zone> rule;
  std::chrono::seconds shift{0};  // how far east of the truth the rule reads
};

const Footer& read_footer(const date::time_zone* zone) {
  static std::mutex mu;
  static std::map<const date::time_zone*, Footer> cache;
  std::lock_guard lock(mu);
  auto [it, inserted] = cache.try_emplace(zone);
  if (!inserted) return it->second;
  Footer& f = it->second;
  const std::string text = tzif_footer(zone->name());
  if (text.empty()) return f;
  try {
    if (auto shifted = without_negative_times(text)) {
      f.rule.emplace(shifted->text);
      f.shift = shifted->shift;
    } else {
      f.rule.emplace(text);
    }
  } catch (const std::exception&) {
    // A rule date/tz cannot read: the explicit transitions stand alone.
    f.rule.reset();
    return f;
  }
  using namespace date::literals;
  f.from = zone->get_info(date::sys_days{2200_y / 1 / 1}).begin;
  return f;
}

// What this thread asked of a zone lately: its footer, read once per process
// (entries of the map stay put), and the last offset it asked for, which
// holds over the whole stretch [begin, end) it came with. The zones asked
// for last are remembered per thread, without the lock, since most calls ask
// for one of a few zones again, at a time close to the last (a schedule's
// days one after the other; a conflict written in the zones of both
// campaigns, one after the other).
struct Recent {
  const date::time_zone* zone = nullptr;
  const Footer* footer = nullptr;
  std::optional<date::sys_info> info;
};

Recent& recent_of(const date::time_zone* zone) {
  thread_local std::array<Recent, 4> recent{};
  thread_local std::size_t last = 0;  // the entry found or filled last
  // An entry's zone is set with its footer; a zone asked about is never null.
  if (recent[last].zone == zone) return recent[last];
  for (std::size_t i = 0; i < recent.size(); ++i) {
    if (recent[i].zone == zone) {
      last = i;
      return recent[i];
    }
  }
  const Footer& f = read_footer(zone);
  last = (last + 1) % recent.size();
  recent[last] = Recent{zone, &f, std::nullopt};
  return recent[last];
}

void clamp_begin(date::sys_info& info, date::sys_seconds from) {
  if (info.begin < from) info.begin = from;
}

}  // namespace

date::sys_info zone_info(const date::time_zone* zone, Seconds t) {
  zone = zone_or_utc(zone);
  Recent& r = recent_of(zone);
  if (r.info && r.info->begin <= t && t < r.info->end) return *r.info;
  const Footer& f = *r.footer;
  date::sys_info info;
  if (!f.rule || t < f.from) {
    info = zone->get_info(t);
  } else {
    info = f.rule->get_info(t);
    info.offset -= f.shift;
    clamp_begin(info, f.from);
  }
  r.info = info;
  return info;
}

date::local_info zone_info(const date::time_zone* zone, date::local_seconds t) {
  zone = zone_or_utc(zone);
  const Footer& f = *recent_of(zone).footer;
  // A day of margin keeps the last explicit transition (the same as the
  // rule's, by construction of the database) on the side that knows it.
  if (!f.rule || Seconds{t.time_since_epoch()} - date::days{1} < f.from) return zone->get_info(t);
  auto info = f.rule->get_info(t + f.shift);
  info.first.offset -= f.shift;
  clamp_begin(info.first, f.from);
  if (info.result != date::local_info::unique) {
    info.second.offset -= f.shift;
    clamp_begin(info.second, f.from);
  }
  return info;
}

std::vector<std::string> suggest_zones(std::string_view name, std::size_t max) {
  const std::string wanted = lower(name);
  const std::string wanted_last = lower(last_component(name));
  const bool has_slash = name.find('/') != std::string_view::npos;
  const std::size_t limit = std::max<std::size_t>(2, wanted.size() / 3);
  std::vector<std::pair<std::size_t, std::string>> scored;
  for (const auto& zone : date::get_tzdb().zones) {
    if (zone.name() == "localtime") continue;
    const std::string candidate = lower(zone.name());
    std::size_t score = edit_distance(wanted, candidate);
    if (!has_slash || score > limit) {
      std::size_t by_last = edit_distance(wanted_last, lower(last_component(zone.name())));
      if (by_last <= std::max<std::size_t>(1, wanted_last.size() / 4)) score = std::min(score, by_last + 1);
    }
    if (score <= limit) scored.emplace_back(score, zone.name());
  }
  std::sort(scored.begin(), scored.end());
  std::vector<std::string> out;
  for (auto& [score, zone_name] : scored) {
    if (out.size() >= max) break;
    out.push_back(std::move(zone_name));
  }
  return out;
}

Result<const date::time_zone*> resolve_zone(std::string_view name) {
  if (name.empty()) return fail(ErrorKind::invalid_spec, "the time zone is empty");
  // The longest IANA name has 32 characters; a longer one is no zone, and
  // neither looked up nor compared for suggestions.
  constexpr std::size_t kMaxZoneChars = 64;
  if (name.size() > kMaxZoneChars)
    return fail(ErrorKind::invalid_spec, "the time zone is " + std::to_string(name.size()) +
                                             " bytes long; an IANA name has at most " +
                                             std::to_string(kMaxZoneChars));
  // Files of the zone directory that are not IANA zones: the host's own zone,
  // zic's default rules, and the "no zone set" placeholder. A spec names the
  // zone its contacts live in, whatever machine reads it.
  for (std::string_view host_only : {"localtime", "posixrules", "Factory"}) {
    if (name == host_only)
      return fail(ErrorKind::invalid_spec,
                  "\"" + std::string(name) +
                      "\" is not an IANA time zone (it depends on the machine); name the "
                      "campaign's zone, such as America/New_York");
  }
  try {
    return date::locate_zone(name);
  } catch (const std::exception&) {
  }
  std::string message = "unknown time zone \"" + std::string(name) + "\"";
  auto suggestions = suggest_zones(name);
  if (!suggestions.empty()) {
    message += "; did you mean ";
    for (std::size_t i = 0; i < suggestions.size(); ++i) {
      if (i > 0) message += i + 1 == suggestions.size() ? " or " : ", ";
      message += suggestions[i];
    }
    message += "?";
  } else {
    message += " (an IANA name such as America/New_York is expected)";
  }
  return fail(ErrorKind::invalid_spec, std::move(message));
}

const date::time_zone* zone_or_utc(const date::time_zone* zone) {
  if (zone) return zone;
  static const date::time_zone* utc = date::locate_zone("Etc/UTC");
  return utc;
}

Result<Seconds> resolve_local(date::local_seconds local, const date::time_zone* zone,
                              DstPolicy policy) {
  zone = zone_or_utc(zone);
  auto info = zone_info(zone, local);
  // The policies differ only in a fold (see DstPolicy): a gap has one reading.
  switch (info.result) {
    case date::local_info::unique:
      return Seconds{local.time_since_epoch() - info.first.offset};
    case date::local_info::nonexistent:
      if (policy == DstPolicy::reject)
        return fail(ErrorKind::invalid_spec,
                    format_local_time(local) + " does not exist in " + zone->name() +
                        ": clocks jump from " + transition_text(info.first, info.second) +
                        "; write the time that is meant, or choose a DST policy");
      return info.second.begin;
    case date::local_info::ambiguous:
      if (policy == DstPolicy::reject)
        return fail(ErrorKind::invalid_spec,
                    format_local_time(local) + " is ambiguous in " + zone->name() +
                        ": clocks go back from " + transition_text(info.first, info.second) +
                        ", so it happens twice (" + format_offset(info.first.offset) + " and " +
                        format_offset(info.second.offset) +
                        "); write the offset, or choose a DST policy");
      if (policy == DstPolicy::latest) return Seconds{local.time_since_epoch() - info.second.offset};
      return Seconds{local.time_since_epoch() - info.first.offset};  // earliest (= shift_forward)
  }
  return fail(ErrorKind::internal, "unexpected local_info result");
}

Result<Seconds> resolve_written(const WrittenTime& written, const date::time_zone* zone,
                                DstPolicy policy) {
  if (!written.offset) return resolve_local(written.local, zone, policy);
  zone = zone_or_utc(zone);
  Seconds instant{written.local.time_since_epoch() - *written.offset};
  auto info = zone_info(zone, instant);
  if (info.offset != *written.offset) {
    std::string abbrev =
        info.abbrev.empty() || info.abbrev[0] == '+' || info.abbrev[0] == '-' ? "" : ", " + info.abbrev;
    return fail(ErrorKind::invalid_spec,
                written.offset_text + " is not " + zone->name() + "'s offset at " +
                    format_local_time(written.local) + " (it is " + format_offset(info.offset) +
                    abbrev + ")");
  }
  return instant;
}

date::local_days local_day(Seconds t, const date::time_zone* zone) {
  auto offset = zone_info(zone, t).offset;
  return date::floor<date::days>(date::local_seconds{t.time_since_epoch() + offset});
}

}  // namespace cxsched::schedule
