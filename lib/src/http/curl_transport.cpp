// The libcurl transport: a request performed on a pooled easy handle
// (curl_handle.hpp), or several kept in flight from one thread on a multi
// handle (the exchange).
#include <cxsched/http/curl_transport.hpp>
#include <cxsched/util/expected.hpp>

#include "http/curl_handle.hpp"

#include <curl/curl.h>

#include <deque>
#include <map>
#include <memory>
#include <string>

namespace cxsched::http {

using detail::allowed_parts;
using detail::finish;
using detail::Handle;
using detail::Handles;
using detail::ready;
using detail::UrlParts;

struct CurlTransport::Impl final : Handles {
  using Handles::Handles;
};

CurlTransport::CurlTransport(CurlOptions options)
    : impl_(std::make_unique<Impl>(std::move(options))) {}
CurlTransport::~CurlTransport() = default;
CurlTransport::CurlTransport(CurlTransport&&) noexcept = default;
CurlTransport& CurlTransport::operator=(CurlTransport&&) noexcept = default;

void CurlTransport::open_ahead(int n) { impl_->spares.want(n); }

CurlTransport::AheadCounts CurlTransport::opened_ahead() const {
  const auto c = impl_->spares.counts();
  return {c.opened, c.taken};
}

namespace {

// Requests in flight on one multi handle, driven by the thread that waits.
class CurlExchange final : public Exchange {
 public:
  explicit CurlExchange(Handles& handles) : handles_(handles), multi_(curl_multi_init()) {}
  ~CurlExchange() override {
    for (auto& [curl, flight] : flights_) {
      curl_multi_remove_handle(multi_, curl);
      handles_.give_back(std::move(flight->handle));
    }
    if (multi_ != nullptr) curl_multi_cleanup(multi_);
  }
  CurlExchange(const CurlExchange&) = delete;
  CurlExchange& operator=(const CurlExchange&) = delete;

  void start(std::uint64_t tag, Request request, util::Millis timeout) override {
    ++busy_;
    auto flight = std::make_unique<Flight>();
    flight->tag = tag;
    flight->request = std::move(request);
    flight->timeout = timeout;
    auto parts = allowed_parts(flight->request.url);
    if (!parts) return done(tag, std::unexpected(parts.error()));
    flight->parts = std::move(*parts);
    auto handle = detail::ready(&handles_, flight->request, flight->parts, timeout);
    if (!handle) return done(tag, std::unexpected(handle.error()));
    flight->handle = std::move(*handle);
    CURL* curl = flight->handle->curl;
    if (multi_ == nullptr || curl_multi_add_handle(multi_, curl) != CURLM_OK) {
      handles_.give_back(std::move(flight->handle));
      return done(tag, fail(ErrorKind::internal, "libcurl could not start a request"));
    }
    flights_.emplace(curl, std::move(flight));
  }

  std::pair<std::uint64_t, Result<Response>> wait() override {
    for (;;) {
      if (!done_.empty()) {
        auto out = std::move(done_.front());
        done_.pop_front();
        --busy_;
        return out;
      }
      if (flights_.empty()) return {0, fail(ErrorKind::internal, "no request in flight")};
      int running = 0;
      const CURLMcode mc = curl_multi_perform(multi_, &running);
      collect();
      if (!done_.empty()) continue;
      // Each transfer has its own timeout, so the poll ends.
      const CURLMcode polled =
          mc == CURLM_OK ? curl_multi_poll(multi_, nullptr, 0, 1000, nullptr) : mc;
      if (polled != CURLM_OK)
        abandon(std::string("libcurl failed: ") + curl_multi_strerror(polled));
    }
  }

  std::size_t busy() const override { return busy_; }
  std::size_t ready() const override { return done_.size(); }
  void progress() override {
    // A few rounds while sockets are ready at once: a connection on its way
    // (on loopback, one round later) takes its request. A failure shows at
    // the next wait().
    for (int round = 0; round < 4 && !flights_.empty(); ++round) {
      int running = 0;
      const CURLMcode mc = curl_multi_perform(multi_, &running);
      collect();
      if (mc != CURLM_OK || running == 0) return;
      int ready = 0;
      if (curl_multi_poll(multi_, nullptr, 0, 0, &ready) != CURLM_OK || ready == 0) return;
    }
  }

 private:
  struct Flight {
    std::uint64_t tag = 0;
    Request request;
    UrlParts parts;
    util::Millis timeout{0};
    std::unique_ptr<Handle> handle;
  };

  // The transfers libcurl has completed, moved to done_.
  void collect() {
    int left = 0;
    while (CURLMsg* m = curl_multi_info_read(multi_, &left)) {
      if (m->msg != CURLMSG_DONE) continue;
      CURL* curl = m->easy_handle;
      const CURLcode rc = m->data.result;  // m is gone once the handle is removed
      auto it = flights_.find(curl);
      if (it == flights_.end()) continue;
      auto flight = std::move(it->second);
      flights_.erase(it);
      curl_multi_remove_handle(multi_, curl);
      done_.emplace_back(flight->tag,
                         finish(*flight->handle, rc, flight->request, flight->parts, flight->timeout));
      handles_.give_back(std::move(flight->handle));
    }
  }
  void done(std::uint64_t tag, Result<Response> result) {
    done_.emplace_back(tag, std::move(result));
  }
  // Every request in flight fails with `why`.
  void abandon(const std::string& why) {
    for (auto& [curl, flight] : flights_) {
      curl_multi_remove_handle(multi_, curl);
      handles_.give_back(std::move(flight->handle));
      done(flight->tag, fail(ErrorKind::internal, why));
    }
    flights_.clear();
  }

  Handles& handles_;
  CURLM* multi_;
  std::map<CURL*, std::unique_ptr<Flight>> flights_;
  std::deque<std::pair<std::uint64_t, Result<Response>>> done_;
  std::size_t busy_ = 0;
};

}  // namespace

Result<Response> CurlTransport::perform(const Request& request, util::Millis timeout) {
  TRY_ASSIGN(auto parts, allowed_parts(request.url));
  TRY_ASSIGN(auto handle, ready(impl_.get(), request, parts, timeout));
  const CURLcode rc = curl_easy_perform(handle->curl);
  auto result = finish(*handle, rc, request, parts, timeout);
  impl_->give_back(std::move(handle));
  return result;
}

std::unique_ptr<Exchange> CurlTransport::exchange() {
  if (!impl_) return nullptr;
  return std::make_unique<CurlExchange>(*impl_);
}

std::string curl_version() {
  detail::global_init();
  return ::curl_version();
}

}  // namespace cxsched::http
