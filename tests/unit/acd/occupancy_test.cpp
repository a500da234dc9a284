#include <cxsched/acd/occupancy.hpp>

#include <cxsched/schedule/conflict.hpp>
#include <cxsched/schedule/format.hpp>

#include "acd/test_support.hpp"

using namespace cxsched;
using namespace cxsched::acd;
using namespace cxsched::acd::testing;

namespace {

schedule::Seconds at(const char* text) {
  auto t = schedule::parse_rfc3339(text);
  REQUIRE(t.has_value());
  return *t;
}

SkillRow pc_skill(bool running = false) {
  SkillRow r;
  r.id = 11;
  r.name = "Existing";
  r.media_type_id = 4;
  r.is_outbound = true;
  r.outbound_strategy = "Personal Connection";
  r.is_running = running;
  return r;
}

SkillWeek weekdays(int start_min, int end_min, bool scheduled = true) {
  SkillWeek w;
  w.is_scheduled = scheduled;
  for (unsigned d = 1; d <= 5; ++d) w.days[d] = SkillDay{true, start_min, end_min};
  return w;
}

}  // namespace

TEST_CASE("a scheduled skill conflicts only once the zones' DST dates part", "[acd][occupancy]") {
  // The business unit dials 09:00-10:00 New York time through March and April.
  const auto* ny = zone("America/New_York");
  const Marker marker{at("2027-03-01T00:00:00-05:00"), at("2027-04-30T00:00:00-04:00"), ny};
  auto existing = occupied(pc_skill(), weekdays(9 * 60, 10 * 60), marker, "SCHEDULED", ny,
                           at("2027-02-20T00:00:00Z"));
  REQUIRE(existing.has_value());
  // A London spec dialing 13:00-14:00 meets it only between New York's change
  // (14 March) and London's (28 March), when 09:00 New York is 13:00 London.
  schedule::SpecOptions options;
  auto spec = schedule::parse_spec(
      spec_text(R"([{"days": ["MON","TUE","WED","THU","FRI"], "start": "13:00", "end": "14:00"}])",
                "Europe/London", "2027-03-01T08:00:00Z", "2027-04-30T21:00:00+01:00"),
      "new.json", options);
  REQUIRE(spec.schedule.has_value());
  const std::vector<schedule::Schedule> news{*spec.schedule};
  const std::vector<schedule::Schedule> olds{*existing};
  auto conflicts = schedule::find_conflicts(news, olds, schedule::ConflictScope::all);
  REQUIRE(conflicts.size() == 1);
  CHECK(conflicts[0].first == schedule::Interval{at("2027-03-15T13:00:00Z"), at("2027-03-15T14:00:00Z")});
  CHECK(conflicts[0].overlaps == 10);  // the ten weekdays from 15 to 26 March
}

TEST_CASE("what a skill occupies follows its state", "[acd][occupancy]") {
  const auto* ny = zone("America/New_York");
  const auto now = at("2027-04-10T12:00:00Z");
  // Running without a schedule: continuous from now, open-ended without a marker.
  auto running = occupied(pc_skill(true), weekdays(540, 1020, false), std::nullopt, "ACTIVE", ny, now);
  REQUIRE(running.has_value());
  CHECK(running->windows.empty());
  CHECK(running->start == now);
  CHECK(running->end > at("2100-01-01T00:00:00Z"));
  CHECK(running->id == "11");
  // Neither scheduled nor running, or scheduled without an active day: nothing.
  CHECK_FALSE(occupied(pc_skill(), weekdays(540, 1020, false), std::nullopt, "DRAFT", ny, now));
  SkillWeek idle;
  idle.is_scheduled = true;
  CHECK_FALSE(occupied(pc_skill(), idle, std::nullopt, "SCHEDULED", ny, now));
  // A marker that has ended leaves a running skill nothing to occupy.
  const Marker over{at("2027-03-01T00:00:00Z"), at("2027-04-01T00:00:00Z"), ny};
  CHECK_FALSE(occupied(pc_skill(true), weekdays(540, 1020, false), over, "ACTIVE", ny, now));
}
