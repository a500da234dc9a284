// The `cxsched completion` command: shell completion scripts generated from
// the CLI11 tree, and the lists the scripts and the tests ask for (hidden
// options).
#include "commands.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <fstream>
#include <sstream>

namespace cxsched::app {
namespace {

enum class ValueKind { none, text, file, dir, spec, profile, choice };

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

const std::vector<std::string> kStatuses = {"DRAFT",  "SCHEDULED", "ACTIVATING", "ACTIVE",
                                            "PAUSED", "COMPLETED", "FAILED",     "CANCELED"};

// How option values are completed when the CLI11 tree does not say (no IsMember check).
struct ValueRule {
  std::string_view command;  // empty: any command
  std::string_view option;
  ValueKind kind;
  std::vector<std::string> choices = {};
};

const std::vector<ValueRule>& value_rules() {
  static const std::vector<ValueRule> rules = {
      {"", "--output", ValueKind::choice, {"table", "json", "csv"}},
      {"", "--profile", ValueKind::profile},
      {"", "--config", ValueKind::file},
      {"", "--client-secret-file", ValueKind::file},
      {"", "--ca-bundle", ValueKind::file},
      {"", "--cache-dir", ValueKind::dir},
      {"watch", "--for", ValueKind::choice, kStatuses},
      {"list", "--status", ValueKind::choice, kStatuses},
      {"report", "--interval", ValueKind::choice, {"PT15M", "PT30M", "PT1H", "P1D"}},
      {"report", "--chart", ValueKind::file},
  };
  return rules;
}

// The values of a CLI::IsMember check, read from the type name "TEXT:{a,b}".
std::vector<std::string> member_values(const CLI::Option* opt) {
  std::string type = opt->get_type_name();
  auto open = type.find('{');
  auto close = type.find('}', open);
  std::vector<std::string> values;
  if (open == std::string::npos || close == std::string::npos) return values;
  std::stringstream in(type.substr(open + 1, close - open - 1));
  for (std::string v; std::getline(in, v, ',');)
    if (!v.empty()) values.push_back(v);
  return values;
}

std::string one_line(std::string text) {
  std::replace(text.begin(), text.end(), '\n', ' ');
  return text;
}

Flag make_flag(const std::string& path, const CLI::Option* opt) {
  Flag f;
  for (const auto& l : opt->get_lnames()) f.names.push_back("--" + l);
  for (const auto& s : opt->get_snames()) f.names.push_back("-" + s);
  f.help = one_line(opt->get_description());
  f.repeatable = opt->get_expected_max() > 1 ||
                 opt->get_multi_option_policy() == CLI::MultiOptionPolicy::TakeAll;
  if (opt->get_expected_max() == 0) return f;
  f.kind = ValueKind::text;
  if (auto values = member_values(opt); !values.empty()) {
    f.kind = ValueKind::choice;
    f.choices = std::move(values);
  }
  std::string first_word = path.substr(0, path.find(' '));
  for (const auto& r : value_rules()) {
    if ((r.command.empty() || r.command == first_word) &&
        std::find(f.names.begin(), f.names.end(), r.option) != f.names.end()) {
      f.kind = r.kind;
      f.choices = r.choices;
    }
  }
  return f;
}

bool hidden(const CLI::App* app) { return app->get_group().empty(); }

void collect(const CLI::App* app, const std::string& path, std::vector<Command>& out) {
  Command c;
  c.path = path;
  c.help = one_line(app->get_description());
  std::vector<std::string> seen;
  for (const CLI::App* a = app; a; a = a->get_parent()) {
    for (const CLI::Option* opt : a->get_options()) {
      if (opt->get_positional()) {
        if (a == app && opt->get_name() == "spec") {
          c.positional = ValueKind::spec;
        } else if (a == app && c.positional == ValueKind::none) {
          c.positional_choices = member_values(opt);
          c.positional_name = opt->get_name();
          c.positional = c.positional_choices.empty() ? ValueKind::text : ValueKind::choice;
        }
        continue;
      }
      if (opt->get_group().empty() || opt->get_lnames().empty()) continue;
      Flag f = make_flag(path, opt);
      f.global = a->get_parent() == nullptr && a != app;
      if (std::find(seen.begin(), seen.end(), f.names.front()) != seen.end()) continue;
      seen.push_back(f.names.front());
      c.flags.push_back(std::move(f));
    }
  }
  std::sort(c.flags.begin(), c.flags.end(),
            [](const Flag& a, const Flag& b) { return a.names.front() < b.names.front(); });
  std::vector<const CLI::App*> subs;
  for (const CLI::App* s : app->get_subcommands([](const CLI::App*) { return true; }))
    if (!hidden(s)) subs.push_back(s);
  for (const CLI::App* s : subs) c.subcommands.emplace_back(s->get_name(), one_line(s->get_description()));
  out.push_back(std::move(c));
  for (const CLI::App* s : subs) collect(s, path.empty() ? s->get_name() : path + " " + s->get_name(), out);
}

// The options every subcommand inherits from cxsched itself.
std::vector<Flag> global_flags(const std::vector<Command>& cmds) {
  std::vector<Flag> out;
  for (const auto& c : cmds)
    for (const auto& f : c.flags)
      if (f.global && std::none_of(out.begin(), out.end(), [&](const Flag& g) { return g.names == f.names; }))
        out.push_back(f);
  return out;
}

// The options of `c` that are not among `globals`.
std::vector<Flag> own_flags(const Command& c, const std::vector<Flag>& globals) {
  std::vector<Flag> out;
  for (const auto& f : c.flags)
    if (!f.global && std::none_of(globals.begin(), globals.end(),
                                  [&](const Flag& g) { return g.names == f.names; }))
      out.push_back(f);
  return out;
}

std::string join(const std::vector<std::string>& v, const std::string& sep = " ") {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : sep) + s;
  return out;
}

std::string kind_word(const Flag& f) {
  switch (f.kind) {
    case ValueKind::choice: return "choice:" + join(f.choices);
    case ValueKind::file: return "file";
    case ValueKind::dir: return "dir";
    case ValueKind::spec: return "spec";
    case ValueKind::profile: return "profile";
    case ValueKind::text: return "text";
    case ValueKind::none: break;
  }
  return "";
}

// Single-quoted for sh, fish and zsh ('\'' closes, escapes and reopens).
std::string sq(const std::string& s) {
  std::string out = "'";
  for (char ch : s) out += ch == '\'' ? std::string("'\\''") : std::string(1, ch);
  return out + "'";
}

// fish single quotes take \' and \\.
std::string fish_sq(const std::string& s) {
  std::string out = "'";
  for (char ch : s) {
    if (ch == '\'' || ch == '\\') out += '\\';
    out += ch;
  }
  return out + "'";
}

const char* const kGenerated = "# Generated by `cxsched completion %s` from the command tree; do not edit.\n";

std::string header(const char* shell) {
  char line[128];
  std::snprintf(line, sizeof line, kGenerated, shell);
  return line;
}

std::string bash_script(const std::vector<Command>& cmds) {
  std::ostringstream o;
  o << "# bash completion for cxsched\n" << header("bash") << "\n";
  o << "_cxsched_commands() {\n    case $1 in\n";
  for (const auto& c : cmds) {
    std::vector<std::string> names;
    for (const auto& [n, h] : c.subcommands) names.push_back(n);
    if (!names.empty()) o << "        " << sq(c.path) << ") REPLY=" << sq(join(names)) << " ;;\n";
  }
  o << "        *) REPLY='' ;;\n    esac\n}\n\n";
  auto globals = global_flags(cmds);
  auto names_of = [](const std::vector<Flag>& flags) {
    std::vector<std::string> names;
    for (const auto& f : flags)
      for (const auto& n : f.names) names.push_back(n);
    return join(names);
  };
  o << "_cxsched_options() {\n    case $1 in\n";
  for (const auto& c : cmds)
    o << "        " << sq(c.path) << ") REPLY=" << sq(names_of(own_flags(c, globals))) << " ;;\n";
  o << "        *) REPLY='' ;;\n    esac\n";
  o << "    REPLY+=" << sq(" " + names_of(globals)) << "\n}\n\n";
  o << "_cxsched_value() {\n    case \"$1 $2\" in\n";
  auto value_case = [&](const std::vector<Flag>& flags, const std::string& key_prefix, bool any) {
    for (const auto& f : flags) {
      if (f.kind == ValueKind::none) continue;
      std::vector<std::string> keys;
      for (const auto& n : f.names) keys.push_back((any ? "*" : "") + sq(key_prefix + n));
      o << "        " << join(keys, "|") << ") REPLY=" << sq(kind_word(f)) << " ;;\n";
    }
  };
  for (const auto& c : cmds) value_case(own_flags(c, globals), c.path + " ", false);
  value_case(globals, " ", true);
  o << "        *) REPLY='' ;;\n    esac\n}\n\n";
  o << "_cxsched_positional() {\n    case $1 in\n";
  for (const auto& c : cmds) {
    if (c.positional == ValueKind::spec) o << "        " << sq(c.path) << ") REPLY=spec ;;\n";
    if (c.positional == ValueKind::choice)
      o << "        " << sq(c.path) << ") REPLY=" << sq("choice:" + join(c.positional_choices))
        << " ;;\n";
  }
  o << "        *) REPLY='' ;;\n    esac\n}\n\n";
  o << R"SH(_cxsched_complete_value() {
    local kind=$1 cur=$2 config=$3 command=$4
    case $kind in
        choice:*) mapfile -t COMPREPLY < <(compgen -W "${kind#choice:}" -- "$cur") ;;
        file)
            compopt -o filenames 2>/dev/null
            mapfile -t COMPREPLY < <(compgen -f -- "$cur") ;;
        dir)
            compopt -o filenames 2>/dev/null
            mapfile -t COMPREPLY < <(compgen -d -- "$cur") ;;
        spec)
            compopt -o filenames 2>/dev/null
            mapfile -t COMPREPLY < <(compgen -d -- "$cur"; compgen -f -X '!*.json' -- "$cur") ;;
        profile)
            local profiles
            profiles=$("$command" completion --list-profiles ${config:+--config "$config"} 2>/dev/null)
            mapfile -t COMPREPLY < <(compgen -W "$profiles" -- "$cur") ;;
        *) COMPREPLY=() ;;
    esac
}

