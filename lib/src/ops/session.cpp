#include <cxsched/api/campaigns_platform.hpp>
#include <cxsched/http/curl_transport.hpp>
#include <cxsched/ops/session.hpp>
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

Result<std::unique_ptr<Session>> Session::open(ConnectionSettings settings,
                                               std::unique_ptr<http::Transport> transport,
                                               util::Clock& clock) {
  if (settings.platform == Platform::acd)
    return fail(ErrorKind::usage,
                "--platform acd: the ACD Admin API adapter is not wired into this build yet; "
                "use --platform campaigns");
  while (!settings.base_url.empty() && settings.base_url.back() == '/') settings.base_url.pop_back();
  // Everything missing at once, so a first run is fixed in one go.
  std::vector<std::string> missing;
  if (settings.base_url.empty())
    missing.emplace_back("the platform: --region or --base-url (CXSCHED_REGION, CXSCHED_BASE_URL, "
                         "or region/base_url in the profile)");
  if (settings.client_id.empty())
    missing.emplace_back("the client id: --client-id (CXSCHED_CLIENT_ID, or client_id in the "
                         "profile)");
  if (settings.secret_required && settings.client_secret.empty())
    missing.emplace_back("the client secret: CXSCHED_CLIENT_SECRET or --client-secret-file FILE "
                         "(or client_secret_file in the profile)");
  if (!missing.empty()) {
    std::string message = "missing configuration; set";
    for (std::size_t i = 0; i < missing.size(); ++i)
      message += (missing.size() == 1 ? " " : "\n  - ") + missing[i];
    return fail(ErrorKind::usage, message);
  }
  if (auto ok = http::check_url_allowed(settings.base_url); !ok)
    return std::unexpected(ok.error());
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
      tokens_(client_, auth::ClientCredentials{settings_.base_url, settings_.client_id,
                                               settings_.client_secret},
              settings_.cache_dir),
      pool_(settings_.max_parallel) {
  auto campaigns = std::make_unique<api::CampaignsPlatform>(client_, tokens_, settings_.base_url,
                                                            settings_.client_id);
  campaigns->set_pool(&pool_);
  platform_ = std::move(campaigns);
}

}  // namespace cxsched::ops
