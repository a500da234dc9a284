#include <cxsched/auth/token.hpp>
#include <cxsched/util/json.hpp>

#include <fcntl.h>
#include <sys/file.h>
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

// An owned file descriptor.
class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(Fd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  Fd& operator=(Fd&& other) noexcept {
    if (this != &other) {
      if (fd_ >= 0) ::close(fd_);
      fd_ = std::exchange(other.fd_, -1);
    }
    return *this;
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  bool ok() const { return fd_ >= 0; }
  // Closes now, reporting a failure (a late write error) as false.
  bool close() { return ::close(std::exchange(fd_, -1)) == 0; }

 private:
  int fd_;
};

// An exclusive flock held on the lock file until destruction.
class FileLock {
 public:
  static Result<FileLock> acquire(const fs::path& path) {
    Fd fd(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600));
    if (!fd.ok()) {
      return fail(ErrorKind::internal,
                  "cannot open the lock file " + path.string() + ": " + std::strerror(errno));
    }
    int rc;
    do {
      rc = ::flock(fd.get(), LOCK_EX);
    } while (rc != 0 && errno == EINTR);
    if (rc != 0) {
      return fail(ErrorKind::internal, "cannot lock " + path.string() + ": " + std::strerror(errno));
    }
    return FileLock(std::move(fd));
  }

 private:
  explicit FileLock(Fd fd) : fd_(std::move(fd)) {}
  Fd fd_;  // closing the descriptor releases the lock
};

std::string errno_text() { return std::strerror(errno); }

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

// Creates the cache directory 0700 (its parents as usual) and takes group
// and other permissions away from an existing one the user owns.
Result<void> ensure_private_dir(const fs::path& dir) {
  std::error_code ec;
  if (dir.has_parent_path()) fs::create_directories(dir.parent_path(), ec);
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
    return fail(ErrorKind::internal,
                "cannot create the token cache directory " + dir.string() + ": " + errno_text());
  }
  struct stat st{};
  if (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    return fail(ErrorKind::internal, dir.string() + " is not a directory");
  }
  if ((st.st_mode & 077) != 0 && st.st_uid == ::geteuid()) ::chmod(dir.c_str(), 0700);
  return {};
}

Result<void> write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    const auto n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return fail(ErrorKind::internal, errno_text());
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return {};
}

Result<void> atomic_write(const fs::path& file, std::string_view data) {
  const fs::path tmp = file.string() + ".tmp." + std::to_string(::getpid());
  const int flags = O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW;
  Fd fd(::open(tmp.c_str(), flags, 0600));
  if (!fd.ok() && errno == EEXIST) {
    ::unlink(tmp.c_str());
    fd = Fd(::open(tmp.c_str(), flags, 0600));
  }
  if (!fd.ok()) return fail(ErrorKind::internal, "cannot create " + tmp.string() + ": " + errno_text());
  auto fail_tmp = [&](std::string why) {
    ::unlink(tmp.c_str());
    return fail(ErrorKind::internal, "cannot write " + tmp.string() + ": " + why);
  };
  if (auto w = write_all(fd.get(), data); !w) return fail_tmp(w.error().message);
  if (::fsync(fd.get()) != 0) return fail_tmp(errno_text());
  if (!fd.close()) return fail_tmp(errno_text());
  if (::rename(tmp.c_str(), file.c_str()) != 0) return fail_tmp(errno_text());
  Fd dir(::open(file.parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (dir.ok()) ::fsync(dir.get());
  return {};
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

bool TokenSource::fresh(const Token& token) const {
  return token.expires_at - refresh_margin(token, margin_) > client_.clock().now();
}

Result<Token> TokenSource::token() {
  if (memory_ && fresh(*memory_)) return *memory_;
  if (!cache_dir_.empty()) {
    if (auto cached = read_cache(); cached && fresh(*cached)) {
      memory_ = cached;
      return *cached;
    }
  }
  return refresh(nullptr);
}

Result<Token> TokenSource::replace(const std::string& rejected) {
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
  std::optional<FileLock> lock;
  if (auto dir = ensure_private_dir(cache_dir_); !dir) {
    log.debug("token cache unavailable: " + dir.error().message);
  } else if (auto l = FileLock::acquire(cache_file().string() + ".lock"); !l) {
    log.debug("token cache unavailable: " + l.error().message);
  } else {
    lock.emplace(std::move(*l));
    if (auto cached = read_cache(); cached && usable(*cached)) {
      log.debug("using the token another process just cached");
      memory_ = cached;
      return *cached;
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

std::optional<Token> TokenSource::read_cache() const {
  const fs::path file = cache_file();
  Fd fd(::open(file.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
  if (!fd.ok()) return std::nullopt;
  const auto ignore = [&](const std::string& why) -> std::optional<Token> {
    client_.logger().debug("ignoring the token cache " + file.string() + ": " + why);
    return std::nullopt;
  };
  struct stat st{};
  if (::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode)) return ignore("not a regular file");
  if (st.st_size > static_cast<off_t>(kMaxCacheFileBytes)) return ignore("too large");
  std::string text(static_cast<std::size_t>(st.st_size), '\0');
  std::size_t got = 0;
  while (got < text.size()) {
    const auto n = ::read(fd.get(), text.data() + got, text.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    got += static_cast<std::size_t>(n);
  }
  text.resize(got);
  auto token = deserialise(text, credentials_);
  if (!token) return ignore(token.error().message);
  return *token;
}

void TokenSource::write_cache(const Token& token) const {
  if (auto w = atomic_write(cache_file(), serialise(credentials_, token)); !w) {
    client_.logger().debug("token not cached: " + w.error().message);
  }
}

std::optional<Token> TokenSource::cached() {
  if (memory_) return memory_;
  if (cache_dir_.empty()) return std::nullopt;
  return read_cache();
}

Result<bool> TokenSource::logout() {
  const bool had_memory = memory_.has_value();
  memory_.reset();
  if (cache_dir_.empty()) return had_memory;
  std::error_code ec;
  if (!fs::is_directory(cache_dir_, ec)) return false;
  const fs::path file = cache_file();
  auto lock = FileLock::acquire(file.string() + ".lock");
  if (!lock) return std::unexpected(lock.error());
  const bool removed = fs::remove(file, ec);
  if (ec) {
    return fail(ErrorKind::internal,
                "cannot remove the cached token " + file.string() + ": " + ec.message());
  }
  return removed;
}

}  // namespace cxsched::auth
