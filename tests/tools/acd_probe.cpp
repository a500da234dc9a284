// acd_probe: drives acd::AcdPlatform through libcurl, one call per run, for
// the tests of the ACD adapter against `cxone-sim --platform acd` (the
// command line of cxsched is wired to it separately). Prints one JSON
// document; exit 0, or 1 with {"error": kind, "message": ...}.
//
//   acd_probe AUTH_URL BASE_URL|- KEY_ID SECRET CACHE_DIR COMMAND [ARGS...]
//   commands: identity | list | get ID | define SPEC | create SPEC |
//             compare ID SPEC | activate ID | rows ID START END | skew
#include <cstdio>
#include <cxsched/acd/platform.hpp>
#include <cxsched/http/curl_transport.hpp>
#include <cxsched/schedule/format.hpp>
#include <cxsched/schedule/spec.hpp>
#include <cxsched/util/json.hpp>
#include <fstream>
#include <iostream>
#include <sstream>

using namespace cxsched;

namespace {

std::string q(std::string_view s) {
  return util::quote_json(s);
}

int failed(const Error& e) {
  std::cout << "{\"error\":" << q(to_string(e.kind)) << ",\"message\":" << q(e.message) << "}\n";
  return 1;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

Result<std::pair<std::string, schedule::Schedule>> spec(const std::string& path) {
  std::string text = read_file(path);
  auto parsed = schedule::parse_spec(text, path, {});
  if (!parsed.schedule) {
    std::string why;
    for (const auto& p : parsed.problems) why += p.field + ": " + p.message + "; ";
    return fail(ErrorKind::invalid_spec, why);
  }
  return std::pair{std::move(text), *parsed.schedule};
}

std::string campaign_json(const platform::Campaign& c) {
  return "{\"id\":" + q(c.id) + ",\"name\":" + q(c.name) + ",\"status\":" + q(c.status) +
         ",\"statusReason\":" + q(c.status_reason) + ",\"startDate\":" + q(c.start_date) +
         ",\"endDate\":" + q(c.end_date) + ",\"zone\":" + q(c.zone) +
         ",\"object\":" + (c.object ? util::to_json(*c.object) : "null") + "}";
}

int run(acd::AcdPlatform& p, const std::vector<std::string>& args) {
  const std::string& command = args.at(0);
  if (command == "identity") {
    auto id = p.identity();
    if (!id) return failed(id.error());
    std::string facts;
    for (const auto& [k, v] : id->facts) facts += (facts.empty() ? "" : ",") + q(k) + ":" + q(v);
    std::cout << "{\"endpoint\":" << q(id->endpoint) << ",\"principal\":" << q(id->principal)
              << ",\"fromCache\":" << (id->token_from_cache ? "true" : "false") << ",\"facts\":{"
              << facts << "}";
  } else if (command == "list") {
    std::string rows;
    auto stats = p.for_each_campaign({}, [&](const platform::Listed& c) -> Result<void> {
      auto occupied = c.occupied();
      rows += std::string(rows.empty() ? "" : ",") + "{\"id\":" + q(c.id()) +
              ",\"name\":" + q(c.name()) + ",\"status\":" + q(c.status()) +
              ",\"occupies\":" + (occupied && *occupied ? "true" : "false") + "}";
      return {};
    });
    if (!stats) return failed(stats.error());
    std::cout << "{\"pages\":" << stats->pages << ",\"campaigns\":[" << rows << "]";
  } else if (command == "get") {
    auto c = p.get(args.at(1));
    if (!c) return failed(c.error());
    std::cout << "{\"campaign\":" << campaign_json(*c);
  } else if (command == "define" || command == "create" || command == "compare") {
    auto s = spec(args.at(command == "compare" ? 2 : 1));
    if (!s) return failed(s.error());
    auto defined = p.define(s->first, s->second);
    if (!defined) return failed(defined.error());
    if (!defined->definition) {
      std::string problems;
      for (const auto& pr : defined->problems)
        problems += (problems.empty() ? "" : ",") + std::string("{\"field\":") + q(pr.field) +
                    ",\"message\":" + q(pr.message) + "}";
      std::cout << "{\"problems\":[" << problems << "]}\n";
      return 1;
    }
    if (command == "define") {
      std::cout << "{\"body\":" << defined->definition->body;
    } else if (command == "compare") {
      auto c = p.get(args.at(1));
      if (!c) return failed(c.error());
      auto diffs = p.compare(*defined->definition, *c);
      if (!diffs) return failed(diffs.error());
      std::string out;
      for (const auto& d : *diffs) out += (out.empty() ? "" : ",") + q(d.to_string());
      std::cout << "{\"differences\":[" << out << "]";
    } else {
      auto made = p.create(*defined->definition);
      if (!made) return failed(made.error());
      const char* how = made->how == platform::Creation::made                ? "made"
                        : made->how == platform::Creation::found_after_write ? "found_after_write"
                                                                             : "found_existing";
      std::cout << "{\"how\":" << q(how) << ",\"campaign\":" << campaign_json(made->campaign);
    }
  } else if (command == "activate") {
    auto a = p.activate(args.at(1));
    if (!a) return failed(a.error());
    std::cout << "{\"activation\":"
              << q(*a == platform::Activation::accepted ? "accepted" : "already_active");
  } else if (command == "rows") {
    auto c = p.get(args.at(1));
    if (!c) return failed(c.error());
    auto from = schedule::parse_rfc3339(args.at(2));
    auto to = schedule::parse_rfc3339(args.at(3));
    if (!from || !to) return failed(Error{ErrorKind::usage, "START and END are RFC 3339"});
    auto rows = p.report_rows(*c, report::Interval{*from, *to});
    if (!rows) return failed(rows.error());
    std::string out;
    for (const auto& r : rows->rows) {
      out +=
          std::string(out.empty() ? "" : ",") +
          "{\"start\":" + q(schedule::format_utc(r.interval.start)) +
          ",\"attempted\":" + std::to_string(r.get(report::Metric::calls_attempted).value_or(-1)) +
          ",\"connected\":" + std::to_string(r.get(report::Metric::calls_connected).value_or(-1)) +
          ",\"abandoned\":" + std::to_string(r.get(report::Metric::calls_abandoned).value_or(-1)) +
          "}";
    }
    std::cout << "{\"grid\":" << q(report::to_string(rows->grid))
              << ",\"queries\":" << rows->queries << ",\"rows\":[" << out << "]";
  } else if (command == "skew") {
    auto skew = p.api().clock_skew();
    if (!skew) return failed(skew.error());
    std::cout << "{\"skewMs\":" << skew->count();
  } else {
    return failed(Error{ErrorKind::usage, "unknown command " + command});
  }
  std::string warnings;
  for (const auto& w : p.take_warnings()) warnings += (warnings.empty() ? "" : ",") + q(w);
  std::cout << ",\"apiRequests\":" << p.api().requests() << ",\"warnings\":[" << warnings << "]}\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 7) {
    std::fprintf(
        stderr, "usage: acd_probe AUTH_URL BASE_URL|- KEY_ID SECRET CACHE_DIR COMMAND [ARGS...]\n");
    return 2;
  }
  std::vector<std::string> args(argv + 6, argv + argc);
  http::CurlTransport transport;
  util::Clock& clock = util::system_clock();
  http::RetryPolicy policy;
  policy.max_attempts = 5;
  http::Client client(transport, clock, policy, util::Deadline::after(clock, util::Millis{90'000}));
  auth::TokenSource tokens(
      client, std::make_unique<auth::AccessKeySignIn>(auth::AccessKey{argv[1], argv[3], argv[4]}),
      argv[5]);
  acd::PlatformSettings settings;
  settings.api.auth_url = argv[1];
  settings.api.base_url = std::string(argv[2]) == "-" ? "" : argv[2];
  if (const char* zone = std::getenv("ACD_PROBE_ZONE")) settings.business_unit_zone = zone;
  acd::AcdPlatform platform(client, tokens, settings);
  return run(platform, args);
}
