#pragma once

#include <cxsched/platform/platform.hpp>
#include <cxsched/ops/validate.hpp>
#include <cxsched/ops/watch.hpp>
#include <cxsched/util/clock.hpp>
#include <cxsched/util/error.hpp>

#include <cstddef>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace cxsched::ops {

// ---- activate --------------------------------------------------------------

// What activating one campaign gave.
struct ActivationResult {
  std::string id;
  std::optional<platform::Activation> activation;  // set on success
  // When known: the campaign's name, and for a refusal its status and reason.
  std::string name;
  std::string status;
  std::string status_reason;
  std::optional<Error> error;  // set on failure

  bool ok() const { return !error.has_value(); }
};

// Activates each campaign in order. Already ACTIVE or ACTIVATING is success
// (platform::Activation::already_active). A COMPLETED, CANCELED or FAILED campaign
// is ErrorKind::terminal_status, its status and statusReason looked up for the
// message; an unknown id ErrorKind::not_found. When the platform itself fails
// (ErrorKind::unavailable or auth) the campaigns not yet tried get the same
// error without a request. Never fails as a whole: errors are per campaign.
std::vector<ActivationResult> activate_campaigns(platform::Platform& platform,
                                                 std::span<const std::string> ids);

// ---- create ----------------------------------------------------------------

// One field whose value on the platform differs from the spec's definition.
using FieldDifference = platform::FieldDifference;

// What happened to one spec.
enum class CreateOutcomeKind {
  created,    // POSTed now (or found committed after an ambiguous failure)
  exists,     // already on the platform with the same definition
  differs,    // on the platform under that name with another definition
  would_create,  // --dry-run: would be POSTed
  invalid,    // the spec is invalid (locally or refused by the platform)
  conflict,   // validation found a schedule conflict (refused before any POST)
  failed,     // the platform failed (the error says how)
  skipped,    // not attempted because the platform failed for an earlier spec
};

// "created", "exists", "differs", "would-create", "invalid", "conflict",
// "failed", "skipped".
const char* to_string(CreateOutcomeKind kind) noexcept;

// One spec's result, in the order given.
struct CreateResult {
  std::string source;
  std::string name;
  CreateOutcomeKind outcome = CreateOutcomeKind::skipped;
  std::string id;      // the campaign's id when it exists on the platform
  std::string status;  // its last known status
  // The platform's definition of a valid spec (platform::Definition).
  std::string payload;          // its body
  std::string idempotency_key;  // its never-duplicate key, when the platform has one
  std::string preview;          // what a dry run prints for it
  std::vector<FieldDifference> differences;  // for differs
  std::optional<ActivationResult> activation;  // with CreateOptions::activate
  std::optional<WatchedCampaign> watch;        // with CreateOptions::wait
  // The most serious thing that went wrong for this spec (creation, then
  // activation, then the watch), or nullopt.
  std::optional<Error> error;
};

// How to create.
struct CreateOptions {
  ValidateOptions validate{};
  bool dry_run = false;          // validate and build definitions; write nothing
  bool force_conflicts = false;  // create despite schedule conflicts
  bool activate = false;         // activate each created or existing campaign
  std::optional<WatchOptions> wait;  // then watch the activated ones (needs activate)
  // Called after each spec's creation (and activation) is decided, before the next one.
  std::function<void(const CreateResult&, std::size_t index, std::size_t total)> on_result;
  WatchObserver* watch_observer = nullptr;
};

// Everything create did.
struct CreateReport {
  ValidationReport validation;
  // Set when validation refused the run (Verdict::invalid, or conflict
  // without force_conflicts): nothing was POSTed.
  std::optional<Verdict> refused;
  std::vector<CreateResult> results;
  // The most serious error over all results (ErrorKind order of the CLI
  // contract), or nullopt when every spec ended well.
  std::optional<ErrorKind> failure() const;
};

// Validates every spec (the validate pipeline, conflicts included, and the
// platform's definition of each) and refuses before any write when one is
// invalid or, unless force_conflicts, conflicts. Then, in order: a spec whose
// name exists on the platform with the same definition is `exists`, with
// another definition `differs`; the others are created through the
// platform's never-duplicate create (Platform::create). The outcome says
// what this run did: `created` when its own request made the campaign (even
// if the answer was lost), `exists` when another run made it. One spec
// failing does not stop the others, except when the platform is unavailable
// or refuses our credentials: the rest are `skipped`. With `activate` each
// created or existing campaign is activated; with `wait` they are then
// watched together until `wanted`, a terminal status or the deadline. Fails
// as a whole only when validation cannot run (the platform cannot be
// listed) or an option is malformed.
Result<CreateReport> create_campaigns(std::span<const SpecText> specs, const CreateOptions& options,
                                      platform::Platform* platform, util::Clock& clock);

}  // namespace cxsched::ops
