// /api/campaigns: list, create, get and activate.
#include "server.hpp"

#include <httplib.h>

#include <algorithm>

#include "json.hpp"
#include "server_replies.hpp"

namespace cxsched::sim {

std::string Simulator::new_campaign_id() {
  std::string id;
  do {
    id = "c-" + random_.hex(24);
  } while (store_.find(id) != nullptr);
  return id;
}

std::optional<Reply> Simulator::list_request(const httplib::Request& req, StoreRead& read) const {
  long page_size = 25;
  long page_number = 1;
  if (req.has_param("pageSize")) {
    auto v = strict_long(req.get_param_value("pageSize"));
    if (!v || *v < 1 || *v > 500)
      return invalid_request("pageSize must be an integer from 1 to 500",
                             {{"pageSize", "must be an integer from 1 to 500"}});
    page_size = *v;
  }
  if (req.has_param("pageNumber")) {
    auto v = strict_long(req.get_param_value("pageNumber"));
    if (!v || *v < 1)
      return invalid_request("pageNumber must be an integer of at least 1",
                             {{"pageNumber", "must be an integer of at least 1"}});
    page_number = *v;
  }
  read.page_size = std::min<long>(page_size, config_.max_page_size);
  read.page_number = page_number;
  return std::nullopt;
}

Reply Simulator::serve(const StoreRead& read) const {
  return read.id.empty() ? list_page(read) : get_campaign(read.id);
}

Reply Simulator::list_page(const StoreRead& read) const {
  const long effective = read.page_size;
  const long page_number = read.page_number;
  const auto& all = store_.all();
  const long total = static_cast<long>(all.size());
  const long page_count = (total + effective - 1) / effective;
  std::string body = "{\"entities\":[";
  const long first = (page_number - 1) * effective;
  for (long i = first; i < std::min(total, first + effective); ++i) {
    if (i > first) body += ",";
    body += to_json(all[static_cast<std::size_t>(i)]->doc);
  }
  body += "],\"pageSize\":" + std::to_string(effective) +
          ",\"pageNumber\":" + std::to_string(page_number) + ",\"total\":" + std::to_string(total) +
          ",\"pageCount\":" + std::to_string(page_count);
  if (page_number < page_count)
    body += ",\"nextUri\":\"/api/v2/campaigns?pageSize=" + std::to_string(effective) +
            "&pageNumber=" + std::to_string(page_number + 1) + "\"";
  return json_reply(200, body + "}");
}

Reply Simulator::create_campaign(const httplib::Request& req, SysMillis now) {
  rapidjson::Document body;
  Reply error;
  if (!parse_body(req.body, body, error)) return error;
  if (auto errors = validate_campaign(body); !errors.empty())
    return invalid_request("the campaign has " + std::to_string(errors.size()) +
                               (errors.size() == 1 ? " invalid field" : " invalid fields"),
                           errors);
  const std::string name = string_member(body, "name").value_or("");
  if (const Campaign* existing = config_.duplicate_names ? store_.find_by_name(name) : nullptr) {
    return json_reply(409, "{\"code\":\"duplicate_name\",\"message\":" +
                               quote("a campaign named '" + name + "' already exists") +
                               ",\"existingId\":" + quote(existing->id()) + "}");
  }
  for (const char* key : {"id", "status", "statusReason", "dateCreated", "dateModified"})
    body.RemoveMember(key);
  const auto start = parse_date_time(string_member(body, "startDate").value_or(""));
  const std::string id = new_campaign_id();
  set_member(body, "id", id);
  set_member(body, "status", start && start->utc() > now ? "SCHEDULED" : "DRAFT");
  set_member(body, "dateCreated", format_utc(now));
  set_member(body, "dateModified", format_utc(now));
  Campaign* c = nullptr;
  {
    std::unique_lock write(store_mutex_);
    c = &store_.put(std::move(body));
  }
  persist();
  Reply r = json_reply(201, to_json(c->doc));
  r.headers.emplace_back("Location", "/api/v2/campaigns/" + id);
  return r;
}

Reply Simulator::get_campaign(const std::string& id) const {
  const Campaign* c = store_.find(id);
  if (c == nullptr) return error_reply(404, "not_found", "no campaign with id " + id);
  return json_reply(200, to_json(c->doc));
}

Reply Simulator::activate_campaign(const std::string& id, SysMillis now) {
  Campaign* c = store_.find(id);
  if (c == nullptr) return error_reply(404, "not_found", "no campaign with id " + id);
  const std::string status{c->status()};
  if (status == "ACTIVE" || status == "ACTIVATING") return json_reply(200, to_json(c->doc));
  if (status == "COMPLETED" || status == "CANCELED" || status == "FAILED")
    return error_reply(409, "invalid_state",
                       "campaign " + id + " is " + status +
                           "; only DRAFT, SCHEDULED or PAUSED campaigns can be activated");
  PendingActivation pending{now + config_.activation_delay, false, {}};
  if (auto outcome = faults_.take_activation()) {
    pending.fail = outcome->status == "FAILED";
    pending.reason = outcome->reason;
  } else {
    const auto* routing = member(c->doc, "routingSettings");
    const std::string queue = routing ? string_member(*routing, "queueId").value_or("") : "";
    const bool exists = config_.queues ? std::find(config_.queues->begin(), config_.queues->end(),
                                                   queue) != config_.queues->end()
                                       : !queue.starts_with("queue_missing");
    if (!exists) {
      pending.fail = true;
      pending.reason = "routing queue '" + queue + "' does not exist";
    }
  }
  Reply r;
  {
    std::unique_lock write(store_mutex_);
    c->doc.RemoveMember("statusReason");
    c->set("status", "ACTIVATING");
    c->set("dateModified", format_utc(now));
    c->pending = pending;
    r = json_reply(202, to_json(c->doc));
  }
  settle(now);
  persist();
  return r;
}

}  // namespace cxsched::sim
