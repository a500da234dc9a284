#pragma once

#include <deque>
#include <map>
#include <optional>
#include <string>
#include <utility>

#include "config.hpp"
#include "timeutil.hpp"

namespace cxsched::sim {

// Sliding-window request limits per endpoint and client. A limit set for `*`
// applies to every endpoint without its own (each endpoint counted apart).
class RateLimiter {
 public:
  // Sets (replaces) the limit of `endpoint`, restarting its windows.
  void set(const std::string& endpoint, RateLimit limit);
  // Removes every limit and window.
  void clear();
  // Admits the request (counting it) or returns how long until a slot frees.
  std::optional<Millis> admit(const std::string& endpoint, const std::string& client,
                              SysMillis now);

 private:
  std::map<std::string, RateLimit> limits_;
  std::map<std::pair<std::string, std::string>, std::deque<SysMillis>> windows_;
};

// A scripted failure of the next `count` calls to an endpoint.
struct ScriptedFault {
  std::string endpoint;
  int status = 500;
  int count = 1;
  bool commit = false;
  std::optional<int> retry_after;
  std::optional<std::string> body;
  bool drop = false;  // close the connection mid-answer instead of replying
};

// A scripted outcome of the next `count` activations.
struct ActivationOutcome {
  std::string status = "FAILED";
  std::string reason;
  int count = 1;
};

// Queued scripted faults and activation outcomes, consumed in order.
class FaultPlan {
 public:
  // Queues a fault (endpoint `*` matches every endpoint).
  void add(ScriptedFault fault);
  // Queues an activation outcome.
  void add(ActivationOutcome outcome);
  // Drops every queued fault and outcome.
  void clear();
  // Consumes one use of the first fault matching `endpoint`, if any.
  std::optional<ScriptedFault> take(const std::string& endpoint);
  // Consumes one use of the first activation outcome, if any.
  std::optional<ActivationOutcome> take_activation();
  // The queued faults and outcomes as JSON.
  std::string to_json() const;

 private:
  std::deque<ScriptedFault> faults_;
  std::deque<ActivationOutcome> outcomes_;
};

}  // namespace cxsched::sim
