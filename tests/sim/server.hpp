#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "admin.hpp"
#include "auth.hpp"
#include "config.hpp"
#include "faults.hpp"
#include "listener.hpp"
#include "reply.hpp"
#include "store.hpp"

namespace cxsched::sim {

// The simulated platform: the campaigns API plus the /_sim admin endpoints,
// served by cpp-httplib on a thread pool; all state behind one mutex.
// server.cpp routes, authorizes, limits and logs; each resource's handlers
// are in server_<resource>.cpp (token, campaigns, analytics, admin).
class Simulator : public Listener {
 public:
  explicit Simulator(SimConfig config);
  ~Simulator();
  Simulator(const Simulator&) = delete;
  Simulator& operator=(const Simulator&) = delete;

  // Loads the state file and adds generated campaigns; an error message on failure.
  std::optional<std::string> init();
  // The day generated campaigns are placed around: --today, or the real date.
  date::local_days today() const;
  // Writes the state file; an error message on failure.
  std::optional<std::string> save();

 private:
  // Which API operation a request is and the campaign id in its path; an
  // error reply for an unknown path or method.
  struct Route {
    std::string endpoint;
    std::string id;
    std::optional<Reply> error;
  };
  static Route resolve(const std::string& method, const std::string& path);
  struct IdempotentReply {
    Reply reply;
    SysMillis stored;
  };

  void dispatch(const httplib::Request& req, httplib::Response& res);
  Reply api(const httplib::Request& req, std::string& endpoint, std::string& client, SysMillis now);
  Reply token(const httplib::Request& req, std::string& client, SysMillis now);
  Reply authorized(const httplib::Request& req, const Route& route, std::string& client,
                   SysMillis now);
  Reply list_campaigns(const httplib::Request& req);
  Reply create_campaign(const httplib::Request& req, SysMillis now);
  Reply get_campaign(const std::string& id);
  Reply activate_campaign(const std::string& id, SysMillis now);
  Reply query_analytics(const httplib::Request& req, SysMillis now);
  Reply admin(const httplib::Request& req);
  Reply admin_faults(const httplib::Request& req);
  Reply admin_campaigns(const httplib::Request& req, SysMillis now);
  Reply fault_reply(const ScriptedFault& fault) const;
  std::optional<Reply> rate_limited(const std::string& endpoint, const std::string& client,
                                    SysMillis now);
  void record(const httplib::Request& req, const std::string& endpoint, const std::string& client,
              const Reply& reply, double ms, SysMillis now);
  void persist();
  std::string new_campaign_id();

  SimConfig config_;
  std::mutex mutex_;
  Random random_;
  CampaignStore store_;
  TokenStore tokens_;
  RateLimiter limiter_;
  FaultPlan faults_;
  std::map<std::string, IdempotentReply> idempotency_;
  RequestLog log_;
};

}  // namespace cxsched::sim
