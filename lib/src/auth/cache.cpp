#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cxsched/auth/cache.hpp>
#include <cxsched/util/uuid.hpp>
#include <cxsched/util/atomic_file.hpp>
#include <cxsched/util/expected.hpp>
#include <cxsched/util/fd.hpp>
#include <cxsched/util/json.hpp>
#include <cxsched/util/text.hpp>
#include <cxsched/util/time.hpp>

namespace cxsched::auth {

namespace {

namespace fs = std::filesystem;
using namespace std::chrono;

constexpr int kCacheFormat = 1;
constexpr std::size_t kMaxCacheFileBytes = 64 * 1024;

using util::errno_text;

// A token or token type with a control character would become extra request
// headers (CR/LF) or a broken one: never accepted.
bool header_safe(const Token& t) {
  return !util::has_control(t.access_token) && !util::has_control(t.token_type);
}

// The file keeps the names of its first format ("base_url", "client_id"):
// they hold the auth host and the key id of any sign-in.
std::string serialise(const CacheKey& key, const Token& t) {
  using util::quote_json;
  std::string out = "{\n  \"version\": " + std::to_string(kCacheFormat) +
                    ",\n  \"base_url\": " + quote_json(key.auth_host) +
                    ",\n  \"client_id\": " + quote_json(key.key_id) +
                    ",\n  \"access_token\": " + quote_json(t.access_token) +
                    ",\n  \"token_type\": " + quote_json(t.token_type) +
                    ",\n  \"scope\": " + quote_json(t.scope);
  if (!t.id_token.empty()) out += ",\n  \"id_token\": " + quote_json(t.id_token);
  out += ",\n  \"obtained_at\": " + quote_json(util::format_rfc3339_utc(t.obtained_at)) +
         ",\n  \"expires_at\": " + quote_json(util::format_rfc3339_utc(t.expires_at)) + "\n}\n";
  return out;
}

// The token in a cache file, or why the file does not hold one for `key`.
Result<Token> deserialise(std::string_view text, const CacheKey& key) {
  TRY_ASSIGN(auto doc, util::parse_json(text, "token cache"));
  if (!doc.IsObject()) return fail(ErrorKind::internal, "not a JSON object");
  if (util::get_int(doc, "version") != kCacheFormat) {
    return fail(ErrorKind::internal, "not format version " + std::to_string(kCacheFormat));
  }
  if (util::get_string(doc, "base_url") != key.auth_host ||
      util::get_string(doc, "client_id") != key.key_id) {
    return fail(ErrorKind::internal, "it belongs to another host or key id");
  }
  Token t;
  auto access = util::get_string(doc, "access_token");
  auto obtained = util::get_string(doc, "obtained_at");
  auto expires = util::get_string(doc, "expires_at");
  const auto instant = [](std::optional<std::string_view> written) -> std::optional<util::SysTime> {
    if (!written) return std::nullopt;
    auto at = util::parse_rfc3339(*written);
    // The system clock counts nanoseconds: it ends in 2262.
    constexpr sys_days kLast{year{2200} / January / 1};
    if (!at || *at < sys_days{} || *at >= kLast) return std::nullopt;
    return std::chrono::time_point_cast<util::SysTime::duration>(*at);
  };
  const auto obtained_at = instant(obtained);
  const auto expires_at = instant(expires);
  if (!access || access->empty() || !obtained_at || !expires_at) {
    return fail(ErrorKind::internal, "a field is missing or malformed");
  }
  t.access_token = std::string(*access);
  t.token_type = std::string(util::get_string(doc, "token_type").value_or("Bearer"));
  t.scope = std::string(util::get_string(doc, "scope").value_or(""));
  t.id_token = std::string(util::get_string(doc, "id_token").value_or(""));
  t.obtained_at = *obtained_at;
  t.expires_at = *expires_at;
  if (!header_safe(t)) return fail(ErrorKind::internal, "the token holds a control character");
  return t;
}

// "uid 1001", the owner of a file in messages.
std::string owner_text(uid_t uid) {
  return "uid " + std::to_string(uid);
}

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
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0) return {};
  if (!S_ISDIR(st.st_mode)) return fail(ErrorKind::usage, dir.string() + " is not a directory");
  if (auto owner = check_dir_owner(dir, st); !owner) return owner;
  if ((st.st_mode & 077) != 0) ::chmod(dir.c_str(), 0700);
  return {};
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

TokenCache::TokenCache(fs::path dir, CacheKey key, util::Logger log)
    : dir_(std::move(dir)), key_(std::move(key)), log_(std::move(log)) {
  key_.auth_host = util::without_trailing_slashes(std::move(key_.auth_host));
  if (dir_.empty()) return;
  file_ = dir_ / (util::uuid_v5(key_.auth_host + "\n" + key_.key_id) + ".json");
}

Result<void> TokenCache::prepare() const {
  std::error_code ec;
  if (dir_.has_parent_path()) fs::create_directories(dir_.parent_path(), ec);
  if (::mkdir(dir_.c_str(), 0700) != 0 && errno != EEXIST) {
    return fail(ErrorKind::internal,
                "cannot create the token cache directory " + dir_.string() + ": " + errno_text());
  }
  return check_private_dir(dir_);
}

Result<util::FileLock> TokenCache::lock(util::Millis wait) const {
  return util::FileLock::acquire(file_.string() + ".lock", wait);
}

Result<std::optional<Token>> TokenCache::read() const {
  if (!enabled()) return std::nullopt;
  TRY(check_private_dir(dir_));
  const auto ignore = [&](const std::string& why) -> std::optional<Token> {
    log_.debug("ignoring the token cache " + file_.string() + ": " + why);
    return std::nullopt;
  };
  std::error_code ec;
  if (!fs::exists(fs::symlink_status(file_, ec))) return std::nullopt;
  auto f = util::open_regular(file_, "token cache", kMaxCacheFileBytes, true);
  if (!f) return ignore(f.error().message);
  TRY(check_file_trust(file_, f->info));
  auto text = util::read_bounded(f->fd.get(), kMaxCacheFileBytes, "token cache");
  if (!text) return ignore(text.error().message);
  auto token = deserialise(*text, key_);
  if (!token) return ignore(token.error().message);
  return *token;
}

void TokenCache::write(const Token& token) const {
  if (auto w = util::write_file_atomically(file_, serialise(key_, token)); !w) {
    log_.debug("token not cached: " + w.error().message);
  }
}

void TokenCache::remove_stale() const {
  util::remove_stale_temp_files(file_);
}

Result<bool> TokenCache::remove(util::Millis wait) const {
  if (!enabled()) return false;
  std::error_code ec;
  if (!fs::is_directory(dir_, ec)) return false;
  TRY(check_private_dir(dir_));
  TRY_ASSIGN(const auto held, lock(wait));
  remove_stale();
  const bool removed = fs::remove(file_, ec);
  if (ec) {
    return fail(ErrorKind::internal,
                "cannot remove the cached token " + file_.string() + ": " + ec.message());
  }
  return removed;
}

}  // namespace cxsched::auth
