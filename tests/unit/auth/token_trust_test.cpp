// The token cache trusts only what is ours: files and directories of other
// users, files others can write, FIFOs and tokens with control characters are
// refused; a hung lock holder cannot hang us; killed runs' temp files go.
#include <cxsched/auth/token.hpp>
#include <cxsched/util/file_lock.hpp>

#include "http/fake_transport.hpp"

#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

using namespace cxsched;
using namespace cxsched::auth;
using cxsched::http::testing::FakeTransport;
namespace fs = std::filesystem;

namespace {

constexpr const char* kBase = "http://127.0.0.1:8089";
constexpr uid_t kNobody = 65534;

struct TempDir {
  fs::path path;
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "cxsched-trust-XXXXXX").string();
    REQUIRE(::mkdtemp(tmpl.data()) != nullptr);
    path = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

void spit(const fs::path& p, const std::string& text) {
  std::ofstream(p, std::ios::binary | std::ios::trunc) << text;
}

std::string token_body(const std::string& token) {
  return R"({"access_token":")" + token + R"(","token_type":"Bearer","expires_in":3600})";
}

// A cache file as cxsched writes it, valid for a year from the fake clock.
std::string cache_text(const std::string& token, const std::string& scope = "campaign:read") {
  return R"({"version":1,"base_url":"http://127.0.0.1:8089","client_id":"abc",)"
         R"("access_token":")" + token + R"(","token_type":"Bearer","scope":")" + scope +
         R"(","obtained_at":"2026-01-01T00:00:00Z","expires_at":"2099-01-01T00:00:00Z"})";
}

struct Rig {
  util::FakeClock clock;
  FakeTransport fake;
  std::vector<std::string> log_lines;
  http::Client client{fake, clock, [] {
                        http::RetryPolicy p;
                        p.max_attempts = 1;
                        p.seed = 1;
                        return p;
                      }(),
                      util::Deadline::never(),
                      util::Logger([this](util::LogLevel, std::string_view m) {
                        log_lines.emplace_back(m);
                      }, util::LogLevel::debug)};
  TokenSource source(const fs::path& dir) {
    return TokenSource(client, ClientCredentials{kBase, "abc", "secret"}, dir);
  }
  void script_token(const std::string& token) {
    fake.respond("POST", "/oauth/token", 200, token_body(token));
  }
};

bool root() { return ::geteuid() == 0; }

}  // namespace

TEST_CASE("A cache directory that is a symlink to another user's directory is refused") {
  if (!root()) {
    WARN("needs root to give a directory to another user; not run");
    return;
  }
  TempDir tmp;
  const fs::path theirs = tmp.path / "theirs";
  fs::create_directory(theirs);
  REQUIRE(::chmod(theirs.c_str(), 0777) == 0);
  Rig rig;
  auto probe = rig.source(theirs);
  spit(probe.cache_file(), cache_text("planted", "campaign:admin"));
  REQUIRE(::chown(theirs.c_str(), kNobody, kNobody) == 0);
  REQUIRE(::chown(probe.cache_file().c_str(), kNobody, kNobody) == 0);
  const fs::path link = tmp.path / "cache";
  fs::create_directory_symlink(theirs, link);

  auto tokens = rig.source(link);
  auto t = tokens.token();
  REQUIRE_FALSE(t);
  CHECK(t.error().kind == ErrorKind::usage);
  CHECK(t.error().message.find("refusing the token cache directory " + link.string() +
                               ": it belongs to uid 65534, not to you (uid 0)") == 0);
  CHECK(t.error().message.find("--cache-dir") != std::string::npos);
  CHECK_FALSE(tokens.cached());
  CHECK(rig.fake.sent().empty());
}

TEST_CASE("A cache file of another user in our directory is refused") {
  if (!root()) {
    WARN("needs root to give a file to another user; not run");
    return;
  }
  TempDir tmp;
  Rig rig;
  auto tokens = rig.source(tmp.path);
  spit(tokens.cache_file(), cache_text("planted"));
  REQUIRE(::chmod(tokens.cache_file().c_str(), 0600) == 0);
  REQUIRE(::chown(tokens.cache_file().c_str(), kNobody, kNobody) == 0);
  auto t = tokens.token();
  REQUIRE_FALSE(t);
  CHECK(t.error().kind == ErrorKind::usage);
  CHECK(t.error().message.find("belongs to uid 65534") != std::string::npos);
  CHECK(t.error().message.find("cxsched auth logout") != std::string::npos);
}

