#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace cxsched::sim {

// An OAuth client the simulator accepts.
struct Client {
  std::string id;
  std::string secret;
  std::vector<std::string> scopes;
};

// At most `requests` requests in any `window`, per endpoint and client.
struct RateLimit {
  int requests = 0;
  std::chrono::seconds window{1};
};

// Everything the simulator is configured with (file, then flags).
struct SimConfig {
  std::string host = "127.0.0.1";
  int port = 8089;
  std::optional<std::filesystem::path> port_file;
  std::optional<std::filesystem::path> state_file;
  std::optional<std::filesystem::path> request_log;
  std::uint64_t seed = 1;
  int generated_campaigns = 0;
  // The day generated campaigns are placed around, as days since 1970-01-01
  // (--today; default: the real date when the simulator starts).
  std::optional<std::int64_t> today;
  std::chrono::seconds token_ttl{3600};
  std::chrono::milliseconds activation_delay{1500};
  int max_page_size = 500;
  std::map<std::string, RateLimit> rate_limits;
  double fault_rate = 0.0;
  std::string fault_endpoint;
  std::chrono::milliseconds latency{0};
  // Added to `latency` for the requests of one endpoint.
  std::map<std::string, std::chrono::milliseconds> endpoint_latency;
  std::vector<Client> clients;
  std::optional<std::vector<std::string>> queues;
  // The contract's extensions, on by default; a client must work without them.
  bool idempotency_keys = true;  // replay the first answer to a repeated Idempotency-Key
  bool duplicate_names = true;   // 409 duplicate_name for a name already in use
};

// The endpoint names used by rate limits, faults, stats and the request log.
const std::vector<std::string>& endpoint_names();

// True for an endpoint name (of `names`, the campaigns platform's by default) or `*`.
bool is_endpoint_name(const std::string& name,
                      const std::vector<std::string>& names = endpoint_names());

// The clients used when the config names none: demo-client and readonly-client.
std::vector<Client> default_clients();

// Applies the JSON config file at `path` onto `config`; an error message when
// the file cannot be read or a field has the wrong shape.
// Rate limits name endpoints of `names`.
std::optional<std::string> load_config_file(
    const std::filesystem::path& path, SimConfig& config,
    const std::vector<std::string>& names = endpoint_names());

// Parses `ENDPOINT=MS` (e.g. `campaigns.list=100`) into
// `config.endpoint_latency`; an error message when malformed or unknown.
std::optional<std::string> parse_endpoint_latency_flag(
    const std::string& text, SimConfig& config,
    const std::vector<std::string>& names = endpoint_names());

// Parses `ENDPOINT=N/SECONDS` (e.g. `campaigns.create=10/10`) into `config`;
// an error message when malformed or the endpoint is unknown.
std::optional<std::string> parse_rate_limit_flag(
    const std::string& text, SimConfig& config,
    const std::vector<std::string>& names = endpoint_names());

}  // namespace cxsched::sim
