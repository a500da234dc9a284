#include "usage.hpp"

#include "suggest.hpp"

#include <algorithm>

namespace cxsched::app {

namespace {

const CLI::Option* find_option(const CLI::App* app, const std::string& name) {
  for (const CLI::App* a = app; a; a = a->get_parent()) {
    for (const CLI::Option* opt : a->get_options()) {
      if (opt->get_positional()) continue;
      if (name.starts_with("--")) {
        for (const auto& l : opt->get_lnames())
          if (name == "--" + l) return opt;
      } else {
        for (const auto& s : opt->get_snames())
          if (name == "-" + s) return opt;
      }
    }
  }
  return nullptr;
}

std::vector<std::string> option_names(const CLI::App* app) {
  std::vector<std::string> names;
  for (const CLI::App* a = app; a; a = a->get_parent())
    for (const CLI::Option* opt : a->get_options())
      for (const auto& l : opt->get_lnames()) names.push_back("--" + l);
  return names;
}

std::vector<const CLI::App*> subcommands(const CLI::App* app) {
  return app->get_subcommands([](const CLI::App*) { return true; });
}

bool takes_value(const CLI::Option* opt) { return opt->get_type_size() > 0; }

std::string command_text(const std::string& path) {
  return path.empty() ? "cxsched" : "cxsched " + path;
}

}  // namespace

std::string usage_error_line(const CLI::App& app, const CLI::ParseError& error,
                             const std::vector<std::string>& args) {
  const CLI::App* cur = &app;
  std::string path;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--") break;
    if (arg.size() > 1 && arg[0] == '-') {
      const bool is_long = arg.starts_with("--");
      std::string name = is_long ? arg.substr(0, arg.find('=')) : arg.substr(0, 2);
      const CLI::Option* opt = find_option(cur, name);
      if (!opt) {
        std::string line = "unknown option " + name + " for '" + command_text(path) + "'";
        if (is_long)
          if (auto s = closest(name, option_names(cur))) return line + ": did you mean " + *s + "?";
        return line + ": see '" + command_text(path) + " --help'";
      }
      const bool value_inline = is_long ? arg.find('=') != std::string::npos : arg.size() > 2;
      if (takes_value(opt) && !value_inline) ++i;
      continue;
    }
    auto subs = subcommands(cur);
    if (subs.empty()) continue;
    auto it = std::find_if(subs.begin(), subs.end(),
                           [&](const CLI::App* s) { return s->check_name(arg); });
    if (it != subs.end()) {
      cur = *it;
      path += (path.empty() ? "" : " ") + arg;
      continue;
    }
    std::vector<std::string> names;
    for (const CLI::App* s : subs) names.push_back(s->get_name());
    const std::string prefix = path.empty() ? "" : path + " ";
    std::string line = "unknown command '" + prefix + arg + "'";
    if (auto s = closest(arg, names)) return line + ": did you mean '" + prefix + *s + "'?";
    std::string list;
    for (std::size_t k = 0; k < names.size(); ++k)
      list += (k == 0 ? "" : k + 1 == names.size() ? " or " : ", ") + names[k];
    return line + ": expected " + list;
  }
  auto subs = subcommands(cur);
  if (!subs.empty() && cur->get_require_subcommand_min() > 0) {
    std::string list;
    for (std::size_t k = 0; k < subs.size(); ++k)
      list += (k == 0 ? "" : k + 1 == subs.size() ? " or " : ", ") + subs[k]->get_name();
    return "'" + command_text(path) + "' needs a command: " + list;
  }
  return std::string(error.what()) + " (see '" + command_text(path) + " --help')";
}

bool json_requested(const std::vector<std::string>& args, const char* env_output) {
  std::string value = env_output ? env_output : "";
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--") break;
    if ((a == "-o" || a == "--output") && i + 1 < args.size()) value = args[++i];
    else if (a.starts_with("--output=")) value = a.substr(9);
    else if (a.starts_with("-o") && a.size() > 2) value = a.substr(2);
  }
  return value == "json";
}

}  // namespace cxsched::app