_cxsched() {
    local cur=${COMP_WORDS[COMP_CWORD]} path='' config='' option='' prefix='' word i REPLY
    COMPREPLY=()
    for ((i = 1; i < COMP_CWORD; i++)); do
        word=${COMP_WORDS[i]}
        case $word in
            --config=*) config=${word#*=} ;;
            -*)
                _cxsched_value "$path" "$word"
                if [[ -n $REPLY ]]; then
                    [[ ${COMP_WORDS[i + 1]} == = ]] && ((i++))
                    ((i++))
                    [[ $word == --config && $i -lt $COMP_CWORD ]] && config=${COMP_WORDS[i]}
                fi ;;
            *)
                _cxsched_commands "$path"
                [[ " $REPLY " == *" $word "* ]] && path=${path:+$path }$word ;;
        esac
    done
    local prev=${COMP_WORDS[COMP_CWORD - 1]}
    if [[ $cur == = && $prev == -* ]]; then
        option=$prev cur=''
    elif [[ $prev == = && ${COMP_WORDS[COMP_CWORD - 2]} == -* ]]; then
        option=${COMP_WORDS[COMP_CWORD - 2]}
    elif [[ $cur == --*=* ]]; then
        option=${cur%%=*} prefix=${cur%%=*}= cur=${cur#*=}
    elif [[ $prev == -* ]]; then
        option=$prev
    fi
    if [[ -n $option ]]; then
        _cxsched_value "$path" "$option"
        if [[ -n $REPLY ]]; then
            _cxsched_complete_value "$REPLY" "$cur" "$config" "${COMP_WORDS[0]}"
            [[ -n $prefix ]] && COMPREPLY=("${COMPREPLY[@]/#/$prefix}")
            return 0
        fi
    fi
    if [[ $cur == -* ]]; then
        _cxsched_options "$path"
        mapfile -t COMPREPLY < <(compgen -W "$REPLY" -- "$cur")
        return 0
    fi
    _cxsched_commands "$path"
    if [[ -n $REPLY ]]; then
        mapfile -t COMPREPLY < <(compgen -W "$REPLY" -- "$cur")
        return 0
    fi
    _cxsched_positional "$path"
    _cxsched_complete_value "$REPLY" "$cur"
}

