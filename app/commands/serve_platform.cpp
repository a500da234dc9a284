#include "serve_platform.hpp"

#include <cxsched/http/client.hpp>
#include <cxsched/http/curl_transport.hpp>
#include <cxsched/util/version.hpp>

#include <algorithm>

namespace cxsched::app::serve {
namespace {

constexpr util::Millis kDefaultHold{1'000};

std::string endpoint_of(const http::Request& request) {
  return request.method + " " + http::redact_url(request.url);
}

}  // namespace

util::Millis Pacer::wait_for(const std::string& endpoint) {
  std::lock_guard lock(mu_);
  auto it = hold_until_.find(endpoint);
  if (it == hold_until_.end()) return util::Millis{0};
  const auto now = clock_.steady_now();
  if (it->second <= now) {
    hold_until_.erase(it);
    return util::Millis{0};
  }
  return std::chrono::ceil<util::Millis>(it->second - now);
}

void Pacer::observe(const std::string& endpoint, const http::Response& response) {
  if (response.status != 429) return;
  util::Millis hold = kDefaultHold;
  if (auto value = response.header("Retry-After"))
    if (auto parsed = http::parse_retry_after(*value, clock_.now())) hold = *parsed;
  hold = std::min(hold, http::RetryPolicy{}.max_retry_after);
  std::lock_guard lock(mu_);
  auto until = clock_.steady_now() + hold;
  auto& slot = hold_until_[endpoint];
  slot = std::max(slot, until);
}

Result<http::Response> PacedTransport::perform(const http::Request& request,
                                               util::Millis timeout) {
  const std::string endpoint = endpoint_of(request);
  if (auto wait = pacer_.wait_for(endpoint); wait.count() > 0) pacer_.clock().sleep_for(wait);
  auto response = inner_->perform(request, timeout);
  if (response) pacer_.observe(endpoint, *response);
  return response;
}

SessionPool::SessionPool(ops::ConnectionSettings settings, util::Clock& clock)
    : settings_(std::move(settings)), clock_(clock), pacer_(clock) {
  settings_.timeout = util::Millis{0};
}

Result<void> SessionPool::check() {
  auto session = open();
  if (!session) return std::unexpected(session.error());
  give_back(std::move(*session));
  return {};
}

Result<std::unique_ptr<ops::Session>> SessionPool::open() {
  http::CurlOptions curl;
  curl.ca_bundle = settings_.ca_bundle;
  curl.user_agent = std::string("cxsched/") + util::version();
  auto transport =
      std::make_unique<PacedTransport>(std::make_unique<http::CurlTransport>(curl), pacer_);
  auto session = ops::Session::open(settings_, std::move(transport), clock_);
  if (!session) return std::unexpected(session.error());
  std::lock_guard lock(mu_);
  ++opened_;
  return std::move(*session);
}

Result<SessionPool::Lease> SessionPool::acquire() {
  {
    std::lock_guard lock(mu_);
    if (!idle_.empty()) {
      auto session = std::move(idle_.back());
      idle_.pop_back();
      return Lease(*this, std::move(session));
    }
  }
  auto session = open();
  if (!session) return std::unexpected(session.error());
  return Lease(*this, std::move(*session));
}

std::size_t SessionPool::opened() const {
  std::lock_guard lock(mu_);
  return opened_;
}

void SessionPool::give_back(std::unique_ptr<ops::Session> session) {
  std::lock_guard lock(mu_);
  idle_.push_back(std::move(session));
}

SessionPool::Lease::~Lease() {
  if (session_) pool_->give_back(std::move(session_));
}

}  // namespace cxsched::app::serve
