#include "http/curl_library.hpp"

#include <cxsched/http/curl_transport.hpp>

#include <cxsched/util/library.hpp>

#include <cstdarg>

namespace cxsched::http::detail {

namespace {

// Every libcurl function cxsched calls.
#define CXSCHED_CURL_FUNCTIONS(X)                                                             \
  X(curl_global_init) X(curl_version) X(curl_free) X(curl_slist_append) X(curl_slist_free_all) \
  X(curl_easy_init) X(curl_easy_setopt) X(curl_easy_perform) X(curl_easy_getinfo)              \
  X(curl_easy_reset) X(curl_easy_cleanup) X(curl_easy_strerror) X(curl_share_init)             \
  X(curl_share_setopt) X(curl_share_cleanup) X(curl_multi_init) X(curl_multi_add_handle)       \
  X(curl_multi_remove_handle) X(curl_multi_perform) X(curl_multi_poll)                         \
  X(curl_multi_info_read) X(curl_multi_strerror) X(curl_multi_cleanup) X(curl_url)             \
  X(curl_url_set) X(curl_url_get) X(curl_url_cleanup) X(curl_url_strerror)

struct Curl {
#define CXSCHED_POINTER(f) decltype(&::f) f = nullptr;
  CXSCHED_CURL_FUNCTIONS(CXSCHED_POINTER)
#undef CXSCHED_POINTER
  std::string error;  // why the functions are null
};

Curl load(const char* file) {
  Curl c;
#define CXSCHED_NAME(f) #f,
  auto lib = util::load_library("libcurl", file, {CXSCHED_CURL_FUNCTIONS(CXSCHED_NAME)});
#undef CXSCHED_NAME
  if (!lib.error.empty()) {
    c.error = std::move(lib.error);
    return c;
  }
  std::size_t i = 0;
#define CXSCHED_SET(f) c.f = reinterpret_cast<decltype(c.f)>(lib.functions[i++]);
  CXSCHED_CURL_FUNCTIONS(CXSCHED_SET)
#undef CXSCHED_SET
  return c;
}

const Curl& curl() {
  static const Curl loaded = load(kCurlLibrary);  // kept for the process
  return loaded;
}

struct Init {
  CURLcode rc = CURLE_FAILED_INIT;
  std::string error;
};

const Init& init() {
  static const Init done = [] {
    Init i;
    if (!curl().error.empty()) {
      i.error = curl().error;
      return i;
    }
    i.rc = curl().curl_global_init(CURL_GLOBAL_DEFAULT);
    if (i.rc != CURLE_OK)
      i.error = std::string("libcurl could not be initialised: ") +
                curl().curl_easy_strerror(i.rc);
    return i;
  }();
  return done;
}

}  // namespace

CURLcode global_init() { return init().rc; }

std::string curl_unavailable() { return init().error; }

}  // namespace cxsched::http::detail

namespace cxsched::http {

std::string curl_load_error(const char* file) { return detail::load(file).error; }

}  // namespace cxsched::http

// libcurl's functions, as curl/curl.h declares them: each calls libcurl's
// own, loaded by global_init (which every path to a request takes first).
// Before it, or when libcurl could not be loaded, each fails as libcurl's
// does when it cannot start. The names are in parentheses: curl.h makes the
// variadic ones macros (typecheck-gcc.h) for their callers.
using cxsched::http::detail::global_init;

namespace {
const cxsched::http::detail::Curl* ready() {
  const auto& c = cxsched::http::detail::curl();
  return c.error.empty() ? &c : nullptr;
}
}  // namespace

