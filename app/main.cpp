// cxsched: schedule outbound campaigns on NICE CXone. Built twice: as cxsched,
// and with CXSCHED_SERVE_PROGRAM as the server program `cxsched serve` runs.
#include "commands/commands.hpp"
#include "context.hpp"
#include "documents.hpp"
#include "exit_codes.hpp"
#include "usage.hpp"
#ifdef CXSCHED_SERVE_PROGRAM
#include "serve/run.hpp"
#endif

#include <cxsched/http/curl_transport.hpp>
#include <cxsched/util/json.hpp>
#include <cxsched/util/version.hpp>

#include <date/date.h>
#include <date/tz.h>
#include <rapidjson/rapidjson.h>

#include <CLI/CLI.hpp>

#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
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

void add_global_options(CLI::App& app, GlobalOptions& o, Registry& r) {
  const char* g = "Global options";
  const ValueHint file{ValueKind::file};
  r.hint(app.add_option("--profile", o.profile, "Profile of the config file [env: CXSCHED_PROFILE]")
             ->type_name("NAME")
             ->group(g),
         {ValueKind::profile});
  r.hint(app.add_option("--config", o.config,
                        "Config file [env: CXSCHED_CONFIG] (default: "
                        "$XDG_CONFIG_HOME/cxsched/config.toml)")
             ->type_name("FILE")
             ->group(g),
         file);
  r.hint(app.add_option("--platform", o.platform,
                        "Platform API: campaigns (default) or acd (the CXone ACD Admin API) "
                        "[env: CXSCHED_PLATFORM]")
             ->type_name("NAME")
             ->group(g),
         {ValueKind::choice, {"campaigns", "acd"}});
  app.add_option("--region", o.region,
                 "Platform region, e.g. us-1 (campaigns) [env: CXSCHED_REGION]")
      ->type_name("REGION")
      ->group(g);
  app.add_option("--base-url", o.base_url,
                 "Platform base URL, overrides --region; on acd the API endpoint, skipping "
                 "discovery [env: CXSCHED_BASE_URL]")
      ->type_name("URL")
      ->group(g);
  app.add_option("--client-id", o.client_id, "OAuth client id (campaigns) [env: CXSCHED_CLIENT_ID]")
      ->type_name("ID")->group(g);
  r.hint(app.add_option("--client-secret-file", o.client_secret_file,
                        "File holding the OAuth client secret, - for stdin "
                        "[or env: CXSCHED_CLIENT_SECRET]")
             ->type_name("FILE")
             ->group(g),
         file);
  app.add_option("--access-key-id", o.access_key_id,
                 "Access key id (acd) [env: CXSCHED_ACCESS_KEY_ID]")
      ->type_name("ID")
      ->group(g);
  r.hint(app.add_option("--access-key-secret-file", o.access_key_secret_file,
                        "File holding the access key's secret (acd), - for stdin "
                        "[or env: CXSCHED_ACCESS_KEY_SECRET]")
             ->type_name("FILE")
             ->group(g),
         file);
  app.add_option("--auth-url", o.auth_url,
                 "Sign-in host (acd; default https://cxone.niceincontact.com) "
                 "[env: CXSCHED_AUTH_URL]")
      ->type_name("URL")
      ->group(g);
  r.hint(app.add_option("--cache-dir", o.cache_dir,
                        "Token cache directory [env: CXSCHED_CACHE_DIR] (default: "
                        "$XDG_CACHE_HOME/cxsched)")
             ->type_name("DIR")
             ->group(g),
         {ValueKind::dir});
  r.hint(app.add_option("--ca-bundle", o.ca_bundle,
                        "CA certificates to verify the platform with [env: CXSCHED_CA_BUNDLE]")
             ->type_name("FILE")
             ->group(g),
         file);
  r.hint(app.add_option("-o,--output", o.output,
                        "Output format: table, json or csv [env: CXSCHED_OUTPUT]")
             ->type_name("FMT")
             ->group(g),
         {ValueKind::choice, {"table", "json", "csv"}});
  app.add_option("--timeout", o.timeout, "Overall deadline of the command, e.g. 90s, 15m")
      ->type_name("DUR")->group(g);
  app.add_option("--max-parallel", o.max_parallel,
                 "Requests in flight at once when reading pages of campaigns, 1 to 16 (default 4)")
      ->type_name("N")
      ->group(g);
  app.add_flag("-q,--quiet", o.quiet, "Only errors on stderr")->group(g);
  app.add_flag("-v,--verbose", o.verbose, "More on stderr; logs each request (secrets redacted)")
      ->group(g);
  app.add_flag("--no-color", o.no_color, "No ANSI colour [env: NO_COLOR]")->group(g);
}

const CLI::App* deepest_parsed(const CLI::App* app) {
  for (const CLI::App* s : app->get_subcommands([](const CLI::App*) { return true; }))
    if (s->parsed()) return deepest_parsed(s);
  return app;
}

// The command path of a subcommand, e.g. "auth status".
std::string command_path(const CLI::App* sub) {
  std::string path;
  for (const CLI::App* a = sub; a && a->get_parent(); a = a->get_parent())
    path = a->get_name() + (path.empty() ? "" : " " + path);
  return path;
}

void print_json_error(ErrorKind kind, const std::string& message) {
  std::fputs((util::to_pretty_json(error_document(Error(kind, message))) + "\n").c_str(), stdout);
  std::fflush(stdout);
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
      "  cxsched doctor                             check the platform, read-only\n"
      "\n"
      "Exit codes: 0 ok, 2 usage, 3 invalid spec, 4 conflict, 5 auth, 6 not found,\n"
      "7 terminal status, 8 deadline, 9 platform unavailable, 1 unexpected.\n"
      "See cxsched(1) for the config file, profiles and environment.");
  Registry registry;
  add_global_options(app, ctx.opts, registry);
  register_validate(app, ctx, registry);
  register_create(app, ctx, registry);
  register_activate(app, ctx, registry);
  register_watch(app, ctx, registry);
  register_report(app, ctx, registry);
  register_list(app, ctx, registry);
  register_auth(app, ctx, registry);
  register_doctor(app, ctx, registry);
