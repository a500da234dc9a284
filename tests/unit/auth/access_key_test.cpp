// The access-key sign-in of the ACD platform, the cache key shared by both
// sign-ins, and the tenant claims read from a CXone token.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <cxsched/auth/token.hpp>
#include <cxsched/util/json.hpp>
#include <fstream>
#include <iterator>

#include "http/fake_transport.hpp"

using namespace cxsched;
using namespace cxsched::auth;
using namespace std::chrono_literals;
using cxsched::http::testing::FakeTransport;
namespace fs = std::filesystem;

namespace {

constexpr const char* kAuth = "http://127.0.0.1:8090";
constexpr const char* kKeySecret = "Acc3ss-S3cret-7";
constexpr const char* kPath = "/authentication/v1/token/access-key";

// {"alg":"RS256","typ":"JWT"} . payload . signature, base64url without padding.
// Payload: {"tenantId":"11111111-2222","tenant":"acme","icBUId":4600000,"icClusterId":"C32"}
constexpr const char* kJwt =
    "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9."
    "eyJ0ZW5hbnRJZCI6IjExMTExMTExLTIyMjIiLCJ0ZW5hbnQiOiJhY21lIiwiaWNCVUlkIjo0NjAwMDAwLCJpY0Ns"
    "dXN0ZXJJZCI6IkMzMiJ9."
    "c2ln";

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "cxsched-akey-test-XXXXXX").string();
    REQUIRE(::mkdtemp(tmpl.data()) != nullptr);
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

struct Rig {
  util::FakeClock clock;
  FakeTransport fake;
  http::Client client{fake, clock,
                      [] {
                        http::RetryPolicy p;
                        p.max_attempts = 3;
                        p.seed = 1;
                        return p;
                      }(),
                      util::Deadline::never()};

  TokenSource source(const fs::path& dir, std::string id = "key-1") {
    return TokenSource(client,
                       std::make_unique<AccessKeySignIn>(
                           AccessKey{std::string(kAuth) + "/", std::move(id), kKeySecret}),
                       dir);
  }
  void script(long status, std::string body) {
    fake.respond("POST", kPath, status, std::move(body), {{"Content-Type", "application/json"}});
  }
};

std::string answer(const std::string& access, const std::string& extra = "") {
  return R"({"access_token":")" + access + R"(","expires_in":3600,"refresh_token":"r-1",)" +
         R"("id_token":")" + kJwt + "\"" + extra + "}";
}

}  // namespace

TEST_CASE("The access-key sign-in is the contract's POST, its answer read as a token") {
  TempDir dir;
  Rig rig;
  rig.script(200, answer("acc-1"));
  auto tokens = rig.source(dir.path());
  auto t = tokens.token();
  REQUIRE(t);
  CHECK(t->access_token == "acc-1");
  CHECK(t->token_type == "Bearer");  // absent: Bearer
  CHECK(t->id_token == kJwt);
  CHECK(t->expires_at - t->obtained_at == 3600s);

  auto sent = rig.fake.sent();
  REQUIRE(sent.size() == 1);
  CHECK(sent[0].request.url == std::string(kAuth) + kPath);
  auto body = util::parse_json(sent[0].request.body, "request");
  REQUIRE(body);
  CHECK(body->MemberCount() == 2);
  CHECK(util::get_string(*body, "accessKeyId") == "key-1");
  CHECK(util::get_string(*body, "accessKeySecret") == kKeySecret);

  // The next process reads the cached token, id_token included, and never
  // finds the secret on disk.
  auto next = rig.source(dir.path());
  auto again = next.token();
  REQUIRE(again);
  CHECK(again->id_token == kJwt);
  CHECK(next.requests_made() == 0);
  std::ifstream in(tokens.cache_file());
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  CHECK(text.find(kKeySecret) == std::string::npos);
  CHECK(text.find("r-1") == std::string::npos);  // the refresh token is not kept
  rig.fake.check_all_used();
}

TEST_CASE("An access key without expires_in gets the hour, renewed 5 minutes early") {
  Rig rig;
  rig.script(200, R"({"access_token":"acc-1"})");
  rig.script(200, R"({"access_token":"acc-2","expires_in":"3600"})");
  auto tokens = rig.source({});
  REQUIRE(tokens.token()->access_token == "acc-1");
  rig.clock.advance(54min + 59s);
  CHECK(tokens.token()->access_token == "acc-1");
  rig.clock.advance(1s);
  CHECK(tokens.token()->access_token == "acc-2");
  rig.fake.check_all_used();
}

