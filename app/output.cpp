#include "output.hpp"

#include <cxsched/util/text.hpp>

#include <cxsched/util/csv.hpp>
#include <cxsched/util/json.hpp>

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace cxsched::app {

Result<Format> parse_format(std::string_view text) {
  if (text == "table") return Format::table;
  if (text == "json") return Format::json;
  if (text == "csv") return Format::csv;
  return fail(ErrorKind::usage,
              "invalid output format '" + std::string(text) + "': expected table, json or csv");
}

std::string format_name(Format format) {
  switch (format) {
    case Format::table: return "table";
    case Format::json: return "json";
    case Format::csv: return "csv";
  }
  return "table";
}

namespace {

bool color_allowed(bool no_color) {
  if (no_color) return false;
  const char* nc = std::getenv("NO_COLOR");
  if (nc && *nc) return false;
  const char* term = std::getenv("TERM");
  if (term && std::strcmp(term, "dumb") == 0) return false;
  return true;
}

std::size_t visible_width(std::string_view s) {
  std::size_t w = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\x1b') {
      while (i < s.size() && s[i] != 'm') ++i;
      continue;
    }
    // Count UTF-8 lead bytes only.
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) ++w;
  }
  return w;
}

// The length of the colour code (SGR: ESC [ digits and semicolons m) that
// starts at text[i], 0 when none does.
std::size_t sgr_length(std::string_view text, std::size_t i) {
  if (text.compare(i, 2, "\x1b[") != 0) return 0;
  std::size_t k = i + 2;
  while (k < text.size() && ((text[k] >= '0' && text[k] <= '9') || text[k] == ';')) ++k;
  return k < text.size() && text[k] == 'm' ? k + 1 - i : 0;
}

}  // namespace

std::string terminal_safe(std::string_view text, bool keep_newlines) {
  if (util::plain_ascii(text, keep_newlines)) return std::string(text);
  std::string out;
  out.reserve(text.size());
  std::size_t plain = 0;  // start of the run not yet copied
  const auto flush = [&](std::size_t end) {
    out += util::printable(text.substr(plain, end - plain));
  };
  for (std::size_t i = 0; i < text.size();) {
    // Only an escape or a newline can start what is kept as it is.
    const char c = text[i];
    const std::size_t keep =
        c == '\x1b' ? sgr_length(text, i) : (c == '\n' && keep_newlines ? 1 : 0);
    if (keep == 0) {
      ++i;
      continue;
    }
    flush(i);
    out.append(text.substr(i, keep));
    i += keep;
    plain = i;
  }
  flush(text.size());
  return out;
}

Terminal::Terminal(bool quiet, int verbose, bool no_color)
    : stdout_tty_(isatty(STDOUT_FILENO) == 1),
      stderr_tty_(isatty(STDERR_FILENO) == 1),
      quiet_(quiet),
      verbose_(verbose) {
  bool allowed = color_allowed(no_color);
  color_out_ = allowed && stdout_tty_;
  color_err_ = allowed && stderr_tty_;
}

std::string Terminal::paint(std::string_view text, Style style, bool for_stderr) const {
  if (!(for_stderr ? color_err_ : color_out_)) return util::printable(text);
  const char* code = "";
  switch (style) {
    case Style::bold: code = "1"; break;
    case Style::dim: code = "2"; break;
    case Style::red: code = "31"; break;
    case Style::green: code = "32"; break;
    case Style::yellow: code = "33"; break;
    case Style::cyan: code = "36"; break;
  }
  return std::string("\x1b[") + code + "m" + util::printable(text) + "\x1b[0m";
}

void Terminal::end_progress() const {
  // Whatever goes to stderr next must not land inside a line of data when
  // both streams go to one file.
  std::fflush(stdout);
  if (progress_open_.exchange(false)) std::fputs("\r\x1b[K", stderr);
}

void Terminal::error(std::string_view message) const {
  end_progress();
  std::fprintf(stderr, "cxsched: %s: %s\n", paint("error", Style::red, true).c_str(),
               util::printable(message).c_str());
}

void Terminal::warning(std::string_view message) const {
  if (quiet_) return;
  end_progress();
  std::fprintf(stderr, "cxsched: %s: %s\n", paint("warning", Style::yellow, true).c_str(),
               util::printable(message).c_str());
}

void Terminal::info(std::string_view message) const {
  if (quiet_) return;
  end_progress();
  std::fprintf(stderr, "%.*s\n", static_cast<int>(message.size()), message.data());
}

void Terminal::progress(std::string_view line) const {
  if (quiet_ || !stderr_tty_) return;
  std::fflush(stdout);
  std::fprintf(stderr, "\r\x1b[K%s", terminal_safe(line, false).c_str());
  std::fflush(stderr);
  progress_open_ = true;
}

void Terminal::print(std::string_view text) const {
  if (util::plain_ascii(text, true)) {  // most output: nothing to escape
    print_raw(text);
    return;
  }
  const std::string safe = terminal_safe(text, true);
  std::fwrite(safe.data(), 1, safe.size(), stdout);
}

void Terminal::print_raw(std::string_view text) const {
  std::fwrite(text.data(), 1, text.size(), stdout);
}

void Terminal::print_json(const rapidjson::Value& value) const {
  print_raw(util::to_pretty_json(value) + "\n");
  std::fflush(stdout);
}

util::Logger Terminal::logger() const {
  auto level = quiet_ ? util::LogLevel::error
                      : (verbose_ > 0 ? util::LogLevel::debug : util::LogLevel::info);
  const Terminal* self = this;
  return util::Logger(
      [self](util::LogLevel lvl, std::string_view msg) {
        if (lvl == util::LogLevel::error) {
          self->error(msg);
        } else {
          self->end_progress();
          std::fprintf(stderr, "%s\n", util::printable(msg).c_str());
        }
      },
      level);
}

std::string render_table(const std::vector<std::string>& headers,
                         const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::size_t> width(headers.size(), 0);
  for (std::size_t i = 0; i < headers.size(); ++i) width[i] = visible_width(headers[i]);
  for (const auto& row : rows)
    for (std::size_t i = 0; i < row.size() && i < width.size(); ++i)
      width[i] = std::max(width[i], visible_width(terminal_safe(row[i], false)));
  std::string out;
  auto line = [&](const std::vector<std::string>& cells) {
    std::string l;
    for (std::size_t i = 0; i < width.size(); ++i) {
      const std::string cell = i < cells.size() ? terminal_safe(cells[i], false) : std::string();
      l += cell;
      if (i + 1 < width.size()) l.append(width[i] - visible_width(cell) + 2, ' ');
    }
    while (!l.empty() && l.back() == ' ') l.pop_back();
    out += l + "\n";
  };
  line(headers);
  for (const auto& row : rows) line(row);
  return out;
}

std::string csv_row(const std::vector<std::string>& fields) { return util::csv_record(fields); }

}  // namespace cxsched::app
