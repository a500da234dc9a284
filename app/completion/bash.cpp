// The bash completion script.
#include "model.hpp"

#include <sstream>

namespace cxsched::app::completion {
namespace {

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

}  // namespace

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

}  // namespace cxsched::app::completion
