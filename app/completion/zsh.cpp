// The zsh completion script.
#include "model.hpp"

#include <sstream>

namespace cxsched::app::completion {
namespace {

std::string fn_name(const std::string& path) {
  std::string name = path.empty() ? "_cxsched" : "_cxsched_";
  for (char ch : path) name += ch == ' ' || ch == '-' ? '_' : ch;
  return name;
}

std::string zsh_escape(const std::string& help) {
  std::string out;
  for (char ch : help) {
    if (ch == '[' || ch == ']' || ch == ':' || ch == '\\') out += '\\';
    out += ch;
  }
  return out;
}

std::string zsh_action(ValueKind kind, const std::vector<std::string>& choices) {
  switch (kind) {
    case ValueKind::choice: return "(" + join(choices) + ")";
    case ValueKind::file: return "_files";
    case ValueKind::dir: return "_files -/";
    case ValueKind::spec: return "_files -g \"*.json(-.)\"";
    case ValueKind::profile: return "_cxsched_profiles";
    case ValueKind::text:
    case ValueKind::none: break;
  }
  return " ";
}

// The _arguments specs of one option, one per name.
std::vector<std::string> zsh_specs(const Flag& f) {
  std::string value;
  if (f.kind != ValueKind::none) {
    std::string what = f.names.front().substr(2);
    value = ":" + what + ":" + zsh_action(f.kind, f.choices);
  }
  std::string help = "[" + zsh_escape(f.help) + "]";
  std::vector<std::string> out;
  for (const auto& n : f.names) {
    std::string name = n;
    if (f.kind != ValueKind::none) name += n.starts_with("--") ? "=" : "+";
    std::string excl = f.repeatable ? "*" : "(" + join(f.names) + ")";
    out.push_back(sq(excl + name + help + value));
  }
  return out;
}

}  // namespace

std::string zsh_script(const std::vector<Command>& cmds) {
  std::ostringstream o;
  o << "#compdef cxsched\n# zsh completion for cxsched\n" << header("zsh") << "\n";
  o << R"SH(_cxsched_profiles() {
    local -a profiles config
    local i=${_cxsched_words[(I)--config]}
    (( i )) && config=(--config "${_cxsched_words[i + 1]}")
    profiles=(${(f)"$(_call_program profiles ${(q)_cxsched_command} completion --list-profiles $config 2>/dev/null)"})
    _wanted profiles expl profile compadd -a profiles
}

)SH";
  auto globals = global_flags(cmds);
  o << "typeset -ga _cxsched_global_options\n_cxsched_global_options=(\n";
  for (const auto& f : globals)
    for (const auto& spec : zsh_specs(f)) o << "    " << spec << "\n";
  o << ")\n\n";
  auto own_specs = [&](const Command& c) {
    for (const auto& f : own_flags(c, globals))
      for (const auto& spec : zsh_specs(f)) o << "        " << spec << " \\\n";
  };
  for (const auto& c : cmds) {
    o << fn_name(c.path) << "() {\n";
    if (c.path.empty()) o << "    local _cxsched_command=${words[1]}\n    local -a _cxsched_words=(\"${words[@]}\")\n";
    if (!c.subcommands.empty()) {
      o << "    local curcontext=$curcontext state line\n    typeset -A opt_args\n";
      o << "    local -a commands\n    commands=(\n";
      for (const auto& [n, h] : c.subcommands) o << "        " << sq(n + ":" + zsh_escape(h)) << "\n";
      o << "    )\n    _arguments -C -S \"${_cxsched_global_options[@]}\" \\\n";
      own_specs(c);
      o << "        '1: :->command' \\\n        '*:: :->argument' && return 0\n";
      o << "    case $state in\n";
      o << "        command) _describe -t commands " << sq((c.path.empty() ? "cxsched" : "cxsched " + c.path) + " command")
        << " commands ;;\n";
      o << "        argument)\n            case $line[1] in\n";
      for (const auto& [n, h] : c.subcommands)
        o << "                " << n << ") " << fn_name(c.path.empty() ? n : c.path + " " + n) << " ;;\n";
      o << "            esac ;;\n    esac\n";
    } else {
      o << "    _arguments -S \"${_cxsched_global_options[@]}\" \\\n";
      own_specs(c);
      if (c.positional == ValueKind::spec)
        o << "        " << sq("*:spec file:" + zsh_action(ValueKind::spec, {})) << "\n";
      else if (c.positional == ValueKind::choice)
        o << "        " << sq("1:" + c.positional_name + ":" + zsh_action(ValueKind::choice, c.positional_choices))
          << "\n";
      else if (c.positional == ValueKind::text)
        o << "        '*:campaign id: '\n";
      else
        o << "        && return 0\n";
    }
    o << "}\n\n";
  }
  o << "if [[ $zsh_eval_context[-1] == loadautofunc ]]; then\n    _cxsched \"$@\"\nelse\n"
       "    compdef _cxsched cxsched\nfi\n";
  return o.str();
}

}  // namespace cxsched::app::completion
