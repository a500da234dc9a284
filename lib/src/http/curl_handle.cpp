#include "http/curl_handle.hpp"

#include <cxsched/http/client.hpp>
#include <cxsched/util/expected.hpp>

namespace cxsched::http::detail {

namespace {

std::string not_initialised() {
  auto why = curl_unavailable();
  return why.empty() ? std::string("libcurl could not be initialised") : why;
}

Error headers_too_large(const std::string& host) {
  return Error{ErrorKind::internal,
               "the answer from " + host + " has response headers larger than " +
                   std::to_string(kMaxHeaderBytes / 1024) +
                   " KB (or one header line above libcurl's limit); aborted: the server sent "
                   "an answer no API client accepts",
               Cause::too_large};
}

}  // namespace

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
  // A list page is a few hundred KB: read in 64 KB at a time (libcurl's
  // default is 16 KB), it takes a fifth of the reads, callbacks and polls.
  curl_easy_setopt(h, CURLOPT_BUFFERSIZE, kReceiveBufferBytes);
  if (impl.spares != nullptr) {
    curl_easy_setopt(h, CURLOPT_OPENSOCKETFUNCTION, &SpareConnections::open_socket);
    curl_easy_setopt(h, CURLOPT_OPENSOCKETDATA, impl.spares);
    curl_easy_setopt(h, CURLOPT_SOCKOPTFUNCTION, &SpareConnections::configure_socket);
    curl_easy_setopt(h, CURLOPT_SOCKOPTDATA, impl.spares);
#if LIBCURL_VERSION_NUM >= 0x075000
    curl_easy_setopt(h, CURLOPT_PREREQFUNCTION, &SpareConnections::before_request);
    curl_easy_setopt(h, CURLOPT_PREREQDATA, impl.spares);
#endif
  }

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

Result<std::unique_ptr<Handle>> ready(Handles* handles, const Request& request,
                                      const UrlParts& parts, util::Millis timeout) {
  if (handles == nullptr) return fail(ErrorKind::internal, not_initialised());
  if (timeout.count() <= 0) {
    return fail(ErrorKind::unavailable,
                "no time left to send " + request.method + " to " + parts.authority);
  }
  auto leased = handles->take();
  if (leased->curl == nullptr) return fail(ErrorKind::internal, not_initialised());
  if (auto ok = prepare(*leased, handles->share, request, parts, timeout); !ok) {
    handles->give_back(std::move(leased));
    return std::unexpected(ok.error());
  }
  return leased;
}

}  // namespace cxsched::http::detail
