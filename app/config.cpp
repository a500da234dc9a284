#include "config.hpp"

#include "suggest.hpp"

#include <cxsched/util/expected.hpp>
#include <cxsched/util/fd.hpp>

#include <toml++/toml.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <sstream>

namespace cxsched::app {

namespace {

const SettingName* find_key(std::span<const SettingName> known, std::string_view key) {
  for (const auto& s : known)
    if (s.key == key) return &s;
  return nullptr;
}

struct TableReader {
  const std::string& path;
  std::string table_name;  // "[profile.staging]"
  std::span<const SettingName> known;
  Profile& profile;

  Result<void> read(const toml::table& table, const std::string& prefix) {
    for (auto& [k, node] : table) {
      const std::string key = prefix + std::string(k.str());
      if (auto* sub = node.as_table(); sub && prefix.empty() && !find_key(known, key)) {
        TRY(read(*sub, key + "."));
        continue;
      }
      const SettingName* name = find_key(known, key);
      if (!name) return unknown(key);
      auto value = node.value<std::string>();
      if (!value && name->number_ok) {  // a number, written as one (not true or 1.5)
        if (auto* n = node.as_integer()) value = std::to_string(n->get());
      }
      if (!value)
        return fail(ErrorKind::usage, path + ": " + table_name + ": '" + key + "' must be a " +
                                          (name->number_ok ? "whole number" : "string"));
      profile.values[key] = *value;
    }
    return {};
  }

  Result<void> unknown(const std::string& key) const {
    std::string msg = path + ": " + table_name + ": unknown key '" + key + "'";
    if (key == "client_secret" || key == "access_key_secret") {
      msg += ": secrets do not go in the config file; put it in a file readable only by you "
             "and name it with " + key + "_file";
    } else {
      std::vector<std::string> keys;
      for (const auto& s : known) keys.emplace_back(s.key);
      if (auto s = closest(key, keys)) msg += " (did you mean '" + *s + "'?)";
    }
    return fail(ErrorKind::usage, msg);
  }
};

}  // namespace

Environment process_environment() {
  return [](std::string_view name) {
    const char* v = std::getenv(std::string(name).c_str());
    return v ? std::string(v) : std::string();
  };
}

std::optional<std::string> Profile::get(std::string_view key) const {
  auto it = values.find(std::string(key));
  if (it == values.end()) return std::nullopt;
  return it->second;
}

std::string expand_home(const std::string& path, const Environment& env) {
  if (path == "~" || path.starts_with("~/")) return env("HOME") + path.substr(1);
  return path;
}

std::string default_config_path(const Environment& env) {
  std::string base = env("XDG_CONFIG_HOME");
  if (base.empty()) base = env("HOME") + "/.config";
  return base + "/cxsched/config.toml";
}

std::string default_cache_dir(const Environment& env) {
  std::string base = env("XDG_CACHE_HOME");
  if (base.empty()) base = env("HOME") + "/.cache";
  return base + "/cxsched";
}

Result<Profile> load_profile(const std::string& path, bool explicit_file, const std::string& name,
                             bool explicit_profile, std::span<const SettingName> known) {
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
  auto text = util::read_regular_file(path, "config file", kMaxConfigBytes);
  if (!text) return fail(ErrorKind::usage, text.error().message);
  toml::table root;
  try {
    root = toml::parse(*text, path);
  } catch (const toml::parse_error& e) {
    std::ostringstream msg;
    msg << path << ":" << e.source().begin.line << ":" << e.source().begin.column
        << ": invalid TOML: " << e.description();
    return fail(ErrorKind::usage, msg.str());
  }
  if (root["default"].as_table()) profile.available.emplace_back("default");
  if (auto* profiles = root["profile"].as_table())
    for (auto& [k, v] : *profiles)
      if (v.as_table()) profile.available.emplace_back(k.str());

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
    std::string msg = "profile '" + name + "' not found in " + path;
    if (auto s = closest(name, profile.available)) msg += " (did you mean '" + *s + "'?)";
    else if (!profile.available.empty()) {
      msg += " (profiles:";
      for (auto& n : profile.available) msg += " " + n;
      msg += ")";
    }
    return fail(ErrorKind::usage, msg);
  }
  TableReader reader{path, table_name, known, profile};
  TRY(reader.read(*table, ""));
  return profile;
}

std::optional<Found> Layers::at(Source source, const SettingName& name,
                                const std::string& flag_value) const {
  switch (source) {
    case Source::flag:
      if (name.flag.empty() || flag_value.empty()) return std::nullopt;
      return Found{flag_value, source, std::string(name.flag)};
    case Source::env: {
      if (name.env.empty()) return std::nullopt;
      std::string v = env_(name.env);
      if (v.empty()) return std::nullopt;
      return Found{std::move(v), source, std::string(name.env)};
    }
    case Source::profile: {
      if (name.key.empty()) return std::nullopt;
      auto v = profile_.get(name.key);
      if (!v || v->empty()) return std::nullopt;
      return Found{std::move(*v), source,
                   std::string(name.key) + " of profile '" + profile_.name + "'"};
    }
  }
  return std::nullopt;
}

std::optional<Found> Layers::first(const SettingName& name, const std::string& flag_value) const {
  for (Source s : {Source::flag, Source::env, Source::profile})
    if (auto found = at(s, name, flag_value)) return found;
  return std::nullopt;
}

}  // namespace cxsched::app
