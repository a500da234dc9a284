// The fish completion script.
#include "model.hpp"

#include <algorithm>
#include <sstream>

namespace cxsched::app::completion {
namespace {

// fish single quotes take \' and \\.
std::string fish_sq(const std::string& s) {
  std::string out = "'";
  for (char ch : s) {
    if (ch == '\'' || ch == '\\') out += '\\';
    out += ch;
  }
  return out + "'";
}

}  // namespace

std::string fish_script(const std::vector<Command>& cmds) {
  std::ostringstream o;
  std::vector<std::string> paths, value_options;
  for (const auto& c : cmds) {
    if (!c.path.empty()) paths.push_back(c.path);
    for (const auto& f : c.flags)
      if (f.kind != ValueKind::none)
        for (const auto& n : f.names)
          if (std::find(value_options.begin(), value_options.end(), n) == value_options.end())
            value_options.push_back(n);
  }
  o << "# fish completion for cxsched\n" << header("fish") << "\n";
  o << "set -g __cxsched_paths";
  for (const auto& p : paths) o << " " << fish_sq(p);
  o << "\nset -g __cxsched_value_options " << join(value_options) << "\n\n";
  o << R"SH(function __cxsched_path --description 'The subcommands on the command line'
    set -l path
    set -l skip 0
    for word in (commandline -opc)[2..-1]
        if test $skip = 1
            set skip 0
            continue
        end
        switch $word
            case '-*=*'
            case '-*'
                contains -- $word $__cxsched_value_options; and set skip 1
            case '*'
                contains -- (string join ' ' $path $word) $__cxsched_paths; and set -a path $word
        end
    end
    string join ' ' $path
end

function __cxsched_at --description 'True when the command line is at subcommand $argv[1]'
    set -l path (__cxsched_path)
    test "$path" = "$argv[1]"
end

function __cxsched_profiles --description 'The profiles of the config file'
    set -l words (commandline -opc)
    set -l config
    set -l i (contains -i -- --config $words)
    and set config --config $words[(math $i + 1)]
    command $words[1] completion --list-profiles $config 2>/dev/null
end

complete -c cxsched -f
)SH";
  auto globals = global_flags(cmds);
  auto option_line = [&](const std::string& cond, const Flag& f) {
      o << "complete -c cxsched";
      if (!cond.empty()) o << " -n " << fish_sq(cond);
      for (const auto& n : f.names) o << (n.starts_with("--") ? " -l " + n.substr(2) : " -s " + n.substr(1));
      switch (f.kind) {
        case ValueKind::none: break;
        case ValueKind::text: o << " -x"; break;
        case ValueKind::file: o << " -r -F"; break;
        case ValueKind::dir: o << " -x -a '(__fish_complete_directories)'"; break;
        case ValueKind::spec: o << " -x -a '(__fish_complete_suffix .json)'"; break;
        case ValueKind::profile: o << " -x -a '(__cxsched_profiles)'"; break;
        case ValueKind::choice: o << " -x -a " << fish_sq(join(f.choices)); break;
      }
      o << " -d " << fish_sq(f.help) << "\n";
  };
  o << "\n# Options of every command\n";
  for (const auto& f : globals) option_line("", f);
  for (const auto& c : cmds) {
    std::string cond = "__cxsched_at \"" + c.path + "\"";
    o << "\n# cxsched" << (c.path.empty() ? "" : " " + c.path) << "\n";
    for (const auto& [n, h] : c.subcommands)
      o << "complete -c cxsched -n " << fish_sq(cond) << " -a " << n << " -d " << fish_sq(h) << "\n";
    for (const auto& f : own_flags(c, globals)) option_line(cond, f);
    if (c.positional == ValueKind::spec)
      o << "complete -c cxsched -n " << fish_sq(cond) << " -a '(__fish_complete_suffix .json)'\n";
    if (c.positional == ValueKind::choice)
      o << "complete -c cxsched -n " << fish_sq(cond) << " -a "
        << fish_sq(join(c.positional_choices)) << "\n";
  }
  return o.str();
}

}  // namespace cxsched::app::completion
