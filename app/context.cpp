#include "context.hpp"

#include <cxsched/http/curl_transport.hpp>
#include <cxsched/schedule/zone.hpp>
#include <cxsched/util/duration.hpp>
#include <cxsched/util/expected.hpp>
#include <cxsched/util/fd.hpp>
#include <cxsched/util/process.hpp>

#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <utility>

namespace cxsched::app {

namespace {

constexpr int kDefaultMaxParallel = 4;

// --max-parallel, else max_parallel of the profile, else the default.
Result<int> max_parallel(const Layers& layers, const std::string& flag) {
  auto found = layers.first(setting::max_parallel, flag);
  if (!found) return kDefaultMaxParallel;
  const std::string& text = found->value;
  int n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc{} || end != text.data() + text.size() || n < 1 || n > ops::kMaxParallel)
    return fail(ErrorKind::usage, found->origin + ": '" + text +
                                      "' is not a whole number from 1 to " +
                                      std::to_string(ops::kMaxParallel));
  return n;
}

Result<ops::Platform> platform(const Layers& layers, const std::string& flag) {
  auto found = layers.first(setting::platform, flag);
  if (!found) return ops::Platform::campaigns;
  for (auto p : {ops::Platform::campaigns, ops::Platform::acd})
    if (found->value == ops::platform_name(p)) return p;
  return fail(ErrorKind::usage, found->origin + ": unknown platform '" + found->value +
                                    "': expected campaigns or acd");
}

// "v30.0": a 'v', digits, a dot, digits.
bool api_version_ok(std::string_view v) {
  auto digits = [](std::string_view d) {
    return !d.empty() && std::all_of(d.begin(), d.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  auto dot = v.find('.');
  return v.size() > 1 && v[0] == 'v' && dot != std::string_view::npos &&
         digits(v.substr(1, dot - 1)) && digits(v.substr(dot + 1));
}

// The largest secret file read.
constexpr std::size_t kMaxSecretBytes = 64 * 1024;

// Reads a secret from a regular file (never blocking on a FIFO, never more
// than kMaxSecretBytes) or stdin, warning once when the file is readable by
// group or others, as ssh does for keys.
Result<std::string> read_secret_file(const std::string& path, const std::string& what,
                                     const Terminal& term, const Environment& env) {
  Result<std::string> text;
  if (path == "-") {
    text = util::read_bounded(STDIN_FILENO, kMaxSecretBytes, what + " (stdin)");
  } else {
    auto f = util::open_regular(expand_home(path, env), what, kMaxSecretBytes);
    if (!f) return fail(ErrorKind::usage, f.error().message);
    if ((f->info.st_mode & 077) != 0) {
      static bool warned = false;
      if (!std::exchange(warned, true))
        term.warning(what + " '" + path + "' is readable by group or others; chmod 600 it");
    }
    text = util::read_bounded(f->fd.get(), kMaxSecretBytes, what + " '" + path + "'");
  }
  if (!text) return fail(ErrorKind::usage, text.error().message);
  while (!text->empty() && (text->back() == '\n' || text->back() == '\r' ||
                            text->back() == ' ' || text->back() == '\t'))
    text->pop_back();
  if (text->empty()) return fail(ErrorKind::usage, what + " '" + path + "' is empty");
  return text;
}

// The secret of `name`: the environment holds it, the flag or the profile a
// file holding it. Empty when none is set.
Result<std::string> secret(const Layers& layers, const SettingName& name, const std::string& flag,
                           const Terminal& term) {
  auto found = layers.first(name, flag);
  if (!found) return std::string();
  if (found->source == Source::env) return found->value;
  return read_secret_file(found->value, found->origin, term, layers.env());
}

// The settings of the acd platform, each checked and named when bad.
Result<ops::AcdSettings> acd_settings(const Layers& layers, const GlobalOptions& opts, Needs needs,
                                      const Terminal& term) {
  ops::AcdSettings acd;
  if (auto id = layers.first(setting::access_key_id, opts.access_key_id)) acd.access_key_id = id->value;
  if (auto url = layers.first(setting::auth_url, opts.auth_url)) {
    if (auto ok = http::check_url_allowed(url->value); !ok)
      return fail(ErrorKind::usage, url->origin + ": " + ok.error().message);
    acd.auth_url = url->value;
  }
  if (auto v = layers.first(setting::api_version, {})) {
    if (!api_version_ok(v->value))
      return fail(ErrorKind::usage, v->origin + ": '" + v->value +
                                        "' is not an API version like v30.0");
    acd.api_version = v->value;
  }
  if (auto zone = layers.first(setting::business_unit_zone, {})) {
    if (auto z = schedule::resolve_zone(zone->value); !z)
      return fail(ErrorKind::usage, zone->origin + ": " + z.error().message);
    acd.business_unit_zone = zone->value;
  }
  if (auto id = layers.first(setting::acd_campaign_id, {})) {
    std::uint64_t n = 0;
    const std::string& t = id->value;
    auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), n);
    if (ec != std::errc{} || end != t.data() + t.size() || n == 0)
      return fail(ErrorKind::usage, id->origin + ": '" + t +
                                        "' is not a campaign id (a whole number above 0)");
    acd.campaign_id = t;
  }
  if (needs == Needs::api) {
    TRY_ASSIGN(acd.access_key_secret,
               secret(layers, setting::access_key_secret, opts.access_key_secret_file, term));
  }
  return acd;
}

}  // namespace

