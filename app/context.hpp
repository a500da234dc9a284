#pragma once

#include "output.hpp"

#include <cxsched/ops/session.hpp>

#include <CLI/CLI.hpp>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace cxsched::app {

// The global options of cli-contract.md, as given on the command line or in
// the environment (CLI11 reads the CXSCHED_* variables).
struct GlobalOptions {
  std::string profile;
  std::string config;
  std::string region;
  std::string base_url;
  std::string client_id;
  std::string client_secret_file;
  std::string cache_dir;
  std::string ca_bundle;
  std::string output;
  std::string timeout;
  bool quiet = false;
  int verbose = 0;
  bool no_color = false;
};

// What a profile of the config file sets (each key optional).
struct Profile {
  std::string name;
  std::string source;  // the config file it came from
  std::map<std::string, std::string> values;

  std::optional<std::string> get(const std::string& key) const;
};

// Reads profile `name` (or the default one) from a TOML config file.
// `explicit_file`: a missing file is an error rather than an empty profile.
// `explicit_profile`: a missing profile is an error.
Result<Profile> load_profile(const std::string& path, bool explicit_file,
                             const std::string& name, bool explicit_profile);

// The default config path: $XDG_CONFIG_HOME/cxsched/config.toml or
// ~/.config/cxsched/config.toml.
std::string default_config_path();
// The default cache dir: $XDG_CACHE_HOME/cxsched or ~/.cache/cxsched.
std::string default_cache_dir();
// "~/x" -> "$HOME/x".
std::string expand_home(const std::string& path);

// What a command needs of the session.
enum class Needs { api, identity_only };

// Shared by all commands: the parsed global options, the terminal, and the
// platform session built on first use.
class Context {
 public:
  GlobalOptions opts;

  // Call once after parsing: resolves terminal, profile and output format.
  // `formats` are those the chosen command prints (the first is its
  // default), `command` its name for messages. A format the command lacks is
  // a usage error when given with -o, and falls back to the default with a
  // note on stderr when it comes from CXSCHED_OUTPUT or the profile, so one
  // environment serves every command.
  Result<void> init(const std::vector<Format>& formats = {Format::table, Format::json, Format::csv},
                    const std::string& command = {});

  Terminal& term() { return *term_; }
  Format format() const { return format_; }
  const Profile& profile() const { return profile_; }

  // The --timeout value, or `fallback` when not given.
  Result<util::Millis> timeout(util::Millis fallback) const;

  // The resolved connection settings (flag > env > profile > default).
  Result<ops::ConnectionSettings> connection(Needs needs = Needs::api) const;

  // The session, opened on first call with the command's deadline.
  Result<ops::Session*> session(util::Millis default_timeout = util::Millis{0});

 private:
  std::unique_ptr<Terminal> term_;
  Format format_ = Format::table;
  Profile profile_;
  std::unique_ptr<ops::Session> session_;
};

// A subcommand's work, run after parsing; returns the exit code or an error.
using Runner = std::function<Result<int>(Context&)>;

// Registers a subcommand's runner and the output formats it prints; main
// runs the one whose subcommand parsed.
struct Registry {
  struct Entry {
    CLI::App* sub;
    Runner run;
    std::vector<Format> formats;
  };
  std::vector<Entry> runners;
  void add(CLI::App* sub, Runner run,
           std::vector<Format> formats = {Format::table, Format::json, Format::csv}) {
    runners.push_back({sub, std::move(run), std::move(formats)});
  }
};

}  // namespace cxsched::app
