#pragma once

#include <cxsched/api/campaigns.hpp>
#include <cxsched/ops/validate.hpp>
#include <cxsched/ops/watch.hpp>
#include <cxsched/util/clock.hpp>
#include <cxsched/util/error.hpp>

#include <rapidjson/document.h>

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
  std::optional<api::Activation> activation;  // set on success
  // When known: the campaign's name, and for a refusal its status and reason.
  std::string name;
  std::string status;
  std::string status_reason;
  std::optional<Error> error;  // set on failure

  bool ok() const { return !error.has_value(); }
};

// Activates each campaign in order. Already ACTIVE or ACTIVATING is success
// (api::Activation::already_active). A COMPLETED, CANCELED or FAILED campaign
// is ErrorKind::terminal_status, its status and statusReason looked up for the
// message; an unknown id ErrorKind::not_found. When the platform itself fails
// (ErrorKind::unavailable or auth) the campaigns not yet tried get the same
// error without a request. Never fails as a whole: errors are per campaign.
std::vector<ActivationResult> activate_campaigns(api::CampaignApi& api,
                                                 std::span<const std::string> ids);

// ---- create ----------------------------------------------------------------

// One field whose value on the platform differs from the spec's.
struct FieldDifference {
  std::string field;     // "dialerSettings.dropRate", "executionWindows[0].end"
  std::string platform;  // the platform's value as JSON text, "(absent)" when missing
  std::string spec;      // the spec's value as JSON text

  // "dialerSettings.dropRate: platform 0.02, spec 0.025"
  std::string to_string() const;
};

// The differences between a spec's payload and a platform campaign, field by
// field over the fields the spec sets: dates compared as instants, numbers
// numerically, key order ignored, server fields (id, status, statusReason,
// dateCreated, dateModified) and fields the spec does not set ignored. Empty
// when the definitions are the same. ErrorKind::internal when `payload` is
// not a JSON object.
Result<std::vector<FieldDifference>> compare_definition(std::string_view payload,
                                                        const rapidjson::Value& platform);

// The payload with object keys sorted at every level, compact: the same
// definition always gives the same text. ErrorKind::internal for invalid JSON.
Result<std::string> canonical_payload(std::string_view payload);

// The Idempotency-Key of a payload: the 128-bit FNV-1a hash of its canonical
// form, formatted as a UUID (version 8, RFC 9562 variant). Same spec, same
// key; any change of definition, another key.
Result<std::string> idempotency_key(std::string_view payload);

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
  std::string payload;          // the POST body (valid specs)
  std::string idempotency_key;  // derived from the payload (valid specs)
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
  bool dry_run = false;          // validate and build payloads; send no POST
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

// Validates every spec (the validate pipeline, conflicts included) and
// refuses before any POST when one is invalid or, unless force_conflicts,
// conflicts. Then, in order: a spec whose name exists on the platform with
// the same definition is `exists`, with another definition `differs`; the
// others are POSTed with their Idempotency-Key, never sent twice blindly: a
// 409 duplicate_name, or an unavailable error (the POST may have committed),
// is settled by looking the campaign up by name and comparing; only when it
// is certainly absent is the POST sent again. The outcome says what this run
// did: `created` when its own POST made the campaign (even if the answer was
// lost), `exists` when another run made it (a replayed Idempotency-Key
// answer, or a 409 to a first POST). One spec failing does not stop the
// others, except when the platform is unavailable or refuses our credentials:
// the rest are `skipped`. With `activate` each created or existing campaign
// is activated; with `wait` they are then watched together until `wanted`,
// a terminal status or the deadline. Fails as a whole only when validation
// cannot run (the platform cannot be listed) or an option is malformed.
Result<CreateReport> create_campaigns(std::span<const SpecText> specs, const CreateOptions& options,
                                      api::CampaignApi* api, util::Clock& clock);

}  // namespace cxsched::ops
