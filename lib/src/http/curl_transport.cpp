#include <cxsched/http/client.hpp>
#include <cxsched/http/curl_transport.hpp>
#include <cxsched/util/expected.hpp>

#include "http/text.hpp"
#include "http/url.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <bit>
#include <array>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string_view>
#include <vector>

namespace cxsched::http {

namespace {

using detail::allowed_parts;
using detail::global_init;
using detail::is_loopback_host;
using detail::name_does_not_exist;
using detail::trim;
using detail::UrlParts;

class HeaderList {
 public:
  HeaderList() = default;
  ~HeaderList() { curl_slist_free_all(list_); }
  HeaderList(const HeaderList&) = delete;
  HeaderList& operator=(const HeaderList&) = delete;

  void clear() {
    curl_slist_free_all(list_);
    list_ = nullptr;
  }
  bool append(const std::string& line) {
    auto* next = curl_slist_append(list_, line.c_str());
    if (next == nullptr) return false;
    list_ = next;
    return true;
  }
  curl_slist* get() const { return list_; }

 private:
  curl_slist* list_ = nullptr;
};

// The most header bytes one answer may have (libcurl itself refuses one
// header line above 100 KB); an API answer needs a few hundred.
constexpr std::size_t kMaxHeaderBytes = 256 * 1024;
constexpr std::size_t kBodySlack = 64;  // simdjson::SIMDJSON_PADDING

Error headers_too_large(const std::string& host) {
  return Error{ErrorKind::internal,
               "the answer from " + host + " has response headers larger than " +
                   std::to_string(kMaxHeaderBytes / 1024) +
                   " KB (or one header line above libcurl's limit); aborted: the server sent "
                   "an answer no API client accepts",
               Cause::too_large};
}

// One easy handle and the buffers of the request it is performing.
struct Handle {
  const CurlOptions& options;
  CURL* curl = nullptr;
  std::array<char, CURL_ERROR_SIZE> error{};
  Headers headers;
  std::string body;
  bool body_too_large = false;
  std::size_t header_bytes = 0;
  bool headers_too_large = false;
  bool out_of_memory = false;  // a callback could not store what came
  HeaderList request_headers;  // of the request in progress

  Handle(const CurlOptions& o, CURLSH* share) : options(o) {
    if (global_init() == CURLE_OK) curl = curl_easy_init();
    if (curl != nullptr && share != nullptr) curl_easy_setopt(curl, CURLOPT_SHARE, share);
  }
  ~Handle() {
    if (curl != nullptr) curl_easy_cleanup(curl);
  }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;

  // A libcurl callback calling `take`: an exception must not cross libcurl's
  // C frames, so a failed allocation aborts the transfer instead.
  template <size_t (Handle::*take)(char*, size_t)>
  static size_t callback(char* data, size_t size, size_t count, void* self) {
    auto* h = static_cast<Handle*>(self);
    try {
      return (h->*take)(data, size * count);
    } catch (const std::exception&) {
      h->out_of_memory = true;
      return 0;
    }
  }

  size_t header(char* data, size_t n) {
    header_bytes += n;
    if (header_bytes > kMaxHeaderBytes) {
      headers_too_large = true;
      return 0;
    }
    std::string_view line(data, n);
    if (line.starts_with("HTTP/")) {
      headers.clear();
    } else if (!line.empty() && (line.front() == ' ' || line.front() == '\t')) {
      if (!headers.empty()) {
        auto folded = trim(line);
        if (!folded.empty()) headers.back().second.append(" ").append(folded);
      }
    } else if (auto colon = line.find(':'); colon != std::string_view::npos) {
      headers.emplace_back(std::string(trim(line.substr(0, colon))),
                           std::string(trim(line.substr(colon + 1))));
    }
    return n;
  }

  // Room for the whole body when the server says its length (bounded by the
  // limit), so a large answer is not copied as it grows, and for the padding
  // a fast JSON reader reads past the end; a power of two, so the buffers of
  // answers of about the same size are the same size and memory freed by one
  // is reused by the next.
  void reserve_body() {
    curl_off_t length = -1;
    if (curl_easy_getinfo(curl, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &length) != CURLE_OK ||
        length <= 0)
      return;
    const auto wanted = std::min<std::size_t>(static_cast<std::size_t>(length),
                                              options.max_body_bytes);
    body.reserve(std::bit_ceil(wanted + kBodySlack));
  }

  size_t take_body(char* data, size_t n) {
    if (body.size() + n > options.max_body_bytes) {
      body_too_large = true;
      return 0;
    }
    if (body.empty()) reserve_body();
    body.append(data, n);
    return n;
  }
};

// Idle handles are kept for reuse (each keeps its connections alive); a
// request takes one or makes one, so concurrent requests each have their own.
// The handles share DNS answers, TLS sessions and the connection cache.
struct Handles {
  CurlOptions options;
  CURLSH* share = nullptr;
  std::array<std::mutex, CURL_LOCK_DATA_LAST> share_locks;
  std::mutex mu;  // guards idle
  std::vector<std::unique_ptr<Handle>> idle;

