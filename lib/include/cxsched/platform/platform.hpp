#pragma once

// The platform cxsched schedules campaigns on, as the commands (ops) see it.
// Two implementations: api::CampaignsPlatform (the campaigns API of
// api-contract.md) and acd::AcdPlatform (Personal Connection skills of the
// CXone ACD Admin API). Only they know a URL, a request body or an answer's
// shape; ops sequences validate -> define -> compare -> create -> activate
// -> watch -> report through this interface and nothing else.

#include <rapidjson/document.h>

#include <cstddef>
#include <cxsched/report/adherence.hpp>
#include <cxsched/schedule/spec.hpp>
#include <cxsched/schedule/types.hpp>
#include <cxsched/util/clock.hpp>
#include <cxsched/util/error.hpp>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cxsched::platform {

// ---- campaigns -------------------------------------------------------------

// A campaign as cxsched sees it on any platform (on acd: a Personal
// Connection skill, its status derived as acd-contract.md "Statuses" says).
struct Campaign {
  std::string id;
  std::string name;
  std::string status;         // DRAFT, SCHEDULED, ACTIVATING, ACTIVE, PAUSED, COMPLETED, ...
  std::string status_reason;  // may be empty
  // For listings, as the platform writes them; empty when it has none.
  std::string start_date, end_date;
  std::string zone;  // the campaign's zone as written ("America/New_York")
  std::string queue_id;
  std::string campaign_type;
  // The platform's own object, for `list -o json` and `serve`'s GET; never
  // null. Nothing outside the adapter reads inside it.
  std::shared_ptr<const rapidjson::Document> object;
};

// The stretch of time a campaign's own dates give: [start, end).
struct Stretch {
  schedule::Seconds start{};
  schedule::Seconds end{};
};

// One campaign of a listing, alive only during the visitor's call. Reading
// id, name and status is cheap; `occupied` and `keep` do the work only when
// called, so a listing of many campaigns costs only what is kept.
class Listed {
 public:
  virtual std::string_view id() const = 0;
  virtual std::string_view name() const = 0;
  virtual std::string_view status() const = 0;
  // What the campaign occupies for the conflict sweep: nullopt when it
  // blocks nothing (its status does not conflict, it has ended, ...), else
  // its schedule with id, name and status set. ErrorKind::invalid_spec
  // naming the field when it blocks but its schedule cannot be read (the
  // caller warns and goes on).
  virtual Result<std::optional<schedule::Schedule>> occupied() const = 0;
  // When the campaign blocks (occupied() would not be nullopt for its
  // status) and its own start and end are read without its schedule: that
  // stretch, so a caller looking at other times need not call occupied().
  // nullopt when it does not block or the platform cannot say cheaply.
  virtual std::optional<Stretch> blocking_stretch() const { return std::nullopt; }
  // The whole campaign, copied out of the listing.
  virtual Result<Campaign> keep() const = 0;

 protected:
  ~Listed() = default;
};

// Receives each campaign of a listing in the platform's order. An error
// stops the listing and is returned as is.
using Visitor = std::function<Result<void>(const Listed& campaign)>;

// Bounds on one listing, so a platform (or proxy) whose pages never end
// cannot exhaust the memory or the time of the command. Past a bound the
// listing fails with ErrorKind::internal: an answer that makes no sense.
struct ListLimits {
  int max_pages = 5'000;
  std::size_t max_campaigns = 500'000;
};

// How to list.
struct ListOptions {
  int page_size = 500;  // asked for per page (where the platform pages)
  ListLimits limits{};
};

// How a listing behaved, for diagnostics and tests.
struct ListStats {
  int pages = 0;              // pages read (and used)
  std::size_t campaigns = 0;  // campaigns passed to the visitor
  bool concurrent = false;    // pages after the first were fetched concurrently
  bool followed = false;      // some pages were read by following a next link one by one
};

// ---- definitions -----------------------------------------------------------

// A spec as this platform holds it: what create writes and compare checks.
struct Definition {
  std::string name;
  // The definition as sent (campaigns: the POST body, compact JSON; acd: the
  // skill and its blocks as one JSON object). `create -o json --dry-run`
  // shows it as "payload".
  std::string body;
  // The never-duplicate key sent with the create (campaigns: the
  // Idempotency-Key, a UUIDv5 of the canonical body); empty when the
  // platform has none. Shown as "idempotencyKey".
  std::string key;
  // What a dry run prints for it: the requests and bodies, for a person.
  std::string preview;
  // Fields of the spec the platform has no place for (acd: routingSettings,
  // campaignType ...), "field: why"; said, not refused.
  std::vector<std::string> not_applied;
  // The adapter's own form of the definition; ops never looks inside.
  std::shared_ptr<const void> detail;
};

