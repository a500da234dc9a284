#include <cxsched/acd/platform.hpp>
#include <cxsched/api/campaigns_platform.hpp>
#include <cxsched/auth/sign_in.hpp>
#include <cxsched/http/curl_transport.hpp>
#include <cxsched/ops/session.hpp>
#include <cxsched/util/expected.hpp>
#include <cxsched/util/version.hpp>

#include <cctype>
#include <string>
#include <vector>

namespace cxsched::ops {

Result<std::string> base_url_for_region(std::string_view region) {
  // Region names are lower-case letters, a dash and digits: us-1, eu-1, au-1.
  std::size_t i = 0;
  while (i < region.size() && std::islower(static_cast<unsigned char>(region[i]))) ++i;
  bool ok = i >= 2 && i < region.size() && region[i] == '-' && i + 1 < region.size();
  for (std::size_t j = i + 1; ok && j < region.size(); ++j)
    ok = std::isdigit(static_cast<unsigned char>(region[j])) != 0;
  if (!ok)
    return fail(ErrorKind::usage, "invalid region '" + std::string(region) +
                                      "': expected a name like us-1, eu-1 or au-1 (use --base-url "
                                      "for a full URL)");
  return "https://api-" + std::string(region) + ".cxone.com";
}

namespace {

// One line, as every error is (a newline in an error is shown escaped).
std::string missing_message(const std::vector<std::string>& missing) {
  std::string message = "missing configuration; set ";
  for (std::size_t i = 0; i < missing.size(); ++i)
    message += (i == 0 ? "" : i + 1 == missing.size() ? "; and " : "; ") + missing[i];
  return message;
}

// What each platform needs before any connection, every gap named at once.
Result<void> check_settings(const ConnectionSettings& settings) {
  std::vector<std::string> missing;
  if (settings.platform == Platform::acd) {
    if (settings.acd.access_key_id.empty())
      missing.emplace_back("the access key id: --access-key-id (CXSCHED_ACCESS_KEY_ID, or "
                           "access_key_id in the profile)");
    if (settings.secret_required && settings.acd.access_key_secret.empty())
      missing.emplace_back("the access key secret: CXSCHED_ACCESS_KEY_SECRET or "
                           "--access-key-secret-file FILE (or access_key_secret_file in the "
                           "profile)");
    if (!missing.empty()) return fail(ErrorKind::usage, missing_message(missing));
    TRY(http::check_url_allowed(settings.acd.auth_url));
    // Empty: the API endpoint is discovered from the token.
    if (!settings.base_url.empty()) TRY(http::check_url_allowed(settings.base_url));
    return {};
  }
  if (settings.base_url.empty())
    missing.emplace_back("the platform: --region or --base-url (CXSCHED_REGION, CXSCHED_BASE_URL, "
                         "or region/base_url in the profile)");
  if (settings.client_id.empty())
    missing.emplace_back("the client id: --client-id (CXSCHED_CLIENT_ID, or client_id in the "
                         "profile)");
  if (settings.secret_required && settings.client_secret.empty())
    missing.emplace_back("the client secret: CXSCHED_CLIENT_SECRET or --client-secret-file FILE "
                         "(or client_secret_file in the profile)");
  if (!missing.empty()) return fail(ErrorKind::usage, missing_message(missing));
  return http::check_url_allowed(settings.base_url);
}

// The sign-in of the chosen platform; the token cache is keyed by its auth
// host and key id, so one cache directory serves both.
std::unique_ptr<auth::SignIn> sign_in_for(const ConnectionSettings& s) {
  if (s.platform == Platform::acd)
    return std::make_unique<auth::AccessKeySignIn>(
        auth::AccessKey{s.acd.auth_url, s.acd.access_key_id, s.acd.access_key_secret});
  return std::make_unique<auth::ClientCredentialsSignIn>(
      auth::ClientCredentials{s.base_url, s.client_id, s.client_secret});
}

}  // namespace

Result<std::unique_ptr<Session>> Session::open(ConnectionSettings settings,
                                               std::unique_ptr<http::Transport> transport,
                                               util::Clock& clock) {
  while (!settings.base_url.empty() && settings.base_url.back() == '/') settings.base_url.pop_back();
  // Everything missing at once, so a first run is fixed in one go.
  TRY(check_settings(settings));
  if (settings.max_parallel < 1 || settings.max_parallel > kMaxParallel)
    return fail(ErrorKind::usage, "max-parallel must be from 1 to " + std::to_string(kMaxParallel) +
                                      ", not " + std::to_string(settings.max_parallel));
  if (!transport) {
    http::CurlOptions curl;
    curl.ca_bundle = settings.ca_bundle;
    curl.user_agent = std::string("cxsched/") + util::version();
    transport = std::make_unique<http::CurlTransport>(std::move(curl));
  }
  return std::unique_ptr<Session>(new Session(std::move(settings), std::move(transport), clock));
}

Session::Session(ConnectionSettings settings, std::unique_ptr<http::Transport> transport,
                 util::Clock& clock)
    : settings_(std::move(settings)),
      transport_(std::move(transport)),
      client_(*transport_, clock, settings_.retry,
              settings_.timeout.count() > 0 ? util::Deadline::after(clock, settings_.timeout)
                                            : util::Deadline::never(),
              settings_.log),
      tokens_(client_, sign_in_for(settings_), settings_.cache_dir),
      pool_(settings_.max_parallel) {
  if (settings_.platform == Platform::acd) {
    acd::PlatformSettings acd;
    acd.api.auth_url = settings_.acd.auth_url;
    acd.api.base_url = settings_.base_url;
    acd.api.api_version = settings_.acd.api_version;
    acd.business_unit_zone = settings_.acd.business_unit_zone;
    acd.campaign_id = settings_.acd.campaign_id;
    auto skills = std::make_unique<acd::AcdPlatform>(client_, tokens_, std::move(acd));
    acd_ = skills.get();
    platform_ = std::move(skills);
    return;
  }
  auto campaigns = std::make_unique<api::CampaignsPlatform>(client_, tokens_, settings_.base_url,
                                                            settings_.client_id);
  campaigns->set_pool(&pool_);
  platform_ = std::move(campaigns);
}

std::vector<std::string> Session::take_warnings() {
  if (acd_ != nullptr) return acd_->take_warnings();
  return {};
}

}  // namespace cxsched::ops
