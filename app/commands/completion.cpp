// The `cxsched completion` command: shell completion scripts generated from
// the CLI11 tree (app/completion/), and the lists the scripts and the tests
// ask for (hidden options).
#include "commands.hpp"
#include "../completion/model.hpp"

namespace cxsched::app {
namespace {

struct CompletionOptions {
  std::string shell;
  bool list_profiles = false;
  bool list_flags = false;
};

// The profile names of the config file, as Context read it: "default" and
// each [profile.NAME].
std::string profile_list(const Context& ctx) {
  std::string out;
  for (const auto& name : ctx.profile().available) out += name + "\n";
  return out;
}

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
  const Registry* hints = &registry;  // complete by the time the command runs
  registry.add(sub, [opts, root, hints](Context& c) -> Result<int> {
    int asked = (opts->shell.empty() ? 0 : 1) + (opts->list_profiles ? 1 : 0) + (opts->list_flags ? 1 : 0);
    if (asked != 1)
      return fail(ErrorKind::usage,
                  "completion: give one of bash, zsh, fish, --list-profiles or --list-flags");
    if (opts->list_profiles) {
      c.term().print_raw(profile_list(c));
      return 0;
    }
    const auto cmds = completion::collect(*root, *hints);
    if (opts->list_flags) c.term().print_raw(completion::flag_list(cmds));
    else if (opts->shell == "bash") c.term().print_raw(completion::bash_script(cmds));
    else if (opts->shell == "zsh") c.term().print_raw(completion::zsh_script(cmds));
    else c.term().print_raw(completion::fish_script(cmds));
    return 0;
  }, {});
}

}  // namespace cxsched::app
