#include "context.hpp"

#include "suggest.hpp"

#include <cxsched/util/duration.hpp>

#include <toml++/toml.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

namespace cxsched::app {

namespace {

const char* const kProfileKeys[] = {"region",    "base_url",  "client_id", "client_secret_file",
                                    "cache_dir", "ca_bundle", "output"};

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v ? std::string(v) : std::string();
}

std::string first_of(std::initializer_list<std::string> values) {
  for (const auto& v : values)
    if (!v.empty()) return v;
  return {};
}

Result<std::string> read_secret_file(const std::string& path, const std::string& what) {
  std::string text;
  if (path == "-") {
    text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  } else {
    std::ifstream in(expand_home(path), std::ios::binary);
    if (!in)
      return fail(ErrorKind::usage, "cannot read " + what + " '" + path + "': " +
                                        std::strerror(errno));
    text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ' ||
                           text.back() == '\t'))
    text.pop_back();
  if (text.empty()) return fail(ErrorKind::usage, what + " '" + path + "' is empty");
  return text;
}

}  // namespace

std::optional<std::string> Profile::get(const std::string& key) const {
  auto it = values.find(key);
  if (it == values.end()) return std::nullopt;
  return it->second;
}

std::string expand_home(const std::string& path) {
  if (path == "~" || path.starts_with("~/")) return env("HOME") + path.substr(1);
  return path;
}

std::string default_config_path() {
  std::string base = env("XDG_CONFIG_HOME");
  if (base.empty()) base = env("HOME") + "/.config";
  return base + "/cxsched/config.toml";
}

std::string default_cache_dir() {
  std::string base = env("XDG_CACHE_HOME");
  if (base.empty()) base = env("HOME") + "/.cache";
  return base + "/cxsched";
}

Result<Profile> load_profile(const std::string& path, bool explicit_file, const std::string& name,
                             bool explicit_profile) {
  Profile profile;
  profile.name = name.empty() ? "default" : name;
  profile.source = path;
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    if (explicit_file) return fail(ErrorKind::usage, "config file '" + path + "' does not exist");
    if (explicit_profile)
      return fail(ErrorKind::usage, "profile '" + name + "' not found: there is no config file at " +
                                        path);
    return profile;
  }
  toml::table root;
  try {
    root = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    std::ostringstream msg;
    msg << path << ":" << e.source().begin.line << ":" << e.source().begin.column
        << ": invalid TOML: " << e.description();
    return fail(ErrorKind::usage, msg.str());
  }

  const toml::table* table = nullptr;
  std::string table_name;
  if (profile.name == "default") {
    table = root["default"].as_table();
    table_name = "[default]";
  }
  if (!table) {
    table = root["profile"][profile.name].as_table();
    table_name = "[profile." + profile.name + "]";
  }
  if (!table) {
    if (!explicit_profile) return profile;
    std::vector<std::string> names;
    if (root["default"].as_table()) names.push_back("default");
    if (auto* profiles = root["profile"].as_table())
      for (auto& [k, v] : *profiles) names.emplace_back(k.str());
    std::string msg = "profile '" + name + "' not found in " + path;
    if (auto s = closest(name, names)) msg += " (did you mean '" + *s + "'?)";
    else if (!names.empty()) {
      msg += " (profiles:";
      for (auto& n : names) msg += " " + n;
      msg += ")";
    }
    return fail(ErrorKind::usage, msg);
  }
  std::vector<std::string> known(std::begin(kProfileKeys), std::end(kProfileKeys));
  for (auto& [key, node] : *table) {
    std::string k(key.str());
    if (std::find(known.begin(), known.end(), k) == known.end()) {
      std::string msg = path + ": " + table_name + ": unknown key '" + k + "'";
      if (k == "client_secret")
        msg += ": secrets do not go in the config file; put it in a file readable only by you "
               "and name it with client_secret_file";
      else if (auto s = closest(k, known))
        msg += " (did you mean '" + *s + "'?)";
      return fail(ErrorKind::usage, msg);
    }
    auto value = node.value<std::string>();
    if (!value)
      return fail(ErrorKind::usage, path + ": " + table_name + ": '" + k + "' must be a string");
    profile.values[k] = *value;
  }
  return profile;
}

