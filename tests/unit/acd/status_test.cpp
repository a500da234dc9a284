#include <cxsched/acd/status.hpp>

#include <catch2/catch.hpp>

#include <cxsched/schedule/conflict.hpp>
#include <cxsched/schedule/format.hpp>

using namespace cxsched;
using namespace cxsched::acd;

namespace {

schedule::Seconds at(const char* text) {
  auto t = schedule::parse_rfc3339(text);
  REQUIRE(t.has_value());
  return *t;
}

}  // namespace

TEST_CASE("the derived status takes the first matching row", "[acd][status]") {
  const auto now = at("2027-04-10T12:00:00Z");
  const auto before = at("2027-04-30T00:00:00Z");
  const auto past = at("2027-04-01T00:00:00Z");
  SkillState s;
  s.marker_end = before;
  CHECK(derive_status(s, now) == "DRAFT");
  s.is_scheduled = true;
  CHECK(derive_status(s, now) == "SCHEDULED");
  s.is_active = false;
  CHECK(derive_status(s, now) == "PAUSED");
  s.marker_end = past;
  CHECK(derive_status(s, now) == "COMPLETED");
  s.marker_end = now;  // at endDate is already over
  CHECK(derive_status(s, now) == "COMPLETED");
  s.start_accepted = true;
  CHECK(derive_status(s, now) == "ACTIVATING");
  s.is_running = true;
  CHECK(derive_status(s, now) == "ACTIVE");
}

TEST_CASE("a skill without marker never completes", "[acd][status]") {
  SkillState s;
  s.is_scheduled = true;
  CHECK(derive_status(s, at("2099-01-01T00:00:00Z")) == "SCHEDULED");
}

TEST_CASE("only running, starting and scheduled skills conflict", "[acd][status]") {
  // The derived names are the campaign API's, so the schedule layer's rule applies.
  const auto now = at("2027-04-10T12:00:00Z");
  SkillState s;
  CHECK_FALSE(schedule::conflicting_status(derive_status(s, now)));  // DRAFT
  s.is_scheduled = true;
  CHECK(schedule::conflicting_status(derive_status(s, now)));  // SCHEDULED
  s.start_accepted = true;
  CHECK(schedule::conflicting_status(derive_status(s, now)));  // ACTIVATING
  s.is_running = true;
  CHECK(schedule::conflicting_status(derive_status(s, now)));  // ACTIVE
  s = SkillState{false, false, false, true, std::nullopt};
  CHECK_FALSE(schedule::conflicting_status(derive_status(s, now)));  // PAUSED
  s.marker_end = now;
  CHECK_FALSE(schedule::conflicting_status(derive_status(s, now)));  // COMPLETED
}
