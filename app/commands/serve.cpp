// cxsched serve [--listen ADDR:PORT] [--token-file FILE] [--defaults FILE] [--allow-remote]
// Its flags, and the hand-over to the server program (app/serve/).
#include "commands.hpp"

#include <cxsched/util/expected.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <system_error>
#include <unistd.h>

namespace cxsched::app {

std::filesystem::path serve_program_path() {
  std::error_code ec;
  auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return {};
  return self.parent_path().parent_path() / "libexec" / "cxsched" / "cxsched-serve";
}

Result<int> exec_serve_program(char** argv) {
  const auto program = serve_program_path();
  if (program.empty())
    return fail(ErrorKind::internal, "serve: cannot tell where this program is (/proc/self/exe)");
  std::fflush(stdout);
  std::fflush(stderr);
  ::execv(program.c_str(), argv);
  const int err = errno;
  return fail(ErrorKind::internal, "serve: cannot run " + program.string() +
                                       ", the server program installed with cxsched: " +
                                       std::strerror(err));
}

void register_serve(CLI::App& app, Context& ctx, Registry& registry, ServeRunner runner) {
  (void)ctx;
  auto opts = std::make_shared<ServeOptions>();
  auto* sub = app.add_subcommand(
      "serve", "Serve the admin HTTP API and web page over the same library as the commands");
  sub->add_option("--listen", opts->listen, "ADDR:PORT to listen on; port 0 picks a free one")
      ->capture_default_str();
  sub->add_option("--token-file", opts->token_file,
                  "File holding the admin token [or env: CXSCHED_SERVE_TOKEN] (default: a new "
                  "random one in the cache dir)");
  sub->add_option("--defaults", opts->defaults,
                  "Partial spec (JSON) whose fields fill what a POST /api/schedule body lacks");
  sub->add_flag("--allow-remote", opts->allow_remote,
                "Allow a non-loopback --listen address (plain http: put TLS in front)");
  sub->add_option("--threads", opts->threads, "Requests served at once")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  sub->footer(
      "Every /api/ request needs Authorization: Bearer <admin token>. The first stderr line\n"
      "is 'listening on http://ADDR:PORT'; then one access log line per request. SIGINT or\n"
      "SIGTERM stops accepting, lets requests in flight finish (the global --timeout, default\n"
      "30s) and exits 0.\n"
      "\nExamples:\n  cxsched serve --defaults dialer-defaults.json\n"
      "  CXSCHED_SERVE_TOKEN=$(cat admin.token) cxsched serve --listen 0.0.0.0:8080 "
      "--allow-remote");
  registry.add(sub, [opts, runner = std::move(runner)](Context& c) { return runner(c, *opts); });
}

}  // namespace cxsched::app
