#pragma once

// The command tree as the shell completions see it: every command, its
// options and what completes their values, read from the CLI11 tree and the
// hints each option declared where it was registered (Registry::hint).

#include "../context.hpp"

#include <CLI/CLI.hpp>

#include <string>
#include <utility>
#include <vector>

namespace cxsched::app::completion {

struct Flag {
  std::vector<std::string> names;  // long names first: "--output", "-o"
  std::string help;
  ValueKind kind = ValueKind::none;
  std::vector<std::string> choices;
  bool repeatable = false;
  bool global = false;  // inherited from cxsched itself
};

struct Command {
  std::string path;  // "" for cxsched itself, "auth status"
  std::string help;
  std::vector<std::pair<std::string, std::string>> subcommands;  // name, help
  std::vector<Flag> flags;                                       // its own and inherited
  ValueKind positional = ValueKind::none;
  std::vector<std::string> positional_choices;  // with ValueKind::choice
  std::string positional_name;                  // "shell"
};

// Every command under `root` that is not hidden (an empty group), depth first.
std::vector<Command> collect(const CLI::App& root, const Registry& registry);

// The options every subcommand inherits from cxsched itself.
std::vector<Flag> global_flags(const std::vector<Command>& cmds);
// The options of `c` that are not among `globals`.
std::vector<Flag> own_flags(const Command& c, const std::vector<Flag>& globals);

std::string join(const std::vector<std::string>& v, const std::string& sep = " ");
// Single-quoted for sh, fish and zsh ('\'' closes, escapes and reopens).
std::string sq(const std::string& s);
// The first line of each script, naming the command that wrote it.
std::string header(const char* shell);

// "cxsched validate\t--offline" for every long option of every command.
std::string flag_list(const std::vector<Command>& cmds);

// The three scripts.
std::string bash_script(const std::vector<Command>& cmds);
std::string zsh_script(const std::vector<Command>& cmds);
std::string fish_script(const std::vector<Command>& cmds);

}  // namespace cxsched::app::completion
