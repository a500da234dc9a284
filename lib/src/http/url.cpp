#include "http/url.hpp"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>

#include <algorithm>
#include <cctype>
#include <cxsched/http/client.hpp>
#include <cxsched/http/curl_transport.hpp>
#include <cxsched/util/expected.hpp>

namespace cxsched::http {

namespace {

using detail::global_init;
using detail::UrlParts;

std::string lowercase(std::string_view s) {
  std::string out(s);
  std::ranges::transform(out, out.begin(),
                         [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

class CurlUrl {
 public:
  CurlUrl() : h_(curl_url()) {}
  ~CurlUrl() { curl_url_cleanup(h_); }
  CurlUrl(const CurlUrl&) = delete;
  CurlUrl& operator=(const CurlUrl&) = delete;

  CURLUcode set(const std::string& url) {
    return h_ ? curl_url_set(h_, CURLUPART_URL, url.c_str(), 0) : CURLUE_OUT_OF_MEMORY;
  }
  std::string get(CURLUPart part) const {
    char* value = nullptr;
    if (curl_url_get(h_, part, &value, 0) != CURLUE_OK || value == nullptr) return {};
    std::string out(value);
    curl_free(value);
    return out;
  }

 private:
  CURLU* h_;
};

Result<UrlParts> parse_url(std::string_view url) {
  if (global_init() != CURLE_OK) return fail(ErrorKind::internal, detail::curl_unavailable());
  CurlUrl u;
  if (auto rc = u.set(std::string(url)); rc != CURLUE_OK) {
    if (rc == CURLUE_UNSUPPORTED_SCHEME) {
      auto colon = url.find("://");
      std::string scheme(colon == std::string_view::npos ? url : url.substr(0, colon));
      return fail(ErrorKind::usage, "unsupported URL scheme '" + scheme + "' in '" +
                                        redact_url(url) + "': use https://");
    }
    return fail(ErrorKind::usage,
                "malformed URL '" + redact_url(url) + "': " + curl_url_strerror(rc));
  }
  UrlParts parts{lowercase(u.get(CURLUPART_SCHEME)), lowercase(u.get(CURLUPART_HOST)), {}};
  parts.authority = parts.host;
  if (auto port = u.get(CURLUPART_PORT); !port.empty()) parts.authority += ":" + port;
  if (parts.host.empty()) {
    return fail(ErrorKind::usage, "malformed URL '" + redact_url(url) + "': no host");
  }
  return parts;
}

}  // namespace

namespace detail {

bool is_loopback_host(std::string_view host) {
  if (host == "localhost") return true;
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    std::string bare(host.substr(1, host.size() - 2));
    in6_addr a6{};
    return inet_pton(AF_INET6, bare.c_str(), &a6) == 1 && IN6_IS_ADDR_LOOPBACK(&a6);
  }
  std::string h(host);
  in_addr a4{};
  if (inet_pton(AF_INET, h.c_str(), &a4) == 1) return (ntohl(a4.s_addr) >> 24) == 127;
  in6_addr a6{};
  return inet_pton(AF_INET6, h.c_str(), &a6) == 1 && IN6_IS_ADDR_LOOPBACK(&a6);
}

bool name_does_not_exist(const std::string& host) {
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  const int rc = getaddrinfo(host.c_str(), nullptr, &hints, &found);
  if (found) freeaddrinfo(found);
  return rc == EAI_NONAME;
}

Result<UrlParts> allowed_parts(std::string_view url) {
  auto parts = parse_url(url);
  if (!parts) return parts;
  if (parts->scheme == "https") return parts;
  if (parts->scheme != "http") {
    return fail(ErrorKind::usage, "unsupported URL scheme '" + parts->scheme + "' in '" +
                                      redact_url(url) + "': use https://");
  }
  if (!is_loopback_host(parts->host)) {
    return fail(ErrorKind::usage, "refusing plain http:// to " + parts->host +
                                      ": only loopback hosts may use http; use https");
  }
  return parts;
}

}  // namespace detail

Result<void> check_url_allowed(std::string_view url) {
  TRY_ASSIGN(auto parts, detail::allowed_parts(url));
  return {};
}

}  // namespace cxsched::http
