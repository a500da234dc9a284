#pragma once

#include <rapidjson/document.h>

#include <cxsched/acd/answers.hpp>
#include <cxsched/acd/zone.hpp>
#include <cxsched/auth/token.hpp>
#include <cxsched/http/client.hpp>
#include <cxsched/schedule/types.hpp>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cxsched::acd {

// How to reach the ACD Admin API (cli-contract.md, "Platforms").
struct ApiSettings {
  std::string auth_url = "https://cxone.niceincontact.com";  // sign-in and discovery host
  std::string base_url;  // the API endpoint (scheme://host[:port]); empty: discovered
  std::string api_version = "v30.0";
};

// Where the API answers, and how that was found.
struct ApiBase {
  std::string endpoint;  // scheme://host[:port], no trailing slash
  std::string services;  // endpoint + "/inContactAPI/services/" + version
  std::string how;  // "--base-url", "discovered for tenant ...", "cluster ... (discovery failed)"
  std::vector<std::string> warnings;  // to say on stderr (the cluster fallback)
};

// The business unit (GET business-unit, businessUnits[0]) with its zone.
struct BusinessUnitInfo {
  long id = 0;
  std::string name;
  bool skill_abandon_rate = true;  // enableSkillAbandonRate
  BusinessUnitZone zone;
  std::string abandon_rate_scope;  // abandonRateScope as written (SW: an integer); empty: absent
};

// How one skill was created.
struct CreatedSkill {
  long skill_id = 0;
  bool id_in_answer = false;       // POST skills named it; else found by name
  bool after_lost_answer = false;  // found after a POST whose answer was lost
};

enum class StartOutcome { accepted, already_running };

// The typed calls of the ACD Admin API that cxsched makes
// (acd-contract.md). Every call signs in through `tokens` (an access key)
// and sends Authorization and Accept: application/json; a 401 drops the
// token, signs in once more and retries once; a second 401, or a 403, is
// ErrorKind::auth with the platform's message. Retries of 429 (2 s, 6 s,
// then doubling: set on the client by the constructor), 5xx and network
// errors are the http::Client's. Thread-safe.
class AdminApi {
 public:
  AdminApi(http::Client& client, auth::TokenSource& tokens, ApiSettings settings);

  // The API base: --base-url, else discovery from the token's tenantId at
  // the auth URL, else (discovery failed, icClusterId known) the cluster's
  // host with a warning; found once per instance.
  Result<ApiBase> base();

  // The business unit and its zone, resolved through zone.hpp (GET
  // timezones only when the business unit's own list does not resolve it).
  Result<BusinessUnitInfo> business_unit(std::optional<std::string_view> configured_zone);

  // The platform's clock (GET server-time); a time without offset is UTC.
  Result<util::SysTime> server_time();
  // server_time() minus the local clock at the answer (positive: the server
  // is ahead).
  Result<util::Millis> clock_skew();

  // The campaign new skills join (GET campaigns, pick_campaign).
  Result<long> campaign_id(std::optional<long> configured);

  // Every Phone skill (mediaTypeId=4; the Personal Connection filter is the
  // caller's), page by page: top <= 100 and skip, or _links.next (a URL on
  // the API's host, or a path); stops on 204 or an empty page, once
  // totalRecords rows are in, or on a short page without next. Bounded by
  // `max_pages`. Returns the pages read.
  using SkillVisitor = std::function<Result<void>(const SkillRow&)>;
  Result<int> for_each_skill(const SkillVisitor& visit, int page_size = 100, int max_pages = 5'000);

  // The skill of exactly this name, nullopt when none; ErrorKind::conflict
  // when a skill's name differs from it only in case (names are compared
  // case-insensitively by the platform's UI and clients).
  Result<std::optional<SkillRow>> find_skill(std::string_view name);

  // One skill (flat or wrapped); ErrorKind::not_found for 404.
  Result<SkillRow> skill(long id);

  // A parameter block as GET answers it (flat), and its PUT (`body` already
  // wrapped in the block's name). PUT: 400 is ErrorKind::invalid_spec with
  // the platform's message, 404 not_found, 409 conflict.
  Result<rapidjson::Document> block(long id, std::string_view name);
  Result<void> put_block(long id, std::string_view name, const std::string& body);

  // Every parameter of a skill (GET skills/{id}/parameters): the blocks by
  // their wrapped names, cadenceSettings and timeZoneSettings among them.
  Result<rapidjson::Document> parameters(long id);

  // PUT skills/{id} {"skill": {"notes": ...}}, naming nothing else: cxsched
  // changes only its own lines of a skill's notes. 409 (running) conflict.
  Result<void> set_notes(long id, std::string_view notes);

  // POST skills for one Personal Connection skill, never sent again blindly:
  // a per-item failure (200 with success false) or a 400 is
  // ErrorKind::invalid_spec with the platform's error; without a skillId in
  // the answer the skill is found by name, listing again after 2.5 s while
  // the new skill lags the list; after an answer that was lost the name is
  // looked up (with the same wait) and the POST sent again only when the
  // skill is certainly absent, at most twice more.
  Result<CreatedSkill> create_skill(std::string_view name, long campaign_id,
                                    std::string_view notes);

  // POST skills/{id}/start: 202 accepted; a 409 is success only when the
  // skill is running (GET skills/{id}), else ErrorKind::terminal_status with
  // the platform's message; 404 not_found.
  Result<StartOutcome> start(long id);

  // The dialer rows of one skill over `range` (UTC), one UTC day per request
  // (GET wfm-data/skills/dialer-contacts, mediaTypeId 4, dates with a
  // literal Z; 204 is no rows); `progress(piece, pieces)` before each.
  Result<std::vector<DialerRow>> dialer_rows(long skill_id, schedule::Interval range,
                                             const std::function<void(int, int)>& progress = {});

  // Requests sent through this instance (not counting the sign-in).
  int requests() const;

  // How long to wait before listing again for a skill that lags the list.
  static constexpr util::Millis kListLag{2'500};

 private:
  // Sends `method` to `url` (absolute) or to the services base + "/" + `url`,
  // with the token; the 401 rule; 403 is an auth error. Other statuses are
  // the caller's.
  Result<http::Response> call(const std::string& method, const std::string& url,
                              const std::string& body, http::Replay replay);
  // An error for an answer the caller did not expect, with the platform's
  // message: 404 not_found, 400 invalid_spec, 409 conflict, other internal.
  Error answer_error(const http::Response& r, std::string_view what) const;
  Result<rapidjson::Document> get_json(const std::string& rest, std::string_view what);
  Result<ApiBase> discover();
  // find_skill, listing again after kListLag up to `relists` times while absent.
  Result<std::optional<SkillRow>> find_after_write(std::string_view name, int relists);

  http::Client& client_;
  auth::TokenSource& tokens_;
  ApiSettings settings_;
  mutable std::mutex mu_;  // guards base_ and requests_
  std::optional<ApiBase> base_;
  int requests_ = 0;
};

}  // namespace cxsched::acd
