#pragma once

#include <chrono>
#include <mutex>

namespace cxsched::util {

using SysTime = std::chrono::system_clock::time_point;
using Steady = std::chrono::steady_clock;
using SteadyTime = Steady::time_point;
using Millis = std::chrono::milliseconds;

// The wall clock, the monotonic clock and sleeping, behind one interface so
// that backoff, deadlines and token expiry are tested without sleeping.
class Clock {
 public:
  virtual ~Clock() = default;
  // Wall-clock time (token expiry, campaign dates).
  virtual SysTime now() const = 0;
  // Monotonic time (deadlines, backoff).
  virtual SteadyTime steady_now() const = 0;
  // Blocks for `d` (a fake clock advances instead).
  virtual void sleep_for(Millis d) = 0;
};

// The process's real clock.
Clock& system_clock();

// A clock that only moves when told to; sleep_for advances it at once.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(SysTime start = SysTime{} + std::chrono::hours(24 * 365 * 56));
  SysTime now() const override;
  SteadyTime steady_now() const override;
  void sleep_for(Millis d) override;
  // Moves both clocks forward by `d`.
  void advance(Millis d);
  // Total time slept through sleep_for.
  Millis slept() const;

 private:
  mutable std::mutex mu_;
  SysTime wall_;
  SteadyTime mono_{};
  Millis slept_{0};
};

// An absolute point on the monotonic clock after which a command gives up.
// A default-constructed deadline never passes.
class Deadline {
 public:
  Deadline() = default;
  static Deadline after(const Clock& clock, Millis budget);
  static Deadline never() { return {}; }

  bool is_set() const { return set_; }
  bool passed(const Clock& clock) const;
  // Time left, zero when passed; Millis::max() when not set.
  Millis remaining(const Clock& clock) const;
  // The smaller of `d` and the time left.
  Millis clamp(const Clock& clock, Millis d) const;

 private:
  bool set_ = false;
  SteadyTime at_{};
};

}  // namespace cxsched::util
