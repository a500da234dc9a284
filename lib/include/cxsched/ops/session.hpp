#pragma once

#include <cxsched/auth/token.hpp>
#include <cxsched/http/client.hpp>
#include <cxsched/platform/platform.hpp>
#include <cxsched/util/clock.hpp>
#include <cxsched/util/log.hpp>
#include <cxsched/util/task_pool.hpp>

#include <filesystem>
#include <memory>
#include <string>

namespace cxsched::ops {

// The most requests a command keeps in flight at once.
inline constexpr int kMaxParallel = 16;

// Everything needed to talk to one platform as one client, already resolved
// from flags, environment and profile by the caller.
struct ConnectionSettings {
  std::string base_url;                 // https://api-us-1.cxone.com or a full URL
  std::string client_id;
  std::string client_secret;
  bool secret_required = true;          // false: only the token cache is used
  std::filesystem::path cache_dir;      // empty: no token cache on disk
  std::string ca_bundle;                // empty: the system's CA store
  util::Millis timeout{0};              // the command's deadline; 0: none
  int max_parallel = 4;                 // requests in flight at once (list pages)
  http::RetryPolicy retry{};
  util::Logger log{};
};

// "us-1" -> "https://api-us-1.cxone.com"; ErrorKind::usage for a name that
// is not a region ("eu_1", "https://...").
Result<std::string> base_url_for_region(std::string_view region);

// The transport, HTTP client, token source and platform adapter of one
// command, wired together: the one place that picks the adapter. Not
// copyable or movable: the parts hold references to each other.
class Session {
 public:
  // Checks the settings (a base URL that is https or loopback http, a client
  // id and a secret) before any connection; ErrorKind::usage otherwise.
  // `transport` null: libcurl.
  static Result<std::unique_ptr<Session>> open(ConnectionSettings settings,
                                               std::unique_ptr<http::Transport> transport = nullptr,
                                               util::Clock& clock = util::system_clock());

  // The platform, as ops knows it.
  platform::Platform& platform() { return *platform_; }
  auth::TokenSource& tokens() { return tokens_; }
  http::Client& http() { return client_; }
  // The worker threads of concurrent requests (max_parallel of them).
  util::TaskPool& pool() { return pool_; }
  util::Clock& clock() { return client_.clock(); }
  const ConnectionSettings& settings() const { return settings_; }

  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

 private:
  Session(ConnectionSettings settings, std::unique_ptr<http::Transport> transport,
          util::Clock& clock);
  ConnectionSettings settings_;
  std::unique_ptr<http::Transport> transport_;
  http::Client client_;
  auth::TokenSource tokens_;
  util::TaskPool pool_;
  std::unique_ptr<platform::Platform> platform_;
};

}  // namespace cxsched::ops