TEST_CASE("A rejected access key is an auth error naming the key id, never the secret") {
  Rig rig;
  const long status = GENERATE(400L, 401L, 403L);
  rig.script(status, R"({"error":"invalid_grant","errorDescription":"Invalid access key"})");
  auto t = rig.source({}).token();
  REQUIRE_FALSE(t);
  CHECK(t.error().kind == ErrorKind::auth);
  CHECK(t.error().message ==
        "the platform rejected access key id 'key-1': invalid_grant (Invalid access key)");
  CHECK(t.error().message.find(kKeySecret) == std::string::npos);
  rig.fake.check_all_used();
}

TEST_CASE("A sign-in answered 5xx is the platform unavailable; a 429 is retried") {
  Rig rig;
  SECTION("5xx every time") {
    for (int i = 0; i < 3; ++i) rig.script(503, "busy");
    auto t = rig.source({}).token();
    REQUIRE_FALSE(t);
    CHECK(t.error().kind == ErrorKind::unavailable);
  }
  SECTION("429 then a token") {
    rig.script(429, "");
    rig.script(200, answer("acc-1"));
    auto t = rig.source({}).token();
    REQUIRE(t);
    CHECK(t->access_token == "acc-1");
  }
  rig.fake.check_all_used();
}

TEST_CASE("The cache key is the auth host and the key id, whichever sign-in") {
  TempDir dir;
  Rig rig;
  auto a = rig.source(dir.path(), "key-1");
  auto b = rig.source(dir.path(), "key-2");
  TokenSource slashless(
      rig.client, std::make_unique<AccessKeySignIn>(AccessKey{kAuth, "key-1", "other secret"}),
      dir.path());
  TokenSource other_host(
      rig.client,
      std::make_unique<AccessKeySignIn>(AccessKey{"https://na1.nice-incontact.com", "key-1", "x"}),
      dir.path());
  // The campaigns platform's client id at the same host is the same key.
  TokenSource client_id(rig.client, ClientCredentials{kAuth, "key-1", "x"}, dir.path());
  CHECK(a.cache_file() == slashless.cache_file());
  CHECK(a.cache_file() == client_id.cache_file());
  CHECK(a.cache_file() != b.cache_file());
  CHECK(a.cache_file() != other_host.cache_file());
  CHECK(AccessKeySignIn(AccessKey{std::string(kAuth) + "//", "key-1", "x"}).key().auth_host ==
        kAuth);

  // A token cached for one key is not read for another.
  rig.script(200, answer("acc-a"));
  rig.script(200, answer("acc-b"));
  REQUIRE(a.token()->access_token == "acc-a");
  CHECK(b.token()->access_token == "acc-b");
  CHECK(TokenCache(dir.path(), CacheKey{kAuth, "key-1"}).read().value()->access_token == "acc-a");
  CHECK(TokenCache(dir.path(), CacheKey{kAuth, "key-3"}).read().value() == std::nullopt);
  rig.fake.check_all_used();
}

TEST_CASE("The tenant claims come from id_token, else access_token") {
  Token t;
  t.id_token = kJwt;
  t.access_token = "opaque";
  auto c = tenant_claims(t);
  REQUIRE(c);
  CHECK(c->tenant_id == "11111111-2222");
  CHECK(c->tenant == "acme");
  CHECK(c->business_unit_id == 4600000);
  CHECK(c->cluster_id == "C32");

  t.access_token = kJwt;
  t.id_token.clear();
  CHECK(tenant_claims(t)->tenant_id == "11111111-2222");

  // A JWT without the claims reads as empty claims (discovery then asks for
  // --base-url); anything else is not a JWT.
  t.access_token = "a.e30.s";  // "e30" is "{}"
  auto empty = tenant_claims(t);
  REQUIRE(empty);
  CHECK(empty->tenant_id.empty());
  CHECK_FALSE(empty->business_unit_id);

  t.access_token = GENERATE(std::string("opaque"), std::string("a.b"), std::string("a.W10.s"),
                            std::string("x.!!!.y"));
  auto bad = tenant_claims(t);
  REQUIRE_FALSE(bad);
  CHECK(bad.error().message.find("--base-url") != std::string::npos);
}
