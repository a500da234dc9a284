// Context: the settings of the CLI resolved flag > environment >
// profile > default, and every bad value named by where it came from.
#include "context.hpp"

#include <cxsched/util/expected.hpp>

#include <catch2/catch.hpp>

#include <stdlib.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <map>

using namespace cxsched;
using namespace cxsched::app;
using Catch::Matchers::Contains;
namespace fs = std::filesystem;

namespace {

struct Fixture {
  fs::path dir;
  std::map<std::string, std::string> env;
  Context ctx;

  Fixture() {
    std::string tmpl = (fs::temp_directory_path() / "cxsched-context-XXXXXX").string();
    dir = ::mkdtemp(tmpl.data());
    env["HOME"] = dir.string();
    config("");
  }
  ~Fixture() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
  void config(const std::string& text) {
    write("config.toml", text);
    ctx.opts.config = (dir / "config.toml").string();
  }
  std::string write(const std::string& name, const std::string& text, mode_t mode = 0600) {
    auto path = (dir / name).string();
    std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
    ::chmod(path.c_str(), mode);
    return path;
  }
  Result<void> init(const std::vector<Format>& formats = {Format::table, Format::json},
                    const std::string& command = "list") {
    ctx.set_environment([this](std::string_view name) {
      auto it = env.find(std::string(name));
      return it == env.end() ? std::string() : it->second;
    });
    ctx.opts.quiet = true;
    return ctx.init(formats, command);
  }
  Result<ops::ConnectionSettings> connection(Needs needs = Needs::api) {
    TRY(init());
    return ctx.connection(needs);
  }
};

void check_usage(const Result<ops::ConnectionSettings>& r, const std::string& names) {
  REQUIRE_FALSE(r);
  CHECK(r.error().kind == ErrorKind::usage);
  CHECK_THAT(r.error().message, Contains(names));
}

}  // namespace

TEST_CASE("the platform is campaigns unless a flag, the environment or the profile says acd") {
  Fixture f;
  auto s = f.connection();
  REQUIRE(s);
  CHECK(s->platform == ops::Platform::campaigns);

  SECTION("profile") {
    f.config("[default]\nplatform = \"acd\"\n");
    auto r = f.connection();
    REQUIRE(r);
    CHECK(r->platform == ops::Platform::acd);
  }
  SECTION("environment over profile") {
    f.config("[default]\nplatform = \"acd\"\n");
    f.env["CXSCHED_PLATFORM"] = "campaigns";
    auto r = f.connection();
    REQUIRE(r);
    CHECK(r->platform == ops::Platform::campaigns);
  }
  SECTION("flag over environment") {
    f.env["CXSCHED_PLATFORM"] = "campaigns";
    f.ctx.opts.platform = "acd";
    auto r = f.connection();
    REQUIRE(r);
    CHECK(r->platform == ops::Platform::acd);
  }
}

TEST_CASE("a bad platform is a usage error naming the flag, variable or key") {
  Fixture f;
  SECTION("flag") {
    f.ctx.opts.platform = "ACD";
    check_usage(f.connection(), "--platform: unknown platform 'ACD': expected campaigns or acd");
  }
  SECTION("environment") {
    f.env["CXSCHED_PLATFORM"] = "cxone";
    check_usage(f.connection(), "CXSCHED_PLATFORM: unknown platform 'cxone'");
  }
  SECTION("profile") {
    f.config("[default]\nplatform = \"x\"\n");
    check_usage(f.connection(), "platform of profile 'default': unknown platform 'x'");
  }
}

