#include "spec_input.hpp"

#include <cxsched/util/expected.hpp>
#include <cxsched/util/fd.hpp>

#include <unistd.h>

namespace cxsched::app {

void add_spec_options(CLI::App* sub, SpecCliOptions& o) {
  sub->add_option("spec", o.specs, "Campaign spec files (JSON), - for stdin")
      ->required()
      ->type_name("SPEC");
  sub->add_option("--conflict-scope", o.scope,
                  "Which campaigns can conflict: all, queue (same queueId) or skill "
                  "(same skillRequirement)")
      ->type_name("SCOPE")
      ->check(CLI::IsMember({"all", "queue", "skill"}))
      ->capture_default_str();
  sub->add_option("--dst-policy", o.dst_policy,
                  "How startDate/endDate without offset are read in a DST gap or fold: "
                  "reject, shift-forward, earliest or latest")
      ->type_name("POLICY")
      ->check(CLI::IsMember({"reject", "shift-forward", "earliest", "latest"}))
      ->capture_default_str();
  sub->add_flag("--allow-outside-calling-hours", o.allow_outside_calling_hours,
                "Allow windows before 08:00 or after 21:00 local time (not telemarketing)");
  sub->add_flag("--allow-high-drop-rate", o.allow_high_drop_rate,
                "Allow a dialerSettings.dropRate above 0.03");
}

Result<ops::ValidateOptions> validate_options(const SpecCliOptions& o, const Terminal& term) {
  ops::ValidateOptions options;
  TRY_ASSIGN(auto scope, ops::parse_conflict_scope(o.scope));
  TRY_ASSIGN(auto dst, ops::parse_dst_policy(o.dst_policy));
  options.scope = scope;
  options.spec.dst = dst;
  options.spec.allow_outside_calling_hours = o.allow_outside_calling_hours;
  options.spec.allow_high_drop_rate = o.allow_high_drop_rate;
  options.progress = [&term](std::string_view line) { term.progress(line); };
  return options;
}

Result<std::vector<ops::SpecText>> read_specs(const std::vector<std::string>& paths) {
  std::vector<ops::SpecText> out;
  bool stdin_used = false;
  for (const auto& path : paths) {
    Result<std::string> text;
    if (path == "-") {
      if (stdin_used) return fail(ErrorKind::usage, "'-' (stdin) may be given only once");
      stdin_used = true;
      text = util::read_bounded(STDIN_FILENO, kMaxSpecBytes, "the spec on stdin");
    } else {
      text = util::read_regular_file(path, "the spec file", kMaxSpecBytes);
    }
    // A spec reads one campaign; a larger file is a mistake (or /dev/zero).
    if (!text)
      return fail(text.error().cause == Cause::too_large ? ErrorKind::invalid_spec
                                                          : ErrorKind::usage,
                  text.error().message);
    out.push_back({path, std::move(*text)});
  }
  return out;
}

}  // namespace cxsched::app