  explicit Handles(CurlOptions o) : options(std::move(o)) {
    if (global_init() != CURLE_OK) return;
    share = curl_share_init();
    if (share == nullptr) return;
    curl_share_setopt(share, CURLSHOPT_LOCKFUNC, &Handles::lock);
    curl_share_setopt(share, CURLSHOPT_UNLOCKFUNC, &Handles::unlock);
    curl_share_setopt(share, CURLSHOPT_USERDATA, this);
    curl_share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
    curl_share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
    curl_share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_CONNECT);
  }
  ~Handles() {
    idle.clear();  // handles first: they use the share
    if (share != nullptr) curl_share_cleanup(share);
  }
  Handles(const Handles&) = delete;
  Handles& operator=(const Handles&) = delete;

  static void lock(CURL*, curl_lock_data data, curl_lock_access, void* self) {
    static_cast<Handles*>(self)->share_locks.at(static_cast<std::size_t>(data)).lock();
  }
  static void unlock(CURL*, curl_lock_data data, void* self) {
    static_cast<Handles*>(self)->share_locks.at(static_cast<std::size_t>(data)).unlock();
  }

  std::unique_ptr<Handle> take() {
    {
      std::lock_guard lock(mu);
      if (!idle.empty()) {
        auto h = std::move(idle.back());
        idle.pop_back();
        return h;
      }
    }
    return std::make_unique<Handle>(options, share);
  }
  void give_back(std::unique_ptr<Handle> h) {
    std::lock_guard lock(mu);
    idle.push_back(std::move(h));
  }
};

}  // namespace

struct CurlTransport::Impl final : Handles {
  using Handles::Handles;
};

CurlTransport::CurlTransport(CurlOptions options)
    : impl_(std::make_unique<Impl>(std::move(options))) {}
CurlTransport::~CurlTransport() = default;
CurlTransport::CurlTransport(CurlTransport&&) noexcept = default;
CurlTransport& CurlTransport::operator=(CurlTransport&&) noexcept = default;

namespace {

// Sets `impl` up for `request`; the request must outlive the transfer (its
// body is sent from where it is).
Result<void> prepare(Handle& impl, CURLSH* share, const Request& request, const UrlParts& url,
                     util::Millis timeout) {
  const UrlParts* parts = &url;
  CURL* h = impl.curl;
  curl_easy_reset(h);
  if (share != nullptr) curl_easy_setopt(h, CURLOPT_SHARE, share);
  impl.headers.clear();
  impl.body.clear();
  impl.body_too_large = false;
  impl.header_bytes = 0;
  impl.headers_too_large = false;
  impl.out_of_memory = false;
  impl.error[0] = '\0';

  HeaderList& headers = impl.request_headers;
  headers.clear();
  bool headers_ok = headers.append("Expect:");
  for (const auto& [name, value] : request.headers) {
    headers_ok = headers_ok && headers.append(name + ": " + value);
  }
  if (!headers_ok) return fail(ErrorKind::internal, "out of memory building request headers");

  const long connect_ms = static_cast<long>(std::min(impl.options.connect_timeout, timeout).count());
  curl_easy_setopt(h, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, impl.error.data());
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
  if (!impl.options.ca_bundle.empty()) {
    curl_easy_setopt(h, CURLOPT_CAINFO, impl.options.ca_bundle.c_str());
  }
  if (is_loopback_host(parts->host)) curl_easy_setopt(h, CURLOPT_NOPROXY, "*");
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, std::max(connect_ms, 1L));
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count()));
  curl_easy_setopt(h, CURLOPT_USERAGENT, impl.options.user_agent.c_str());
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, &Handle::callback<&Handle::header>);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &impl);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &Handle::callback<&Handle::take_body>);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &impl);

  const auto body_size = static_cast<curl_off_t>(request.body.size());
  if (request.method == "GET") {
    curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
  } else if (request.method == "HEAD") {
    curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
  } else if (request.method == "POST") {
    curl_easy_setopt(h, CURLOPT_POST, 1L);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, request.body.c_str());
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, body_size);
  } else {
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    if (!request.body.empty() || request.method == "PUT" || request.method == "PATCH") {
      curl_easy_setopt(h, CURLOPT_POSTFIELDS, request.body.c_str());
      curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, body_size);
    }
  }

  return {};
}

