#pragma once

#include "context.hpp"

#include <cxsched/ops/validate.hpp>

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace cxsched::app {

// The spec arguments and checking options shared by `validate` and `create`.
struct SpecCliOptions {
  std::vector<std::string> specs;
  std::string scope = "all";
  std::string dst_policy = "reject";
  bool allow_outside_calling_hours = false;
  bool allow_high_drop_rate = false;
};

// Adds SPEC..., --conflict-scope, --dst-policy and the --allow-* flags to `sub`.
void add_spec_options(CLI::App* sub, SpecCliOptions& o);

// The validate pipeline's options from the flags (offline off), with
// progress going to the terminal; ErrorKind::usage for a bad value.
Result<ops::ValidateOptions> validate_options(const SpecCliOptions& o, const Terminal& term);

// The largest spec file read: one campaign is a few KiB.
inline constexpr std::size_t kMaxSpecBytes = 1024 * 1024;

// Reads each spec file (or stdin for "-", at most once) without blocking on
// a FIFO or device: ErrorKind::usage naming the file when one cannot be read
// or is not a regular file, ErrorKind::invalid_spec when it is larger than
// kMaxSpecBytes.
Result<std::vector<ops::SpecText>> read_specs(const std::vector<std::string>& paths);

}  // namespace cxsched::app
