// cxsched: schedule outbound campaigns on NICE CXone.
#include "commands/commands.hpp"
#include "context.hpp"
#include "exit_codes.hpp"
#include "suggest.hpp"

#include <cxsched/http/curl_transport.hpp>
#include <cxsched/util/json.hpp>
#include <cxsched/util/version.hpp>

#include <date/date.h>
#include <date/tz.h>
#include <rapidjson/rapidjson.h>

#include <CLI/CLI.hpp>

#include <cstdio>
#include <exception>
#include <new>
#include <iostream>

namespace cxsched::app {
namespace {

#ifndef CXSCHED_DATE_VERSION
#define CXSCHED_DATE_VERSION "(unknown version)"
#endif

std::string version_text() {
  std::string tzdb;
  try {
    if (auto v = date::get_tzdb().version; !v.empty() && v != "unknown") tzdb = " " + v;
  } catch (const std::exception&) {
  }
  return std::string("cxsched ") + util::version() + "\n" + "  " + http::curl_version() + "\n" +
         "  CLI11 " + CLI11_VERSION + ", RapidJSON " + RAPIDJSON_VERSION_STRING + ", date " +
         CXSCHED_DATE_VERSION + " (system tz database" + tzdb + ")";
}

void add_global_options(CLI::App& app, GlobalOptions& o) {
  const char* g = "Global options";
  app.add_option("--profile", o.profile, "Profile of the config file [env: CXSCHED_PROFILE]")
      ->group(g);
  app.add_option("--config", o.config,
                 "Config file [env: CXSCHED_CONFIG] (default: $XDG_CONFIG_HOME/cxsched/config.toml)")
      ->group(g);
  app.add_option("--region", o.region, "Platform region, e.g. us-1 [env: CXSCHED_REGION]")
      ->group(g);
  app.add_option("--base-url", o.base_url,
                 "Platform base URL, overrides --region [env: CXSCHED_BASE_URL]")
      ->group(g);
  app.add_option("--client-id", o.client_id, "OAuth client id [env: CXSCHED_CLIENT_ID]")->group(g);
  app.add_option("--client-secret-file", o.client_secret_file,
                 "File holding the OAuth client secret, - for stdin "
                 "[or env: CXSCHED_CLIENT_SECRET]")
      ->group(g);
  app.add_option("--cache-dir", o.cache_dir,
                 "Token cache directory [env: CXSCHED_CACHE_DIR] (default: $XDG_CACHE_HOME/cxsched)")
      ->group(g);
  app.add_option("--ca-bundle", o.ca_bundle,
                 "CA certificates to verify the platform with [env: CXSCHED_CA_BUNDLE]")
      ->group(g);
  app.add_option("-o,--output", o.output, "Output format: table, json or csv [env: CXSCHED_OUTPUT]")
      ->group(g);
  app.add_option("--timeout", o.timeout, "Overall deadline of the command, e.g. 90s, 15m")->group(g);
  app.add_flag("-q,--quiet", o.quiet, "Only errors on stderr")->group(g);
  app.add_flag("-v,--verbose", o.verbose, "More on stderr; logs each request (secrets redacted)")
      ->group(g);
  app.add_flag("--no-color", o.no_color, "No ANSI colour [env: NO_COLOR]")->group(g);
}

std::vector<std::string> option_names(const CLI::App* app) {
  std::vector<std::string> names;
  for (const CLI::App* a = app; a; a = a->get_parent()) {
    for (const CLI::Option* opt : a->get_options()) {
      for (const auto& l : opt->get_lnames()) names.push_back("--" + l);
    }
  }
  return names;
}

std::vector<std::string> subcommand_names(const CLI::App* app) {
  std::vector<std::string> names;
  for (const CLI::App* s : app->get_subcommands([](const CLI::App*) { return true; }))
    names.push_back(s->get_name());
  return names;
}

const CLI::App* deepest_parsed(const CLI::App* app) {
  for (const CLI::App* s : app->get_subcommands([](const CLI::App*) { return true; }))
    if (s->parsed()) return deepest_parsed(s);
  return app;
}

// A one-line fix for common usage mistakes, or empty.
std::string usage_hint(const CLI::App& app, const CLI::ParseError& e, const std::vector<std::string>& args) {
  const CLI::App* where = deepest_parsed(&app);
  std::string hint;
  for (const auto& arg : args) {
    if (arg.starts_with("--")) {
      std::string flag = arg.substr(0, arg.find('='));
      auto names = option_names(where);
      if (std::find(names.begin(), names.end(), flag) == names.end()) {
        if (auto s = closest(flag, names)) return "did you mean " + *s + "?";
      }
    } else if (!arg.starts_with("-") && where == &app &&
               (dynamic_cast<const CLI::ExtrasError*>(&e) || dynamic_cast<const CLI::RequiredError*>(&e))) {
      if (auto s = closest(arg, subcommand_names(&app))) return "did you mean '" + *s + "'?";
    }
  }
  return hint;
}

int run(int argc, char** argv) {
  Context ctx;
  CLI::App app{"Schedule outbound campaigns on NICE CXone: validate time-zone-aware execution\n"
               "windows and conflicts, create, activate, watch, and report on schedule adherence.",
               "cxsched"};
  app.fallthrough();
  app.require_subcommand(1);
  app.set_version_flag("--version", std::function<std::string()>(version_text));
  app.footer(
      "Examples:\n"
      "  cxsched validate campaign.json             check a spec and its conflicts\n"
      "  cxsched create campaign.json --activate --wait\n"
      "  cxsched list --status ACTIVE -o json\n"
      "\n"
      "Exit codes: 0 ok, 2 usage, 3 invalid spec, 4 conflict, 5 auth, 6 not found,\n"
      "7 terminal status, 8 deadline, 9 platform unavailable, 1 unexpected.\n"
      "See cxsched(1) for the config file, profiles and environment.");
  add_global_options(app, ctx.opts);

  Registry registry;
  register_validate(app, ctx, registry);
  register_create(app, ctx, registry);
  register_activate(app, ctx, registry);
  register_watch(app, ctx, registry);
  register_report(app, ctx, registry);
  register_list(app, ctx, registry);
  register_auth(app, ctx, registry);
  register_completion(app, ctx, registry);

  std::vector<std::string> args(argv + 1, argv + argc);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);
    std::string msg = e.what();
    std::fprintf(stderr, "cxsched: error: %s\n", msg.c_str());
    auto hint = usage_hint(app, e, args);
    if (!hint.empty()) std::fprintf(stderr, "  %s\n", hint.c_str());
    std::fprintf(stderr, "  run 'cxsched %s--help' for usage\n",
                 deepest_parsed(&app) == &app
                     ? ""
                     : (deepest_parsed(&app)->get_name() + " ").c_str());
    return kExitUsage;
  }