// The outcome of the transfer `impl` ended with `rc`.
Result<Response> finish(Handle& impl, CURLcode rc, const Request& request, const UrlParts& url,
                        util::Millis timeout) {
  const UrlParts* parts = &url;
  CURL* h = impl.curl;
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, nullptr);
  impl.request_headers.clear();
  if (rc != CURLE_OK) {
    std::string detail = impl.error[0] != '\0' ? std::string(impl.error.data())
                                               : std::string(curl_easy_strerror(rc));
    const std::string& host = parts->authority;
    if (impl.headers_too_large) return std::unexpected(headers_too_large(host));
    if (impl.out_of_memory)
      return fail(ErrorKind::internal, "out of memory reading the answer from " + host);
    switch (rc) {
      case CURLE_UNSUPPORTED_PROTOCOL:
        // The scheme was checked above: here libcurl refuses what the server
        // sent back (no HTTP status line, "Received HTTP/0.9"). The
        // platform's fault, like any garbled answer.
        return fail(ErrorKind::unavailable, "the answer from " + host + " is not HTTP: " + detail);
      case CURLE_URL_MALFORMAT:
        return fail(ErrorKind::usage, "cannot request '" + redact_url(request.url) + "': " + detail);
      case CURLE_OUT_OF_MEMORY:
        // libcurl 7.x gives this for a header line above its 100 KB limit,
        // once the status line has come (8.6+ says CURLE_TOO_LARGE).
        if (impl.header_bytes > 0 && impl.body.empty())
          return std::unexpected(headers_too_large(host));
        return fail(ErrorKind::internal, "request to " + host + " failed: " + detail);
#if LIBCURL_VERSION_NUM >= 0x080600
      case CURLE_TOO_LARGE: return std::unexpected(headers_too_large(host));
#endif
      case CURLE_COULDNT_RESOLVE_HOST:
        if (name_does_not_exist(parts->host))
          return std::unexpected(final_error(host, detail + " (the name does not exist)"));
        return std::unexpected(not_sent_error(host, detail));
      case CURLE_COULDNT_CONNECT:
        if (is_loopback_host(parts->host))
          return std::unexpected(final_error(host, detail + " (nothing listens there)"));
        return std::unexpected(not_sent_error(host, detail));
      case CURLE_COULDNT_RESOLVE_PROXY:
        return std::unexpected(not_sent_error(host, detail));
      case CURLE_PEER_FAILED_VERIFICATION:
      case CURLE_SSL_CACERT_BADFILE:
      case CURLE_SSL_CERTPROBLEM:
      case CURLE_SSL_ISSUER_ERROR:
      case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
      case CURLE_SSL_INVALIDCERTSTATUS:
      case CURLE_SSL_CRL_BADFILE:
        return std::unexpected(tls_error(host, detail));
      case CURLE_OPERATION_TIMEDOUT:
        return fail(ErrorKind::unavailable, "no answer from " + host + " within " +
                                                std::to_string(timeout.count()) + " ms: " + detail);
      case CURLE_WRITE_ERROR:
        if (impl.body_too_large) {
          return fail(ErrorKind::internal,
                      "the answer from " + host + " is larger than " +
                          std::to_string(impl.options.max_body_bytes) + " bytes; aborted",
                      Cause::too_large);
        }
        [[fallthrough]];
      default:
        return fail(ErrorKind::unavailable, "request to " + host + " failed: " + detail);
    }
  }

  Response response;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &response.status);
  response.headers = std::move(impl.headers);
  response.body = std::move(impl.body);
  impl.headers.clear();
  impl.body.clear();
  return response;
}

}  // namespace

namespace {

// A handle set up for `request`, or why the request cannot go.
Result<std::unique_ptr<Handle>> ready(Handles* handles, const Request& request,
                                      const UrlParts& parts, util::Millis timeout) {
  if (handles == nullptr) return fail(ErrorKind::internal, "libcurl could not be initialised");
  if (timeout.count() <= 0) {
    return fail(ErrorKind::unavailable,
                "no time left to send " + request.method + " to " + parts.authority);
  }
  auto leased = handles->take();
  if (leased->curl == nullptr) return fail(ErrorKind::internal, "libcurl could not be initialised");
  if (auto ok = prepare(*leased, handles->share, request, parts, timeout); !ok) {
    handles->give_back(std::move(leased));
    return std::unexpected(ok.error());
  }
  return leased;
}

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
    auto handle = ready(&handles_, flight->request, flight->parts, timeout);
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
      if (!done_.empty()) continue;
      // Each transfer has its own timeout, so the poll ends.
      const CURLMcode polled =
          mc == CURLM_OK ? curl_multi_poll(multi_, nullptr, 0, 1000, nullptr) : mc;
      if (polled != CURLM_OK)
        abandon(std::string("libcurl failed: ") + curl_multi_strerror(polled));
    }
  }

  std::size_t busy() const override { return busy_; }
  void progress() override {
    // A few rounds while sockets are ready at once: a connection on its way
    // (on loopback, one round later) takes its request. A failure shows at
    // the next wait().
    for (int round = 0; round < 4 && !flights_.empty(); ++round) {
      int running = 0;
      if (curl_multi_perform(multi_, &running) != CURLM_OK || running == 0) return;
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
  global_init();
  return ::curl_version();
}

}  // namespace cxsched::http
