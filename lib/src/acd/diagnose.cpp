// AcdPlatform::diagnose: the read-only checks of `cxsched doctor` on a CXone
// tenant (cli-contract.md, "Platforms"). Nothing here writes.
#include <algorithm>
#include <cxsched/acd/platform.hpp>
#include <cxsched/acd/skill.hpp>
#include <cxsched/util/expected.hpp>

namespace cxsched::acd {

namespace {

using namespace std::chrono_literals;
using platform::Check;
using platform::CheckOutcome;
using platform::failed_check;
using platform::ok_check;
using platform::warning_check;

std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += (out.empty() ? "" : "; ") + l;
  return out;
}

// What a role lacks when the platform answers 403 to a read.
std::string permission_advice(std::string_view what) {
  return "the access key's user cannot " + std::string(what) +
         ": give its role that permission in CXone (Admin > Security Profiles), or use another "
         "access key";
}

}  // namespace

std::vector<Check> AcdPlatform::diagnose() {
  std::vector<Check> out;
  // Sign-in.
  const int before = tokens_.requests_made();
  auto token = tokens_.token();
  if (!token) {
    out.push_back(platform::sign_in_failed(
        token.error(),
        "check the access key id (--access-key-id) and its secret "
        "(CXSCHED_ACCESS_KEY_SECRET or --access-key-secret-file), and that the key is "
        "active in CXone",
        "check the auth URL (--auth-url, default https://cxone.niceincontact.com)"));
    return out;
  }
  out.push_back(platform::signed_in("access key " + tokens_.key_id() + " at " + settings_.api.auth_url,
                                    token->expires_at, tokens_.requests_made() == before));

  // Discovery, or the configured base URL.
  auto base = api_.base();
  if (!base) {
    out.push_back(failed_check("discovery", base.error(),
                               "give the API endpoint with --base-url (scheme://host), as the "
                               "tenant's api_endpoint"));
    return out;
  }
  if (base->warnings.empty())
    out.push_back(ok_check("discovery", base->endpoint + " (" + base->how + ")"));
  else
    out.push_back(warning_check("discovery", base->endpoint + " (" + base->how + "): " +
                                           joined(base->warnings),
                          "confirm the endpoint with your CXone administrator, and give it "
                          "with --base-url"));

  // The API version answers, and the server's clock.
  auto skew = api_.clock_skew();
  if (!skew) {
    out.push_back(failed_check(
        "API version", skew.error(),
        skew.error().kind == ErrorKind::not_found
            ? "this tenant does not serve " + settings_.api.api_version +
                  " at " + base->services + ": set api_version (CXSCHED_API_VERSION) to one it "
                  "serves, such as v30.0"
            : "GET server-time failed at " + base->services + ": check the endpoint and version"));
    return out;
  }
  out.push_back(ok_check("API version", settings_.api.api_version + " answers at " + base->services));
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(*skew);
  const std::string skew_text = std::to_string(std::chrono::abs(seconds).count()) + " s " +
                                (seconds.count() >= 0 ? "ahead of" : "behind") + " this machine";
  if (std::chrono::abs(seconds) > 60s)
    out.push_back(warning_check("clock skew", "the platform's clock is " + skew_text,
                          "set this machine's clock right (NTP): activate decides whether a "
                          "window is open by the platform's clock, watch by this one's"));
  else
    out.push_back(ok_check("clock skew", "the platform's clock is " + skew_text));

  // The business unit and its zone.
  auto unit = business_unit();
  if (!unit) {
    out.push_back(failed_check(
        "business unit", unit.error(),
        unit.error().kind == ErrorKind::auth
            ? permission_advice("read the business unit")
            : "set acd.business_unit_zone in the profile to the IANA name of the business "
              "unit's zone (such as America/New_York)"));
    return out;
  }
  const std::string unit_text =
      unit->name + " (" + std::to_string(unit->id) + "), zone " + unit->zone.describe();
  if (unit->zone.warnings.empty())
    out.push_back(ok_check("business unit", unit_text));
  else
    out.push_back(warning_check("business unit", unit_text + ": " + joined(unit->zone.warnings),
                          "check acd.business_unit_zone in the profile: the platform's zone "
                          "differs"));
  if (!unit->skill_abandon_rate)
    out.push_back(warning_check("abandon rate",
                          "the business unit's enableSkillAbandonRate is false, so a skill's own "
                          "abandon-rate threshold does not apply",
                          "specs with dialerSettings.dropRate are refused on this business "
                          "unit; enable skill abandon rates in CXone to use them"));

  // Listing: the Personal Connection skills.
  int skills = 0, pc = 0;
  std::optional<SkillRow> first;
  auto pages = api_.for_each_skill([&](const SkillRow& row) -> Result<void> {
    ++skills;
    if (!row.personal_connection()) return {};
    ++pc;
    if (!first) first = row;
    return {};
  });
  if (!pages) {
    out.push_back(failed_check("listing", pages.error(), permission_advice("view skills")));
    return out;
  }
  out.push_back(ok_check("listing", std::to_string(pc) + " Personal Connection skill" +
                                  (pc == 1 ? "" : "s") + " among " + std::to_string(skills) +
                                  " phone skills (" + std::to_string(*pages) + " page" +
                                  (*pages == 1 ? "" : "s") + ")"));

  // One schedule block.
  if (!first) {
    out.push_back(warning_check("schedule read", "no Personal Connection skill to read a schedule from",
                          "nothing to do until one exists; 'cxsched create --dry-run' shows "
                          "what would be written"));
  } else {
    const std::string which = "skill " + std::to_string(first->id) + " '" + first->name + "'";
    auto block = api_.block(first->id, "schedule-settings");
    Result<SkillWeek> week = block ? week_from_block(*block)
                                   : Result<SkillWeek>(std::unexpected(block.error()));
    if (!week) {
      out.push_back(failed_check("schedule read", week.error(),
                                 block ? "the schedule-settings of " + which +
                                             " cannot be read: report it with the skill's id"
                                       : permission_advice("read skill parameters")));
    } else {
      const auto days = std::ranges::count_if(week->days, [](const SkillDay& d) { return d.active; });
      out.push_back(ok_check("schedule read", which + ": schedule-settings read, " +
                                            std::to_string(days) + " active day" +
                                            (days == 1 ? "" : "s") + " (times in " +
                                            unit->zone.name + "), isScheduled " +
                                            (week->is_scheduled ? "true" : "false")));
    }
  }

  // The reporting campaign new skills join.
  auto campaign = campaign_for_new_skills();
  if (!campaign)
    out.push_back(failed_check("campaign", campaign.error(),
                               campaign.error().kind == ErrorKind::auth
                                   ? permission_advice("view campaigns")
                                   : "set acd.campaign_id in the profile to the reporting "
                                     "campaign new skills should join"));
  else
    out.push_back(ok_check("campaign", "new skills join campaign " + std::to_string(*campaign) +
                                     (settings_.campaign_id.empty() ? " (the Default Campaign)"
                                                                    : " (acd.campaign_id)")));

  // Reporting: one hour of dialer rows.
  const auto now = date::floor<std::chrono::seconds>(client_.clock().now());
  auto rows = api_.dialer_rows(first ? first->id : 0, schedule::Interval{now - 1h, now});
  if (!rows)
    out.push_back(failed_check("reporting", rows.error(),
                               rows.error().kind == ErrorKind::auth
                                   ? permission_advice("read reporting (dialer contacts)")
                                   : "'cxsched report' will fail the same way: report it"));
  else
    out.push_back(ok_check("reporting", "dialer-contact rows readable (" + std::to_string(rows->size()) +
                                      " in the last hour)"));

  out.push_back(Check{"write permissions", CheckOutcome::not_verified,
                      "creating skills, writing their parameter blocks and starting them: "
                      "doctor writes nothing",
                      "'cxsched create SPEC --dry-run', then 'cxsched create SPEC' on a test spec, "
                      "shows them",
                      std::nullopt});
  // Said in the lines above; not again after the command.
  (void)take_warnings();
  return out;
}

}  // namespace cxsched::acd