#ifdef CXSCHED_SERVE_PROGRAM
  register_serve(app, ctx, registry, serve::run);
#else
  register_serve(app, ctx, registry,
                 [argv](Context&, const ServeOptions&) { return exec_serve_program(argv); });
#endif
  register_completion(app, ctx, registry);

  std::vector<std::string> args(argv + 1, argv + argc);
  // Before the profile is read: was JSON asked for, so that a usage error is
  // printed as the error document too.
  const std::string output_env = ctx.environment()(setting::output.env);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);
    const std::string line = usage_error_line(app, e, args);
    if (json_requested(args, output_env.c_str()))
      print_json_error(ErrorKind::usage, line);
    std::fprintf(stderr, "cxsched: error: %s\n", line.c_str());
    return kExitUsage;
  }

  // With JSON output, stdout is one document whatever happens: the error
  // object is printed before the message goes to stderr.
  auto report = [&](const Error& err, bool json) {
    int code = exit_code_for(err.kind);
    std::fflush(stdout);
    if (json) print_json_error(err.kind, err.message);
    ctx.term().error(err.message);
    return code;
  };

  // A failure nobody expected is still reported the documented way: the
  // message on stderr and, under -o json, the error document (kind internal).
  const bool json_asked = json_requested(args, output_env.c_str());
  bool initialised = false;
  auto unexpected = [&](const std::string& what) {
    return report(Error{ErrorKind::internal, "unexpected failure: " + what},
                  initialised ? ctx.format() == Format::json : json_asked);
  };
  try {
    const CLI::App* chosen = deepest_parsed(&app);
    for (auto& entry : registry.runners) {
      if (entry.sub != chosen) continue;
      if (auto ok = ctx.init(entry.formats, command_path(chosen)); !ok)
        return report(ok.error(), json_asked);
      initialised = true;
      auto result = entry.run(ctx);
      std::fflush(stdout);
      ctx.say_platform_warnings();
      if (!result) return report(result.error(), ctx.format() == Format::json);
      return *result;
    }
  } catch (const std::bad_alloc&) {
    return unexpected("out of memory");
  } catch (const std::exception& e) {
    return unexpected(e.what());
  } catch (...) {
    return unexpected("an unknown exception");
  }
  std::fprintf(stderr, "cxsched: error: a command is required (see 'cxsched --help')\n");
  return kExitUsage;
}

}  // namespace
}  // namespace cxsched::app

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define CXSCHED_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define CXSCHED_SANITIZED 1
#endif
#endif

#if !defined(CXSCHED_SERVE_PROGRAM) && !defined(CXSCHED_SANITIZED)
namespace {

// Grows the heap by `bytes` at once and asks for its whole 2 MiB blocks to
// be backed by transparent huge pages (granted where the kernel's setting
// is "madvise" or "always", ignored where it is "never"): one fault per
// 2 MiB instead of one per 4 KiB for the bodies and documents of list
// pages. This is what glibc does with GLIBC_TUNABLES=glibc.malloc.hugetlb=1,
// done here for the first `bytes` of heap, so that nobody has to set it.
void grow_heap_in_huge_pages(std::size_t bytes) {
  constexpr std::uintptr_t kHuge = std::uintptr_t{2} << 20;
  const auto before = reinterpret_cast<std::uintptr_t>(sbrk(0));
  // More than the top of the heap holds, with `bytes` of padding: the heap
  // grows by both in one step, and the block goes back to its top.
  mallopt(M_TOP_PAD, static_cast<int>(bytes));
  void* volatile block = std::malloc(kHuge);  // volatile: not elided as unused
  std::free(block);
  mallopt(M_TOP_PAD, 128 << 10);  // glibc's default, for any later growth
  const auto after = reinterpret_cast<std::uintptr_t>(sbrk(0));
  const auto first = (before + kHuge - 1) & ~(kHuge - 1);
  const auto last = after & ~(kHuge - 1);
  if (last > first) madvise(reinterpret_cast<void*>(first), last - first, MADV_HUGEPAGE);
}

}  // namespace
#endif

int main(int argc, char** argv) {
#ifndef CXSCHED_SERVE_PROGRAM
  // A command lives for a moment: memory it frees is kept for its next
  // allocations instead of going back to the kernel, for each page taken
  // back from it costs a page fault (2 to 11 us on the small VMs measured,
  // README, Performance). Without
  // this, every body of a list page (512 KiB) would be mapped afresh and
  // unmapped when read. The server program keeps glibc's defaults.
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 64 << 20);
#ifndef CXSCHED_SANITIZED
  // Validating against 10,000 campaigns takes about 10 MiB of heap (README,
  // Performance); 32 MiB in huge pages covers that with room.
  grow_heap_in_huge_pages(32 << 20);
#endif
#endif
  int code = cxsched::app::kExitInternal;
  try {
    code = cxsched::app::run(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "cxsched: error: unexpected failure: %s\n", e.what());
  }
#ifdef CXSCHED_SANITIZED
  return code;  // the static destructors run, and then the leak check
#else
  // All that run() owned is gone by now. What is left are the libraries'
  // static objects (the tz database above all), whose destructors only free
  // memory the kernel takes back at once: skipping them saves every command
  // a few hundred microseconds. Output is flushed first, as exit would.
  std::fflush(nullptr);
  std::_Exit(code);
#endif
}
