#pragma once

#include "config.hpp"
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

// The global options as given on the command line (CLI11 reads argv only;
// config.hpp resolves each against the environment and the profile).
struct GlobalOptions {
  std::string profile;
  std::string config;
  std::string platform;
  std::string region;
  std::string base_url;
  std::string client_id;
  std::string client_secret_file;
  std::string access_key_id;
  std::string access_key_secret_file;
  std::string auth_url;
  std::string cache_dir;
  std::string ca_bundle;
  std::string output;
  std::string timeout;
  std::string max_parallel;
  bool quiet = false;
  int verbose = 0;
  bool no_color = false;
};

// What a command needs of the session.
enum class Needs { api, identity_only };

// Shared by all commands: the parsed global options, the terminal, and the
// platform session built on first use.
class Context {
 public:
  GlobalOptions opts;

  // The environment settings are read from (the process's unless replaced,
  // as unit tests do, before init).
  void set_environment(Environment env) { env_ = std::move(env); }
  const Environment& environment() const { return env_; }

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

  // Says on stderr, once each, what the platform found worth a warning
  // during the command (acd: the discovery fallback, a disagreeing zone, the
  // server clock's skew).
  void say_platform_warnings();

 private:
  Environment env_ = process_environment();
  // Default settings until init() reads the flags: an error met before then
  // (an unexpected failure) still has a terminal to be told on.
  std::unique_ptr<Terminal> term_ = std::make_unique<Terminal>(false, 0, false);
  Format format_ = Format::table;
  Profile profile_;
  std::unique_ptr<ops::Session> session_;
};

// A subcommand's work, run after parsing; returns the exit code or an error.
using Runner = std::function<Result<int>(Context&)>;

// How a shell completes an option's value (the completion model reads it).
enum class ValueKind { none, text, file, dir, spec, profile, choice };
struct ValueHint {
  ValueKind kind = ValueKind::text;
  std::vector<std::string> choices = {};  // with ValueKind::choice
};

// Registers a subcommand's runner and the output formats it prints; main
// runs the one whose subcommand parsed. Also holds the completion hint of
// each option that declared one where it was added.
struct Registry {
  struct Entry {
    CLI::App* sub;
    Runner run;
    std::vector<Format> formats;
  };
  std::vector<Entry> runners;
  std::map<const CLI::Option*, ValueHint> hints;

  void add(CLI::App* sub, Runner run,
           std::vector<Format> formats = {Format::table, Format::json, Format::csv}) {
    runners.push_back({sub, std::move(run), std::move(formats)});
  }
  // `opt` completes as `hint` says; returns `opt` for chaining.
  CLI::Option* hint(CLI::Option* opt, ValueHint hint) {
    hints[opt] = std::move(hint);
    return opt;
  }
  // The hint declared for `opt`, if any.
  const ValueHint* hint_of(const CLI::Option* opt) const {
    auto it = hints.find(opt);
    return it == hints.end() ? nullptr : &it->second;
  }
};

}  // namespace cxsched::app