  auto report = [&](const Error& err) {
    int code = exit_code_for(err.kind);
    ctx.term().error(err.message);
    if (ctx.format() == Format::json) {
      rapidjson::Document doc(rapidjson::kObjectType);
      auto& a = doc.GetAllocator();
      rapidjson::Value e(rapidjson::kObjectType);
      e.AddMember("code", code, a);
      e.AddMember("kind", rapidjson::StringRef(to_string(err.kind)), a);
      e.AddMember("message", rapidjson::Value(err.message.c_str(), a), a);
      doc.AddMember("error", e, a);
      ctx.term().print_json(doc);
    }
    return code;
  };

  // A failure nobody expected is still reported the documented way: the
  // message on stderr and, under -o json, the error document (kind internal).
  auto unexpected = [&](std::string what) {
    std::fflush(stdout);
    return report(Error{ErrorKind::internal, "unexpected failure: " + what});
  };
  try {
    if (auto ok = ctx.init(); !ok) return report(ok.error());

    const CLI::App* chosen = deepest_parsed(&app);
    for (auto& [sub, runner] : registry.runners) {
      if (sub == chosen) {
        auto result = runner(ctx);
        std::fflush(stdout);
        if (!result) return report(result.error());
        return *result;
      }
    }
  } catch (const std::bad_alloc&) {
    return unexpected("out of memory");
  } catch (const std::exception& e) {
    return unexpected(e.what());
  } catch (...) {
    return unexpected("an unknown exception");
  }
  std::fprintf(stderr, "cxsched: error: a subcommand is required\n%s", app.help().c_str());
  return kExitUsage;
}

}  // namespace
}  // namespace cxsched::app

int main(int argc, char** argv) {
  try {
    return cxsched::app::run(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "cxsched: error: unexpected failure: %s\n", e.what());
    return cxsched::app::kExitInternal;
  }
}
