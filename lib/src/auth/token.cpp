#include <algorithm>
#include <cxsched/auth/token.hpp>
#include <cxsched/util/expected.hpp>

namespace cxsched::auth {

namespace {

// How long a process waits for another one holding the cache lock before it
// goes on without the cache (a hung process must not hang every later run).
constexpr util::Millis kMaxLockWait{10'000};

}  // namespace

util::Millis refresh_margin(const Token& token, util::Millis margin) {
  const auto lifetime =
      std::chrono::duration_cast<util::Millis>(token.expires_at - token.obtained_at);
  return std::clamp(lifetime / 4, util::Millis{0}, margin);
}

TokenSource::TokenSource(http::Client& client, std::unique_ptr<SignIn> sign_in,
                         std::filesystem::path cache_dir, util::Millis refresh_margin)
    : client_(client),
      sign_in_(std::move(sign_in)),
      cache_(std::move(cache_dir), sign_in_->key(), client.logger()),
      margin_(refresh_margin) {}

TokenSource::TokenSource(http::Client& client, ClientCredentials credentials,
                         std::filesystem::path cache_dir, util::Millis refresh_margin)
    : TokenSource(client, std::make_unique<ClientCredentialsSignIn>(std::move(credentials)),
                  std::move(cache_dir), refresh_margin) {}

int TokenSource::requests_made() const {
  std::lock_guard lock(mu_);
  return requests_;
}

bool TokenSource::fresh(const Token& token) const {
  return token.expires_at - refresh_margin(token, margin_) > client_.clock().now();
}

util::Millis TokenSource::lock_wait() const {
  return client_.deadline().clamp(client_.clock(), kMaxLockWait);
}

Result<std::optional<Token>> TokenSource::fresh_at_hand() {
  if (memory_ && fresh(*memory_)) return memory_;
  TRY_ASSIGN(const auto cached, cache_.read());
  if (!cached || !fresh(*cached)) return std::optional<Token>{};
  memory_ = cached;
  return memory_;
}

Result<Token> TokenSource::token() {
  std::lock_guard lock(mu_);
  TRY_ASSIGN(const auto held, fresh_at_hand());
  if (held) return *held;
  return refresh(nullptr);
}

std::optional<Token> TokenSource::at_hand() {
  std::lock_guard lock(mu_);
  auto held = fresh_at_hand();
  return held ? *held : std::nullopt;
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
  if (!cache_.enabled()) {
    if (memory_ && usable(*memory_)) return *memory_;
    auto got = fetch();
    if (got) memory_ = *got;
    return got;
  }

  const auto& log = client_.logger();
  std::optional<util::FileLock> lock;
  if (auto dir = cache_.prepare(); !dir) {
    if (dir.error().kind == ErrorKind::usage) return std::unexpected(dir.error());
    log.debug("token cache unavailable: " + dir.error().message);
  } else if (auto l = cache_.lock(lock_wait()); !l) {
    log.info("token cache not used: " + l.error().message);
  } else {
    lock.emplace(std::move(*l));
    cache_.remove_stale();
    TRY_ASSIGN(const auto cached, cache_.read());
    if (cached && usable(*cached)) {
      log.debug("using the token another process just cached");
      memory_ = cached;
      return *cached;
    }
  }

  auto got = fetch();
  if (!got) return got;
  memory_ = *got;
  if (lock) cache_.write(*got);
  return got;
}

Result<Token> TokenSource::fetch() {
  ++requests_;
  return sign_in_->fetch(client_);
}

std::optional<Token> TokenSource::cached() {
  std::lock_guard lock(mu_);
  if (memory_) return memory_;
  auto cached = cache_.read();
  return cached ? *cached : std::nullopt;
}

Result<bool> TokenSource::logout() {
  std::lock_guard guard(mu_);
  const bool had_memory = memory_.has_value();
  memory_.reset();
  if (!cache_.enabled()) return had_memory;
  return cache_.remove(lock_wait());
}

}  // namespace cxsched::auth
