// cxsched validate SPEC... [--offline] [--conflict-scope S] [--dst-policy P] [--allow-...]
#include "commands.hpp"
#include "../exit_codes.hpp"
#include "../spec_input.hpp"

#include <cxsched/ops/validate.hpp>
#include <cxsched/schedule/format.hpp>
#include <cxsched/util/duration.hpp>
#include <cxsched/util/expected.hpp>
#include <cxsched/util/json.hpp>
#include <cxsched/util/text.hpp>

#include <algorithm>

namespace cxsched::app {
namespace {

struct ValidateCliOptions {
  SpecCliOptions spec;
  bool offline = false;
};

// A problem's value as it would appear in the spec: strings quoted, other
// JSON values as written.
std::string shown_value(const std::string& value) {
  auto doc = util::read_json(value, false);
  if (doc && !doc->IsString()) return value;
  return util::quote_json(value);
}

std::string spec_label(const ops::SpecResult& s) {
  return util::printable(s.name.empty() ? s.parsed.source : s.parsed.source + " (" + s.name + ")");
}


std::string zone_name(const date::time_zone* zone) {
  return zone ? std::string(zone->name()) : std::string("UTC");
}

std::string count(std::size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

void print_table(const Terminal& t, const ops::ValidationReport& r) {
  std::string out;
  for (std::size_t i = 0; i < r.specs.size(); ++i) {
    const auto& s = r.specs[i];
    std::string line = spec_label(s) + ": ";
    line += s.valid() ? t.paint("valid", Style::green) : t.paint("invalid", Style::red);
    if (const auto* c = r.existing_campaign(i))
      line += ", exists as " + util::printable(c->id + " (" + c->status + ")");
    out += line + "\n";
    for (const auto& p : s.parsed.problems) {
      out += "  " + t.paint(p.field, Style::bold);
      if (!p.value.empty()) out += " = " + shown_value(p.value);
      out += ": " + util::printable(p.message) + "\n";
    }
  }
  if (!r.conflicts.empty()) {
    // Each spec's label and zone once, not once per conflict: a spec may meet
    // hundreds of campaigns.
    std::vector<std::string> labels, zones;
    for (const auto& s : r.specs) {
      labels.push_back(spec_label(s));
      zones.push_back(zone_name(s.parsed.schedule ? s.parsed.schedule->zone : nullptr));
    }
    // About 400 bytes a conflict: grown once, not copied as it grows.
    out.reserve(out.size() + 400 * r.conflicts.size());
    out += t.paint("conflicts:", Style::yellow) + "\n";
    for (const auto& c : r.conflicts) {
      const auto& spec = r.specs[c.spec];
      const date::time_zone* spec_zone = spec.parsed.schedule ? spec.parsed.schedule->zone : nullptr;
      std::string other;
      std::string other_zone_name;
      const date::time_zone* other_zone = nullptr;
      if (c.other_kind == ops::OtherKind::spec) {
        const auto& o = r.specs[c.other];
        other = labels[c.other];
        other_zone = o.parsed.schedule ? o.parsed.schedule->zone : nullptr;
        other_zone_name = zones[c.other];
      } else {
        const auto& o = r.existing[c.other];
        other = util::printable(o.id + " " + o.name + " (" + o.status + ")");
        other_zone = o.zone;
        other_zone_name = zone_name(other_zone);
      }
      out += "  ";
      out += labels[c.spec];
      out += " overlaps ";
      out += t.paint(other, Style::bold);
      out += '\n';
      // The first overlap in the spec's zone, the other's (when another) and UTC.
      const std::string& spec_zone_name = zones[c.spec];
      const bool other_line = other_zone_name != spec_zone_name;
      const std::size_t width = std::max({spec_zone_name.size(),
                                          other_line ? other_zone_name.size() : 0,
                                          std::size_t{3}});
      bool first = true;
      // A line of the span in `zone_name`: `append` writes one end of it.
      const auto line = [&](std::string_view zone_name, const auto& append) {
        out += first ? "    first overlap in " : "                     ";
        first = false;
        out += zone_name;
        out += ':';
        out.append(width - zone_name.size() + 1, ' ');
        append(c.first.start);
        out += " - ";
        append(c.first.end);
        out += '\n';
      };
      const auto in = [&](const date::time_zone* zone) {
        return [&out, zone](schedule::Seconds at) { schedule::append_local(out, at, zone); };
      };
      line(spec_zone_name, in(spec_zone));
      if (other_line) line(other_zone_name, in(other_zone));
      line("UTC", [&out](schedule::Seconds at) { schedule::append_utc(out, at); });
      out += "    ";
      out += count(c.overlaps, "overlap", "overlaps");
      out += ", ";
      out += util::format_duration(std::chrono::seconds(c.overlap_seconds));
      out += " in all\n";
    }
  }
  std::string summary = count(r.specs.size(), "spec", "specs") + ": ";
  std::size_t invalid = r.invalid_count();
  std::size_t conflicting = r.conflicts.size();
  std::vector<std::string> parts;
  if (invalid) parts.push_back(t.paint(std::to_string(invalid) + " invalid", Style::red));
  if (conflicting)
    parts.push_back(t.paint(count(conflicting, "conflict", "conflicts"), Style::yellow));
  if (parts.empty()) parts.push_back(t.paint("all valid, no conflict", Style::green));
  for (std::size_t i = 0; i < parts.size(); ++i) summary += (i ? ", " : "") + parts[i];
  if (r.offline)
    summary += " (offline: not checked against the platform)";
  else if (r.specs.size() > r.invalid_count())
    summary += " (checked against " +
               count(r.checked, "active or scheduled campaign",
                     "active or scheduled campaigns") +
               ")";
  out += summary + "\n";
  t.print(out);
  for (const auto& w : r.warnings) t.warning(w);
}

Result<int> run_validate(Context& ctx, const ValidateCliOptions& o) {
  auto& t = ctx.term();
  TRY_ASSIGN(auto options, validate_options(o.spec, t));
  options.offline = o.offline;

  TRY_ASSIGN(auto specs, read_specs(o.spec.specs));

  platform::Platform* platform = nullptr;
  if (!o.offline) {
    TRY_ASSIGN(auto session, ctx.session(kDefaultListTimeout));
    platform = &session->platform();
  }
  auto report = ops::validate_specs(specs, options, platform);
  t.end_progress();
  TRY(report);

  if (ctx.format() == Format::json) {
    t.print_json(ops::report_to_json(*report));
    for (const auto& w : report->warnings) t.warning(w);
  } else {
    print_table(t, *report);
  }
  return exit_code_for(report->verdict());
}

}  // namespace

void register_validate(CLI::App& app, Context& ctx, Registry& registry) {
  (void)ctx;
  auto opts = std::make_shared<ValidateCliOptions>();
  auto* sub = app.add_subcommand(
      "validate", "Check campaign specs, then look for conflicts with the platform's campaigns");
  add_spec_options(sub, opts->spec);
  sub->add_flag("--offline", opts->offline, "Check the specs only; do not contact the platform");
  sub->footer(
      "Exit codes: 0 valid and no conflict, 3 a spec is invalid, 4 a conflict (all specs valid).\n"
      "\nExamples:\n  cxsched validate campaign.json\n"
      "  cxsched validate --offline specs/*.json\n"
      "  cat campaign.json | cxsched validate - --conflict-scope queue -o json");
  auto* scope = sub->get_option("--conflict-scope");
  registry.add(
      sub,
      [opts, scope](Context& c) -> Result<int> {
        // --offline skips the conflict check that --conflict-scope shapes.
        if (opts->offline && scope->count() > 0)
          return fail(ErrorKind::usage, "--conflict-scope shapes the conflict check, which "
                                        "--offline skips; drop one of them");
        return run_validate(c, *opts);
      },
      {Format::table, Format::json});
}

}  // namespace cxsched::app
