#include <cxsched/auth/token.hpp>
#include <cxsched/util/json.hpp>

#include "http/fake_transport.hpp"

#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

using namespace cxsched;
using namespace cxsched::auth;
using namespace std::chrono_literals;
using cxsched::http::testing::FakeTransport;
namespace fs = std::filesystem;

namespace {

constexpr const char* kBase = "http://127.0.0.1:8089";
constexpr const char* kSecret = "s3cr3t-Value-42";

// A fresh directory under the system temp dir, removed afterwards.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "cxsched-auth-test-XXXXXX").string();
    REQUIRE(::mkdtemp(tmpl.data()) != nullptr);
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    fs::permissions(path_, fs::perms::owner_all, fs::perm_options::add, ec);
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

std::string token_body(const std::string& token, int expires_in = 3600) {
  return R"({"access_token":")" + token + R"(","token_type":"Bearer","expires_in":)" +
         std::to_string(expires_in) + R"(,"scope":"campaign:read campaign:write"})";
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

void spit(const fs::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << text;
}

unsigned mode_of(const fs::path& p) {
  struct stat st{};
  REQUIRE(::stat(p.c_str(), &st) == 0);
  return st.st_mode & 07777;
}

ClientCredentials creds(std::string client_id = "abc") {
  return ClientCredentials{kBase, std::move(client_id), kSecret};
}

http::RetryPolicy one_attempt() {
  http::RetryPolicy p;
  p.max_attempts = 1;
  p.seed = 1;
  return p;
}

// A client on a fake transport and a fake clock.
struct Rig {
  util::FakeClock clock;
  FakeTransport fake;
  std::vector<std::string> log_lines;
  http::Client client{fake, clock, one_attempt(), util::Deadline::never(),
                      util::Logger([this](util::LogLevel, std::string_view m) { log_lines.emplace_back(m); },
                                   util::LogLevel::debug)};

  TokenSource source(const fs::path& dir, std::string client_id = "abc") {
    return TokenSource(client, creds(std::move(client_id)), dir);
  }
  void script_token(const std::string& token, int expires_in = 3600) {
    fake.respond("POST", "/oauth/token", 200, token_body(token, expires_in),
                 {{"Content-Type", "application/json"}});
  }
};

}  // namespace

TEST_CASE("The token request is the contract's client-credentials POST") {
  Rig rig;
  rig.script_token("tok-1");
  TokenSource tokens(rig.client, ClientCredentials{std::string(kBase) + "/", "abc", kSecret}, {});
  auto t = tokens.token();
  REQUIRE(t);
  CHECK(t->access_token == "tok-1");
  CHECK(t->token_type == "Bearer");
  CHECK(t->scopes() == std::vector<std::string>{"campaign:read", "campaign:write"});
  CHECK(t->expires_at - t->obtained_at == 3600s);

  auto sent = rig.fake.sent();
  REQUIRE(sent.size() == 1);
  const auto& req = sent[0].request;
  CHECK(req.method == "POST");
  CHECK(req.url == "http://127.0.0.1:8089/oauth/token");
  CHECK(std::count(req.headers.begin(), req.headers.end(),
                   std::pair<std::string, std::string>{"Content-Type", "application/json"}) == 1);
  CHECK(std::count(req.headers.begin(), req.headers.end(),
                   std::pair<std::string, std::string>{"Accept", "application/json"}) == 1);
  auto body = util::parse_json(req.body, "request");
  REQUIRE(body);
  CHECK(util::get_string(*body, "grant_type") == "client_credentials");
  CHECK(util::get_string(*body, "client_id") == "abc");
  CHECK(util::get_string(*body, "client_secret") == kSecret);
  CHECK(body->MemberCount() == 3);
  rig.fake.check_all_used();
}

TEST_CASE("A cached token is reused, in this process and by the next one") {
  TempDir dir;
  Rig rig;
  rig.script_token("tok-1");
  auto tokens = rig.source(dir.path());
  REQUIRE(tokens.token()->access_token == "tok-1");
  REQUIRE(tokens.token()->access_token == "tok-1");
  CHECK(tokens.requests_made() == 1);

  auto next = rig.source(dir.path());
  auto t = next.token();
  REQUIRE(t);
  CHECK(t->access_token == "tok-1");
  CHECK(t->scope == "campaign:read campaign:write");
  CHECK(next.requests_made() == 0);
  CHECK(next.cached()->access_token == "tok-1");
  CHECK(rig.fake.sent().size() == 1);
  rig.fake.check_all_used();
}

TEST_CASE("A token is refreshed once it is within the margin of its expiry") {
  TempDir dir;
  Rig rig;
  rig.script_token("tok-1", 3600);
  rig.script_token("tok-2", 3600);
  auto tokens = rig.source(dir.path());
  REQUIRE(tokens.token()->access_token == "tok-1");
  rig.clock.advance(54min + 59s);
  CHECK(tokens.token()->access_token == "tok-1");
  CHECK(rig.source(dir.path()).token()->access_token == "tok-1");
  rig.clock.advance(1s);
  CHECK(tokens.token()->access_token == "tok-2");
  CHECK(rig.source(dir.path()).token()->access_token == "tok-2");
  CHECK(rig.fake.sent().size() == 2);
  rig.fake.check_all_used();
}

TEST_CASE("at_hand() gives the token token() would use as is, read once, never the network") {
  TempDir dir;
  Rig rig;
  rig.script_token("tok-1", 3600);
  REQUIRE(rig.source(dir.path()).token()->access_token == "tok-1");
  const fs::path file = rig.source(dir.path()).cache_file();
  const std::string written = slurp(file);

  SECTION("a fresh cached token is read once, then kept in memory") {
    auto tokens = rig.source(dir.path());
    auto held = tokens.at_hand();
    REQUIRE(held);
    CHECK(held->access_token == "tok-1");
    // token() no longer reads the file: what it holds is another token's.
    spit(file, "not a token at all");
    CHECK(tokens.token()->access_token == "tok-1");
    CHECK(tokens.at_hand()->access_token == "tok-1");
    CHECK(tokens.requests_made() == 0);
  }
  SECTION("a token within its refresh margin is not at hand, and no request is made") {
    rig.clock.advance(55min);
    auto tokens = rig.source(dir.path());
    CHECK_FALSE(tokens.at_hand());
    CHECK(tokens.requests_made() == 0);
    CHECK(tokens.cached()->access_token == "tok-1");  // cached() still shows it
  }
  SECTION("a cache that cannot be read is nothing at hand") {
    spit(file, written.substr(0, written.size() / 2));
    auto tokens = rig.source(dir.path());
    CHECK_FALSE(tokens.at_hand());
    CHECK(tokens.requests_made() == 0);
  }
  CHECK(rig.fake.sent().size() == 1);
}

TEST_CASE("A cache file that does not hold our token is replaced") {
  TempDir dir;
  Rig rig;
  rig.script_token("tok-old");
  std::string good;
  {
    auto first = rig.source(dir.path());
    REQUIRE(first.token());
    good = slurp(first.cache_file());
  }
  REQUIRE(good.find("tok-old") != std::string::npos);

  std::string bad = GENERATE_COPY(
      std::string(), std::string("not json"), std::string("[]"), good.substr(0, good.size() / 2),
      std::string("{\"version\":1}"), [&] {
        std::string s = good;
        s.replace(s.find("\"version\": 1"), 12, "\"version\": 9");
        return s;
      }(),
      [&] {
        std::string s = good;
        s.replace(s.find("\"abc\""), 5, "\"xyz\"");
        return s;
      }(),
      [&] {
        std::string s = good;
        s.replace(s.find("127.0.0.1:8089"), 14, "127.0.0.1:9999");
        return s;
      }(),
      [&] {
        std::string s = good;
        s.replace(s.find("\"expires_at\": \"") + 15, 4, "20xx");
        return s;
      }());
  INFO("cache file: " << bad);
  auto tokens = rig.source(dir.path());
  spit(tokens.cache_file(), bad);
  rig.script_token("tok-new");
  auto t = tokens.token();
  REQUIRE(t);
  CHECK(t->access_token == "tok-new");
  CHECK(tokens.requests_made() == 1);
  CHECK(slurp(tokens.cache_file()).find("tok-new") != std::string::npos);
  rig.fake.check_all_used();
}

TEST_CASE("The cache is private: directory 0700, files 0600, never the secret") {
  TempDir dir;
  Rig rig;
  rig.script_token("tok-1");
  SECTION("a new directory, parents included") {
    const fs::path cache = dir.path() / "xdg" / "cxsched";
    auto tokens = rig.source(cache);
    REQUIRE(tokens.token());
    CHECK(mode_of(cache) == 0700);
    CHECK(mode_of(tokens.cache_file()) == 0600);
    CHECK(mode_of(tokens.cache_file().string() + ".lock") == 0600);
    const std::string bytes = slurp(tokens.cache_file());
    CHECK(bytes.find("tok-1") != std::string::npos);
    CHECK(bytes.find(kSecret) == std::string::npos);
    CHECK(bytes.find("s3cr3t") == std::string::npos);
    std::size_t files = 0;
    for (const auto& e : fs::directory_iterator(cache)) {
      ++files;
      CHECK(slurp(e.path()).find(kSecret) == std::string::npos);
    }
    CHECK(files == 2);  // the token and its lock, no temp file left behind
  }
  SECTION("an existing directory open to others is closed") {
    const fs::path cache = dir.path() / "open";
    fs::create_directory(cache);
    fs::permissions(cache, fs::perms::owner_all | fs::perms::group_all | fs::perms::others_read |
                               fs::perms::others_exec);
    auto tokens = rig.source(cache);
    REQUIRE(tokens.token());
    CHECK(mode_of(cache) == 0700);
  }
  rig.fake.check_all_used();
}

TEST_CASE("The cache file is named by base URL and client id") {
  TempDir dir;
  Rig rig;
  auto a = rig.source(dir.path(), "abc");
  auto b = rig.source(dir.path(), "abd");
  TokenSource slash(rig.client, ClientCredentials{std::string(kBase) + "/", "abc", "x"}, dir.path());
  TokenSource other(rig.client, ClientCredentials{"https://api-us-1.cxone.com", "abc", "x"},
                    dir.path());
  const std::string name = a.cache_file().filename().string();
  CHECK(a.cache_file().parent_path() == dir.path());
  CHECK(name.size() == 36 + 5);  // a UUID (util::uuid_v5 of the key)
  CHECK(name.find_first_not_of("0123456789abcdef-") == 36);
  CHECK(name.ends_with(".json"));
  CHECK(a.cache_file() == slash.cache_file());
  CHECK(a.cache_file() != b.cache_file());
  CHECK(a.cache_file() != other.cache_file());
  CHECK(TokenSource(rig.client, creds(), {}).cache_file().empty());
}

TEST_CASE("replace() after a 401 gets a new token unless one was already replaced") {
  TempDir dir;
  Rig rig;
  rig.script_token("tok-1");
  rig.script_token("tok-2");
  auto a = rig.source(dir.path());
  auto b = rig.source(dir.path());
  REQUIRE(a.token()->access_token == "tok-1");
  REQUIRE(b.token()->access_token == "tok-1");

  auto replaced = a.replace("tok-1");
  REQUIRE(replaced);
  CHECK(replaced->access_token == "tok-2");
  CHECK(a.token()->access_token == "tok-2");

  auto seen = b.replace("tok-1");
  REQUIRE(seen);
  CHECK(seen->access_token == "tok-2");
  CHECK(b.requests_made() == 0);
  CHECK(rig.fake.sent().size() == 2);

  SECTION("without a disk cache") {
    rig.script_token("tok-3");
    TokenSource memory(rig.client, creds(), {});
    rig.script_token("tok-4");
    REQUIRE(memory.token()->access_token == "tok-3");
    CHECK(memory.replace("tok-old")->access_token == "tok-3");
    CHECK(memory.replace("tok-3")->access_token == "tok-4");
    CHECK(memory.requests_made() == 2);
  }
  rig.fake.check_all_used();
}

TEST_CASE("logout removes the cached token") {
  TempDir dir;
  Rig rig;
  rig.script_token("tok-1");
  rig.script_token("tok-2");
  auto tokens = rig.source(dir.path());
  REQUIRE(tokens.token());
  REQUIRE(fs::exists(tokens.cache_file()));
  CHECK(tokens.logout() == true);
  CHECK_FALSE(fs::exists(tokens.cache_file()));
  CHECK_FALSE(tokens.cached().has_value());
  CHECK(tokens.logout() == false);
  CHECK(tokens.token()->access_token == "tok-2");
  CHECK(rig.source(dir.path() / "never-created").logout() == false);
  CHECK_FALSE(fs::exists(dir.path() / "never-created"));
  rig.fake.check_all_used();
}

TEST_CASE("A cache that cannot be written does not stop the token") {
  TempDir dir;
  Rig rig;
  rig.script_token("tok-1");
  spit(dir.path() / "file", "x");
  auto tokens = rig.source(dir.path() / "file" / "cache");
  auto t = tokens.token();
  REQUIRE(t);
  CHECK(t->access_token == "tok-1");
  CHECK(tokens.token()->access_token == "tok-1");
  CHECK(tokens.requests_made() == 1);
  bool logged = false;
  for (const auto& l : rig.log_lines) logged = logged || l.starts_with("token cache unavailable");
  CHECK(logged);
  rig.fake.check_all_used();
}

TEST_CASE("Rejected credentials fail with the server's OAuth error") {
  Rig rig;
  TokenSource tokens(rig.client, creds(), {});
  SECTION("401 invalid_client") {
    rig.fake.respond("POST", "/oauth/token", 401,
                     R"({"error":"invalid_client","error_description":"unknown client or bad secret"})");
    auto t = tokens.token();
    REQUIRE_FALSE(t);
    CHECK(t.error().kind == ErrorKind::auth);
    CHECK(t.error().message ==
          "the platform rejected client id 'abc': invalid_client (unknown client or bad secret)");
  }
  SECTION("400 with an HTML body") {
    rig.fake.respond("POST", "/oauth/token", 400, "<html>Bad Request</html>");
    auto t = tokens.token();
    REQUIRE_FALSE(t);
    CHECK(t.error().kind == ErrorKind::auth);
    CHECK_THAT(t.error().message, Catch::Contains("HTTP 400") && Catch::Contains("Bad Request"));
  }
  SECTION("a 5xx is unavailable, a 404 points at the base URL") {
    rig.fake.respond("POST", "/oauth/token", 503);
    CHECK(tokens.token().error().kind == ErrorKind::unavailable);
    rig.fake.respond("POST", "/oauth/token", 404);
    auto t = tokens.token();
    CHECK(t.error().kind == ErrorKind::internal);
    CHECK_THAT(t.error().message, Catch::Contains("check the base URL"));
  }
  for (const auto& line : rig.log_lines) CHECK(line.find(kSecret) == std::string::npos);
  rig.fake.check_all_used();
}

TEST_CASE("A 200 that is not a token is a clear internal error") {
  Rig rig;
  TokenSource tokens(rig.client, creds(), {});
  std::string body = GENERATE(as<std::string>{}, "", "not json", "[]", R"({"token_type":"Bearer"})",
                              R"({"access_token":""})", R"({"access_token":5})",
                              R"({"access_token":"x","expires_in":"soon"})",
                              R"({"access_token":"x","expires_in":-5})",
                              R"({"access_token":"x","expires_in":null})");
  INFO(body);
  rig.fake.respond("POST", "/oauth/token", 200, body);
  auto t = tokens.token();
  REQUIRE_FALSE(t);
  CHECK(t.error().kind == ErrorKind::internal);
  CHECK_THAT(t.error().message,
             Catch::StartsWith("token endpoint answered 200 but the body is not a token: "));
  rig.fake.check_all_used();
}

TEST_CASE("A token answer is read liberally") {
  Rig rig;
  TokenSource tokens(rig.client, creds(), {});
  SECTION("expires_in absent means an hour") {
    rig.fake.respond("POST", "/oauth/token", 200, R"({"access_token":"x","extra":[1,2]})");
    auto t = tokens.token();
    REQUIRE(t);
    CHECK(t->expires_at - t->obtained_at == 3600s);
    CHECK(t->token_type == "Bearer");
    CHECK(t->scopes().empty());
  }
  SECTION("expires_in as a string") {
    rig.fake.respond("POST", "/oauth/token", 200, R"({"access_token":"x","expires_in":"7200"})");
    auto t = tokens.token();
    REQUIRE(t);
    CHECK(t->expires_at - t->obtained_at == 7200s);
  }
  rig.fake.check_all_used();
}

namespace {

// One racing process: waits for the start gun, then asks for a token.
int race_child(int gun, const fs::path& cache, const fs::path& counter, const fs::path& result) {
  char c;
  while (::read(gun, &c, 1) < 0 && errno == EINTR) {
  }
  util::FakeClock clock;
  FakeTransport fake;
  fake.handle(
      "POST", "/oauth/token",
      [&](const http::Request&) -> Result<http::Response> {
        const int fd = ::open(counter.c_str(), O_WRONLY | O_APPEND | O_CREAT, 0600);
        if (fd < 0 || ::write(fd, "x", 1) != 1) std::_Exit(3);
        ::close(fd);
        return http::Response{200, {}, token_body("tok-" + std::to_string(::getpid()))};
      },
      -1);
  http::Client client(fake, clock, one_attempt(), util::Deadline::never());
  TokenSource tokens(client, creds(), cache);
  auto t = tokens.token();
  if (!t) return 1;
  std::ofstream(result) << t->access_token;
  return 0;
}

}  // namespace

TEST_CASE("Twenty processes racing on a cold cache make exactly one token request") {
  TempDir dir;
  const fs::path cache = dir.path() / "cache";
  const fs::path counter = dir.path() / "requests";
  int gun[2];
  REQUIRE(::pipe(gun) == 0);
  std::vector<pid_t> children;
  for (int i = 0; i < 20; ++i) {
    const pid_t pid = ::fork();
    if (pid == 0) {
      ::close(gun[1]);
      int code = 2;
      try {
        code = race_child(gun[0], cache, counter, dir.path() / ("got." + std::to_string(i)));
      } catch (...) {
      }
      std::_Exit(code);
    }
    if (pid < 0) break;
    children.push_back(pid);
  }
  ::close(gun[0]);
  ::close(gun[1]);  // every child's read returns: they race from here
  REQUIRE(children.size() == 20);
  for (pid_t pid : children) {
    int status = 0;
    REQUIRE(::waitpid(pid, &status, 0) == pid);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
  }
  CHECK(slurp(counter) == "x");
  std::set<std::string> tokens;
  for (int i = 0; i < 20; ++i) tokens.insert(slurp(dir.path() / ("got." + std::to_string(i))));
  CHECK(tokens.size() == 1);
  CHECK(tokens.begin()->starts_with("tok-"));
}

TEST_CASE("A short-lived token is reused for most of its life") {
  TempDir dir;
  Rig rig;
  rig.script_token("tok-1", 300);
  rig.script_token("tok-2", 300);
  auto tokens = rig.source(dir.path());
  REQUIRE(tokens.token()->access_token == "tok-1");
  // three pages of a list a second apart: one token
  rig.clock.advance(1s);
  CHECK(tokens.token()->access_token == "tok-1");
  rig.clock.advance(1s);
  CHECK(tokens.token()->access_token == "tok-1");
  CHECK(rig.fake.sent().size() == 1);
  // the margin is a quarter of 5 minutes: renewed at 3 min 45 s
  rig.clock.advance(3min + 42s);
  CHECK(tokens.fresh(*tokens.cached()));
  CHECK(tokens.token()->access_token == "tok-1");
  rig.clock.advance(1s);
  CHECK_FALSE(tokens.fresh(*tokens.cached()));
  CHECK(tokens.token()->access_token == "tok-2");
  rig.fake.check_all_used();
}

TEST_CASE("The refresh margin is 5 minutes for an hour, a quarter of shorter lifetimes") {
  auto margin = [](std::chrono::seconds life) {
    Token t;
    t.obtained_at = util::SysTime{} + 1000h;
    t.expires_at = t.obtained_at + life;
    return refresh_margin(t, 5min);
  };
  CHECK(margin(3600s) == 5min);
  CHECK(margin(1200s) == 5min);
  CHECK(margin(600s) == 150s);
  CHECK(margin(300s) == 75s);
  CHECK(margin(60s) == 15s);
  CHECK(margin(0s) == 0s);
}