TEST_CASE("the base URL: each layer's base_url or region, flag layer first") {
  Fixture f;
  f.config("[default]\nbase_url = \"http://127.0.0.1:1\"\n");
  f.env["CXSCHED_BASE_URL"] = "http://127.0.0.1:2";
  SECTION("a --region flag beats the environment's base URL") {
    f.ctx.opts.region = "eu-1";
    auto r = f.connection();
    REQUIRE(r);
    CHECK(r->base_url == "https://api-eu-1.cxone.com");
  }
  SECTION("the environment's base URL beats the profile's") {
    auto r = f.connection();
    REQUIRE(r);
    CHECK(r->base_url == "http://127.0.0.1:2");
  }
  SECTION("CXSCHED_REGION beats the profile's base URL") {
    f.env.erase("CXSCHED_BASE_URL");
    f.env["CXSCHED_REGION"] = "au-1";
    auto r = f.connection();
    REQUIRE(r);
    CHECK(r->base_url == "https://api-au-1.cxone.com");
  }
  SECTION("a bad region names where it came from") {
    f.env.erase("CXSCHED_BASE_URL");
    f.env["CXSCHED_REGION"] = "eu_1";
    check_usage(f.connection(), "CXSCHED_REGION: invalid region 'eu_1'");
  }
  SECTION("on acd a region names no endpoint: discovery finds it") {
    f.config("[default]\nregion = \"us-1\"\nplatform = \"acd\"\n");
    f.env.erase("CXSCHED_BASE_URL");
    auto r = f.connection(Needs::identity_only);
    REQUIRE(r);
    CHECK(r->base_url.empty());
  }
}

TEST_CASE("the client secret: the file flag, then the environment, then the profile's file") {
  Fixture f;
  auto file = f.write("flag.secret", "from-flag\n");
  auto profile_file = f.write("profile.secret", "from-profile\n");
  f.config("[default]\nclient_secret_file = \"" + profile_file + "\"\n");
  auto r = f.connection();
  REQUIRE(r);
  CHECK(r->client_secret == "from-profile");
  f.env["CXSCHED_CLIENT_SECRET"] = "from-env";
  r = f.connection();
  REQUIRE(r);
  CHECK(r->client_secret == "from-env");
  f.ctx.opts.client_secret_file = file;
  r = f.connection();
  REQUIRE(r);
  CHECK(r->client_secret == "from-flag");
}

TEST_CASE("the acd settings: defaults, then each from its flag, variable or key") {
  Fixture f;
  f.ctx.opts.platform = "acd";
  auto r = f.connection();
  REQUIRE(r);
  CHECK(r->acd.auth_url == "https://cxone.niceincontact.com");
  CHECK(r->acd.api_version == "v30.0");
  CHECK(r->acd.access_key_id.empty());
  CHECK(r->acd.business_unit_zone.empty());

  f.config("[default]\naccess_key_id = \"profile-id\"\nauth_url = \"http://127.0.0.1:9\"\n"
           "api_version = \"v33.0\"\nacd.business_unit_zone = \"Europe/London\"\n"
           "acd.campaign_id = 12\n");
  r = f.connection();
  REQUIRE(r);
  CHECK(r->acd.access_key_id == "profile-id");
  CHECK(r->acd.auth_url == "http://127.0.0.1:9");
  CHECK(r->acd.api_version == "v33.0");
  CHECK(r->acd.business_unit_zone == "Europe/London");
  CHECK(r->acd.campaign_id == "12");

  f.env["CXSCHED_ACCESS_KEY_ID"] = "env-id";
  f.env["CXSCHED_AUTH_URL"] = "http://127.0.0.1:8";
  f.env["CXSCHED_API_VERSION"] = "v31.0";
  r = f.connection();
  REQUIRE(r);
  CHECK(r->acd.access_key_id == "env-id");
  CHECK(r->acd.auth_url == "http://127.0.0.1:8");
  CHECK(r->acd.api_version == "v31.0");

  f.ctx.opts.access_key_id = "flag-id";
  f.ctx.opts.auth_url = "https://auth.example.com";
  r = f.connection();
  REQUIRE(r);
  CHECK(r->acd.access_key_id == "flag-id");
  CHECK(r->acd.auth_url == "https://auth.example.com");
}

