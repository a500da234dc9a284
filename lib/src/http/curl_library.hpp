#pragma once

// libcurl, loaded the first time a request is prepared, not when cxsched
// starts: its shared library and the thirty it brings (TLS, Kerberos,
// LDAP, IDN...) are two thirds of a start, which a command that makes no
// request (validate --offline, --help, completion) need not pay.
// curl_library.cpp defines the curl_* functions the transport calls, each
// calling libcurl's own once it is loaded; until it is loaded (or when it
// cannot be) they fail as libcurl's do when they cannot start.

#include <curl/curl.h>

#include <string>

namespace cxsched::http::detail {

// libcurl's soname (set by CMakeLists.txt, which names its package).
inline constexpr const char* kCurlLibrary = CXSCHED_CURL_SONAME;

// libcurl loaded and curl_global_init, once per process; the result of
// curl_global_init every time after (CURLE_FAILED_INIT when libcurl could
// not be loaded).
CURLcode global_init();

// Why global_init failed: "libcurl (libcurl.so.4) could not be loaded: ..."
// or curl_global_init's error; empty when it did not.
std::string curl_unavailable();

}  // namespace cxsched::http::detail
