#pragma once

// The settings of the CLI (man/cxsched.1: GLOBAL OPTIONS, ENVIRONMENT, FILES)
// and where each is looked for: flag > environment > profile of the TOML
// config file > default. This is the one place that order is written; CLI11
// only parses argv (no option has an envname), because two rules cross
// settings: a --region flag beats CXSCHED_BASE_URL, and an output format from
// -o is an error where one from CXSCHED_OUTPUT is a note.

#include <cxsched/util/error.hpp>

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace cxsched::app {

// The three names of one setting; an empty name: not settable that way.
struct SettingName {
  std::string_view flag;  // "--region"
  std::string_view env;   // "CXSCHED_REGION"
  std::string_view key;   // "region" in a profile; "acd.campaign_id" is key campaign_id of [..acd]
  bool number_ok = false;  // the profile may write it as a TOML integer
};

namespace setting {
inline constexpr SettingName config{"--config", "CXSCHED_CONFIG", ""};
inline constexpr SettingName profile{"--profile", "CXSCHED_PROFILE", ""};
inline constexpr SettingName platform{"--platform", "CXSCHED_PLATFORM", "platform"};
inline constexpr SettingName region{"--region", "CXSCHED_REGION", "region"};
inline constexpr SettingName base_url{"--base-url", "CXSCHED_BASE_URL", "base_url"};
inline constexpr SettingName client_id{"--client-id", "CXSCHED_CLIENT_ID", "client_id"};
// The environment holds the secret itself, the flag and the profile a file naming it.
inline constexpr SettingName client_secret{"--client-secret-file", "CXSCHED_CLIENT_SECRET",
                                           "client_secret_file"};
inline constexpr SettingName access_key_id{"--access-key-id", "CXSCHED_ACCESS_KEY_ID",
                                           "access_key_id"};
inline constexpr SettingName access_key_secret{"--access-key-secret-file",
                                               "CXSCHED_ACCESS_KEY_SECRET",
                                               "access_key_secret_file"};
inline constexpr SettingName auth_url{"--auth-url", "CXSCHED_AUTH_URL", "auth_url"};
inline constexpr SettingName api_version{"", "CXSCHED_API_VERSION", "api_version"};
inline constexpr SettingName business_unit_zone{"", "", "acd.business_unit_zone"};
inline constexpr SettingName acd_campaign_id{"", "", "acd.campaign_id", true};
inline constexpr SettingName cache_dir{"--cache-dir", "CXSCHED_CACHE_DIR", "cache_dir"};
inline constexpr SettingName ca_bundle{"--ca-bundle", "CXSCHED_CA_BUNDLE", "ca_bundle"};
inline constexpr SettingName output{"-o", "CXSCHED_OUTPUT", "output"};
inline constexpr SettingName max_parallel{"--max-parallel", "", "max_parallel", true};

// Every setting a profile may hold.
inline constexpr SettingName in_profiles[] = {
    platform,  region,    base_url, client_id, client_secret, access_key_id,
    access_key_secret, auth_url, api_version, business_unit_zone, acd_campaign_id,
    cache_dir, ca_bundle, output,   max_parallel};
}  // namespace setting

// The process environment, or a fake one in tests: the value of a variable,
// empty when unset.
using Environment = std::function<std::string(std::string_view name)>;
Environment process_environment();

// One profile of the config file (each key optional; nested tables flattened
// to "acd.campaign_id").
struct Profile {
  std::string name;
  std::string source;                  // the config file it came from
  std::map<std::string, std::string> values;
  std::vector<std::string> available;  // every profile the file holds: "default", [profile.NAME]

  std::optional<std::string> get(std::string_view key) const;
};

// The largest config file read.
inline constexpr std::size_t kMaxConfigBytes = 1024 * 1024;

// Reads profile `name` (or the default one) from a TOML config file, once.
// `explicit_file`: a missing file is an error rather than an empty profile.
// `explicit_profile`: a missing profile is an error. A key not in `known`, a
// value of the wrong type, a secret written in the file and invalid TOML are
// ErrorKind::usage naming the file, table and key (and line for TOML).
Result<Profile> load_profile(const std::string& path, bool explicit_file, const std::string& name,
                             bool explicit_profile,
                             std::span<const SettingName> known = setting::in_profiles);

// The default config path: $XDG_CONFIG_HOME/cxsched/config.toml or
// ~/.config/cxsched/config.toml.
std::string default_config_path(const Environment& env = process_environment());
// The default cache dir: $XDG_CACHE_HOME/cxsched or ~/.cache/cxsched.
std::string default_cache_dir(const Environment& env = process_environment());
// "~/x" -> "$HOME/x".
std::string expand_home(const std::string& path, const Environment& env = process_environment());

// Where a setting's value was found.
enum class Source { flag, env, profile };

struct Found {
  std::string value;
  Source source = Source::flag;
  std::string origin;  // for messages: "--region", "CXSCHED_REGION", "region of profile 'x'"
};

// The layers one setting is looked up in: what the flags gave, the
// environment, the profile.
class Layers {
 public:
  Layers(Environment env, const Profile& profile) : env_(std::move(env)), profile_(profile) {}

  // The value at one layer, if set there (non-empty).
  std::optional<Found> at(Source source, const SettingName& name,
                          const std::string& flag_value) const;
  // The first layer that sets it: flag > environment > profile.
  std::optional<Found> first(const SettingName& name, const std::string& flag_value) const;

  const Environment& env() const { return env_; }
  const Profile& profile() const { return profile_; }

 private:
  Environment env_;
  const Profile& profile_;
};

}  // namespace cxsched::app