TEST_CASE("the access key secret: the file flag (or stdin), then the environment, then the profile") {
  Fixture f;
  f.ctx.opts.platform = "acd";
  auto profile_file = f.write("profile.secret", "profile-secret\n");
  f.config("[default]\naccess_key_secret_file = \"" + profile_file + "\"\n");
  auto r = f.connection();
  REQUIRE(r);
  CHECK(r->acd.access_key_secret == "profile-secret");
  f.env["CXSCHED_ACCESS_KEY_SECRET"] = "env-secret";
  r = f.connection();
  REQUIRE(r);
  CHECK(r->acd.access_key_secret == "env-secret");
  f.ctx.opts.access_key_secret_file = f.write("flag.secret", "flag-secret\n");
  r = f.connection();
  REQUIRE(r);
  CHECK(r->acd.access_key_secret == "flag-secret");
  SECTION("not read when only the identity is needed") {
    f.ctx.opts.access_key_secret_file = (f.dir / "missing").string();
    auto id = f.connection(Needs::identity_only);
    REQUIRE(id);
    CHECK(id->acd.access_key_secret.empty());
  }
  SECTION("a file that is not a regular file is refused, named") {
    f.ctx.opts.access_key_secret_file = f.dir.string();
    check_usage(f.connection(), "--access-key-secret-file");
  }
  SECTION("an empty file is refused, named") {
    f.ctx.opts.access_key_secret_file = f.write("empty.secret", "\n");
    check_usage(f.connection(), "--access-key-secret-file '");
  }
}

TEST_CASE("the client secret is not read on acd, nor the access key's on campaigns") {
  Fixture f;
  f.ctx.opts.client_secret_file = (f.dir / "missing").string();
  f.ctx.opts.platform = "acd";
  REQUIRE(f.connection());
  f.ctx.opts.platform = "campaigns";
  check_usage(f.connection(), "--client-secret-file");
  f.ctx.opts.client_secret_file.clear();
  f.ctx.opts.access_key_secret_file = (f.dir / "missing").string();
  REQUIRE(f.connection());
}

TEST_CASE("bad acd values are usage errors naming the flag, variable or key") {
  Fixture f;
  f.ctx.opts.platform = "acd";
  SECTION("an auth URL that is plain http to a remote host") {
    f.ctx.opts.auth_url = "http://auth.example.com";
    check_usage(f.connection(), "--auth-url: ");
  }
  SECTION("an API version") {
    f.env["CXSCHED_API_VERSION"] = "30";
    check_usage(f.connection(), "CXSCHED_API_VERSION: '30' is not an API version like v30.0");
    f.env["CXSCHED_API_VERSION"] = "v30.";
    check_usage(f.connection(), "CXSCHED_API_VERSION");
  }
  SECTION("a business unit zone") {
    f.config("[default]\nacd.business_unit_zone = \"Europe/Londn\"\n");
    check_usage(f.connection(), "acd.business_unit_zone of profile 'default': ");
  }
  SECTION("a campaign id") {
    f.config("[default]\nacd.campaign_id = \"Default Campaign\"\n");
    check_usage(f.connection(), "acd.campaign_id of profile 'default': 'Default Campaign' is not a "
                                "campaign id");
  }
}

TEST_CASE("acd values are not read on campaigns") {
  Fixture f;
  f.env["CXSCHED_API_VERSION"] = "30";
  auto r = f.connection();
  REQUIRE(r);
  CHECK(r->acd.api_version == "v30.0");
}

TEST_CASE("the acd settings open a session on the acd platform") {
  Fixture f;
  f.ctx.opts.platform = "acd";
  f.env["CXSCHED_ACCESS_KEY_ID"] = "id";
  f.env["CXSCHED_ACCESS_KEY_SECRET"] = "secret";
  REQUIRE(f.connection());
  auto s = f.ctx.session();
  REQUIRE(s);
  CHECK((*s)->platform().name() == "acd");
}

TEST_CASE("the output format: -o is refused where the environment falls back") {
  Fixture f;
  f.env["CXSCHED_OUTPUT"] = "yaml";
  auto r = f.init();
  REQUIRE_FALSE(r);
  CHECK_THAT(r.error().message, Contains("CXSCHED_OUTPUT: "));
  f.env["CXSCHED_OUTPUT"] = "csv";
  REQUIRE(f.init({Format::table, Format::json}, "watch"));
  CHECK(f.ctx.format() == Format::table);
  f.ctx.opts.output = "csv";
  auto flag = f.init({Format::table, Format::json}, "watch");
  REQUIRE_FALSE(flag);
  CHECK_THAT(flag.error().message, Contains("-o csv: 'cxsched watch' prints"));
}
