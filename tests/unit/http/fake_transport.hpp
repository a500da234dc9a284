#pragma once

#include <cxsched/http/transport.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace cxsched::http::testing {

// A Transport for unit tests. Each request is answered from the answers
// scripted for its method and target, in the order they were scripted; every
// request is recorded. A request nothing was scripted for gets an
// ErrorKind::internal error and is remembered, so check_all_used() fails the
// test. A target is a path ("/oauth/token"), compared with the request URL's
// path, and with its query only when the target has one; or a full URL.
class FakeTransport final : public Transport {
 public:
  using Handler = std::function<Result<Response>(const Request&)>;

  struct Sent {
    Request request;
    util::Millis timeout;
  };

  // Scripts one response.
  FakeTransport& respond(std::string method, std::string target, long status,
                         std::string body = {}, Headers headers = {}) {
    Response r{status, std::move(headers), std::move(body)};
    return handle(std::move(method), std::move(target),
                  [r](const Request&) -> Result<Response> { return r; });
  }

  // Scripts one transport failure.
  FakeTransport& respond_error(std::string method, std::string target, Error error) {
    return handle(std::move(method), std::move(target),
                  [e = std::move(error)](const Request&) -> Result<Response> {
                    return std::unexpected(e);
                  });
  }

  // Scripts `times` answers computed by `handler`; times < 0: every request.
  FakeTransport& handle(std::string method, std::string target, Handler handler, int times = 1) {
    std::lock_guard lock(mu_);
    scripts_.push_back(Script{std::move(method), std::move(target), std::move(handler), times});
    return *this;
  }

  // From then on, exchange() gives an exchange that answers each request as
  // it is started, on the caller's thread: its answers are ready at once, as
  // those of an exchange reading on the caller's thread are once it has read
  // them. (Otherwise requests sent together run on a pool's threads.)
  void answer_at_once() { at_once_ = true; }
  // Or, as libcurl's multi interface: a request started goes out (and is
  // answered) only when the owner drives the exchange, by progress() or
  // wait().
  void answer_when_driven() {
    at_once_ = true;
    when_driven_ = true;
  }
  // The connections asked for ahead (open_ahead), in order.
  void open_ahead(int n) override { opened_ahead_.push_back(n); }
  const std::vector<int>& opened_ahead() const { return opened_ahead_; }
  std::unique_ptr<Exchange> exchange() override {
    if (!at_once_) return nullptr;
    class AtOnce final : public Exchange {
     public:
      AtOnce(FakeTransport& t, bool when_driven) : t_(t), when_driven_(when_driven) {}
      void start(std::uint64_t tag, Request request, util::Millis timeout) override {
        if (when_driven_) {
          started_.push_back(Started{tag, std::move(request), timeout});
          return;
        }
        done_.emplace_back(tag, t_.perform(request, timeout));
      }
      std::pair<std::uint64_t, Result<Response>> wait() override {
        progress();
        auto out = std::move(done_.front());
        done_.erase(done_.begin());
        return out;
      }
      std::size_t busy() const override { return started_.size() + done_.size(); }
      std::size_t ready() const override { return done_.size(); }
      void progress() override {
        for (auto& s : started_) done_.emplace_back(s.tag, t_.perform(s.request, s.timeout));
        started_.clear();
      }

     private:
      struct Started {
        std::uint64_t tag;
        Request request;
        util::Millis timeout;
      };
      FakeTransport& t_;
      const bool when_driven_;
      std::vector<Started> started_;
      std::vector<std::pair<std::uint64_t, Result<Response>>> done_;
    };
    return std::make_unique<AtOnce>(*this, when_driven_);
  }

  Result<Response> perform(const Request& request, util::Millis timeout) override {
    Handler handler;
    {
      std::lock_guard lock(mu_);
      sent_.push_back(Sent{request, timeout});
      for (auto& s : scripts_) {
        if (s.remaining != 0 && s.method == request.method && matches(s.target, request.url)) {
          if (s.remaining > 0) --s.remaining;
          handler = s.handler;
          break;
        }
      }
      if (!handler) {
        unexpected_.push_back(request.method + " " + request.url);
        return std::unexpected(Error{ErrorKind::internal, "FakeTransport: nothing scripted for " +
                                                              request.method + " " + request.url});
      }
    }
    return handler(request);
  }

