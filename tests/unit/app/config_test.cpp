#include "config.hpp"

#include <catch2/catch.hpp>

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <map>

using namespace cxsched;
using namespace cxsched::app;
using Catch::Matchers::Contains;
namespace fs = std::filesystem;

namespace {

struct ConfigFile {
  fs::path dir;
  std::string path;
  explicit ConfigFile(const std::string& text) {
    std::string tmpl = (fs::temp_directory_path() / "cxsched-config-XXXXXX").string();
    dir = ::mkdtemp(tmpl.data());
    path = (dir / "config.toml").string();
    std::ofstream(path, std::ios::binary) << text;
  }
  ~ConfigFile() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
};

Environment fake_env(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](std::string_view name) {
    auto it = vars.find(std::string(name));
    return it == vars.end() ? std::string() : it->second;
  };
}

}  // namespace

TEST_CASE("a profile is read from its table; [default] when none is named") {
  ConfigFile f("[default]\nregion = \"us-1\"\n\n[profile.staging]\nbase_url = \"http://x\"\n"
               "max_parallel = 8\n");
  auto d = load_profile(f.path, true, "", false);
  REQUIRE(d);
  CHECK(d->name == "default");
  CHECK(d->get("region") == "us-1");
  CHECK_FALSE(d->get("base_url"));
  auto s = load_profile(f.path, true, "staging", true);
  REQUIRE(s);
  CHECK(s->get("base_url") == "http://x");
  CHECK(s->get("max_parallel") == "8");
  SECTION("the file's profiles are listed with it, so nothing reads it twice") {
    CHECK(s->available == std::vector<std::string>{"default", "staging"});
  }
}

TEST_CASE("the acd settings nest under acd, as a table or dotted keys") {
  SECTION("dotted keys") {
    ConfigFile f("[profile.a]\nplatform = \"acd\"\nacd.business_unit_zone = \"Europe/London\"\n"
                 "acd.campaign_id = 42\n");
    auto p = load_profile(f.path, true, "a", true);
    REQUIRE(p);
    CHECK(p->get("platform") == "acd");
    CHECK(p->get("acd.business_unit_zone") == "Europe/London");
    CHECK(p->get("acd.campaign_id") == "42");
  }
  SECTION("a sub-table") {
    ConfigFile f("[profile.a]\naccess_key_id = \"K\"\n[profile.a.acd]\ncampaign_id = \"7\"\n");
    auto p = load_profile(f.path, true, "a", true);
    REQUIRE(p);
    CHECK(p->get("access_key_id") == "K");
    CHECK(p->get("acd.campaign_id") == "7");
  }
  SECTION("an unknown key under acd is named in full") {
    ConfigFile f("[default]\nacd.campaign = 1\n");
    auto p = load_profile(f.path, true, "", false);
    REQUIRE_FALSE(p);
    CHECK(p.error().kind == ErrorKind::usage);
    CHECK_THAT(p.error().message, Contains("unknown key 'acd.campaign'") &&
                                      Contains("did you mean 'acd.campaign_id'"));
  }
}

TEST_CASE("bad config files are usage errors naming the file, table and key") {
  SECTION("an unknown key, with the likely one") {
    ConfigFile f("[default]\nclientid = \"x\"\n");
    auto p = load_profile(f.path, false, "", false);
    REQUIRE_FALSE(p);
    CHECK_THAT(p.error().message, Contains("[default]: unknown key 'clientid'") &&
                                      Contains("did you mean 'client_id'"));
  }
  SECTION("a secret written in the file") {
    for (std::string key : {"client_secret", "access_key_secret"}) {
      ConfigFile f("[default]\n" + key + " = \"s\"\n");
      auto p = load_profile(f.path, false, "", false);
      REQUIRE_FALSE(p);
      CHECK_THAT(p.error().message, Contains("secrets do not go in the config file") &&
                                        Contains(key + "_file"));
    }
  }
  SECTION("a value of the wrong type") {
    ConfigFile f("[default]\nregion = 1\n");
    auto p = load_profile(f.path, false, "", false);
    REQUIRE_FALSE(p);
    CHECK_THAT(p.error().message, Contains("'region' must be a string"));
    ConfigFile g("[default]\nmax_parallel = true\n");
    auto q = load_profile(g.path, false, "", false);
    REQUIRE_FALSE(q);
    CHECK_THAT(q.error().message, Contains("'max_parallel' must be a whole number"));
  }
  SECTION("invalid TOML, with its line") {
    ConfigFile f("[default]\nregion = \n");
    auto p = load_profile(f.path, false, "", false);
    REQUIRE_FALSE(p);
    CHECK_THAT(p.error().message, Contains(f.path + ":2:"));
  }
  SECTION("a profile that is not there, with the likely one") {
    ConfigFile f("[profile.staging]\nregion = \"us-1\"\n");
    auto p = load_profile(f.path, false, "stagign", true);
    REQUIRE_FALSE(p);
    CHECK_THAT(p.error().message, Contains("did you mean 'staging'"));
    CHECK(load_profile(f.path, false, "other", false));  // not asked for: empty
  }
  SECTION("a file that is not there") {
    CHECK(load_profile("/nonexistent/config.toml", false, "", false));
    auto p = load_profile("/nonexistent/config.toml", true, "", false);
    REQUIRE_FALSE(p);
    CHECK_THAT(p.error().message, Contains("does not exist"));
  }
}

TEST_CASE("each setting is taken from the first layer that sets it: flag, env, profile") {
  Profile profile;
  profile.name = "p";
  profile.values = {{"platform", "acd"}, {"client_id", "from-profile"}};
  const Layers layers(fake_env({{"CXSCHED_PLATFORM", "campaigns"}}), profile);

  auto flag = layers.first(setting::platform, "acd");
  REQUIRE(flag);
  CHECK(flag->source == Source::flag);
  CHECK(flag->origin == "--platform");

  auto env = layers.first(setting::platform, "");
  REQUIRE(env);
  CHECK(env->value == "campaigns");
  CHECK(env->origin == "CXSCHED_PLATFORM");

  auto key = layers.first(setting::client_id, "");
  REQUIRE(key);
  CHECK(key->source == Source::profile);
  CHECK(key->origin == "client_id of profile 'p'");

  CHECK_FALSE(layers.first(setting::region, ""));
  SECTION("a setting with no flag ignores a flag value") {
    CHECK_FALSE(layers.first(setting::business_unit_zone, "x"));
  }
}

TEST_CASE("every setting a profile may hold has a key, and only the config and profile lack one") {
  for (const auto& s : setting::in_profiles) CHECK_FALSE(s.key.empty());
  CHECK(setting::config.key.empty());
  CHECK(setting::profile.key.empty());
}

TEST_CASE("the default paths follow XDG, then HOME") {
  auto xdg = fake_env({{"HOME", "/h"}, {"XDG_CONFIG_HOME", "/c"}, {"XDG_CACHE_HOME", "/k"}});
  CHECK(default_config_path(xdg) == "/c/cxsched/config.toml");
  CHECK(default_cache_dir(xdg) == "/k/cxsched");
  auto home = fake_env({{"HOME", "/h"}});
  CHECK(default_config_path(home) == "/h/.config/cxsched/config.toml");
  CHECK(default_cache_dir(home) == "/h/.cache/cxsched");
  CHECK(expand_home("~/s", home) == "/h/s");
  CHECK(expand_home("a~/s", home) == "a~/s");
}