Result<void> Context::init(const std::vector<Format>& formats, const std::string& command) {
  term_ = std::make_unique<Terminal>(opts.quiet, opts.verbose, opts.no_color);

  std::string config = first_of({opts.config, env("CXSCHED_CONFIG")});
  bool explicit_file = !config.empty();
  if (config.empty()) config = default_config_path();
  std::string name = first_of({opts.profile, env("CXSCHED_PROFILE")});
  auto profile = load_profile(expand_home(config), explicit_file, name, !name.empty());
  if (!profile) return std::unexpected(profile.error());
  profile_ = std::move(*profile);

  const bool from_flag = !opts.output.empty();
  std::string output = first_of({opts.output, env("CXSCHED_OUTPUT"),
                                 profile_.get("output").value_or("")});
  if (formats.empty() && from_flag)
    return fail(ErrorKind::usage, "-o " + output + ": 'cxsched " + command +
                                      "' prints a shell script; it has no output formats");
  if (output.empty() || formats.empty()) {
    format_ = formats.empty() ? Format::table : formats.front();
    return {};
  }
  auto format = parse_format(output);
  if (!format) {
    if (from_flag) return std::unexpected(format.error());
    return fail(ErrorKind::usage, (env("CXSCHED_OUTPUT").empty() ? "output of profile '" +
                                                                       profile_.name + "': "
                                                                 : "CXSCHED_OUTPUT: ") +
                                      format.error().message);
  }
  if (std::find(formats.begin(), formats.end(), *format) != formats.end()) {
    format_ = *format;
    return {};
  }
  std::string names;
  for (std::size_t i = 0; i < formats.size(); ++i)
    names += (i == 0 ? "" : i + 1 == formats.size() ? " or " : ", ") + format_name(formats[i]);
  if (from_flag)
    return fail(ErrorKind::usage, "-o " + output + ": 'cxsched " + command + "' prints " + names +
                                      ", not " + output);
  format_ = formats.front();
  term_->info("cxsched: note: 'cxsched " + command + "' has no " + output + " output (it prints " +
              names + "); printing " + format_name(format_));
  return {};
}

Result<util::Millis> Context::timeout(util::Millis fallback) const {
  if (opts.timeout.empty()) return fallback;
  auto d = util::parse_duration(opts.timeout);
  if (!d) return fail(ErrorKind::usage, "--timeout: " + d.error().message);
  if (d->count() == 0) return fail(ErrorKind::usage, "--timeout must be longer than zero");
  return *d;
}

Result<ops::ConnectionSettings> Context::connection(Needs needs) const {
  ops::ConnectionSettings s;
  // Level by level, so that a --region flag beats a base_url in the profile.
  struct Level {
    std::string base_url, region;
  };
  Level levels[] = {{opts.base_url, opts.region},
                    {env("CXSCHED_BASE_URL"), env("CXSCHED_REGION")},
                    {profile_.get("base_url").value_or(""), profile_.get("region").value_or("")}};
  for (const auto& level : levels) {
    if (!level.base_url.empty()) {
      s.base_url = level.base_url;
      break;
    }
    if (!level.region.empty()) {
      auto url = ops::base_url_for_region(level.region);
      if (!url) return std::unexpected(url.error());
      s.base_url = *url;
      break;
    }
  }
  s.client_id = first_of({opts.client_id, env("CXSCHED_CLIENT_ID"),
                          profile_.get("client_id").value_or("")});
  s.cache_dir = expand_home(first_of({opts.cache_dir, env("CXSCHED_CACHE_DIR"),
                                      profile_.get("cache_dir").value_or(""),
                                      default_cache_dir()}));
  s.ca_bundle = expand_home(first_of({opts.ca_bundle, env("CXSCHED_CA_BUNDLE"),
                                      profile_.get("ca_bundle").value_or("")}));
  if (needs == Needs::api) {
    if (!opts.client_secret_file.empty()) {
      auto secret = read_secret_file(opts.client_secret_file, "--client-secret-file");
      if (!secret) return std::unexpected(secret.error());
      s.client_secret = std::move(*secret);
    } else if (auto e = env("CXSCHED_CLIENT_SECRET"); !e.empty()) {
      s.client_secret = e;
    } else if (auto f = profile_.get("client_secret_file")) {
      auto secret = read_secret_file(*f, "client_secret_file of profile '" + profile_.name + "'");
      if (!secret) return std::unexpected(secret.error());
      s.client_secret = std::move(*secret);
    }
  }
  s.log = term_->logger();
  return s;
}

Result<ops::Session*> Context::session(util::Millis default_timeout) {
  if (session_) return session_.get();
  auto settings = connection(Needs::api);
  if (!settings) return std::unexpected(settings.error());
  auto t = timeout(default_timeout);
  if (!t) return std::unexpected(t.error());
  settings->timeout = *t;
  auto s = ops::Session::open(std::move(*settings));
  if (!s) return std::unexpected(s.error());
  session_ = std::move(*s);
  // At a terminal, a wait between attempts is said, not silent.
  if (term_->stderr_tty() && !term_->quiet()) {
    const Terminal* term = term_.get();
    session_->http().set_retry_observer([term](const http::RetryNotice& n) {
      char wait[32];
      std::snprintf(wait, sizeof wait, "%.1f s", static_cast<double>(n.wait.count()) / 1000.0);
      term->info("cxsched: " + n.what + ": " + n.problem + " (attempt " + std::to_string(n.attempt) +
              " of " + std::to_string(n.max_attempts) + "); next in " + wait);
    });
  }
  return session_.get();
}

}  // namespace cxsched::app