  // Every request performed so far.
  std::vector<Sent> sent() const {
    std::lock_guard lock(mu_);
    return sent_;
  }

  // Requests performed for this method and target.
  std::size_t count(std::string_view method, std::string_view target) const {
    std::lock_guard lock(mu_);
    std::size_t n = 0;
    for (const auto& s : sent_) n += s.request.method == method && matches(target, s.request.url);
    return n;
  }

  // Scripted answers never used, e.g. "GET /api/v2/campaigns (2 left)".
  std::vector<std::string> unused() const {
    std::lock_guard lock(mu_);
    std::vector<std::string> out;
    for (const auto& s : scripts_) {
      if (s.remaining > 0) {
        out.push_back(s.method + " " + s.target + " (" + std::to_string(s.remaining) + " left)");
      }
    }
    return out;
  }

  // Requests that nothing was scripted for.
  std::vector<std::string> unexpected() const {
    std::lock_guard lock(mu_);
    return unexpected_;
  }

  // Fails the current test when a scripted answer was not used or a request
  // came that nothing was scripted for.
  void check_all_used() const {
    auto left = unused();
    auto extra = unexpected();
    INFO("unused: " << join(left) << "; unexpected: " << join(extra));
    CHECK(left.empty());
    CHECK(extra.empty());
  }

  // The path and query of a URL: "http://h:1/a/b?c=d" -> "/a/b?c=d".
  static std::string_view path_of(std::string_view url) {
    auto scheme = url.find("://");
    if (scheme == std::string_view::npos) return url;
    auto slash = url.find_first_of("/?#", scheme + 3);
    return slash == std::string_view::npos ? std::string_view("/") : url.substr(slash);
  }

 private:
  struct Script {
    std::string method;
    std::string target;
    Handler handler;
    int remaining;
  };

  static bool matches(std::string_view target, std::string_view url) {
    if (target.find("://") == std::string_view::npos) url = path_of(url);
    if (target.find('?') == std::string_view::npos) url = url.substr(0, url.find('?'));
    return url.substr(0, url.find('#')) == target;
  }

  static std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& i : items) out += (out.empty() ? "" : ", ") + i;
    return out.empty() ? "none" : out;
  }

  mutable std::mutex mu_;
  std::vector<Script> scripts_;
  std::vector<Sent> sent_;
  std::vector<std::string> unexpected_;
  bool at_once_ = false;
  bool when_driven_ = false;
  std::vector<int> opened_ahead_;
};

// A handler that answers 200 "{}" and notes when each request came and the
// most in flight at once: each answer waits up to `linger` for another
// request to arrive while it is in flight, so requests sent together are
// seen together; one at a time, each waits the whole `linger` in vain.
class InFlightProbe {
 public:
  InFlightProbe(const util::Clock& clock, util::Millis linger) : clock_(clock), linger_(linger) {}

  FakeTransport::Handler handler() {
    return [this](const Request&) -> Result<Response> {
      std::unique_lock lock(mu_);
      sent_at_.push_back(clock_.steady_now());
      most_ = std::max(most_, ++in_flight_);
      arrived_.notify_all();
      arrived_.wait_for(lock, linger_, [&] { return in_flight_ > 1; });
      --in_flight_;
      return Response{200, {}, "{}"};
    };
  }
  int most() const {
    std::lock_guard lock(mu_);
    return most_;
  }
  std::vector<util::SteadyTime> sent_at() const {
    std::lock_guard lock(mu_);
    return sent_at_;
  }

 private:
  const util::Clock& clock_;
  const util::Millis linger_;
  mutable std::mutex mu_;
  std::condition_variable arrived_;
  int in_flight_ = 0;
  int most_ = 0;
  std::vector<util::SteadyTime> sent_at_;
};

}  // namespace cxsched::http::testing
