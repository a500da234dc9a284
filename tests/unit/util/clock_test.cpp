#include <cxsched/util/clock.hpp>

#include <catch2/catch.hpp>

using namespace cxsched::util;
using namespace std::chrono_literals;

TEST_CASE("FakeClock moves only when told and records sleeps") {
  FakeClock clock;
  auto t0 = clock.now();
  auto m0 = clock.steady_now();
  clock.sleep_for(1500ms);
  CHECK(clock.now() - t0 == 1500ms);
  CHECK(clock.steady_now() - m0 == 1500ms);
  CHECK(clock.slept() == 1500ms);
  clock.advance(10s);
  CHECK(clock.slept() == 1500ms);
  CHECK(clock.steady_now() - m0 == 11500ms);
}

TEST_CASE("Deadline counts down on the monotonic clock") {
  FakeClock clock;
  SECTION("unset never passes") {
    Deadline d;
    clock.advance(24h);
    CHECK_FALSE(d.passed(clock));
    CHECK(d.remaining(clock) == Millis::max());
    CHECK(d.clamp(clock, 5s) == 5s);
  }
  SECTION("set passes at its instant and clamps waits") {
    auto d = Deadline::after(clock, 10s);
    CHECK(d.clamp(clock, 30s) == 10s);
    clock.advance(9s);
    CHECK_FALSE(d.passed(clock));
    CHECK(d.remaining(clock) == 1s);
    clock.advance(1s);
    CHECK(d.passed(clock));
    CHECK(d.remaining(clock) == 0ms);
  }
}