extern "C" {

CURLcode(curl_global_init)(long) { return global_init(); }

char*(curl_version)(void) {
  static char unavailable[] = "libcurl (not loaded)";
  const auto* c = ready();
  return c ? c->curl_version() : unavailable;
}

void(curl_free)(void* p) {
  if (const auto* c = ready()) c->curl_free(p);
}

curl_slist*(curl_slist_append)(curl_slist* list, const char* s) {
  const auto* c = ready();
  return c ? c->curl_slist_append(list, s) : nullptr;
}

void(curl_slist_free_all)(curl_slist* list) {
  if (const auto* c = ready()) c->curl_slist_free_all(list);
}

CURL*(curl_easy_init)(void) {
  const auto* c = ready();
  return c && global_init() == CURLE_OK ? c->curl_easy_init() : nullptr;
}

// An option's number says the type of its value (curl.h's CURLOPTTYPE_*),
// as libcurl itself reads it.
CURLcode(curl_easy_setopt)(CURL* h, CURLoption option, ...) {
  const auto* c = ready();
  if (!c) return CURLE_FAILED_INIT;
  va_list ap;
  va_start(ap, option);
  CURLcode rc;
  if (option < CURLOPTTYPE_OBJECTPOINT) {
    rc = c->curl_easy_setopt(h, option, va_arg(ap, long));
  } else if (option >= CURLOPTTYPE_OFF_T && option < CURLOPTTYPE_BLOB) {
    rc = c->curl_easy_setopt(h, option, va_arg(ap, curl_off_t));
  } else if (option >= CURLOPTTYPE_FUNCTIONPOINT && option < CURLOPTTYPE_OFF_T) {
    rc = c->curl_easy_setopt(h, option, va_arg(ap, void (*)()));
  } else {  // objects, strings, lists, blobs
    rc = c->curl_easy_setopt(h, option, va_arg(ap, void*));
  }
  va_end(ap);
  return rc;
}

CURLcode(curl_easy_perform)(CURL* h) {
  const auto* c = ready();
  return c ? c->curl_easy_perform(h) : CURLE_FAILED_INIT;
}

// Every CURLINFO_* is read into a pointer.
CURLcode(curl_easy_getinfo)(CURL* h, CURLINFO info, ...) {
  const auto* c = ready();
  if (!c) return CURLE_FAILED_INIT;
  va_list ap;
  va_start(ap, info);
  const CURLcode rc = c->curl_easy_getinfo(h, info, va_arg(ap, void*));
  va_end(ap);
  return rc;
}

void(curl_easy_reset)(CURL* h) {
  if (const auto* c = ready()) c->curl_easy_reset(h);
}

void(curl_easy_cleanup)(CURL* h) {
  if (const auto* c = ready()) c->curl_easy_cleanup(h);
}

const char*(curl_easy_strerror)(CURLcode rc) {
  const auto* c = ready();
  return c ? c->curl_easy_strerror(rc) : "libcurl could not be loaded";
}

CURLSH*(curl_share_init)(void) {
  const auto* c = ready();
  return c && global_init() == CURLE_OK ? c->curl_share_init() : nullptr;
}

// CURLSHOPT_SHARE and UNSHARE take an int (a curl_lock_data), the lock
// functions a function, USERDATA a pointer.
CURLSHcode(curl_share_setopt)(CURLSH* share, CURLSHoption option, ...) {
  const auto* c = ready();
  if (!c) return CURLSHE_NOT_BUILT_IN;
  va_list ap;
  va_start(ap, option);
  CURLSHcode rc;
  switch (option) {
    case CURLSHOPT_SHARE:
    case CURLSHOPT_UNSHARE: rc = c->curl_share_setopt(share, option, va_arg(ap, int)); break;
    case CURLSHOPT_LOCKFUNC:
    case CURLSHOPT_UNLOCKFUNC:
      rc = c->curl_share_setopt(share, option, va_arg(ap, void (*)()));
      break;
    default: rc = c->curl_share_setopt(share, option, va_arg(ap, void*)); break;
  }
  va_end(ap);
  return rc;
}

CURLSHcode(curl_share_cleanup)(CURLSH* share) {
  const auto* c = ready();
  return c ? c->curl_share_cleanup(share) : CURLSHE_NOT_BUILT_IN;
}

CURLM*(curl_multi_init)(void) {
  const auto* c = ready();
  return c && global_init() == CURLE_OK ? c->curl_multi_init() : nullptr;
}

CURLMcode(curl_multi_add_handle)(CURLM* m, CURL* h) {
  const auto* c = ready();
  return c ? c->curl_multi_add_handle(m, h) : CURLM_INTERNAL_ERROR;
}

CURLMcode(curl_multi_remove_handle)(CURLM* m, CURL* h) {
  const auto* c = ready();
  return c ? c->curl_multi_remove_handle(m, h) : CURLM_INTERNAL_ERROR;
}

CURLMcode(curl_multi_perform)(CURLM* m, int* running) {
  const auto* c = ready();
  return c ? c->curl_multi_perform(m, running) : CURLM_INTERNAL_ERROR;
}

CURLMcode(curl_multi_poll)(CURLM* m, curl_waitfd extra[], unsigned int n, int timeout_ms,
                           int* ret) {
  const auto* c = ready();
  return c ? c->curl_multi_poll(m, extra, n, timeout_ms, ret) : CURLM_INTERNAL_ERROR;
}

CURLMsg*(curl_multi_info_read)(CURLM* m, int* left) {
  const auto* c = ready();
  return c ? c->curl_multi_info_read(m, left) : nullptr;
}

const char*(curl_multi_strerror)(CURLMcode rc) {
  const auto* c = ready();
  return c ? c->curl_multi_strerror(rc) : "libcurl could not be loaded";
}

CURLMcode(curl_multi_cleanup)(CURLM* m) {
  const auto* c = ready();
  return c ? c->curl_multi_cleanup(m) : CURLM_INTERNAL_ERROR;
}

CURLU*(curl_url)(void) {
  const auto* c = ready();
  return c && global_init() == CURLE_OK ? c->curl_url() : nullptr;
}

CURLUcode(curl_url_set)(CURLU* u, CURLUPart part, const char* content, unsigned int flags) {
  const auto* c = ready();
  return c ? c->curl_url_set(u, part, content, flags) : CURLUE_OUT_OF_MEMORY;
}

CURLUcode(curl_url_get)(CURLU* u, CURLUPart part, char** content, unsigned int flags) {
  const auto* c = ready();
  return c ? c->curl_url_get(u, part, content, flags) : CURLUE_OUT_OF_MEMORY;
}

void(curl_url_cleanup)(CURLU* u) {
  if (const auto* c = ready()) c->curl_url_cleanup(u);
}

const char*(curl_url_strerror)(CURLUcode rc) {
  const auto* c = ready();
  return c ? c->curl_url_strerror(rc) : "libcurl could not be loaded";
}

}  // extern "C"
