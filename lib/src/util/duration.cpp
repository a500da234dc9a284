#include <cxsched/util/duration.hpp>

#include <cctype>
#include <cstdio>
#include <limits>

namespace cxsched::util {

Result<Millis> parse_duration(std::string_view text) {
  auto bad = [&](std::string_view why) {
    return fail(ErrorKind::usage, "invalid duration '" + std::string(text) + "': " +
                                      std::string(why) + " (examples: 90s, 15m, 1h30m, 500ms)");
  };
  if (text.empty()) return bad("empty");
  long long total_ms = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) return bad("expected a number");
    long long n = 0;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
      n = n * 10 + (text[i] - '0');
      if (n > 1'000'000'000LL) return bad("too large");
      ++i;
    }
    std::size_t u = i;
    while (i < text.size() && std::isalpha(static_cast<unsigned char>(text[i]))) ++i;
    std::string_view unit = text.substr(u, i - u);
    long long scale = 0;
    if (unit == "ms") scale = 1;
    else if (unit == "s") scale = 1000;
    else if (unit == "m") scale = 60'000;
    else if (unit == "h") scale = 3'600'000;
    else if (unit == "d") scale = 86'400'000;
    else if (unit.empty()) return bad("missing unit after " + std::to_string(n));
    else return bad("unknown unit '" + std::string(unit) + "'");
    total_ms += n * scale;
    if (total_ms > 400LL * 86'400'000) return bad("longer than 400 days");
  }
  return Millis{total_ms};
}

std::string format_duration(Millis d) {
  long long ms = d.count();
  char buf[64];
  if (ms < 0) ms = 0;
  if (ms < 1000) {
    std::snprintf(buf, sizeof buf, "%lldms", ms);
  } else if (ms < 60'000) {
    std::snprintf(buf, sizeof buf, "%.1fs", static_cast<double>(ms) / 1000.0);
  } else if (ms < 3'600'000) {
    std::snprintf(buf, sizeof buf, "%lldm%02llds", ms / 60'000, (ms / 1000) % 60);
  } else {
    std::snprintf(buf, sizeof buf, "%lldh%02lldm", ms / 3'600'000, (ms / 60'000) % 60);
  }
  return buf;
}

}  // namespace cxsched::util
