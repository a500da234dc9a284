// The campaigns API's never-duplicate create.
#include <cxsched/api/campaigns_platform.hpp>
#include <cxsched/util/expected.hpp>
#include <optional>

namespace cxsched::api {

// Never sends a POST again blindly. After a failure that may have followed
// the platform's work (a dropped connection, a timeout, 5xx, 429) the
// campaign is looked up by name: found, it is ours; certainly absent, the
// POST is sent again (paced by the HTTP client), at most kCreateRounds times.
Result<platform::Created> CampaignsPlatform::create(const platform::Definition& definition) {
  using platform::Creation;
  bool sent_before = false;  // an earlier POST of this call may have committed
  std::optional<Error> last;
  for (int round = 0; round < kCreateRounds; ++round) {
    auto created = api_.create(definition.body, definition.key);
    if (created && created->kind == CreateOutcome::Kind::created) {
      // A replayed answer is the campaign an earlier request with this key
      // created: ours when this call sent one, else another run's.
      const auto how =
          created->replayed && !sent_before ? Creation::found_existing : Creation::made;
      return platform::Created{how, std::move(*created->campaign)};
    }
    if (created) {  // 409 duplicate_name: it exists, made by us or someone else
      TRY_ASSIGN(auto found, lookup(definition.name, created->existing_id));
      if (!found)
        return fail(ErrorKind::internal,
                    "the platform says '" + definition.name +
                        "' exists but it cannot be found: " + created->message);
      return platform::Created{sent_before ? Creation::found_after_write : Creation::found_existing,
                               std::move(*found)};
    }
    const Error& err = created.error();
    if (err.kind != ErrorKind::unavailable) return std::unexpected(err);
    // The POST may have committed before the failure: look before deciding.
    auto found = lookup(definition.name, {});
    if (!found)
      return fail(err.kind,
                  err.message + "; looking the campaign up failed too: " + found.error().message);
    if (*found) return platform::Created{Creation::found_after_write, std::move(**found)};
    sent_before = true;
    last = err;
  }
  return fail(last->kind, last->message + " (" + std::to_string(kCreateRounds) +
                              " attempts); the campaign is not on the platform, so "
                              "re-running is safe");
}

}  // namespace cxsched::api