TEST_CASE("A cache file group or others can write is refused, saying how to fix it") {
  TempDir tmp;
  Rig rig;
  auto tokens = rig.source(tmp.path);
  spit(tokens.cache_file(), cache_text("planted"));
  REQUIRE(::chmod(tokens.cache_file().c_str(), 0666) == 0);
  auto t = tokens.token();
  REQUIRE_FALSE(t);
  CHECK(t.error().kind == ErrorKind::usage);
  CHECK(t.error().message == "refusing the token cache file " + tokens.cache_file().string() +
                                 ": group or others can write it; remove it (cxsched auth "
                                 "logout) or chmod 600 it");
  CHECK(rig.fake.sent().empty());

  SECTION("logout removes it") {
    CHECK(tokens.logout() == true);
    CHECK_FALSE(fs::exists(tokens.cache_file()));
  }
}

TEST_CASE("A FIFO where the cache file belongs does not block: it is ignored") {
  TempDir tmp;
  Rig rig;
  auto tokens = rig.source(tmp.path);
  REQUIRE(::mkfifo(tokens.cache_file().c_str(), 0600) == 0);
  rig.script_token("fresh");
  auto t = tokens.token();
  REQUIRE(t);
  CHECK(t->access_token == "fresh");
  CHECK(std::count_if(rig.log_lines.begin(), rig.log_lines.end(), [](const std::string& l) {
          return l.find("is a FIFO, not a regular file") != std::string::npos;
        }) >= 1);
}

TEST_CASE("A token with CR/LF never becomes a header") {
  TempDir tmp;
  Rig rig;
  SECTION("from the token endpoint: the answer makes no sense") {
    rig.fake.respond("POST", "/oauth/token", 200, token_body("tok\\r\\nX-Admin: yes"));
    auto t = TokenSource(rig.client, ClientCredentials{kBase, "abc", "s"}, {}).token();
    REQUIRE_FALSE(t);
    CHECK(t.error().kind == ErrorKind::internal);
    CHECK(t.error().message.find("control character") != std::string::npos);
  }
  SECTION("from the cache: ignored, a fresh one is fetched") {
    auto tokens = rig.source(tmp.path);
    spit(tokens.cache_file(), cache_text("tok\\r\\nX-Admin: yes"));
    REQUIRE(::chmod(tokens.cache_file().c_str(), 0600) == 0);
    rig.script_token("fresh");
    auto t = tokens.token();
    REQUIRE(t);
    CHECK(t->access_token == "fresh");
  }
}

TEST_CASE("A cache file with a date past the system clock's range is ignored") {
  // Found by fuzz_token_cache: year 4052 overflowed the nanosecond clock.
  TempDir tmp;
  Rig rig;
  auto tokens = rig.source(tmp.path);
  std::string text = cache_text("tok");
  text.replace(text.find("2026-01-01"), 4, "4052");
  spit(tokens.cache_file(), text);
  REQUIRE(::chmod(tokens.cache_file().c_str(), 0600) == 0);
  CHECK_FALSE(tokens.cached());
  rig.script_token("fresh");
  CHECK(tokens.token().value().access_token == "fresh");
}

TEST_CASE("A process hanging with the cache lock delays us only up to the bound") {
  TempDir tmp;
  util::FakeClock clock;
  FakeTransport fake;
  std::vector<std::string> log_lines;
  // The command's deadline (300 ms away) bounds the wait below the 10 s cap.
  http::Client client(fake, clock, http::RetryPolicy{},
                      util::Deadline::after(clock, util::Millis{300}),
                      util::Logger([&](util::LogLevel, std::string_view m) {
                        log_lines.emplace_back(m);
                      }));
  TokenSource tokens(client, ClientCredentials{kBase, "abc", "secret"}, tmp.path);
  auto held = util::FileLock::acquire(tokens.cache_file().string() + ".lock", util::Millis{0});
  REQUIRE(held);
  fake.respond("POST", "/oauth/token", 200, token_body("fresh"));
  auto t = tokens.token();
  REQUIRE(t);
  CHECK(t->access_token == "fresh");
  CHECK_FALSE(fs::exists(tokens.cache_file()));  // not written without the lock
  CHECK(log_lines == std::vector<std::string>{"token cache not used: another process has held "
                                               "the lock " + tokens.cache_file().string() +
                                               ".lock for more than 300 ms"});
}

TEST_CASE("Temp files of killed runs are removed under the lock") {
  TempDir tmp;
  Rig rig;
  auto tokens = rig.source(tmp.path);
  const pid_t child = ::fork();
  if (child == 0) ::_exit(0);
  REQUIRE(::waitpid(child, nullptr, 0) == child);
  const fs::path stale = tokens.cache_file().string() + ".tmp." + std::to_string(child);
  spit(stale, cache_text("left-behind"));
  rig.script_token("fresh");
  REQUIRE(tokens.token());
  CHECK_FALSE(fs::exists(stale));
  CHECK(fs::exists(tokens.cache_file()));
}
