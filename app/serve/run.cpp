// The server of `cxsched serve`: the admin HTTP API and web page over one
// session. Linked only into the server program (libexec/cxsched/cxsched-serve),
// so the commands never load cpp-httplib; `cxsched serve` hands its command
// line to that program (app/commands/serve.cpp).
#include "run.hpp"
#include "api.hpp"
#include "server.hpp"
#include "../documents.hpp"
#include "../exit_codes.hpp"

#include <cxsched/util/expected.hpp>
#include <cxsched/util/json.hpp>

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <pthread.h>
#include <cstdio>
#include <fstream>
#include <future>
#include <sstream>
#include <thread>

namespace cxsched::app::serve {
namespace {

constexpr util::Millis kDefaultDrain{30'000};
constexpr std::size_t kMaxBody = 1u << 20;

Result<std::string> read_text(const std::string& path, const char* what) {
  std::ifstream in(expand_home(path), std::ios::binary);
  if (!in) return fail(ErrorKind::usage, std::string(what) + ": cannot read '" + path + "'");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The admin token: --token-file, else CXSCHED_SERVE_TOKEN, else a new random
// one written to a 0600 file in the cache dir (named on stderr, never shown).
Result<std::string> admin_token(const ServeOptions& o, const std::filesystem::path& cache_dir,
                                std::string& written_to) {
  std::string token;
  std::string what;
  if (!o.token_file.empty()) {
    TRY_ASSIGN(auto text, read_text(o.token_file, "--token-file"));
    token = serve::trim(text);
    what = "--token-file '" + o.token_file + "'";
  } else if (const char* env = std::getenv("CXSCHED_SERVE_TOKEN"); env && *env) {
    token = serve::trim(env);
    what = "CXSCHED_SERVE_TOKEN";
  } else {
    TRY_ASSIGN(auto made, serve::write_new_token(cache_dir / "serve-token"));
    written_to = (cache_dir / "serve-token").string();
    return made;
  }
  if (token.size() < 16)
    return fail(ErrorKind::usage, "the admin token in " + what +
                                      " is too short: use at least 16 characters "
                                      "(or leave both unset and serve makes one)");
  return token;
}

Result<std::optional<rapidjson::Document>> read_defaults(const std::string& path) {
  if (path.empty()) return std::optional<rapidjson::Document>();
  TRY_ASSIGN(auto text, read_text(path, "--defaults"));
  auto doc = util::parse_json(text, "--defaults '" + path + "'");
  if (!doc) return std::unexpected(Error(ErrorKind::usage, doc.error().message));
  if (!doc->IsObject())
    return fail(ErrorKind::usage, "--defaults '" + path + "': expected a JSON object (a partial spec)");
  return std::optional<rapidjson::Document>(std::move(*doc));
}

}  // namespace

Result<int> run(Context& ctx, const ServeOptions& o) {
  // Before any thread starts, so that only the signal thread sees them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  TRY_ASSIGN(auto address, serve::parse_listen(o.listen));
  const bool remote = !serve::is_loopback(address.host);
  if (remote && !o.allow_remote)
    return fail(ErrorKind::usage, "--listen " + o.listen +
                                      " is not a loopback address: pass --allow-remote to serve "
                                      "other machines (over plain http)");
  TRY_ASSIGN(auto drain, ctx.timeout(kDefaultDrain));
  TRY_ASSIGN(auto defaults, read_defaults(o.defaults));

  TRY_ASSIGN(auto settings, ctx.connection(Needs::api));
  // A request of the server gives up sooner than a command: the caller is
  // waiting on the other end of a socket.
  settings.retry.max_attempts = 4;
  settings.retry.retry_budget = util::Millis{15'000};
  settings.retry.request_timeout = util::Millis{20'000};
  // A long-lived session has no deadline: each request is bounded by the
  // retry policy instead.
  settings.timeout = util::Millis{0};
  const auto cache_dir = settings.cache_dir;
  // One session for every worker thread: one token, one rate budget (after a
  // 429 every worker waits), shared connections and the session's page pool.
  TRY_ASSIGN(auto session, ops::Session::open(std::move(settings)));

  std::string token_path;
  serve::ApiSettings api;
  TRY_ASSIGN(auto token, admin_token(o, cache_dir, token_path));
  api.admin_token = std::move(token);
  api.defaults = std::move(defaults);

  httplib::Server server;
  serve::AccessLog log(ctx.term().quiet());
  serve::configure(server, {o.threads, kMaxBody}, api.admin_token, log);
  serve::NameLocks locks;
  serve::install_routes(server, *session, locks, api);

  TRY_ASSIGN(auto port, serve::bind(server, address));
  // The main thread waits for a signal; the listener wakes it with one too
  // should it stop by itself (the listening socket failed).
  std::atomic<bool> stopping{false};
  const pthread_t main_thread = pthread_self();
  auto listening = std::async(std::launch::async, [&server, &stopping, main_thread] {
    const bool ok = server.listen_after_bind();
    if (!stopping.load()) pthread_kill(main_thread, SIGTERM);
    return ok;
  });
  // httplib's stop() is a no-op until the accept loop runs: wait for it
  // before telling anyone (a signal can come the moment the line is out).
  while (!server.is_running() &&
         listening.wait_for(std::chrono::milliseconds(1)) != std::future_status::ready) {
  }
  std::fprintf(stderr, "listening on http://%s:%d\n", serve::url_host(address.host).c_str(), port);
  if (remote)
    std::fprintf(stderr,
                 "cxsched: warning: serving %s over plain http: the admin token and every "
                 "answer cross the network unencrypted; put a TLS proxy in front\n",
                 address.host.c_str());
  if (!token_path.empty())
    std::fprintf(stderr, "admin token written to %s (send it as Authorization: Bearer)\n",
                 token_path.c_str());
  std::fflush(stderr);

  int sig = 0;
  sigwait(&signals, &sig);
  if (listening.wait_for(std::chrono::seconds(0)) == std::future_status::ready)
    return fail(ErrorKind::internal, "the server stopped accepting connections");
  stopping = true;
  log.note(std::string("stopping on ") + (sig == SIGINT ? "SIGINT" : "SIGTERM") +
           ": finishing the requests in flight");
  server.stop();
  if (listening.wait_for(drain) != std::future_status::ready) {
    log.note("requests still running after " + std::to_string(drain.count() / 1000) +
             " s (--timeout); exiting without them");
    std::fflush(stderr);
    std::_Exit(kExitOk);
  }
  listening.get();
  log.note("stopped");
  return kExitOk;
}


}  // namespace cxsched::app::serve
