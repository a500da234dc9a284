// AcdPlatform::advise: what else limits a skill's dialing hours, read and
// never written (acd-contract.md, "What else limits dialing hours"), and
// what its abandon-rate threshold means beside the FTC's 3 % rule.
#include <cxsched/acd/limits.hpp>
#include <cxsched/acd/platform.hpp>
#include <cxsched/util/expected.hpp>
#include <cxsched/util/json.hpp>

namespace cxsched::acd {

namespace {

// The platform itself failed: asking it anything more this run is useless.
bool platform_failed(const Error& e) {
  return e.kind == ErrorKind::unavailable || e.kind == ErrorKind::auth ||
         e.kind == ErrorKind::deadline;
}

// Said once however many specs are new (validate drops repeated warnings).
constexpr const char* kNotYetReadable =
    "a skill that does not exist yet has no cadences or dialing curfew (time-zones) to read: "
    "create reads them once it has written the skill, and warns then";

}  // namespace

Result<std::vector<std::string>> AcdPlatform::limits_of(long id, const SkillDefinition& d) {
  const std::string who = "skill " + std::to_string(id) + " '" + d.skill_name + "'";
  auto parameters = api_.parameters(id);
  if (!parameters) {
    if (platform_failed(parameters.error())) return std::unexpected(parameters.error());
    return std::vector<std::string>{who + ": its parameters could not be read (" +
                                    parameters.error().message +
                                    "); its cadences and dialing curfew were not checked"};
  }
  std::vector<std::string> out;
  for (auto& w : limit_warnings(d.windows, dialing_limits(*parameters)))
    out.push_back(who + ": " + std::move(w));
  return out;
}

Result<std::vector<std::string>> AcdPlatform::advise(const platform::Definition& definition,
                                                     const platform::Campaign* existing) {
  const auto d = std::static_pointer_cast<const SkillDefinition>(definition.detail);
  if (!d)
    return fail(ErrorKind::internal, "definition of '" + definition.name + "' is not a skill's");
  std::vector<std::string> out;
  if (d->abandon_rate_threshold) {
    TRY_ASSIGN(const BusinessUnitInfo unit, business_unit());
    const std::string percent = util::to_json(rapidjson::Value(*d->abandon_rate_threshold));
    out.push_back(
        "'" + d->skill_name + "': dialerSettings.dropRate is written as abandonRateThreshold " +
        percent + ", CXone's \"Max percent of abandoned call allowed\", whose denominator is " +
        "undocumented: " + percent + " may not be " + percent +
        " % of answered calls, the measure of the FTC's 3 % limit; " +
        (unit.abandon_rate_scope.empty()
             ? std::string{"the business unit shows no abandonRateScope"}
             : "the business unit's abandonRateScope is " + unit.abandon_rate_scope +
                   " (as the platform gives it)"));
  }
  if (existing == nullptr) {
    out.emplace_back(kNotYetReadable);
    return out;
  }
  TRY_ASSIGN(const long id, skill_id(existing->id));
  TRY_ASSIGN(auto limits, limits_of(id, *d));
  for (auto& w : limits) out.push_back(std::move(w));
  return out;
}

}  // namespace cxsched::acd
