#pragma once

#include <cxsched/util/error.hpp>
#include <cxsched/util/log.hpp>

#include <rapidjson/document.h>

#include <string>
#include <string_view>
#include <vector>

namespace cxsched::app {

enum class Format { table, json, csv };

// Parses "table" | "json" | "csv"; ErrorKind::usage otherwise.
Result<Format> parse_format(std::string_view text);
// "table", "json" or "csv".
std::string format_name(Format format);

enum class Style { bold, dim, red, green, yellow, cyan };

// The terminal side of the app: where data, progress and diagnostics go.
// Data goes to stdout; everything else to stderr. Progress lines only on a
// TTY and never with --quiet; colour only on a TTY and never with NO_COLOR,
// --no-color or TERM=dumb.
class Terminal {
 public:
  Terminal(bool quiet, int verbose, bool no_color);

  bool stdout_tty() const { return stdout_tty_; }
  bool stderr_tty() const { return stderr_tty_; }
  bool quiet() const { return quiet_; }
  int verbose() const { return verbose_; }

  // Text wrapped in the escape codes of `style` when colour is on for that stream.
  std::string paint(std::string_view text, Style style, bool for_stderr = false) const;

  void error(std::string_view message) const;    // always shown
  void warning(std::string_view message) const;  // not with --quiet
  void info(std::string_view message) const;     // not with --quiet
  // A transient status line on stderr (TTY only), replaced by the next one.
  void progress(std::string_view line) const;
  // Ends a progress line so the next output starts on a fresh line.
  void end_progress() const;

  // Writes data to stdout.
  void print(std::string_view text) const;
  void print_json(const rapidjson::Value& value) const;

  // The library's logger, printing to stderr at the verbosity asked for.
  util::Logger logger() const;

 private:
  bool stdout_tty_ = false;
  bool stderr_tty_ = false;
  bool color_out_ = false;
  bool color_err_ = false;
  bool quiet_ = false;
  int verbose_ = 0;
  mutable bool progress_open_ = false;
};

// Aligned columns with a header row; cells may hold ANSI colour codes.
std::string render_table(const std::vector<std::string>& headers,
                         const std::vector<std::vector<std::string>>& rows);

// One CSV record (RFC 4180: fields with , " CR LF quoted, quotes doubled), CRLF-terminated.
std::string csv_row(const std::vector<std::string>& fields);

}  // namespace cxsched::app
