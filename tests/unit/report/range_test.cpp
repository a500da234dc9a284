#include <catch2/catch.hpp>

#include "schedule/test_support.hpp"

#include <cxsched/report/range.hpp>
#include <cxsched/schedule/format.hpp>

using namespace cxsched;
using namespace cxsched::report;
using namespace std::chrono_literals;

namespace {

using schedule::testing::at;
const date::time_zone* new_york() { return schedule::testing::zone("America/New_York"); }

}  // namespace

TEST_CASE("resolve_bound reads RFC 3339, local dates and relative forms in the campaign's zone") {
  const auto now = at("2025-03-12T15:30:00-04:00");  // a Wednesday, EDT
  const auto* z = new_york();
  SECTION("RFC 3339 keeps its offset") {
    CHECK(resolve_bound("2025-03-01T00:00:00Z", Bound::from, z, now) == at("2025-03-01T00:00:00Z"));
  }
  SECTION("a local date is its midnight, or for --to the end of that day") {
    CHECK(resolve_bound("2025-03-09", Bound::from, z, now) == at("2025-03-09T00:00:00-05:00"));
    CHECK(resolve_bound("2025-03-09", Bound::to, z, now) == at("2025-03-10T00:00:00-04:00"));
  }
  SECTION("today, yesterday, now") {
    CHECK(resolve_bound("today", Bound::from, z, now) == at("2025-03-12T00:00:00-04:00"));
    CHECK(resolve_bound("today", Bound::to, z, now) == at("2025-03-13T00:00:00-04:00"));
    CHECK(resolve_bound("Yesterday", Bound::to, z, now) == at("2025-03-12T00:00:00-04:00"));
    CHECK(resolve_bound("now", Bound::to, z, now) == now);
  }
  SECTION("-Nd and -Nw are local midnights, across the DST change; -Nh is exact") {
    CHECK(resolve_bound("-7d", Bound::from, z, now) == at("2025-03-05T00:00:00-05:00"));
    CHECK(resolve_bound("-1w", Bound::from, z, now) == at("2025-03-05T00:00:00-05:00"));
    CHECK(resolve_bound("-12h", Bound::from, z, now) == now - 12h);
  }
  SECTION("a local time without offset, and one in the spring-forward gap") {
    CHECK(resolve_bound("2025-03-01T08:00", Bound::from, z, now) == at("2025-03-01T08:00:00-05:00"));
    auto gap = resolve_bound("2025-03-09T02:30", Bound::from, z, now);
    REQUIRE_FALSE(gap);
    CHECK(gap.error().kind == ErrorKind::usage);
    CHECK(gap.error().message.find("--from") == 0);
  }
  SECTION("nonsense is a usage error naming the flag and the accepted forms") {
    for (const char* bad : {"last week", "-7x", "-d", "2025-02-30", "2025-13-01T00:00Z"}) {
      auto r = resolve_bound(bad, Bound::to, z, now);
      REQUIRE_FALSE(r);
      CHECK(r.error().kind == ErrorKind::usage);
      CHECK(r.error().message.find("--to: '") == 0);
    }
  }
}

TEST_CASE("resolve_range defaults to -7d..now and refuses an end before the start") {
  const auto now = at("2025-03-12T15:30:00-04:00");
  auto r = resolve_range("", "", new_york(), now);
  REQUIRE(r);
  CHECK(r->start == at("2025-03-05T00:00:00-05:00"));
  CHECK(r->end == now);
  auto backwards = resolve_range("2025-03-10", "2025-03-01", new_york(), now);
  REQUIRE_FALSE(backwards);
  CHECK(backwards.error().kind == ErrorKind::usage);
}

TEST_CASE("split_range keeps queries within 31 days with inner edges on the grid") {
  SECTION("40 days give two queries") {
    Interval range{at("2025-01-01T05:00:00Z"), at("2025-02-10T05:00:00Z")};
    auto parts = split_range(range, 15min);
    REQUIRE(parts.size() == 2);
    CHECK(parts[0] == Interval{range.start, at("2025-02-01T05:00:00Z")});
    CHECK(parts[1] == Interval{at("2025-02-01T05:00:00Z"), range.end});
  }
  SECTION("an unaligned start moves the inner edge down to the grid") {
    Interval range{at("2025-01-01T05:07:00Z"), at("2025-02-10T05:00:00Z")};
    auto parts = split_range(range, 15min);
    REQUIRE(parts.size() == 2);
    CHECK(parts[0].end == at("2025-02-01T05:00:00Z"));
    CHECK(parts[0].end - parts[0].start <= max_query_span);
  }
  SECTION("exactly 31 days is one query; 62 days and a minute are three") {
    CHECK(split_range({at("2025-01-01T00:00:00Z"), at("2025-02-01T00:00:00Z")}, 15min).size() == 1);
    CHECK(split_range({at("2025-01-01T00:00:00Z"), at("2025-03-04T00:01:00Z")}, 15min).size() == 3);
  }
  SECTION("an empty range gives no query") {
    CHECK(split_range({at("2025-01-01T00:00:00Z"), at("2025-01-01T00:00:00Z")}, 15min).empty());
  }
}