// A definition, or every reason the platform cannot hold the spec as
// written (field and reason, like the spec checks), found before any write.
struct Defined {
  std::optional<Definition> definition;  // set only when problems is empty
  std::vector<schedule::Problem> problems;
};

// One field whose value on the platform differs from the definition's.
struct FieldDifference {
  std::string field;     // "dialerSettings.dropRate", "executionWindows[0].end"
  std::string platform;  // the platform's value as text, "(absent)" when missing
  std::string spec;      // the definition's value as text

  // "dialerSettings.dropRate: platform 0.02, spec 0.025"
  std::string to_string() const;
};

// ---- create and activate ---------------------------------------------------

// How a create call found the campaign on the platform.
enum class Creation {
  // Made by this call, from the platform's own answer to it: the
  // definition is the one sent (no comparison needed).
  made,
  // On the platform after a request of this call that may have committed
  // (its answer was lost, or a retry met our own earlier write): ours, but
  // compare it with the definition before saying so.
  found_after_write,
  // Already on the platform before this call (another run made it): compare
  // it with the definition.
  found_existing,
};

struct Created {
  Creation how = Creation::made;
  Campaign campaign;
};

// The result of an activate call.
enum class Activation { accepted, already_active };

// ---- report ----------------------------------------------------------------

// The rows a report is computed from over a range: the campaigns API's
// analytics buckets, or acd's dialer-contact rows mapped onto the same
// metrics (what the platform does not report stays nullopt).
struct ReportRows {
  std::vector<report::RawBucket> rows;                    // any order
  report::Granularity grid = report::Granularity::pt15m;  // the rows' length
  int queries = 0;                                        // requests sent
  // acd: the rows carry dials but no dialer-active time, so the report
  // shows the dial proxies instead of adherence (acd-contract.md, "Reporting").
  bool dial_proxies = false;
  std::vector<std::string> notes;  // said with the report ("read as UTC", ...)
};

// Told before each request of report_rows: the piece (1-based) and how many
// pieces the range was split into.
using RowsProgress = std::function<void(int piece, int pieces)>;

// ---- identity --------------------------------------------------------------

// Who cxsched is on the platform, for `auth status` and `doctor`.
struct Identity {
  std::string platform;   // name()
  std::string endpoint;   // where the API calls go (base URL)
  std::string principal;  // the client id or access key id
  std::optional<util::SysTime> token_expires;
  bool token_from_cache = false;
  // Anything else worth showing, in order: ("business unit", "4601234"),
  // ("zone", "America/New_York (Windows zone 'Eastern Standard Time')").
  std::vector<std::pair<std::string, std::string>> facts;
};

// ---- diagnosis -------------------------------------------------------------

// How one check of `cxsched doctor` came out. not_verified: a check that
// would need a write (doctor writes nothing); it does not fail the run.
enum class CheckOutcome { ok, warning, failed, not_verified };

// "ok", "warning", "failed", "not verified".
const char* to_string(CheckOutcome outcome) noexcept;

// One line of `cxsched doctor`.
struct Check {
  std::string name;  // "sign-in", "discovery", "business unit", ...
  CheckOutcome outcome = CheckOutcome::ok;
  std::string detail;  // what was found, or the platform's error
  std::string advice;  // what to do about it; empty when nothing
  // failed: the error's kind (auth, unavailable, ...), for the exit code.
  std::optional<ErrorKind> kind;
};

// A failed check from an error: its message as the detail, its kind kept;
// `advice` unless the error is the platform not answering (unavailable,
// deadline), which has its own.
Check failed_check(std::string name, const Error& error, std::string advice);

// The failed sign-in check: `refused` as the advice when the platform refused
// the credentials (ErrorKind::auth), `unreached` otherwise.
Check sign_in_failed(const Error& error, std::string refused, std::string unreached);

// The passed sign-in check: "`who`: token valid until ... (new)", or "(from
// the cache)" when no token request was made.
Check signed_in(const std::string& who, util::SysTime expires_at, bool from_cache);

