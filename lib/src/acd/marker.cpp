#include <cxsched/acd/skill.hpp>
#include <cxsched/schedule/format.hpp>
#include <cxsched/schedule/zone.hpp>

#include <array>

namespace cxsched::acd {

namespace {

constexpr std::string_view marker_tag = "cxsched:v1";

bool is_marker(std::string_view line) {
  return line.starts_with(marker_tag) &&
         (line.size() == marker_tag.size() || line[marker_tag.size()] == ' ');
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string_view block_day_name(unsigned c_encoding) {
  static constexpr std::array<std::string_view, 7> names{
      "sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"};
  return names.at(c_encoding % 7);
}

std::string marker_line(const Marker& m) {
  return std::string{marker_tag} + " start=" + schedule::format_rfc3339(m.start, m.zone) +
         " end=" + schedule::format_rfc3339(m.end, m.zone) +
         " tz=" + std::string{schedule::zone_or_utc(m.zone)->name()};
}

Result<std::optional<Marker>> parse_marker(std::string_view notes) {
  std::size_t pos = 0;
  while (pos <= notes.size()) {
    auto nl = notes.find('\n', pos);
    std::string_view line =
        trim(notes.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos));
    pos = nl == std::string_view::npos ? notes.size() + 1 : nl + 1;
    if (!is_marker(line)) continue;
    auto bad = [&](const std::string& why) {
      return fail(ErrorKind::invalid_spec,
                  "notes: the line '" + std::string{line} + "' is not a cxsched marker: " + why);
    };
    std::optional<std::string_view> start, end, tz;
    std::string_view rest = line.substr(marker_tag.size());
    while (!(rest = trim(rest)).empty()) {
      auto space = rest.find(' ');
      std::string_view word = rest.substr(0, space);
      rest = space == std::string_view::npos ? std::string_view{} : rest.substr(space);
      auto eq = word.find('=');
      if (eq == std::string_view::npos) return bad("'" + std::string{word} + "' is not key=value");
      std::string_view key = word.substr(0, eq);
      std::string_view value = word.substr(eq + 1);
      if (key == "start") start = value;
      else if (key == "end") end = value;
      else if (key == "tz") tz = value;
      // Unknown keys are kept for later versions of the marker.
    }
    if (!start || !end || !tz) return bad("start=, end= and tz= are required");
    auto zone = schedule::resolve_zone(*tz);
    if (!zone) return bad(zone.error().message);
    auto s = schedule::parse_rfc3339(*start);
    if (!s) return bad("start: " + s.error().message);
    auto e = schedule::parse_rfc3339(*end);
    if (!e) return bad("end: " + e.error().message);
    if (*e <= *s) return bad("end is not after start");
    return std::optional<Marker>{Marker{*s, *e, *zone}};
  }
  return std::optional<Marker>{};
}

std::string notes_with_marker(std::string_view notes, const Marker& m) {
  std::string out;
  bool replaced = false;
  std::size_t pos = 0;
  while (pos < notes.size()) {
    auto nl = notes.find('\n', pos);
    std::string_view line =
        notes.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? notes.size() : nl + 1;
    if (is_marker(trim(line))) {
      if (replaced) continue;  // one marker only
      out += marker_line(m);
      replaced = true;
    } else {
      out += line;
    }
    if (nl != std::string_view::npos) out += '\n';
  }
  if (!replaced) {
    if (!out.empty() && out.back() != '\n') out += '\n';
    out += marker_line(m);
  }
  return out;
}

}  // namespace cxsched::acd
