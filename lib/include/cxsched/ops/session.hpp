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
#include <string_view>
#include <vector>

namespace cxsched::acd {
class AcdPlatform;
}

namespace cxsched::ops {

// The most requests a command keeps in flight at once.
inline constexpr int kMaxParallel = 16;

// Which platform API a session talks to: `campaigns` (the campaigns API,
// OAuth client credentials) or `acd` (the CXone ACD Admin API, signed in
// with an access key; docs/platforms.md).
enum class Platform { campaigns, acd };

// The name used by --platform, CXSCHED_PLATFORM and the profile: "campaigns", "acd".
constexpr std::string_view platform_name(Platform platform) {
  return platform == Platform::acd ? "acd" : "campaigns";
}

// The settings only the acd platform reads.
struct AcdSettings {
  std::string access_key_id;
  std::string access_key_secret;
  std::string auth_url = "https://cxone.niceincontact.com";  // the sign-in host
  std::string api_version = "v30.0";                         // /inContactAPI/services/{version}/
  std::string business_unit_zone;  // IANA zone used when the business unit's cannot be resolved
  std::string campaign_id;         // the reporting campaign new skills join; empty: none
};

// Everything needed to talk to one platform as one client, already resolved
// from flags, environment and profile by the caller.
struct ConnectionSettings {
  Platform platform = Platform::campaigns;
  // campaigns: https://api-us-1.cxone.com or a full URL; acd: the API endpoint
  // (scheme://host[:port]) that skips discovery, empty to discover it.
  std::string base_url;
  AcdSettings acd{};                    // read only when platform == acd
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
  // id and a secret; on acd an access key id and secret, an allowed auth
  // URL) before any connection; ErrorKind::usage otherwise.
  // `transport` null: libcurl.
  static Result<std::unique_ptr<Session>> open(ConnectionSettings settings,
                                               std::unique_ptr<http::Transport> transport = nullptr,
                                               util::Clock& clock = util::system_clock());

  // The platform, as ops knows it: the adapter of settings().platform.
  ::cxsched::platform::Platform& platform() { return *platform_; }
  auth::TokenSource& tokens() { return tokens_; }
  http::Client& http() { return client_; }
  // The worker threads of concurrent requests (max_parallel of them).
  util::TaskPool& pool() { return pool_; }
  util::Clock& clock() { return client_.clock(); }
  const ConnectionSettings& settings() const { return settings_; }
  // What the platform found worth saying once (acd: the discovery fallback,
  // a configured zone that disagrees with the business unit's, the server
  // clock's skew), taken so it is said once; the caller says it.
  std::vector<std::string> take_warnings();

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
  std::unique_ptr<::cxsched::platform::Platform> platform_;
  acd::AcdPlatform* acd_ = nullptr;  // platform_, when it is the acd one
};

}  // namespace cxsched::ops
