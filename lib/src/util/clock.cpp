#include <cxsched/util/clock.hpp>

#include <algorithm>
#include <thread>

namespace cxsched::util {

namespace {

class RealClock final : public Clock {
 public:
  SysTime now() const override { return std::chrono::system_clock::now(); }
  SteadyTime steady_now() const override { return Steady::now(); }
  void sleep_for(Millis d) override {
    if (d.count() > 0) std::this_thread::sleep_for(d);
  }
};

}  // namespace

Clock& system_clock() {
  static RealClock clock;
  return clock;
}

FakeClock::FakeClock(SysTime start) : wall_(start) {}

SysTime FakeClock::now() const {
  std::lock_guard lock(mu_);
  return wall_;
}

SteadyTime FakeClock::steady_now() const {
  std::lock_guard lock(mu_);
  return mono_;
}

void FakeClock::sleep_for(Millis d) {
  std::lock_guard lock(mu_);
  if (d.count() <= 0) return;
  wall_ += d;
  mono_ += d;
  slept_ += d;
}

void FakeClock::advance(Millis d) {
  std::lock_guard lock(mu_);
  wall_ += d;
  mono_ += d;
}

Millis FakeClock::slept() const {
  std::lock_guard lock(mu_);
  return slept_;
}

Deadline Deadline::after(const Clock& clock, Millis budget) {
  Deadline d;
  d.set_ = true;
  d.at_ = clock.steady_now() + budget;
  return d;
}

bool Deadline::passed(const Clock& clock) const {
  return set_ && clock.steady_now() >= at_;
}

Millis Deadline::remaining(const Clock& clock) const {
  if (!set_) return Millis::max();
  auto left = std::chrono::duration_cast<Millis>(at_ - clock.steady_now());
  return std::max(left, Millis{0});
}

Millis Deadline::clamp(const Clock& clock, Millis d) const {
  return std::min(d, remaining(clock));
}

}  // namespace cxsched::util
