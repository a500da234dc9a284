#include <cxsched/ops/watch.hpp>
#include <cxsched/schedule/status.hpp>
#include <cxsched/util/expected.hpp>
#include <cxsched/util/random.hpp>

#include <algorithm>
#include <array>
#include <cmath>

namespace cxsched::ops {

namespace {

using util::Millis;
using util::SteadyTime;
using std::chrono::duration_cast;

constexpr const auto& kStatuses = schedule::kCampaignStatuses;

Result<void> check_options(const WatchOptions& o) {
  if (std::find(kStatuses.begin(), kStatuses.end(), o.wanted) == kStatuses.end())
    return fail(ErrorKind::usage, "unknown status '" + o.wanted +
                                      "' to wait for (one of DRAFT, SCHEDULED, ACTIVATING, "
                                      "ACTIVE, PAUSED, COMPLETED, FAILED, CANCELED)");
  if (o.interval.count() <= 0) return fail(ErrorKind::usage, "the poll interval must be positive");
  if (o.max_interval < o.interval)
    return fail(ErrorKind::usage, "the maximum poll interval is shorter than the first one");
  if (!(o.growth_min >= 1.0 && o.growth_max >= o.growth_min))
    return fail(ErrorKind::usage, "the backoff factors must satisfy 1 <= min <= max");
  return {};
}

struct PollState {
  SteadyTime next{};
  Millis delay{0};
};

class Watch {
 public:
  Watch(platform::Platform& platform, util::Clock& clock, std::span<const std::string> ids,
        const WatchOptions& options, WatchObserver* observer)
      : platform_(platform), clock_(clock), options_(options), observer_(observer),
        start_(clock.steady_now()) {
    rng_ = options.seed != 0
               ? options.seed
               : static_cast<std::uint64_t>(clock.steady_now().time_since_epoch().count()) ^
                     static_cast<std::uint64_t>(clock.now().time_since_epoch().count());
    campaigns_.reserve(ids.size());
    for (const auto& id : ids) {
      campaigns_.push_back(WatchedCampaign{});
      campaigns_.back().id = id;
    }
    state_.assign(ids.size(), PollState{start_, Millis{0}});
    reached_.push_back(options.wanted);
    if (options.until_activated)
      for (auto& status : platform.activated_statuses()) reached_.push_back(std::move(status));
  }

  std::vector<WatchedCampaign> run() {
    while (pending() > 0) {
      if (options_.deadline.passed(clock_)) {
        finish_pending_with_timeout();
        break;
      }
      poll_due();
      if (pending() == 0) break;
      wait_for_next();
    }
    return std::move(campaigns_);
  }

 private:
  std::size_t pending() const {
    return static_cast<std::size_t>(std::count_if(
        campaigns_.begin(), campaigns_.end(),
        [](const WatchedCampaign& c) { return c.outcome == WatchOutcome::pending; }));
  }

  Millis since_start() const { return duration_cast<Millis>(clock_.steady_now() - start_); }

  void finish(WatchedCampaign& c, WatchOutcome outcome, std::optional<Error> error = {}) {
    c.outcome = outcome;
    c.error = std::move(error);
    c.elapsed = since_start();
    if (observer_) observer_->on_finished(c);
  }

  void finish_pending_with_timeout() {
    for (auto& c : campaigns_)
      if (c.outcome == WatchOutcome::pending) finish(c, WatchOutcome::timeout);
  }

  // The platform itself failed: nothing more can be learnt of any campaign.
  void finish_all_pending(const Error& error) {
    const auto outcome =
        error.kind == ErrorKind::unavailable ? WatchOutcome::unavailable : WatchOutcome::error;
    for (auto& c : campaigns_)
      if (c.outcome == WatchOutcome::pending) finish(c, outcome, error);
  }

  void poll_due() {
    for (std::size_t i = 0; i < campaigns_.size(); ++i) {
      auto& c = campaigns_[i];
      if (c.outcome != WatchOutcome::pending || state_[i].next > clock_.steady_now()) continue;
      if (options_.deadline.passed(clock_)) return;
      poll(i);
    }
  }

