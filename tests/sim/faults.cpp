#include "faults.hpp"

#include "json.hpp"

namespace cxsched::sim {

void RateLimiter::set(const std::string& endpoint, RateLimit limit) {
  limits_[endpoint] = limit;
  windows_.clear();
}

void RateLimiter::clear() {
  limits_.clear();
  windows_.clear();
}

std::optional<Millis> RateLimiter::admit(const std::string& endpoint, const std::string& client,
                                         SysMillis now) {
  auto it = limits_.find(endpoint);
  if (it == limits_.end()) it = limits_.find("*");
  if (it == limits_.end()) return std::nullopt;
  const RateLimit& limit = it->second;
  auto& window = windows_[{endpoint, client}];
  const Millis span = limit.window;
  while (!window.empty() && window.front() + span <= now) window.pop_front();
  if (static_cast<int>(window.size()) < limit.requests) {
    window.push_back(now);
    return std::nullopt;
  }
  return window.front() + span - now;
}

void FaultPlan::add(ScriptedFault fault) {
  faults_.push_back(std::move(fault));
}

void FaultPlan::add(ActivationOutcome outcome) {
  outcomes_.push_back(std::move(outcome));
}

void FaultPlan::clear() {
  faults_.clear();
  outcomes_.clear();
}

std::optional<ScriptedFault> FaultPlan::take(const std::string& endpoint) {
  for (auto it = faults_.begin(); it != faults_.end(); ++it) {
    if (it->endpoint != endpoint && it->endpoint != "*") continue;
    ScriptedFault out = *it;
    if (--it->count <= 0) faults_.erase(it);
    return out;
  }
  return std::nullopt;
}

std::optional<ActivationOutcome> FaultPlan::take_activation() {
  if (outcomes_.empty()) return std::nullopt;
  ActivationOutcome out = outcomes_.front();
  if (--outcomes_.front().count <= 0) outcomes_.pop_front();
  return out;
}

std::string FaultPlan::to_json() const {
  std::string out = "{\"faults\":[";
  bool first = true;
  for (const auto& f : faults_) {
    if (!first) out += ",";
    first = false;
    out += "{\"endpoint\":" + quote(f.endpoint) + ",\"status\":" + std::to_string(f.status) +
           ",\"count\":" + std::to_string(f.count) +
           ",\"commit\":" + (f.commit ? "true" : "false") +
           ",\"retryAfter\":" + (f.retry_after ? std::to_string(*f.retry_after) : "null") +
           ",\"body\":" + (f.body ? quote(*f.body) : "null") +
           ",\"drop\":" + (f.drop ? "true" : "false") + "}";
  }
  out += "],\"activationResults\":[";
  first = true;
  for (const auto& o : outcomes_) {
    if (!first) out += ",";
    first = false;
    out += "{\"status\":" + quote(o.status) + ",\"reason\":" + quote(o.reason) +
           ",\"count\":" + std::to_string(o.count) + "}";
  }
  return out + "]}";
}

}  // namespace cxsched::sim
