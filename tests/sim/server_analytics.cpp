// POST /api/analytics/campaigns/query.
#include "server.hpp"

#include <httplib.h>

#include "analytics.hpp"
#include "server_replies.hpp"

namespace cxsched::sim {

Reply Simulator::query_analytics(const httplib::Request& req, SysMillis now) {
  rapidjson::Document body;
  Reply error;
  if (!parse_body(req.body, body, error)) return error;
  AnalyticsQuery query;
  if (auto errors = parse_analytics_query(body, query); !errors.empty())
    return invalid_request("the analytics query is invalid", errors);
  const Campaign* c = store_.find(query.campaign_id);
  if (c == nullptr)
    return error_reply(404, "not_found", "no campaign with id " + query.campaign_id);
  return json_reply(200, analytics_response(query, c->doc, date::floor<std::chrono::seconds>(now)));
}

}  // namespace cxsched::sim
