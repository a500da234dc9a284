// cxone-sim: a simulator of the CXone campaign API for tests, demos and CI.
#include <pthread.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <date/date.h>

#include "acd/options.hpp"
#include "acd/server.hpp"
#include "config.hpp"
#include "server.hpp"

namespace {

constexpr const char* help_footer = R"(
CLIENTS
  Without --config: demo-client / demo-secret (campaign:read campaign:write
  analytics:campaign:read) and readonly-client / readonly-secret (campaign:read).

CONFIG FILE (JSON, every field optional; flags override it)
  {"clients": [{"id": "...", "secret": "...", "scopes": ["campaign:read", ...]}],
   "tokenTtlSeconds": 3600, "activationDelayMs": 1500, "maxPageSize": 500,
   "queues": ["queue_abc123"],
   "rateLimits": {"campaigns.create": {"requests": 10, "perSeconds": 10}}}

ENDPOINT NAMES (rate limits, faults, request log)
  token, campaigns.list, campaigns.get, campaigns.create, campaigns.activate,
  analytics.query; `*` means every endpoint (a `*` rate limit applies to each
  endpoint without its own limit, counted per endpoint and client).

ACTIVATION
  POST .../activate answers 202 and the campaign reads ACTIVATING; after
  --activation-delay-ms it reads ACTIVE, or FAILED with statusReason
  "routing queue 'X' does not exist" when its routingSettings.queueId is not in
  the config's "queues" (without "queues": every queue exists except ids that
  start with queue_missing).

SYNTHETIC ANALYTICS (deterministic)
  Only ACTIVE, PAUSED and COMPLETED campaigns have activity, only before now.
  Scheduled time: on each local day D in [startDate, endDate) not in
  excludeDates, the windows for D's weekday (local wall clock [start, end));
  no windows = the whole campaign. With d = local days since the local date
  of startDate, the dialer is active from window start + (d % 4) * 5 minutes
  to window end; on days with d % 7 == 3 also 10 minutes past the end of the
  day's last window; the whole time without windows. Per bucket (UTC grid of
  the interval clipped to the range; one bucket without timeInterval), with
  A = whole active minutes (a bucket with A = 0 is absent):
    callsAttempted 3A, callsConnected A, callsAbandoned X,
    talkTimeSeconds 150A, dialingSeconds 60A,
    scheduleAdherence = 100 * active-in-schedule s / scheduled s (2 decimals,
    absent when nothing was scheduled in the bucket).
  X counts the UTC minutes m (m = Unix seconds / 60, the minute covering
  [60m, 60m + 60) s) lying wholly in active time and in the bucket with
  floor((m + 1) * r) > floor(m * r) in double arithmetic (Python:
  math.floor((m + 1) * r) > math.floor(m * r)), r = the campaign's
  dialerSettings.dropRate (0.03 when absent, clamped to [0, 1]). Each such
  minute has one abandoned call, one of its 3 attempts, not one of the
  connected calls; so X <= A, X / A tends to r, and X adds up across buckets.
  groupBy disposition: CONNECTED (attempted A, connected A, talk 150A),
  NO_ANSWER (attempted 2A - X), ABANDONED (attempted X, abandoned X;
  only when X > 0); dialingSeconds and scheduleAdherence repeat per group.

ADMIN ENDPOINTS (no auth)
  GET /_sim/health                      {"ok":true}
  GET|DELETE /_sim/requests[?endpoint=E] API and token requests seen
  GET|POST|DELETE /_sim/campaigns       all campaigns / insert as is / remove all
  GET|POST|DELETE /_sim/faults          {"endpoint","status","count","commit",
                                         "retryAfter","body","drop"} or
                                        {"endpoint":"campaigns.activate.result",
                                         "status":"FAILED","reason","count"}
  POST|DELETE /_sim/rate-limits         {"endpoint","requests","perSeconds"}
  POST /_sim/tokens/revoke              {"clientId": "..."} or {} for all
  GET /_sim/stats                       counts per endpoint and status
)";

void write_port_file(const std::filesystem::path& path, int port) {
  auto tmp = path;
  tmp += ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << port << "\n";
  }
  std::filesystem::rename(tmp, path);
}

