#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace cxsched::app {

// One line saying what was wrong with a command line CLI11 refused, and the
// fix: "unknown command 'valdate': did you mean 'validate'?", "unknown
// option --stauts for 'cxsched list': did you mean --status?". Walks `args`
// itself (argv without the program name) against the command tree, so the
// answer does not depend on which check of the parser failed first.
std::string usage_error_line(const CLI::App& app, const CLI::ParseError& error,
                             const std::vector<std::string>& args);

// Whether the command line or CXSCHED_OUTPUT asks for JSON output, for
// failures found before the options are resolved.
bool json_requested(const std::vector<std::string>& args, const char* env_output);

}  // namespace cxsched::app
