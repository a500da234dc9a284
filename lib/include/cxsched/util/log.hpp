#pragma once

#include <functional>
#include <string>
#include <string_view>

namespace cxsched::util {

enum class LogLevel { error, info, debug };

// Where the library's diagnostics go. The library never prints: the app
// decides (stderr, filtered by --quiet / --verbose). A default Logger drops
// everything.
class Logger {
 public:
  using Sink = std::function<void(LogLevel, std::string_view)>;

  Logger() = default;
  explicit Logger(Sink sink, LogLevel max_level = LogLevel::info)
      : sink_(std::move(sink)), max_(max_level) {}

  bool enabled(LogLevel level) const { return sink_ && level <= max_; }
  void log(LogLevel level, std::string_view message) const {
    if (enabled(level)) sink_(level, message);
  }
  void error(std::string_view m) const { log(LogLevel::error, m); }
  void info(std::string_view m) const { log(LogLevel::info, m); }
  void debug(std::string_view m) const { log(LogLevel::debug, m); }

 private:
  Sink sink_;
  LogLevel max_ = LogLevel::info;
};

}  // namespace cxsched::util