// Serves `sim` until SIGINT/SIGTERM (blocked in every thread, taken by a
// waiter thread); the exit status.
template <class Sim>
int serve(Sim& sim, const cxsched::sim::SimConfig& config, const std::string& port_file) {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  if (auto err = sim.init()) {
    std::cerr << "cxone-sim: " << *err << "\n";
    return 1;
  }
  auto port = sim.bind();
  if (!port) {
    std::cerr << "cxone-sim: cannot listen on " << config.host << ":" << config.port << "\n";
    return 1;
  }
  if (!port_file.empty()) {
    try {
      write_port_file(port_file, *port);
    } catch (const std::exception& e) {
      std::cerr << "cxone-sim: cannot write port file: " << e.what() << "\n";
      return 1;
    }
  }
  std::atomic<bool> finished{false};
  std::thread waiter([&sim, &finished, signals] {
    int received = 0;
    sigwait(&signals, &received);
    while (!finished.load()) {
      if (sim.running()) {
        sim.stop();
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds{20});
    }
  });

  std::printf("cxone-sim listening on http://%s:%d\n", config.host.c_str(), *port);
  std::fflush(stdout);
  std::cerr << "cxone-sim: serving " << config.clients.size() << " client(s), seed " << config.seed
            << (config.state_file ? ", state " + config.state_file->string() : std::string{})
            << "\n";
  const bool ok = sim.run();
  finished.store(true);
  pthread_kill(waiter.native_handle(), SIGTERM);
  waiter.join();
  if (auto err = sim.save()) {
    std::cerr << "cxone-sim: " << *err << "\n";
    return 1;
  }
  std::cerr << "cxone-sim: stopped\n";
  return ok ? 0 : 1;
}

std::vector<std::string> every_endpoint_name() {
  auto names = cxsched::sim::endpoint_names();
  for (const auto& n : cxsched::sim::acd::endpoint_names())
    if (std::find(names.begin(), names.end(), n) == names.end()) names.push_back(n);
  return names;
}

}  // namespace

