#include <cxsched/schedule/zone.hpp>

#include <algorithm>
#include <cctype>
#include <exception>

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

}  // namespace

std::vector<std::string> suggest_zones(std::string_view name, std::size_t max) {
  const std::string wanted = lower(name);
  const std::string wanted_last = lower(last_component(name));
  const bool has_slash = name.find('/') != std::string_view::npos;
  const std::size_t limit = std::max<std::size_t>(2, wanted.size() / 3);
  std::vector<std::pair<std::size_t, std::string>> scored;
  for (const auto& zone : date::get_tzdb().zones) {
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
  auto info = zone->get_info(local);
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
      return Seconds{local.time_since_epoch() - info.first.offset};
  }
  return fail(ErrorKind::internal, "unexpected local_info result");
}

Result<Seconds> resolve_written(const WrittenTime& written, const date::time_zone* zone,
                                DstPolicy policy) {
  if (!written.offset) return resolve_local(written.local, zone, policy);
  zone = zone_or_utc(zone);
  Seconds instant{written.local.time_since_epoch() - *written.offset};
  auto info = zone->get_info(instant);
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
  auto offset = zone_or_utc(zone)->get_info(t).offset;
  return date::floor<date::days>(date::local_seconds{t.time_since_epoch() + offset});
}

}  // namespace cxsched::schedule
