#pragma once

#include "context.hpp"

#include <CLI/CLI.hpp>

#include <filesystem>
#include <functional>
#include <set>
#include <string>
#include <vector>

namespace cxsched::app {

// The deadline of a command that reads every page of campaigns (list,
// validate, create without --wait) when --timeout is not given: a platform
// whose pages never end cannot hold a cron job forever.
inline constexpr util::Millis kDefaultListTimeout{5 * 60 * 1000};
// The deadline of a command that waits for campaigns to go live (activate
// and create with --wait) when --timeout is not given.
inline constexpr util::Millis kDefaultWaitTimeout{10 * 60 * 1000};

// Each adds its subcommand(s) to `app` and registers the runner(s).
void register_auth(CLI::App& app, Context& ctx, Registry& registry);
void register_list(CLI::App& app, Context& ctx, Registry& registry);
void register_validate(CLI::App& app, Context& ctx, Registry& registry);
void register_create(CLI::App& app, Context& ctx, Registry& registry);
void register_activate(CLI::App& app, Context& ctx, Registry& registry);
void register_watch(CLI::App& app, Context& ctx, Registry& registry);
void register_report(CLI::App& app, Context& ctx, Registry& registry);

// `cxsched serve`'s flags.
struct ServeOptions {
  std::string listen = "127.0.0.1:8080";
  std::string token_file;
  std::string defaults;
  bool allow_remote = false;
  int threads = 16;
};
// What `cxsched serve` does once its flags are parsed. The HTTP server
// (cpp-httplib, and the OpenSSL set-up its library does when loaded) lives in
// a program of its own, so that no other command pays for loading it:
// cxsched hands it the whole command line (exec_serve_program), and that
// program registers serve::run (app/serve/run.hpp).
using ServeRunner = std::function<Result<int>(Context&, const ServeOptions&)>;
void register_serve(CLI::App& app, Context& ctx, Registry& registry, ServeRunner runner);

// The server program beside the binary running: <prefix>/libexec/cxsched/
// cxsched-serve for <prefix>/bin/cxsched (the build tree has the same layout).
std::filesystem::path serve_program_path();
// Replaces this process with the server program, given `argv` as it is;
// returns only on failure (ErrorKind::internal naming the program).
Result<int> exec_serve_program(char** argv);
void register_doctor(CLI::App& app, Context& ctx, Registry& registry);

// The campaign statuses (schedule::kCampaignStatuses) as strings, for
// suggestions and completion hints.
std::vector<std::string> status_names();

// `list --status` values (repeatable or comma-separated, any case) as the
// platform's status names; ErrorKind::usage naming an unknown one.
Result<std::set<std::string>> parse_statuses(const std::vector<std::string>& given);

// Completion scripts generated from `app`, which must be complete when it runs.
void register_completion(CLI::App& app, Context& ctx, Registry& registry);

}  // namespace cxsched::app