complete -F _cxsched cxsched
)SH";
  return o.str();
}

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

// "cxsched validate\t--offline" for every long option of every command.
std::string flag_list(const std::vector<Command>& cmds) {
  std::string out;
  for (const auto& c : cmds)
    for (const auto& f : c.flags)
      for (const auto& n : f.names)
        if (n.starts_with("--")) out += "cxsched" + (c.path.empty() ? "" : " " + c.path) + "\t" + n + "\n";
  return out;
}

// The profile names of the config file: "default" and each [profile.NAME].
Result<std::string> profile_list(const Context& ctx) {
  const std::string& path = ctx.profile().source;
  if (path.empty() || !std::ifstream(path)) return std::string();
  toml::table root;
  try {
    root = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    return fail(ErrorKind::usage, path + ": invalid TOML: " + std::string(e.description()));
  }
  std::string out;
  if (root["default"].as_table()) out += "default\n";
  if (auto* profiles = root["profile"].as_table())
    for (auto& [k, v] : *profiles) out += std::string(k.str()) + "\n";
  return out;
}

struct CompletionOptions {
  std::string shell;
  bool list_profiles = false;
  bool list_flags = false;
};

}  // namespace

void register_completion(CLI::App& app, Context& ctx, Registry& registry) {
  (void)ctx;
  auto opts = std::make_shared<CompletionOptions>();
  auto* sub = app.add_subcommand("completion", "Print the completion script of a shell");
  sub->add_option("shell", opts->shell, "bash, zsh or fish")
      ->type_name("SHELL")
      ->check(CLI::IsMember({"bash", "zsh", "fish"}));
  // For the scripts themselves and the tests, not for people.
  sub->add_flag("--list-profiles", opts->list_profiles, "Print the profiles of the config file")
      ->group("");
  sub->add_flag("--list-flags", opts->list_flags, "Print every long option of every command")
      ->group("");
  sub->footer("Example:\n  cxsched completion bash > ~/.local/share/bash-completion/completions/cxsched");
  const CLI::App* root = &app;
  registry.add(sub, [opts, root](Context& c) -> Result<int> {
    int asked = (opts->shell.empty() ? 0 : 1) + (opts->list_profiles ? 1 : 0) + (opts->list_flags ? 1 : 0);
    if (asked != 1)
      return fail(ErrorKind::usage,
                  "completion: give one of bash, zsh, fish, --list-profiles or --list-flags");
    if (opts->list_profiles) {
      auto names = profile_list(c);
      if (!names) return std::unexpected(names.error());
      c.term().print(*names);
      return 0;
    }
    std::vector<Command> cmds;
    collect(root, "", cmds);
    if (opts->list_flags) c.term().print(flag_list(cmds));
    else if (opts->shell == "bash") c.term().print(bash_script(cmds));
    else if (opts->shell == "zsh") c.term().print(zsh_script(cmds));
    else c.term().print(fish_script(cmds));
    return 0;
  }, {});
}

}  // namespace cxsched::app