Result<void> Context::init(const std::vector<Format>& formats, const std::string& command) {
  term_ = std::make_unique<Terminal>(opts.quiet, opts.verbose, opts.no_color);

  const Profile none;
  const Layers outside(env_, none);  // where to find the profile itself
  auto config = outside.first(setting::config, opts.config);
  const bool explicit_file = config.has_value();
  const std::string path = config ? config->value : default_config_path(env_);
  auto name = outside.first(setting::profile, opts.profile);
  TRY_ASSIGN(profile_, load_profile(expand_home(path, env_), explicit_file,
                                    name ? name->value : "", name.has_value()));

  const Layers layers(env_, profile_);
  const auto found = layers.first(setting::output, opts.output);
  const bool from_flag = found && found->source == Source::flag;
  const std::string output = found ? found->value : "";
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
    return fail(ErrorKind::usage, found->origin + ": " + format.error().message);
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
  const Layers layers(env_, profile_);
  ops::ConnectionSettings s;
  TRY_ASSIGN(s.platform, platform(layers, opts.platform));
  // Layer by layer, so that a --region flag beats a base_url in the profile.
  // On acd a region names no endpoint: the base URL only skips discovery.
  for (Source level : {Source::flag, Source::env, Source::profile}) {
    if (auto url = layers.at(level, setting::base_url, opts.base_url)) {
      s.base_url = url->value;
      break;
    }
    if (s.platform != ops::Platform::campaigns) continue;
    if (auto region = layers.at(level, setting::region, opts.region)) {
      auto url = ops::base_url_for_region(region->value);
      if (!url) return fail(ErrorKind::usage, region->origin + ": " + url.error().message);
      s.base_url = *url;
      break;
    }
  }
  auto value = [&](const SettingName& name, const std::string& flag) {
    auto found = layers.first(name, flag);
    return found ? found->value : std::string();
  };
  s.client_id = value(setting::client_id, opts.client_id);
  s.cache_dir = expand_home(value(setting::cache_dir, opts.cache_dir), env_);
  if (s.cache_dir.empty()) s.cache_dir = default_cache_dir(env_);
  s.ca_bundle = expand_home(value(setting::ca_bundle, opts.ca_bundle), env_);
  if (needs == Needs::api && s.platform == ops::Platform::campaigns) {
    TRY_ASSIGN(s.client_secret,
               secret(layers, setting::client_secret, opts.client_secret_file, *term_));
  }
  if (s.platform == ops::Platform::acd) {
    TRY_ASSIGN(s.acd, acd_settings(layers, opts, needs, *term_));
  }
  TRY_ASSIGN(s.max_parallel, max_parallel(layers, opts.max_parallel));
  // No core dump or ptrace by another process of the user may read them.
  if (!s.client_secret.empty() || !s.acd.access_key_secret.empty()) util::keep_out_of_core_dumps();
  s.log = term_->logger();
  return s;
}

Result<ops::Session*> Context::session(util::Millis default_timeout) {
  if (session_) return session_.get();
  TRY_ASSIGN(auto settings, connection(Needs::api));
  TRY_ASSIGN(settings.timeout, timeout(default_timeout));
  TRY_ASSIGN(session_, ops::Session::open(std::move(settings)));
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

void Context::say_platform_warnings() {
  if (!session_ || !term_) return;
  for (const auto& w : session_->take_warnings()) term_->warning(w);
}

}  // namespace cxsched::app
