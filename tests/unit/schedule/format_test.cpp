#include <cxsched/schedule/format.hpp>

#include "schedule/test_support.hpp"

using namespace cxsched::schedule;
using namespace cxsched::schedule::testing;
using namespace std::chrono_literals;

TEST_CASE("parse_rfc3339 reads offsets, Z and fractional seconds", "[format]") {
  auto base = date::sys_days{date::year{2027} / 3 / 14} + 12h;
  CHECK(parse_rfc3339("2027-03-14T12:00:00Z").value() == base);
  CHECK(parse_rfc3339("2027-03-14T08:00:00-04:00").value() == base);
  CHECK(parse_rfc3339("2027-03-14T17:30:00+05:30").value() == base);
  CHECK(parse_rfc3339("2027-03-14T12:00:00.750Z").value() == base);
  CHECK(parse_rfc3339("2027-03-14T12:00Z").value() == base);
}

TEST_CASE("parse_rfc3339 refuses text without an offset or with impossible values", "[format]") {
  SECTION("no offset") {
    auto r = parse_rfc3339("2027-03-14T08:00:00");
    REQUIRE_FALSE(r);
    CHECK(r.error().kind == cxsched::ErrorKind::invalid_spec);
    CHECK_THAT(r.error().message, Catch::Contains("no UTC offset"));
  }
  SECTION("impossible date") { CHECK_FALSE(parse_rfc3339("2027-02-30T08:00:00Z")); }
  SECTION("hour 24") { CHECK_FALSE(parse_rfc3339("2027-02-03T24:00:00Z")); }
  SECTION("garbage after") { CHECK_FALSE(parse_rfc3339("2027-02-03T08:00:00Zjunk")); }
  SECTION("half an offset") { CHECK_FALSE(parse_rfc3339("2027-02-03T08:00:00+05")); }
  SECTION("not a date") { CHECK_FALSE(parse_rfc3339("next tuesday")); }
  SECTION("empty") { CHECK_FALSE(parse_rfc3339("")); }
}

TEST_CASE("parse_date_time keeps a local time without offset as written", "[format]") {
  auto w = parse_date_time("2027-03-14T02:30");
  REQUIRE(w);
  CHECK_FALSE(w->offset.has_value());
  CHECK(w->local == date::local_days{date::year{2027} / 3 / 14} + 2h + 30min);
  auto with = parse_date_time("2027-03-14T02:30:15-04:00");
  REQUIRE(with);
  CHECK(with->offset == std::chrono::minutes{-240});
  CHECK(with->offset_text == "-04:00");
}

TEST_CASE("parse_hhmm accepts 00:00..23:59 and 24:00 only as an end", "[format]") {
  CHECK(parse_hhmm("09:30", false) == 570);
  CHECK(parse_hhmm("00:00", false) == 0);
  CHECK(parse_hhmm("24:00", true) == 1440);
  CHECK_FALSE(parse_hhmm("24:00", false));
  CHECK_FALSE(parse_hhmm("24:01", true));
  CHECK_FALSE(parse_hhmm("9:30", false));
  CHECK_FALSE(parse_hhmm("09:60", false));
  CHECK_FALSE(parse_hhmm("09:30:00", false));
  CHECK(format_hhmm(1440) == "24:00");
  CHECK(format_hhmm(75) == "01:15");
}

TEST_CASE("parse_local_date reads YYYY-MM-DD", "[format]") {
  CHECK(parse_local_date("2027-12-25").value() == date::local_days{date::year{2027} / 12 / 25});
  CHECK_FALSE(parse_local_date("2027-13-01"));
  CHECK_FALSE(parse_local_date("2027-12-25T00:00"));
}

TEST_CASE("format_local renders an instant in the zone's offset at that instant", "[format]") {
  auto ny = zone("America/New_York");
  CHECK(format_local(at("2027-03-15T13:00:00Z"), ny) == "2027-03-15T09:00-04:00 (EDT)");
  CHECK(format_local(at("2027-12-15T14:00:00Z"), ny) == "2027-12-15T09:00-05:00 (EST)");
  CHECK(format_local(at("2027-12-15T14:00:30Z"), ny) == "2027-12-15T09:00:30-05:00 (EST)");
  CHECK(format_local(at("2027-04-03T15:00:00Z"), zone("Australia/Lord_Howe")) ==
        "2027-04-04T01:30+10:30");
  CHECK(format_local(at("2027-06-01T03:30:00Z"), zone("Asia/Kolkata")) ==
        "2027-06-01T09:00+05:30 (IST)");
  CHECK(format_local(at("2027-06-01T03:30:00Z"), nullptr) == "2027-06-01T03:30+00:00 (UTC)");
}

TEST_CASE("append_local and append_utc add to what is there, as format_local and format_utc", "[format]") {
  auto ny = zone("America/New_York");
  std::string out = "from ";
  append_local(out, at("2027-12-15T14:00:30Z"), ny);
  out += " - ";
  append_local(out, at("2027-06-01T03:30:00Z"), nullptr);
  out += ", ";
  append_utc(out, at("2027-03-15T13:00:00Z"));
  CHECK(out ==
        "from 2027-12-15T09:00:30-05:00 (EST) - 2027-06-01T03:30+00:00 (UTC), 2027-03-15T13:00:00Z");
  // Years outside 0-9999 are written by date::format, appended all the same.
  std::string far = ">";
  append_utc(far, Seconds{std::chrono::seconds{253402300800}});  // 10000-01-01
  CHECK(far == ">" + format_utc(Seconds{std::chrono::seconds{253402300800}}));
  CHECK(far.size() > 1);
}

TEST_CASE("format_utc and format_rfc3339 give whole-second RFC 3339", "[format]") {
  auto t = at("2027-03-15T13:00:00Z");
  CHECK(format_utc(t) == "2027-03-15T13:00:00Z");
  CHECK(format_rfc3339(t, zone("America/New_York")) == "2027-03-15T09:00:00-04:00");
  CHECK(format_rfc3339(t, zone("Asia/Kolkata")) == "2027-03-15T18:30:00+05:30");
  CHECK(format_offset(std::chrono::seconds{-9000}) == "-02:30");
}
