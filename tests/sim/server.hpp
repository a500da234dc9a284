#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <shared_mutex>
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
// served by cpp-httplib on a thread pool. Reads are answered concurrently,
// as a real platform answers them:
// - `mutex_` guards everything but the campaigns' contents (tokens, rate
//   limits, faults, the random source, idempotency slots, the request log)
//   and is held by every change of the store. Each API request takes it
//   twice, briefly: to authorize, limit and decide, then to log the answer.
// - `store_mutex_` guards the campaigns: a change holds `mutex_` and then
//   `store_mutex_` exclusively; a list page or a get is built under a shared
//   lock of `store_mutex_` alone, so several are built at once. Code holding
//   `mutex_` may read the store without `store_mutex_` (no change can run).
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
  // A read of the store decided under `mutex_` and answered outside it:
  // a list page (page_size already capped) or one campaign by id.
  struct StoreRead {
    long page_size = 0;
    long page_number = 0;
    std::string id;  // campaigns.get when not empty
  };
  struct IdempotentReply {
    Reply reply;
    SysMillis stored;
  };

  void dispatch(const httplib::Request& req, httplib::Response& res);
  // Holding `mutex_`: the answer, or nothing yet with `read` set.
  Reply api(const httplib::Request& req, std::string& endpoint, std::string& client, SysMillis now,
            std::optional<StoreRead>& read);
  Reply token(const httplib::Request& req, std::string& client, SysMillis now);
  Reply authorized(const httplib::Request& req, const Route& route, std::string& client,
                   SysMillis now, std::optional<StoreRead>& read);
  // Holding `mutex_`: applies the activations now due; true when any was.
  bool settle(SysMillis now);
  // The page a list request asks for, or the error reply for its parameters.
  std::optional<Reply> list_request(const httplib::Request& req, StoreRead& read) const;
  // Holding `store_mutex_` (shared is enough) or `mutex_`: answers a read.
  Reply serve(const StoreRead& read) const;
  Reply list_page(const StoreRead& read) const;
  Reply get_campaign(const std::string& id) const;
  Reply create_campaign(const httplib::Request& req, SysMillis now);
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
  std::shared_mutex store_mutex_;
  Random random_;
  CampaignStore store_;
  TokenStore tokens_;
  RateLimiter limiter_;
  FaultPlan faults_;
  std::map<std::string, IdempotentReply> idempotency_;
  RequestLog log_;
};

}  // namespace cxsched::sim
