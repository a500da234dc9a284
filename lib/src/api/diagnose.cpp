// CampaignsPlatform::diagnose: the read-only checks of `cxsched doctor` on
// the campaigns API. Nothing here writes.
#include <cxsched/api/campaigns_platform.hpp>
#include <cxsched/util/expected.hpp>

namespace cxsched::api {

namespace {

using namespace std::chrono_literals;
using platform::Check;
using platform::CheckOutcome;
using platform::failed_check;
using platform::ok_check;

std::string scope_advice(std::string_view what) {
  return "the client cannot " + std::string(what) +
         ": ask for a client whose scopes allow it";
}

}  // namespace

std::vector<Check> CampaignsPlatform::diagnose() {
  std::vector<Check> out;
  const auto before = tokens_.cached();
  auto token = tokens_.token();
  if (!token) {
    out.push_back(platform::sign_in_failed(
        token.error(),
        "check the client id (--client-id) and secret (CXSCHED_CLIENT_SECRET or "
        "--client-secret-file)",
        "check --region or --base-url"));
    return out;
  }
  const bool cached =
      before && tokens_.fresh(*before) && before->access_token == token->access_token;
  out.push_back(platform::signed_in("client " + client_id_ + " at " + api_.base_url(),
                                    token->expires_at, cached));

  // Listing: every campaign, the first kept for the reads below.
  std::optional<platform::Campaign> first;
  platform::ListOptions options;
  options.page_size = 100;
  auto stats = for_each_campaign(options, [&](const platform::Listed& c) -> Result<void> {
    if (first) return {};
    TRY_ASSIGN(first, c.keep());
    return {};
  });
  if (!stats) {
    out.push_back(failed_check("listing", stats.error(), scope_advice("list campaigns")));
    return out;
  }
  out.push_back(ok_check("listing", std::to_string(stats->campaigns) + " campaign" +
                                  (stats->campaigns == 1 ? "" : "s") + " (" +
                                  std::to_string(stats->pages) + " page" +
                                  (stats->pages == 1 ? "" : "s") + ")"));

  if (!first) {
    out.push_back(Check{"schedule read", CheckOutcome::warning, "no campaign to read a schedule from",
                        "nothing to do until one exists; 'cxsched create --dry-run' shows what "
                        "would be written",
                        std::nullopt});
  } else if (auto s = schedule_of(*first); !s) {
    out.push_back(Check{"schedule read", CheckOutcome::warning,
                        "campaign " + first->id + ": " + s.error().message,
                        "that campaign is left out of conflict checks", std::nullopt});
  } else {
    out.push_back(ok_check("schedule read", "campaign " + first->id + " '" + first->name + "': " +
                                          std::to_string(s->windows.size()) + " window" +
                                          (s->windows.size() == 1 ? "" : "s") + " in " +
                                          first->zone));
  }

  if (first) {
    const auto now = date::floor<std::chrono::minutes>(api_.clock().now());
    auto rows = report_rows(*first, report::Interval{now - 1h, now}, {});
    if (!rows)
      out.push_back(failed_check("reporting", rows.error(), scope_advice("query analytics")));
    else
      out.push_back(ok_check("reporting", "analytics answered (" + std::to_string(rows->rows.size()) +
                                        " rows for the last hour)"));
  } else {
    out.push_back(Check{"reporting", CheckOutcome::not_verified,
                        "no campaign to ask analytics about", {}, std::nullopt});
  }

  out.push_back(Check{"clock skew", CheckOutcome::not_verified,
                      "the campaigns API has no clock to compare with", {}, std::nullopt});
  std::string scopes;
  for (const auto& s : token->scopes()) scopes += (scopes.empty() ? "" : " ") + s;
  out.push_back(Check{"write permissions", CheckOutcome::not_verified,
                      "creating and activating campaigns: doctor writes nothing (token scopes: " +
                          (scopes.empty() ? std::string("none named") : scopes) + ")",
                      "'cxsched create SPEC --dry-run', then 'cxsched create SPEC' on a test "
                      "spec, shows them",
                      std::nullopt});
  return out;
}

}  // namespace cxsched::api
