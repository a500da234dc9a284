#include <cxsched/auth/token.hpp>
#include <cxsched/util/atomic_file.hpp>
#include <cxsched/util/fd.hpp>
#include <cxsched/util/file_lock.hpp>
#include <cxsched/util/json.hpp>
#include <cxsched/util/text.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>

namespace cxsched::auth {

namespace {

namespace fs = std::filesystem;
using namespace std::chrono;

constexpr int kCacheFormat = 1;
constexpr std::int64_t kDefaultExpiresIn = 3600;
constexpr std::int64_t kMaxExpiresIn = 10LL * 365 * 24 * 3600;
constexpr std::size_t kMaxCacheFileBytes = 64 * 1024;

// How long a process waits for another one holding the cache lock before it
// goes on without the cache (a hung process must not hang every later run).
constexpr util::Millis kMaxLockWait{10'000};

using util::errno_text;
using util::Fd;

// A token or token type with a control character would become extra request
// headers (CR/LF) or a broken one: never accepted.
bool header_safe(const Token& t) {
  return !util::has_control(t.access_token) && !util::has_control(t.token_type);
}

std::uint64_t fnv1a64(std::string_view text) {
  std::uint64_t h = 14695981039346656037ULL;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

std::string rfc3339(util::SysTime t) {
  const auto secs = floor<seconds>(t);
  const auto day = floor<days>(secs);
  const year_month_day ymd{day};
  const hh_mm_ss hms{secs - day};
  std::array<char, 32> buf{};
  std::snprintf(buf.data(), buf.size(), "%04d-%02u-%02uT%02d:%02d:%02dZ", int{ymd.year()},
                unsigned{ymd.month()}, unsigned{ymd.day()}, static_cast<int>(hms.hours().count()),
                static_cast<int>(hms.minutes().count()), static_cast<int>(hms.seconds().count()));
  return buf.data();
}

std::optional<int> digits(std::string_view s) {
  int v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || end != s.data() + s.size() || s.empty() || s.front() == '-') {
    return std::nullopt;
  }
  return v;
}

// Reads exactly the form rfc3339() writes: "2024-09-01T12:00:00Z".
std::optional<util::SysTime> parse_rfc3339(std::string_view s) {
  if (s.size() != 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' ||
      s[16] != ':' || s[19] != 'Z') {
    return std::nullopt;
  }
  auto y = digits(s.substr(0, 4)), mo = digits(s.substr(5, 2)), d = digits(s.substr(8, 2));
  auto h = digits(s.substr(11, 2)), mi = digits(s.substr(14, 2)), se = digits(s.substr(17, 2));
  if (!y || !mo || !d || !h || !mi || !se || *h > 23 || *mi > 59 || *se > 59) return std::nullopt;
  // The system clock counts nanoseconds: it ends in 2262.
  if (*y < 1970 || *y > 2200) return std::nullopt;
  const year_month_day ymd{year{*y}, month{static_cast<unsigned>(*mo)},
                           day{static_cast<unsigned>(*d)}};
  if (!ymd.ok()) return std::nullopt;
  return sys_days{ymd} + hours{*h} + minutes{*mi} + seconds{*se};
}

std::string serialise(const ClientCredentials& who, const Token& t) {
  using util::quote_json;
  return "{\n  \"version\": " + std::to_string(kCacheFormat) +
         ",\n  \"base_url\": " + quote_json(who.base_url) +
         ",\n  \"client_id\": " + quote_json(who.client_id) +
         ",\n  \"access_token\": " + quote_json(t.access_token) +
         ",\n  \"token_type\": " + quote_json(t.token_type) +
         ",\n  \"scope\": " + quote_json(t.scope) +
         ",\n  \"obtained_at\": " + quote_json(rfc3339(t.obtained_at)) +
         ",\n  \"expires_at\": " + quote_json(rfc3339(t.expires_at)) + "\n}\n";
}

// The token in a cache file, or why the file does not hold one for `who`.
Result<Token> deserialise(std::string_view text, const ClientCredentials& who) {
  auto doc = util::parse_json(text, "token cache");
  if (!doc) return std::unexpected(doc.error());
  if (!doc->IsObject()) return fail(ErrorKind::internal, "not a JSON object");
  if (util::get_int(*doc, "version") != kCacheFormat) {
    return fail(ErrorKind::internal, "not format version " + std::to_string(kCacheFormat));
  }
  if (util::get_string(*doc, "base_url") != who.base_url ||
      util::get_string(*doc, "client_id") != who.client_id) {
    return fail(ErrorKind::internal, "it belongs to another base URL or client id");
  }
  Token t;
  auto access = util::get_string(*doc, "access_token");
  auto obtained = util::get_string(*doc, "obtained_at");
  auto expires = util::get_string(*doc, "expires_at");
  auto obtained_at = obtained ? parse_rfc3339(*obtained) : std::nullopt;
  auto expires_at = expires ? parse_rfc3339(*expires) : std::nullopt;
  if (!access || access->empty() || !obtained_at || !expires_at) {
    return fail(ErrorKind::internal, "a field is missing or malformed");
  }
  t.access_token = std::string(*access);
  t.token_type = std::string(util::get_string(*doc, "token_type").value_or("Bearer"));
  t.scope = std::string(util::get_string(*doc, "scope").value_or(""));
  t.obtained_at = *obtained_at;
  t.expires_at = *expires_at;
  if (!header_safe(t)) return fail(ErrorKind::internal, "the token holds a control character");
  return t;
}

std::optional<std::int64_t> expires_in_of(const rapidjson::Value& body) {
  auto it = body.FindMember("expires_in");
  if (it == body.MemberEnd()) return kDefaultExpiresIn;
  const auto& v = it->value;
  double secs = 0;
  if (v.IsNumber()) {
    secs = v.GetDouble();
  } else if (v.IsString()) {
    auto n = digits(std::string_view(v.GetString(), v.GetStringLength()));
    if (!n) return std::nullopt;
    secs = *n;
  } else {
    return std::nullopt;
  }
  if (!(secs >= 1)) return std::nullopt;
  return secs > static_cast<double>(kMaxExpiresIn) ? kMaxExpiresIn
                                                   : static_cast<std::int64_t>(secs);
}

Result<Token> token_from_response(const http::Response& r, util::SysTime obtained_at) {
  const std::string prefix =
      "token endpoint answered " + std::to_string(r.status) + " but the body is not a token: ";
  auto doc = util::parse_json(r.body, "token response");
  if (!doc) return fail(ErrorKind::internal, prefix + doc.error().message);
  if (!doc->IsObject()) {
    return fail(ErrorKind::internal, prefix + "not a JSON object: " + util::excerpt(r.body));
  }
  auto access = util::get_string(*doc, "access_token");
  if (!access || access->empty()) {
    return fail(ErrorKind::internal, prefix + "no access_token in " + util::excerpt(r.body, 80));
  }
  auto expires_in = expires_in_of(*doc);
  if (!expires_in) {
    return fail(ErrorKind::internal, prefix + "expires_in is not a positive number");
  }
  Token t;
  t.access_token = std::string(*access);
  t.token_type = std::string(util::get_string(*doc, "token_type").value_or("Bearer"));
  t.scope = std::string(util::get_string(*doc, "scope").value_or(""));
  t.obtained_at = obtained_at;
  t.expires_at = obtained_at + seconds{*expires_in};
  if (!header_safe(t)) {
    return fail(ErrorKind::internal,
                prefix + "the access_token or token_type holds a control character");
  }
  return t;
}

// "invalid_client (Client authentication failed)", or the status and an
// excerpt when the body is not an OAuth error.
std::string oauth_error_text(const http::Response& r) {
  if (auto doc = util::parse_json(r.body, "error"); doc && doc->IsObject()) {
    auto error = util::get_string(*doc, "error");
    auto description = util::get_string(*doc, "error_description");
    if (error) {
      std::string out(*error);
      if (description && !description->empty()) out += " (" + std::string(*description) + ")";
      return out;
    }
  }
  std::string out = "HTTP " + std::to_string(r.status);
  if (!r.body.empty()) out += ": " + util::excerpt(r.body);
  return out;
}

// "uid 1001", the owner of a file in messages.
std::string owner_text(uid_t uid) { return "uid " + std::to_string(uid); }

// Refuses a cache directory another user owns (a symlink is judged by its
// target), as ssh refuses a key file: tokens read from it could be planted.
Result<void> check_dir_owner(const fs::path& dir, const struct stat& st) {
  if (st.st_uid == ::geteuid()) return {};
  return fail(ErrorKind::usage,
              "refusing the token cache directory " + dir.string() + ": it belongs to " +
                  owner_text(st.st_uid) + ", not to you (" + owner_text(::geteuid()) +
                  "), so another user could plant a token in it; use a directory of your own "
                  "(--cache-dir or CXSCHED_CACHE_DIR) or remove it and let cxsched create it");
}

// Refuses a cache file another user owns or can write.
Result<void> check_file_trust(const fs::path& file, const struct stat& st) {
  if (st.st_uid != ::geteuid()) {
    return fail(ErrorKind::usage,
                "refusing the token cache file " + file.string() + ": it belongs to " +
                    owner_text(st.st_uid) + ", not to you (" + owner_text(::geteuid()) +
                    "); remove it (cxsched auth logout) and cxsched will write its own");
  }
  if ((st.st_mode & 022) != 0) {
    return fail(ErrorKind::usage,
                "refusing the token cache file " + file.string() +
                    ": group or others can write it; remove it (cxsched auth logout) or "
                    "chmod 600 it");
  }
  return {};
}

// An existing cache directory must be ours; group and other permissions are
// taken away from it (it is ours). Absent: nothing to check.
Result<void> check_private_dir(const fs::path& dir) {
  struct stat st{};
  if (::stat(dir.c_str(), &st) != 0) return {};
  if (!S_ISDIR(st.st_mode)) return fail(ErrorKind::usage, dir.string() + " is not a directory");
  if (auto owner = check_dir_owner(dir, st); !owner) return owner;
  if ((st.st_mode & 077) != 0) ::chmod(dir.c_str(), 0700);
  return {};
}

// Creates the cache directory 0700 (its parents as usual) and checks an
// existing one as check_private_dir does.
Result<void> ensure_private_dir(const fs::path& dir) {
  std::error_code ec;
  if (dir.has_parent_path()) fs::create_directories(dir.parent_path(), ec);
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
    return fail(ErrorKind::internal,
                "cannot create the token cache directory " + dir.string() + ": " + errno_text());
  }
  return check_private_dir(dir);
}

std::string normalised_base_url(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

}  // namespace

std::vector<std::string> Token::scopes() const {
  std::vector<std::string> out;
  std::string_view rest = scope;
  while (!rest.empty()) {
    const auto space = rest.find(' ');
    if (space != 0) out.emplace_back(rest.substr(0, space));
    if (space == std::string_view::npos) break;
    rest.remove_prefix(space + 1);
  }
  return out;
}

TokenSource::TokenSource(http::Client& client, ClientCredentials credentials,
                         std::filesystem::path cache_dir, util::Millis refresh_margin)
    : client_(client),
      credentials_(std::move(credentials)),
      cache_dir_(std::move(cache_dir)),
      margin_(refresh_margin) {
  credentials_.base_url = normalised_base_url(std::move(credentials_.base_url));
}

std::filesystem::path TokenSource::cache_file() const {
  if (cache_dir_.empty()) return {};
  std::array<char, 17> hex{};
  std::snprintf(hex.data(), hex.size(), "%016llx",
                static_cast<unsigned long long>(
                    fnv1a64(credentials_.base_url + "\n" + credentials_.client_id)));
  return cache_dir_ / (std::string(hex.data()) + ".json");
}

util::Millis refresh_margin(const Token& token, util::Millis margin) {
  const auto lifetime =
      std::chrono::duration_cast<util::Millis>(token.expires_at - token.obtained_at);
  return std::clamp(lifetime / 4, util::Millis{0}, margin);
}

int TokenSource::requests_made() const {
  std::lock_guard lock(mu_);
  return requests_;
}

bool TokenSource::fresh(const Token& token) const {
  return token.expires_at - refresh_margin(token, margin_) > client_.clock().now();
}

Result<Token> TokenSource::token() {
  std::lock_guard lock(mu_);
  if (memory_ && fresh(*memory_)) return *memory_;
  if (!cache_dir_.empty()) {
    auto cached = read_cache();
    if (!cached) return std::unexpected(cached.error());
    if (*cached && fresh(**cached)) {
      memory_ = *cached;
      return **cached;
    }
  }
  return refresh(nullptr);
}

Result<Token> TokenSource::replace(const std::string& rejected) {
  std::lock_guard lock(mu_);
  if (memory_ && memory_->access_token == rejected) memory_.reset();
  return refresh(&rejected);
}

Result<Token> TokenSource::refresh(const std::string* rejected) {
  const auto usable = [&](const Token& t) {
    return fresh(t) && (rejected == nullptr || t.access_token != *rejected);
  };
  if (cache_dir_.empty()) {
    if (memory_ && usable(*memory_)) return *memory_;
    auto fresh = fetch();
    if (fresh) memory_ = *fresh;
    return fresh;
  }

  const auto& log = client_.logger();
  std::optional<util::FileLock> lock;
  if (auto dir = ensure_private_dir(cache_dir_); !dir) {
    if (dir.error().kind == ErrorKind::usage) return std::unexpected(dir.error());
    log.debug("token cache unavailable: " + dir.error().message);
  } else if (auto l = lock_cache(); !l) {
    log.info("token cache not used: " + l.error().message);
  } else {
    lock.emplace(std::move(*l));
    util::remove_stale_temp_files(cache_file());
    auto cached = read_cache();
    if (!cached) return std::unexpected(cached.error());
    if (*cached && usable(**cached)) {
      log.debug("using the token another process just cached");
      memory_ = *cached;
      return **cached;
    }
  }

  auto fresh = fetch();
  if (!fresh) return fresh;
  memory_ = *fresh;
  if (lock) write_cache(*fresh);
  return fresh;
}

Result<Token> TokenSource::fetch() {
  const std::string url = credentials_.base_url + "/oauth/token";
  http::Request req{"POST",
                    url,
                    {{"Content-Type", "application/json"}, {"Accept", "application/json"}},
                    "{\"grant_type\":\"client_credentials\",\"client_id\":" +
                        util::quote_json(credentials_.client_id) +
                        ",\"client_secret\":" + util::quote_json(credentials_.client_secret) + "}"};
  client_.logger().debug("requesting a token for client id '" + credentials_.client_id + "'");
  const auto obtained_at = floor<seconds>(client_.clock().now());
  ++requests_;
  auto resp = client_.send(req, http::Replay::safe);
  if (!resp) return std::unexpected(resp.error());

  const long status = resp->status;
  if (status >= 200 && status < 300) return token_from_response(*resp, obtained_at);
  if (status == 400 || status == 401 || status == 403) {
    return fail(ErrorKind::auth, "the platform rejected client id '" + credentials_.client_id +
                                     "': " + oauth_error_text(*resp));
  }
  if (status >= 300 && status < 400) {
    return fail(ErrorKind::internal,
                "the token endpoint " + http::redact_url(url) + " answered " +
                    std::to_string(status) + " (redirect to " +
                    std::string(resp->header("Location").value_or("nowhere")) +
                    "): check the base URL");
  }
  if (status == 404) {
    return fail(ErrorKind::internal, "no token endpoint at " + http::redact_url(url) +
                                         " (404): check the base URL");
  }
  if (status >= 500) {
    return fail(ErrorKind::unavailable, "the token endpoint " + http::redact_url(url) +
                                            " failed: " + oauth_error_text(*resp));
  }
  return fail(ErrorKind::internal, "the token endpoint " + http::redact_url(url) +
                                       " answered " + oauth_error_text(*resp));
}

Result<util::FileLock> TokenSource::lock_cache() {
  const auto wait = client_.deadline().clamp(client_.clock(), kMaxLockWait);
  return util::FileLock::acquire(cache_file().string() + ".lock", wait);
}

Result<std::optional<Token>> TokenSource::read_cache() const {
  const fs::path file = cache_file();
  if (auto dir = check_private_dir(cache_dir_); !dir) return std::unexpected(dir.error());
  const auto ignore = [&](const std::string& why) -> std::optional<Token> {
    client_.logger().debug("ignoring the token cache " + file.string() + ": " + why);
    return std::nullopt;
  };
  std::error_code ec;
  if (!fs::exists(fs::symlink_status(file, ec))) return std::nullopt;
  auto f = util::open_regular(file, "token cache", kMaxCacheFileBytes, true);
  if (!f) return ignore(f.error().message);
  if (auto trust = check_file_trust(file, f->info); !trust) return std::unexpected(trust.error());
  auto text = util::read_bounded(f->fd.get(), kMaxCacheFileBytes, "token cache");
  if (!text) return ignore(text.error().message);
  auto token = deserialise(*text, credentials_);
  if (!token) return ignore(token.error().message);
  return *token;
}

void TokenSource::write_cache(const Token& token) const {
  if (auto w = util::write_file_atomically(cache_file(), serialise(credentials_, token)); !w) {
    client_.logger().debug("token not cached: " + w.error().message);
  }
}

std::optional<Token> TokenSource::cached() {
  std::lock_guard lock(mu_);
  if (memory_) return memory_;
  if (cache_dir_.empty()) return std::nullopt;
  auto cached = read_cache();
  return cached ? *cached : std::nullopt;
}

Result<bool> TokenSource::logout() {
  std::lock_guard guard(mu_);
  const bool had_memory = memory_.has_value();
  memory_.reset();
  if (cache_dir_.empty()) return had_memory;
  std::error_code ec;
  if (!fs::is_directory(cache_dir_, ec)) return false;
  const fs::path file = cache_file();
  if (auto dir = check_private_dir(cache_dir_); !dir) return std::unexpected(dir.error());
  auto lock = lock_cache();
  if (!lock) return std::unexpected(lock.error());
  util::remove_stale_temp_files(file);
  const bool removed = fs::remove(file, ec);
  if (ec) {
    return fail(ErrorKind::internal,
                "cannot remove the cached token " + file.string() + ": " + ec.message());
  }
  return removed;
}

}  // namespace cxsched::auth
