// The skills' calls of the ACD Admin API: the list over every page, one
// skill, the batch create that is never sent again blindly, the parameter
// blocks and start (acd-contract.md, "Skills").
#include <algorithm>
#include <cctype>
#include <cxsched/acd/admin_api.hpp>
#include <cxsched/util/expected.hpp>
#include <cxsched/util/json.hpp>
#include <cxsched/util/text.hpp>

namespace cxsched::acd {

namespace {

constexpr int kMaxPosts = 3;          // a create POST, and at most two more after lost answers
constexpr int kRelistsAfterMade = 4;  // the platform said success without an id

bool same_but_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::ranges::equal(a, b, [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

// Where _links.next points: a URL on the API's own host (a link elsewhere is
// not followed: the token would go with it), or a path on it.
std::optional<std::string> next_target(const std::optional<std::string>& next, const ApiBase& b) {
  if (!next || next->empty()) return std::nullopt;
  const std::string& n = *next;
  if (n.starts_with("https://") || n.starts_with("http://")) {
    if (n.starts_with(b.endpoint + "/")) return n;
    return std::nullopt;
  }
  if (n.starts_with("/")) return b.endpoint + n;
  return b.services + "/" + n;
}

}  // namespace

Result<int> AdminApi::for_each_skill(const SkillVisitor& visit, int page_size, int max_pages) {
  const long top = std::clamp(page_size, 1, 100);
  TRY_ASSIGN(const ApiBase b, base());
  long skip = 0;
  int pages = 0;
  std::optional<std::string> next;
  for (;;) {
    if (pages >= max_pages)
      return fail(ErrorKind::internal,
                  "the skill list did not end after " + std::to_string(max_pages) + " pages");
    const std::string target =
        next ? *next
             : "skills?mediaTypeId=4&top=" + std::to_string(top) + "&skip=" + std::to_string(skip);
    TRY_ASSIGN(const http::Response resp, call("GET", target, {}, http::Replay::safe));
    ++pages;
    if (resp.status == 204) break;
    if (resp.status != 200) return std::unexpected(answer_error(resp, "listing skills"));
    TRY_ASSIGN(const auto doc, util::parse_json(resp.body, "skill list"));
    TRY_ASSIGN(const SkillPage page, skill_page(doc));
    if (page.skills.empty()) break;
    for (const auto& row : page.skills) TRY(visit(row));
    skip += static_cast<long>(page.skills.size());
    if (page.total && skip >= *page.total) break;
    next = next_target(page.next, b);
    // A page shorter than asked ends the list only when nothing says more
    // are coming: a server may page below the top asked for.
    if (!next && !page.total && static_cast<long>(page.skills.size()) < top) break;
  }
  return pages;
}

Result<std::optional<SkillRow>> AdminApi::find_skill(std::string_view name) {
  std::optional<SkillRow> exact;
  std::string other_case;
  TRY(for_each_skill([&](const SkillRow& s) -> Result<void> {
    if (s.name == name) {
      exact = s;
    } else if (same_but_case(s.name, name)) {
      other_case = s.name;
    }
    return {};
  }));
  if (exact) return exact;
  if (!other_case.empty())
    return fail(ErrorKind::conflict,
                "skill '" + util::printable(other_case) + "' exists, whose name differs from '" +
                    util::printable(name) +
                    "' only in case: the platform takes them for one name; rename the spec");
  return std::optional<SkillRow>{};
}

Result<std::optional<SkillRow>> AdminApi::find_after_write(std::string_view name, int relists) {
  for (int i = 0;; ++i) {
    TRY_ASSIGN(auto found, find_skill(name));
    if (found || i >= relists) return found;
    // A new skill can lag the list for a few seconds (acd-contract.md).
    if (client_.deadline().is_set() && client_.deadline().remaining(client_.clock()) <= kListLag)
      return found;
    client_.logger().debug("skill '" + std::string(name) +
                           "' not listed yet; listing again in 2.5 s");
    client_.clock().sleep_for(kListLag);
  }
}

Result<SkillRow> AdminApi::skill(long id) {
  TRY_ASSIGN(const http::Response resp,
             call("GET", "skills/" + std::to_string(id), {}, http::Replay::safe));
  if (resp.status != 200)
    return std::unexpected(answer_error(resp, "reading skill " + std::to_string(id)));
  TRY_ASSIGN(const auto doc, util::parse_json(resp.body, "skill"));
  return skill_from_json(doc);
}

Result<rapidjson::Document> AdminApi::block(long id, std::string_view name) {
  return get_json("skills/" + std::to_string(id) + "/parameters/" + std::string(name),
                  "reading " + std::string(name) + " of skill " + std::to_string(id));
}

Result<rapidjson::Document> AdminApi::parameters(long id) {
  return get_json("skills/" + std::to_string(id) + "/parameters",
                  "reading the parameters of skill " + std::to_string(id));
}

Result<void> AdminApi::put_block(long id, std::string_view name, const std::string& body) {
  const std::string what = "writing " + std::string(name) + " of skill " + std::to_string(id);
  TRY_ASSIGN(const http::Response resp,
             call("PUT", "skills/" + std::to_string(id) + "/parameters/" + std::string(name), body,
                  http::Replay::safe));
  if (resp.status < 200 || resp.status >= 300) return std::unexpected(answer_error(resp, what));
  return {};
}

Result<void> AdminApi::set_notes(long id, std::string_view notes) {
  TRY_ASSIGN(const http::Response resp,
             call("PUT", "skills/" + std::to_string(id),
                  "{\"skill\":{\"notes\":" + util::quote_json(notes) + "}}", http::Replay::safe));
  if (resp.status < 200 || resp.status >= 300)
    return std::unexpected(answer_error(resp, "writing the notes of skill " + std::to_string(id)));
  return {};
}

Result<CreatedSkill> AdminApi::create_skill(std::string_view name, long campaign_id,
                                            std::string_view notes) {
  const std::string body =
      "{\"skills\":[{\"mediaTypeId\":4,\"skillName\":" + util::quote_json(name) +
      ",\"isOutbound\":true,\"outboundStrategy\":\"Personal Connection\",\"campaignId\":" +
      std::to_string(campaign_id) + ",\"notes\":" + util::quote_json(notes) + "}]}";
  const std::string who = "skill '" + util::printable(name) + "'";
  bool lost = false;
  for (int post = 1;; ++post) {
    auto resp = call("POST", "skills", body, http::Replay::unsafe);
    if (!resp) {
      if (resp.error().kind != ErrorKind::unavailable) return std::unexpected(resp.error());
      if (post == kMaxPosts)
        return fail(ErrorKind::unavailable,
                    resp.error().message + "; " + who +
                        " may or may not exist: re-running create looks it up by name first");
      // The answer was lost: the skill may exist. Look before sending again.
      TRY_ASSIGN(const auto found, find_after_write(name, 1));
      if (found) return CreatedSkill{found->id, false, true};
      lost = true;
      continue;
    }
    if (resp->status != 200 && resp->status != 201)
      return std::unexpected(answer_error(*resp, "creating " + who));
    TRY_ASSIGN(const auto doc, util::parse_json(resp->body, "skill create answer"));
    TRY_ASSIGN(const CreateResult result, create_result(doc));
    if (!result.success)
      return fail(ErrorKind::invalid_spec,
                  "the platform refused " + who + ": " + util::printable(result.error));
    if (result.skill_id) return CreatedSkill{*result.skill_id, true, lost};
    TRY_ASSIGN(const auto found, find_after_write(name, kRelistsAfterMade));
    if (found) return CreatedSkill{found->id, false, lost};
    return fail(ErrorKind::internal,
                "POST skills answered success for " + who +
                    " without a skillId, and it is not listed after " +
                    std::to_string(kRelistsAfterMade * kListLag.count() / 1000) +
                    " s; re-running create finds it by name once it is listed");
  }
}

Result<StartOutcome> AdminApi::start(long id) {
  const std::string what = "starting skill " + std::to_string(id);
  TRY_ASSIGN(const http::Response resp,
             call("POST", "skills/" + std::to_string(id) + "/start", {}, http::Replay::safe));
  if (resp.status == 202 || resp.status == 200 || resp.status == 204) return StartOutcome::accepted;
  if (resp.status == 409) {
    // "Invalid state. Cannot start skill": fine only when it already runs.
    TRY_ASSIGN(const SkillRow now, skill(id));
    if (now.is_running) return StartOutcome::already_running;
    return fail(ErrorKind::terminal_status,
                what + ": the platform answered 409 (" +
                    util::printable(
                        error_message(resp.body, resp.header("icStatusDescription").value_or(""))) +
                    ") and the skill is not running");
  }
  return std::unexpected(answer_error(resp, what));
}

}  // namespace cxsched::acd