  void poll(std::size_t i) {
    auto& c = campaigns_[i];
    auto& st = state_[i];
    auto got = platform_.get(c.id);
    if (!got) {
      // Out of time before the platform failed anything: the deadline's.
      if (got.error().cause == Cause::deadline) {
        finish_pending_with_timeout();
        return;
      }
      const auto kind = got.error().kind;
      if (kind == ErrorKind::unavailable || kind == ErrorKind::auth) {
        finish_all_pending(got.error());
      } else {
        finish(c, WatchOutcome::error, got.error());
      }
      return;
    }
    ++c.polls;
    c.name = std::move(got->name);
    c.status_reason = std::move(got->status_reason);
    if (got->status != c.status) {
      std::string from = std::move(c.status);
      c.status = std::move(got->status);
      c.elapsed = since_start();
      st.delay = Millis{0};
      if (observer_) observer_->on_status(c, from);
    }
    if (std::find(reached_.begin(), reached_.end(), c.status) != reached_.end()) {
      finish(c, WatchOutcome::reached);
    } else if (is_terminal_status(c.status)) {
      finish(c, WatchOutcome::terminal);
    } else {
      st.delay = next_poll_delay(st.delay, util::unit_draw(rng_), options_);
      st.next = clock_.steady_now() + st.delay;
    }
  }

  void wait_for_next() {
    SteadyTime earliest = SteadyTime::max();
    for (std::size_t i = 0; i < campaigns_.size(); ++i)
      if (campaigns_[i].outcome == WatchOutcome::pending)
        earliest = std::min(earliest, state_[i].next);
    const auto now = clock_.steady_now();
    Millis wait = earliest > now ? std::chrono::ceil<Millis>(earliest - now) : Millis{0};
    wait = options_.deadline.clamp(clock_, wait);
    if (options_.tick.count() > 0) wait = std::min(wait, options_.tick);
    // Deadline::remaining rounds down: never spin on a sub-millisecond rest.
    if (wait.count() == 0 && earliest > now) wait = Millis{1};
    if (wait.count() > 0) clock_.sleep_for(wait);
    if (observer_ && options_.tick.count() > 0) observer_->on_tick(campaigns_, since_start());
  }

  platform::Platform& platform_;
  util::Clock& clock_;
  const WatchOptions& options_;
  WatchObserver* observer_;
  SteadyTime start_;
  std::uint64_t rng_ = 0;
  std::vector<WatchedCampaign> campaigns_;
  std::vector<PollState> state_;
  std::vector<std::string> reached_;  // the statuses that end a wait as reached
};

}  // namespace

const char* to_string(WatchOutcome outcome) noexcept {
  switch (outcome) {
    case WatchOutcome::pending: return "pending";
    case WatchOutcome::reached: return "reached";
    case WatchOutcome::terminal: return "terminal";
    case WatchOutcome::timeout: return "timeout";
    case WatchOutcome::unavailable: return "unavailable";
    case WatchOutcome::error: return "error";
  }
  return "error";
}

bool is_terminal_status(std::string_view status) {
  return status == "COMPLETED" || status == "CANCELED" || status == "FAILED";
}

Millis next_poll_delay(Millis previous, double unit, const WatchOptions& options) {
  if (previous < options.interval) return options.interval;
  unit = std::clamp(unit, 0.0, 1.0);
  const double factor = options.growth_min + (options.growth_max - options.growth_min) * unit;
  const double next = std::ceil(static_cast<double>(previous.count()) * factor);
  const double cap = static_cast<double>(options.max_interval.count());
  return Millis{static_cast<Millis::rep>(std::min(next, cap))};
}

Result<std::vector<WatchedCampaign>> watch_campaigns(platform::Platform& platform,
                                                     util::Clock& clock,
                                                     std::span<const std::string> ids,
                                                     const WatchOptions& options,
                                                     WatchObserver* observer) {
  TRY(check_options(options));
  if (ids.empty()) return fail(ErrorKind::usage, "no campaign to watch");
  return Watch(platform, clock, ids, options, observer).run();
}

std::optional<ErrorKind> watch_failure(std::span<const WatchedCampaign> campaigns) {
  std::optional<ErrorKind> worst;
  for (const auto& c : campaigns) {
    std::optional<ErrorKind> kind;
    switch (c.outcome) {
      case WatchOutcome::reached: break;
      case WatchOutcome::terminal: kind = ErrorKind::terminal_status; break;
      case WatchOutcome::timeout:
      case WatchOutcome::pending: kind = ErrorKind::deadline; break;
      case WatchOutcome::unavailable: kind = ErrorKind::unavailable; break;
      case WatchOutcome::error: kind = c.error ? c.error->kind : ErrorKind::internal; break;
    }
    if (kind) worst = worst ? worse(*worst, *kind) : *kind;
  }
  return worst;
}

}  // namespace cxsched::ops
