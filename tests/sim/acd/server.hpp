#pragma once

#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "../admin.hpp"
#include "../auth.hpp"
#include "../config.hpp"
#include "../faults.hpp"
#include "../server.hpp"
#include "model.hpp"
#include "options.hpp"

namespace cxsched::sim::acd {

// `--platform acd`: the CXone ACD Admin API subset of the ACD contract
// (access-key sign-in, discovery, business unit, skills and their parameter
// blocks, start/stop, reporting) with the same fault injection, rate limits,
// request log and admin endpoints as the campaigns platform. One mutex
// guards all state.
class AcdSimulator : public Listener {
 public:
  AcdSimulator(SimConfig config, AcdOptions options);
  ~AcdSimulator();
  AcdSimulator(const AcdSimulator&) = delete;
  AcdSimulator& operator=(const AcdSimulator&) = delete;

  std::optional<std::string> init();
  std::optional<std::string> save();

 private:
  struct Token {
    std::string key_id;
    SysMillis expires;
    bool revoked = false;
  };

  void dispatch(const httplib::Request& req, httplib::Response& res);
  // An Admin API call named from its method and path (below the version).
  struct Service {
    std::string endpoint;
    long id = 0;
    std::string block;
    std::optional<Reply> error;
  };
  static Service resolve(const std::string& method, const std::string& rest);
  Reply route(const httplib::Request& r, std::string& endpoint, std::string& client, SysMillis now);
  Reply serve(const httplib::Request& r, const Service& service, SysMillis now);
  Reply sign_in(const httplib::Request& r, std::string& client, SysMillis now);
  Reply refresh(const httplib::Request& r, std::string& client, SysMillis now);
  Reply discovery(const httplib::Request& r);
  std::optional<Reply> check_token(const httplib::Request& r, const std::string& endpoint,
                                   std::string& client, SysMillis now);
  std::optional<Reply> rate_limited(const std::string& endpoint, const std::string& client,
                                    SysMillis now);
  std::string issue_token(const std::string& key_id, SysMillis now, std::string& id_token);
  Reply fault_reply(const ScriptedFault& fault) const;

  // skills.cpp
  Reply list_skills(const httplib::Request& r, SysMillis now);
  Reply create_skills(const httplib::Request& r, SysMillis now);
  Reply get_skill(long id);
  Reply update_skill(const httplib::Request& r, long id);
  Reply get_block(long id, const std::string& block);
  Reply get_parameters(long id);  // GET skills/{id}/parameters (blocks.cpp)
  Reply put_block(const httplib::Request& r, long id, const std::string& block);
  Reply start_stop(const httplib::Request& r, long id, bool start, SysMillis now);
  Reply list_campaigns();
  std::string skill_json(const Skill& s) const;
  std::string number(long value) const;
  std::optional<std::string> create_one(const rapidjson::Value& item, SysMillis now, long& id);
  Skill* find_skill(long id);

  // reporting.cpp
  Reply summary(const httplib::Request& r, long id, SysMillis now);
  Reply dialer_contacts(const httplib::Request& r, SysMillis now);

  // admin.cpp
  Reply admin(const httplib::Request& req, SysMillis now);
  Reply admin_skills(const httplib::Request& req, SysMillis now);
  Reply admin_faults(const httplib::Request& req);
  void record(const httplib::Request& req, const std::string& endpoint, const std::string& client,
              int status, double ms, SysMillis now);
  void settle(SysMillis now);
  // isRunning as served: started, or (--acd-schedule-runs) in an open window of its schedule.
  bool dialing(const Skill& s) const;
  // The end of the schedule window open at now_, when one is.
  std::optional<SysMillis> open_window_end(const Skill& s) const;

  SimConfig config_;
  AcdOptions options_;
  std::mutex mutex_;
  Random random_;
  RateLimiter limiter_;
  FaultPlan faults_;
  std::map<long, std::unique_ptr<Skill>> skills_;
  long next_skill_id_ = 11000;
  std::map<std::string, Token> tokens_;
  std::map<std::string, std::string> refresh_tokens_;  // refresh token -> key id
  RequestLog log_;
  SysMillis now_{};  // the time of the request being served
};

// Constants of the simulated tenant.
inline constexpr const char* tenant_id = "11eb8f3a-5c3e-4f4e-9a6d-acd0000sim01";
inline constexpr const char* tenant_name = "acme_sim";
inline constexpr long business_unit_id = 4600000;
inline constexpr const char* cluster_id = "C32";

}  // namespace cxsched::sim::acd