int main(int argc, char** argv) {
  using cxsched::sim::SimConfig;
  CLI::App app{
      "cxone-sim: a simulator of the NICE CXone campaign API (OAuth, campaigns,\n"
      "activation, analytics) with fault injection, rate limits and a request log."};
  app.footer(std::string{help_footer} + cxsched::sim::acd::help_text());
  app.get_formatter()->column_width(34);

  SimConfig flags;
  std::string config_file;
  std::string state_file;
  std::string port_file;
  std::string request_log;
  long token_ttl = 3600;
  long activation_delay = 1500;
  std::vector<std::string> rate_limits;
  long latency = 0;
  std::string platform = "campaigns";
  cxsched::sim::acd::AcdOptions acd_options;

  app.add_option("--platform", platform,
                 "the API served: campaigns (the campaign API) or acd (the ACD Admin API)")
      ->capture_default_str()
      ->check(CLI::IsMember({"campaigns", "acd"}));

  app.add_option("--host", flags.host, "address to listen on")->capture_default_str();
  app.add_option("--port", flags.port, "port to listen on; 0 picks a free one")
      ->capture_default_str()
      ->check(CLI::Range(0, 65535));
  app.add_option("--port-file", port_file, "also write the port number to FILE");
  app.add_option("--config", config_file, "JSON config file (see below)")->check(CLI::ExistingFile);
  app.add_option("--state", state_file,
                 "load campaigns from FILE if it exists; save them after every change");
  app.add_option("--seed", flags.seed, "seed of every random choice (ids, tokens, faults, data)")
      ->capture_default_str();
  app.add_option("--campaigns", flags.generated_campaigns,
                 "pre-populate N generated campaigns Seed_Campaign_0001...")
      ->check(CLI::NonNegativeNumber);
  std::string today;
  app.add_option("--today", today,
                 "the day generated campaigns are placed around, YYYY-MM-DD (default: the "
                 "real date): ACTIVE ones run across it")
      ->type_name("DATE");
  auto* ttl = app.add_option("--token-ttl", token_ttl, "access token lifetime in seconds")
                  ->capture_default_str()
                  ->check(CLI::PositiveNumber);
  auto* delay = app.add_option("--activation-delay-ms", activation_delay,
                               "time from activate to ACTIVE/FAILED")
                    ->capture_default_str()
                    ->check(CLI::NonNegativeNumber);
  auto* page = app.add_option("--max-page-size", flags.max_page_size,
                              "largest page served, whatever pageSize asks")
                   ->capture_default_str()
                   ->check(CLI::Range(1, 500));
  app.add_option("--rate-limit", rate_limits,
                 "ENDPOINT=N/SECONDS, e.g. campaigns.create=10/10 (repeatable): 429 with "
                 "Retry-After past N requests per SECONDS per client");
  app.add_option("--fault-rate", flags.fault_rate,
                 "probability that an API request fails with 429/500/502/503/504")
      ->check(CLI::Range(0.0, 1.0));
  app.add_option("--fault-endpoint", flags.fault_endpoint, "limit --fault-rate to one endpoint")
      ->check(CLI::IsMember(every_endpoint_name()));
  app.add_option("--latency-ms", latency, "delay added to every API response")
      ->check(CLI::NonNegativeNumber);
  std::vector<std::string> endpoint_latency;
  app.add_option("--endpoint-latency", endpoint_latency,
                 "ENDPOINT=MS, e.g. campaigns.list=100 (repeatable): delay added to that "
                 "endpoint's responses, on top of --latency-ms");
  app.add_option("--request-log", request_log, "append every API request to FILE as a JSON line");
  app.add_flag("--no-idempotency-keys{false}", flags.idempotency_keys,
               "ignore Idempotency-Key (an extension): every POST creates");
  app.add_flag("--no-duplicate-names{false}", flags.duplicate_names,
               "allow a name twice (no 409 duplicate_name, an extension)");
  cxsched::sim::acd::add_options(app, acd_options);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }

  const auto& names = platform == "acd" ? cxsched::sim::acd::endpoint_names()
                                         : cxsched::sim::endpoint_names();
  if (!flags.fault_endpoint.empty() && !cxsched::sim::is_endpoint_name(flags.fault_endpoint, names)) {
    std::cerr << "cxone-sim: --fault-endpoint " << flags.fault_endpoint << " is not an endpoint of "
              << platform << "\n";
    return 2;
  }
  SimConfig config = flags;
  if (!today.empty()) {
    std::istringstream in(today);
    date::year_month_day ymd{};
    in >> date::parse("%F", ymd);
    if (in.fail() || !ymd.ok() || in.peek() != std::char_traits<char>::eof()) {
      std::cerr << "cxone-sim: --today: '" << today << "' is not a date YYYY-MM-DD\n";
      return 2;
    }
    config.today = date::sys_days{ymd}.time_since_epoch().count();
  }
  config.clients = cxsched::sim::default_clients();
  if (!config_file.empty()) {
    if (auto err = cxsched::sim::load_config_file(config_file, config, names)) {
      std::cerr << "cxone-sim: " << *err << "\n";
      return 2;
    }
    if (page->count() > 0) config.max_page_size = flags.max_page_size;
  }
  if (ttl->count() > 0 || config_file.empty()) config.token_ttl = std::chrono::seconds{token_ttl};
  if (delay->count() > 0 || config_file.empty())
    config.activation_delay = std::chrono::milliseconds{activation_delay};
  for (const auto& spec : rate_limits) {
    if (auto err = cxsched::sim::parse_rate_limit_flag(spec, config, names)) {
      std::cerr << "cxone-sim: " << *err << "\n";
      return 2;
    }
  }
  config.latency = std::chrono::milliseconds{latency};
  for (const auto& spec : endpoint_latency) {
    if (auto err = cxsched::sim::parse_endpoint_latency_flag(spec, config, names)) {
      std::cerr << "cxone-sim: " << *err << "\n";
      return 2;
    }
  }
  if (!state_file.empty()) config.state_file = state_file;
  if (!request_log.empty()) config.request_log = request_log;

  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  if (platform == "acd") {
    cxsched::sim::acd::AcdSimulator sim(config, acd_options);
    return serve(sim, config, port_file);
  }
  cxsched::sim::Simulator sim(config);
  return serve(sim, config, port_file);
}