// A passed check, and one that passed with something to look at.
Check ok_check(std::string name, std::string detail);
Check warning_check(std::string name, std::string detail, std::string advice);

// ---- the platform ----------------------------------------------------------

// Every call may fail with ErrorKind::auth (credentials refused, 403 with
// what is missing), unavailable (network, 5xx, 429 after every retry),
// deadline (the command's), or internal (an answer that makes no sense);
// the calls below name only the other kinds they give. An implementation is
// thread-safe (`serve` shares one between its workers).
class Platform {
 public:
  virtual ~Platform() = default;

  // "campaigns" or "acd", as --platform names it.
  virtual std::string_view name() const = 0;

  // Every campaign, streamed to `visit` as the pages arrive; one page is
  // held at a time.
  virtual Result<ListStats> for_each_campaign(const ListOptions& options, const Visitor& visit) = 0;

  // A listing with `options` comes next: its first page may be asked for
  // now, so that the platform works on it while the caller does something
  // else (validate reads its specs meanwhile). Never waits for the network,
  // never fails; an answer nobody takes is dropped. Nothing by default.
  virtual void expect_listing(const ListOptions& options) { (void)options; }

  // One campaign; ErrorKind::not_found for an unknown id.
  virtual Result<Campaign> get(std::string_view id) = 0;

  // The schedule of a campaign (windows, dates, zone), for reports and the
  // next-window view; invalid_spec naming the field when it cannot be read.
  virtual Result<schedule::Schedule> schedule_of(const Campaign& campaign) = 0;

  // The definition of a checked spec on this platform (`spec_text` the spec
  // as written, `checked` its schedule from schedule::parse_spec). What the
  // platform cannot hold is a problem, never changed silently. May ask the
  // platform (acd reads the business unit); an error only when it cannot.
  virtual Result<Defined> define(std::string_view spec_text, const schedule::Schedule& checked) = 0;

  // Where `campaign` differs from `definition`, over the fields the
  // definition sets; empty when the platform holds the definition. May ask
  // the platform for what a listing does not carry.
  virtual Result<std::vector<FieldDifference>> compare(const Definition& definition,
                                                       const Campaign& campaign) = 0;

  // Creates the campaign exactly once: the adapter's own never-duplicate
  // protocol (campaigns: the Idempotency-Key, and after an ambiguous
  // failure a lookup by name before any new POST). Errors: invalid_spec
  // (refused by the platform, with its details), conflict (refused for
  // another reason that is the spec's), and the common kinds; after
  // unavailable the message says whether re-running is safe.
  virtual Result<Created> create(const Definition& definition) = 0;

  // What else on the platform limits or qualifies a valid spec's
  // definition, as warnings naming the field and the reason; they change no
  // verdict. `existing` is the campaign of the spec's name found by the
  // listing, null when it does not exist yet. acd reads an existing skill's
  // cadences and dialing curfew and says what its abandon-rate threshold
  // means; the campaigns API has nothing to add.
  virtual Result<std::vector<std::string>> advise(const Definition& definition,
                                                  const Campaign* existing) {
    (void)definition;
    (void)existing;
    return std::vector<std::string>{};
  }

  // The statuses in which an activated campaign is where activation puts
  // it, for `--activate --wait`: campaigns ACTIVE; acd ACTIVE or SCHEDULED
  // (an armed skill outside its windows is not running, and need not be).
  virtual std::vector<std::string> activated_statuses() const = 0;

  // Starts (arms) a campaign. Already active is Activation::already_active.
  // Errors: not_found, terminal_status (it cannot be activated again, or not
  // now: the message says why).
  virtual Result<Activation> activate(std::string_view id) = 0;

  // The report rows of `campaign` over `range` (UTC), split into as many
  // requests as the platform needs (none for an empty range: no rows, the
  // grid still set). Errors: not_found, usage (the platform refused the
  // range).
  virtual Result<ReportRows> report_rows(const Campaign& campaign, report::Interval range,
                                         const RowsProgress& progress = {}) = 0;

  // Signs in if needed and says who we are.
  virtual Result<Identity> identity() = 0;

  // Read-only checks of this platform for `cxsched doctor`, in order: every
  // check that can run, each with what to do when it is not ok. A failure
  // that makes the later checks meaningless (sign-in, the endpoint) ends the
  // list. Nothing is written: write permissions are CheckOutcome::not_verified.
  virtual std::vector<Check> diagnose() = 0;
};

}  // namespace cxsched::platform
