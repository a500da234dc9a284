#pragma once

#include <cxsched/platform/platform.hpp>
#include <cxsched/util/clock.hpp>
#include <cxsched/util/error.hpp>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace cxsched::ops {

// How the watch of one campaign ended.
enum class WatchOutcome {
  pending,      // still being watched
  reached,      // reached the wanted status
  terminal,     // reached a terminal status that is not the wanted one
  timeout,      // the deadline passed while the platform answered normally
  unavailable,  // the platform failed (network, 5xx, 429 after every retry)
  error,        // anything else (unknown id, authentication, a senseless answer)
};

// "reached", "terminal", "timeout", "unavailable", "error" (and "pending").
const char* to_string(WatchOutcome outcome) noexcept;

// COMPLETED, CANCELED and FAILED.
bool is_terminal_status(std::string_view status);

// One watched campaign as last seen.
struct WatchedCampaign {
  std::string id;
  std::string name;           // empty until the first answer
  std::string status;         // empty until the first answer
  std::string status_reason;  // as the platform gave it, may be empty
  WatchOutcome outcome = WatchOutcome::pending;
  std::optional<Error> error;  // set for unavailable and error
  util::Millis elapsed{0};     // from the start of the watch to the last change
  int polls = 0;               // GETs answered for this campaign
};

// What the app is told while a watch runs. Called on the watching thread.
class WatchObserver {
 public:
  virtual ~WatchObserver() = default;
  // The first status seen (`from` empty) or a change of status.
  virtual void on_status(const WatchedCampaign& campaign, std::string_view from) {
    (void)campaign;
    (void)from;
  }
  // The campaign's watch ended with campaign.outcome.
  virtual void on_finished(const WatchedCampaign& campaign) { (void)campaign; }
  // Every WatchOptions::tick while waiting, for live views; `elapsed` since the start.
  virtual void on_tick(std::span<const WatchedCampaign> all, util::Millis elapsed) {
    (void)all;
    (void)elapsed;
  }
};

// How to watch.
struct WatchOptions {
  std::string wanted = "ACTIVE";    // the status to wait for
  // Waiting after an activation: any of the platform's activated statuses
  // (platform::Platform::activated_statuses) is reached, not only `wanted`
  // (on acd an armed skill outside its windows is SCHEDULED, and need not
  // run to be activated).
  bool until_activated = false;
  util::Millis interval{2'000};     // first delay between two polls of a campaign
  util::Millis max_interval{30'000};  // cap of the delay
  double growth_min = 1.5;          // each delay is the previous one times a
  double growth_max = 2.0;          // factor drawn uniformly from [min, max]
  util::Deadline deadline;          // never passes when not set
  util::Millis tick{0};             // 0: no on_tick; else wake at least this often
  std::uint64_t seed = 0;           // jitter seed; 0: from the clock
};

// The next delay of a campaign's backoff: previous x factor (factor from
// `unit`, uniform in [0, 1), mapped onto [growth_min, growth_max]), at least
// the interval, capped at max_interval.
util::Millis next_poll_delay(util::Millis previous, double unit, const WatchOptions& options);

// Polls every campaign in one loop (no thread per campaign) until each has
// reached `wanted`, a terminal status, or the deadline. Each campaign has its
// own backoff, reset to the interval after a change of status; the loop
// sleeps through `clock` until the earliest poll and never past the
// deadline. A 404 ends that campaign's watch with outcome error
// (ErrorKind::not_found); an unavailable or auth error ends every campaign
// still pending (the platform, not the campaign, failed). Keeps only the
// status of each campaign between polls. Fails only for a malformed option
// (ErrorKind::usage); every other failure is in the outcomes.
Result<std::vector<WatchedCampaign>> watch_campaigns(platform::Platform& platform,
                                                     util::Clock& clock,
                                                     std::span<const std::string> ids,
                                                     const WatchOptions& options,
                                                     WatchObserver* observer = nullptr);

// The ErrorKind a finished watch maps to, by the order of the CLI contract
// for several campaigns: unavailable before terminal_status before deadline;
// another error (not_found, auth, internal) before all. nullopt: every
// campaign reached the wanted status.
std::optional<ErrorKind> watch_failure(std::span<const WatchedCampaign> campaigns);

}  // namespace cxsched::ops
