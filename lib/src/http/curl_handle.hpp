#pragma once

// The easy handles of the libcurl transport, kept for reuse, and a request
// set up on one and read back from it: the parts CurlTransport::perform and
// its exchange share (curl_transport.cpp).

#include <cxsched/http/curl_transport.hpp>

#include "http/spares.hpp"
#include "http/text.hpp"
#include "http/url.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <array>
#include <bit>
#include <memory>
#include <mutex>
#include <string_view>
#include <vector>

namespace cxsched::http::detail {

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
// How much libcurl reads from a socket at once (CURLOPT_BUFFERSIZE).
constexpr long kReceiveBufferBytes = 64 * 1024;

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
  SpareConnections* spares = nullptr;  // the connections opened ahead it may take

  Handle(const CurlOptions& o, CURLSH* share, SpareConnections* s = nullptr)
      : options(o), spares(s) {
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
  SpareConnections spares;
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
    return std::make_unique<Handle>(options, share, &spares);
  }
  void give_back(std::unique_ptr<Handle> h) {
    std::lock_guard lock(mu);
    idle.push_back(std::move(h));
  }
};

// Sets `impl` up for `request`; the request must outlive the transfer (its
// body is sent from where it is).
Result<void> prepare(Handle& impl, CURLSH* share, const Request& request, const UrlParts& url,
                     util::Millis timeout);

// The outcome of the transfer `impl` ended with `rc`.
Result<Response> finish(Handle& impl, CURLcode rc, const Request& request, const UrlParts& url,
                        util::Millis timeout);

// A handle of `handles` set up for `request`, or why the request cannot go.
Result<std::unique_ptr<Handle>> ready(Handles* handles, const Request& request,
                                      const UrlParts& parts, util::Millis timeout);

}  // namespace cxsched::http::detail
