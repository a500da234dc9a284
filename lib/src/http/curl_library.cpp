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

// Kept for the process and never destroyed: a transport destroyed at exit
// still calls libcurl through it (the library is never unloaded either).
const Curl& curl() {
  static const Curl& loaded = *new Curl(load(kCurlLibrary));
  return loaded;
}

struct Init {
  CURLcode rc = CURLE_FAILED_INIT;
  std::string error;
};

const Init& init() {
  static const Init& done = *new Init([] {
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
  }());
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
namespace {

using cxsched::http::detail::Curl;
using cxsched::http::detail::global_init;

const Curl* ready() {
  const auto& c = cxsched::http::detail::curl();
  return c.error.empty() ? &c : nullptr;
}

// libcurl's `Member` called with `args`, or `failed` when it is not loaded.
template <auto Member, class Failed, class... Args>
auto call(Failed failed, Args... args) {
  const auto* c = ready();
  return c != nullptr ? (c->*Member)(args...) : failed;
}
template <auto Member, class... Args>
void call_void(Args... args) {
  if (const auto* c = ready()) (c->*Member)(args...);
}
// The same for a function that needs curl_global_init first.
template <auto Member, class Failed>
auto call_initialised(Failed failed) {
  return global_init() == CURLE_OK ? call<Member>(failed) : failed;
}

// The type of the one value a variadic libcurl function takes, as libcurl
// reads it.
enum class ValueType { integer, number, offset, function, pointer };

// libcurl's variadic `Member` called with `handle`, `option` and the value
// read from `ap` as `type`; or `failed` when it is not loaded.
template <auto Member, class Failed, class Handle, class Option>
auto call_with_value(Failed failed, Handle handle, Option option, ValueType type,
                     std::va_list* ap) {
  const auto* c = ready();
  if (c == nullptr) return failed;
  const auto f = c->*Member;
  switch (type) {
    case ValueType::integer: return f(handle, option, va_arg(*ap, int));
    case ValueType::number: return f(handle, option, va_arg(*ap, long));
    case ValueType::offset: return f(handle, option, va_arg(*ap, curl_off_t));
    case ValueType::function: return f(handle, option, va_arg(*ap, void (*)()));
    case ValueType::pointer: break;
  }
  return f(handle, option, va_arg(*ap, void*));
}

constexpr const char* kNotLoaded = "libcurl could not be loaded";

}  // namespace

extern "C" {

CURLcode(curl_global_init)(long) { return global_init(); }
char*(curl_version)(void) {
  static char unavailable[] = "libcurl (not loaded)";
  return call<&Curl::curl_version>(static_cast<char*>(unavailable));
}
void(curl_free)(void* p) { call_void<&Curl::curl_free>(p); }
curl_slist*(curl_slist_append)(curl_slist* list, const char* s) {
  return call<&Curl::curl_slist_append>(nullptr, list, s);
}
void(curl_slist_free_all)(curl_slist* list) { call_void<&Curl::curl_slist_free_all>(list); }

CURL*(curl_easy_init)(void) { return call_initialised<&Curl::curl_easy_init>(nullptr); }
CURLcode(curl_easy_perform)(CURL* h) {
  return call<&Curl::curl_easy_perform>(CURLE_FAILED_INIT, h);
}
void(curl_easy_reset)(CURL* h) { call_void<&Curl::curl_easy_reset>(h); }
void(curl_easy_cleanup)(CURL* h) { call_void<&Curl::curl_easy_cleanup>(h); }
const char*(curl_easy_strerror)(CURLcode rc) {
  return call<&Curl::curl_easy_strerror>(kNotLoaded, rc);
}

// The variadic three take their values after an enum, as curl.h declares
// them and libcurl itself reads them; clang warns of va_start after a
// parameter that could be promoted, which an enum of int values is not.
#ifdef __clang__
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wvarargs"
#endif

// An option's number says the type of its value (curl.h's CURLOPTTYPE_*).
CURLcode(curl_easy_setopt)(CURL* h, CURLoption option, ...) {
  const auto type = option < CURLOPTTYPE_OBJECTPOINT       ? ValueType::number
                    : option < CURLOPTTYPE_FUNCTIONPOINT ? ValueType::pointer
                    : option < CURLOPTTYPE_OFF_T         ? ValueType::function
                    : option < CURLOPTTYPE_BLOB          ? ValueType::offset
                                                         : ValueType::pointer;  // blobs
  std::va_list ap;
  va_start(ap, option);
  const auto rc = call_with_value<&Curl::curl_easy_setopt>(CURLE_FAILED_INIT, h, option, type, &ap);
  va_end(ap);
  return rc;
}

// Every CURLINFO_* is read into a pointer.
CURLcode(curl_easy_getinfo)(CURL* h, CURLINFO info, ...) {
  std::va_list ap;
  va_start(ap, info);
  const auto type = ValueType::pointer;
  const auto rc = call_with_value<&Curl::curl_easy_getinfo>(CURLE_FAILED_INIT, h, info, type, &ap);
  va_end(ap);
  return rc;
}

CURLSH*(curl_share_init)(void) { return call_initialised<&Curl::curl_share_init>(nullptr); }
CURLSHcode(curl_share_cleanup)(CURLSH* share) {
  return call<&Curl::curl_share_cleanup>(CURLSHE_NOT_BUILT_IN, share);
}

// CURLSHOPT_SHARE and UNSHARE take an int (a curl_lock_data), the lock
// functions a function, USERDATA a pointer.
CURLSHcode(curl_share_setopt)(CURLSH* share, CURLSHoption option, ...) {
  const auto type = option == CURLSHOPT_SHARE || option == CURLSHOPT_UNSHARE ? ValueType::integer
                    : option == CURLSHOPT_LOCKFUNC || option == CURLSHOPT_UNLOCKFUNC
                        ? ValueType::function
                        : ValueType::pointer;
  std::va_list ap;
  va_start(ap, option);
  const auto rc =
      call_with_value<&Curl::curl_share_setopt>(CURLSHE_NOT_BUILT_IN, share, option, type, &ap);
  va_end(ap);
  return rc;
}

#ifdef __clang__
#pragma clang diagnostic pop
#endif

CURLM*(curl_multi_init)(void) { return call_initialised<&Curl::curl_multi_init>(nullptr); }
CURLMcode(curl_multi_add_handle)(CURLM* m, CURL* h) {
  return call<&Curl::curl_multi_add_handle>(CURLM_INTERNAL_ERROR, m, h);
}
CURLMcode(curl_multi_remove_handle)(CURLM* m, CURL* h) {
  return call<&Curl::curl_multi_remove_handle>(CURLM_INTERNAL_ERROR, m, h);
}
CURLMcode(curl_multi_perform)(CURLM* m, int* running) {
  return call<&Curl::curl_multi_perform>(CURLM_INTERNAL_ERROR, m, running);
}
CURLMcode(curl_multi_poll)(CURLM* m, curl_waitfd extra[], unsigned int n, int timeout_ms,
                           int* ret) {
  return call<&Curl::curl_multi_poll>(CURLM_INTERNAL_ERROR, m, extra, n, timeout_ms, ret);
}
CURLMsg*(curl_multi_info_read)(CURLM* m, int* left) {
  return call<&Curl::curl_multi_info_read>(nullptr, m, left);
}
const char*(curl_multi_strerror)(CURLMcode rc) {
  return call<&Curl::curl_multi_strerror>(kNotLoaded, rc);
}
CURLMcode(curl_multi_cleanup)(CURLM* m) {
  return call<&Curl::curl_multi_cleanup>(CURLM_INTERNAL_ERROR, m);
}

CURLU*(curl_url)(void) { return call_initialised<&Curl::curl_url>(nullptr); }
CURLUcode(curl_url_set)(CURLU* u, CURLUPart part, const char* content, unsigned int flags) {
  return call<&Curl::curl_url_set>(CURLUE_OUT_OF_MEMORY, u, part, content, flags);
}
CURLUcode(curl_url_get)(CURLU* u, CURLUPart part, char** content, unsigned int flags) {
  return call<&Curl::curl_url_get>(CURLUE_OUT_OF_MEMORY, u, part, content, flags);
}
void(curl_url_cleanup)(CURLU* u) { call_void<&Curl::curl_url_cleanup>(u); }
const char*(curl_url_strerror)(CURLUcode rc) {
  return call<&Curl::curl_url_strerror>(kNotLoaded, rc);
}

}  // extern "C"
