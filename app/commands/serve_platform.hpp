#pragma once

#include <cxsched/http/transport.hpp>
#include <cxsched/ops/session.hpp>
#include <cxsched/util/clock.hpp>

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace cxsched::app::serve {

// The rate budget every worker of the server shares: after a 429 on an
// endpoint (method + URL without query), every worker holds its requests to
// that endpoint until the Retry-After (or one second) has passed, so one
// worker's lesson is not relearned by the fifteen others. Thread-safe.
class Pacer {
 public:
  explicit Pacer(util::Clock& clock) : clock_(clock) {}
  // How long a request to `endpoint` must wait now (zero: go).
  util::Millis wait_for(const std::string& endpoint);
  // Records the answer to a request to `endpoint`.
  void observe(const std::string& endpoint, const http::Response& response);
  util::Clock& clock() { return clock_; }

 private:
  util::Clock& clock_;
  std::mutex mu_;
  std::map<std::string, util::SteadyTime> hold_until_;
};

// A transport that waits for the shared Pacer before each request and tells
// it each answer; the request itself goes through `inner`.
class PacedTransport final : public http::Transport {
 public:
  PacedTransport(std::unique_ptr<http::Transport> inner, Pacer& pacer)
      : inner_(std::move(inner)), pacer_(pacer) {}
  Result<http::Response> perform(const http::Request& request, util::Millis timeout) override;

 private:
  std::unique_ptr<http::Transport> inner_;
  Pacer& pacer_;
};

// The platform session of the whole server. A Session (transport, client,
// API) serves one request at a time, so the pool lends each request its own;
// they share the token through the on-disk cache (flock, re-read under the
// lock: one token request for any number of workers, as for concurrent
// processes), the rate budget through the Pacer, and keep their connections
// open between requests. Thread-safe.
class SessionPool {
 public:
  // `settings.timeout` is ignored: a long-lived session has no deadline;
  // each request is bounded by the retry policy instead.
  SessionPool(ops::ConnectionSettings settings, util::Clock& clock = util::system_clock());

  // Opens one session now so bad settings fail at startup (ErrorKind::usage).
  Result<void> check();

  // A session lent to the caller until the Lease is destroyed.
  class Lease {
   public:
    Lease(SessionPool& pool, std::unique_ptr<ops::Session> session)
        : pool_(&pool), session_(std::move(session)) {}
    Lease(Lease&& other) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    ops::Session& operator*() { return *session_; }
    ops::Session* operator->() { return session_.get(); }

   private:
    SessionPool* pool_;
    std::unique_ptr<ops::Session> session_;
  };

  Result<Lease> acquire();
  // Sessions made so far (each one a connection to the platform at most).
  std::size_t opened() const;

 private:
  Result<std::unique_ptr<ops::Session>> open();
  void give_back(std::unique_ptr<ops::Session> session);

  ops::ConnectionSettings settings_;
  util::Clock& clock_;
  Pacer pacer_;
  mutable std::mutex mu_;
  std::vector<std::unique_ptr<ops::Session>> idle_;
  std::size_t opened_ = 0;
};

}  // namespace cxsched::app::serve
