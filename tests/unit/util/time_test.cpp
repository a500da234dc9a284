#include <cxsched/util/time.hpp>

#include <catch2/catch.hpp>

using namespace cxsched;
using namespace std::chrono;
using namespace std::chrono_literals;
using util::TimeProblem;

namespace {

util::SysMillis at(int y, unsigned mo, unsigned d, hours h, minutes mi = 0min,
                   seconds s = 0s, milliseconds ms = 0ms) {
  return util::SysMillis{sys_days{year{y} / month{mo} / day{d}}} + h + mi + s + ms;
}

}  // namespace

TEST_CASE("parse_rfc3339 reads every RFC 3339 form the three old readers took") {
  CHECK(util::parse_rfc3339("2024-09-01T12:00:00Z") == at(2024, 9, 1, 12h));
  CHECK(util::parse_rfc3339("2024-09-01t12:00:00z") == at(2024, 9, 1, 12h));
  CHECK(util::parse_rfc3339("2024-09-15T08:00:00-04:00") == at(2024, 9, 15, 12h));
  CHECK(util::parse_rfc3339("2024-09-15T08:00:00+05:30") == at(2024, 9, 15, 2h, 30min));
  CHECK(util::parse_rfc3339("2024-09-15T08:00:00.5Z") == at(2024, 9, 15, 8h, 0min, 0s, 500ms));
  CHECK(util::parse_rfc3339("2024-09-15T08:00:00.123456789Z") ==
        at(2024, 9, 15, 8h, 0min, 0s, 123ms));
  // A leap second reads as the first second of the next minute.
  CHECK(util::parse_rfc3339("2016-12-31T23:59:60Z") == at(2017, 1, 1, 0h));
  CHECK(util::parse_rfc3339("2024-02-29T00:00:00Z") == at(2024, 2, 29, 0h));
}

TEST_CASE("parse_rfc3339 refuses junk, saying which kind") {
  for (const char* bad : {"", "2024-09-01", "2024-09-01T12:00", "2024-09-01 12:00:00Z",
                          "2024-9-01T12:00:00Z", "2024-09-01T12:00:00.Z", "2024-09-01T12:00:00+0400",
                          "2024-09-01T12:00:00+04", "2024-09-01T12:00:00Zjunk",
                          " 2024-09-01T12:00:00Z", "2024-09-01T12:00:00Z ", "２024-09-01T12:00:00Z",
                          "+2024-09-01T12:00:00Z", "2024-09-01T1a:00:00Z"}) {
    INFO(bad);
    auto r = util::parse_rfc3339(bad);
    REQUIRE_FALSE(r);
    CHECK(r.error() == TimeProblem::malformed);
  }
  CHECK(util::parse_rfc3339("2023-02-29T00:00:00Z").error() == TimeProblem::no_such_date);
  CHECK(util::parse_rfc3339("2024-13-01T00:00:00Z").error() == TimeProblem::no_such_date);
  CHECK(util::parse_rfc3339("2024-09-01T24:00:00Z").error() == TimeProblem::out_of_range);
  CHECK(util::parse_rfc3339("2024-09-01T12:60:00Z").error() == TimeProblem::out_of_range);
  CHECK(util::parse_rfc3339("2024-09-01T12:00:61Z").error() == TimeProblem::out_of_range);
  CHECK(util::parse_rfc3339("2024-09-01T12:00:00+24:00").error() == TimeProblem::malformed);
  CHECK(util::parse_rfc3339("2024-09-01T12:00:00+04:60").error() == TimeProblem::malformed);
  // The date is judged before what follows it.
  CHECK(util::parse_rfc3339("2023-02-29T00:00:00junk").error() == TimeProblem::no_such_date);
  CHECK(util::parse_rfc3339("2024-09-01T12:00:00").error() == TimeProblem::no_offset);
  CHECK(std::string(util::describe(TimeProblem::no_such_date)) == "no such date");
}

TEST_CASE("read_date_time keeps what was written, with the relaxations asked for") {
  const util::DateTimeForm spec{.seconds_optional = true, .offset_optional = true,
                                .leap_second = false};
  auto local = util::read_date_time("2027-03-14T02:30", spec);
  REQUIRE(local);
  CHECK(local->local == util::LocalMillis{date::local_days{date::year{2027} / 3 / 14}} + 2h + 30min);
  CHECK_FALSE(local->offset);
  CHECK(local->offset_text.empty());
  auto offset = util::read_date_time("2027-03-14T02:30-04:00", spec);
  REQUIRE(offset);
  CHECK(offset->offset == -240min);
  CHECK(offset->offset_text == "-04:00");
  CHECK(util::read_date_time("2027-03-14T02:30:00Z", spec)->offset_text == "Z");
  CHECK(util::read_date_time("2016-12-31T23:59:60Z", spec).error() == TimeProblem::out_of_range);
  CHECK(util::read_date_time("2027-03-14T02:30:", spec).error() == TimeProblem::malformed);
  CHECK(util::read_date_time("2027-03-14T02:30").error() == TimeProblem::malformed);
}

TEST_CASE("parse_date reads a date that exists") {
  CHECK(util::parse_date("2024-02-29") == date::local_days{date::year{2024} / 2 / 29});
  CHECK(util::parse_date("2023-02-29").error() == TimeProblem::no_such_date);
  for (const char* bad : {"", "2024-2-29", "2024-02-29T00:00", "20240229", "2024-02-29 "}) {
    INFO(bad);
    CHECK(util::parse_date(bad).error() == TimeProblem::malformed);
  }
}

TEST_CASE("The formatters write the forms the readers read") {
  const auto t = at(2024, 9, 1, 12h, 3min, 4s, 999ms);
  CHECK(util::format_rfc3339_utc(util::SysTime{t}) == "2024-09-01T12:03:04Z");
  CHECK(util::format_rfc3339_utc(floor<seconds>(t)) == "2024-09-01T12:03:04Z");
  CHECK(util::parse_rfc3339(util::format_rfc3339_utc(util::SysTime{t})) ==
        at(2024, 9, 1, 12h, 3min, 4s));
  CHECK(util::format_rfc3339_utc(util::SysSeconds{}) == "1970-01-01T00:00:00Z");
  CHECK(util::format_date(date::local_days{date::year{987} / 1 / 2}) == "0987-01-02");
  const auto day = date::local_days{date::year{2027} / 3 / 14};
  CHECK(util::format_date_time(day + 2h + 30min, false) == "2027-03-14T02:30");
  CHECK(util::format_date_time(day + 2h + 30min, true) == "2027-03-14T02:30:00");
  CHECK(util::format_date_time(day + 2h + 30min + 5s, false) == "2027-03-14T02:30:05");
  CHECK(util::format_offset(-4h) == "-04:00");
  CHECK(util::format_offset(5h + 30min) == "+05:30");
  CHECK(util::format_offset(0s) == "+00:00");
  CHECK(util::format_offset(-(9h + 30min)) == "-09:30");
  CHECK(util::format_offset(-(14h + 45min + 59s)) == "-14:45");  // seconds dropped
  CHECK(util::format_offset(123h + 4min) == "+123:04");          // no zone, but in full
}

TEST_CASE("parse_http_date reads the three forms of RFC 9110") {
  const util::SysTime expected = sys_days{year{1994} / 11 / 6} + 8h + 49min + 37s;
  CHECK(util::parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT") == expected);
  CHECK(util::parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT") == expected);
  CHECK(util::parse_http_date("Sun Nov  6 08:49:37 1994") == expected);
  CHECK(util::parse_http_date("Tue, 21 Oct 2025 07:28:00 GMT") ==
        util::SysTime{sys_days{year{2025} / 10 / 21} + 7h + 28min});
  // A wrong day name does not change the date written.
  CHECK(util::parse_http_date("Mon, 06 Nov 1994 08:49:37 GMT") == expected);
}

TEST_CASE("parse_http_date refuses anything else") {
  for (const char* bad :
       {"", "soon", "120", "Sun, 32 Nov 1994 08:49:37 GMT", "Sun, 06 Nov 1994 25:49:37 GMT",
        "Sun, 06 Foo 1994 08:49:37 GMT", "Sun, 06 Nov 1994 08:49:37 CET", "Sun, 06 Nov 1994",
        "Sun, 06 Nov 1994 08:49:37 GMT junk", "Xyz, 06 Nov 1994 08:49:37 GMT",
        "Sunday, 06 Nov 1994 08:49:37 GMT", "Sun, 06-Nov-94 08:49:37 GMT", "Sun Nov 6 08:49:37",
        " Sun, 06 Nov 1994 08:49:37 GMT", "Wed, 21 Oct 0226 07:28:00 GMT",
        "Wed, 21 Oct 9999 07:28:00 GMT", "Sun Nov  6 08:49:37 1994 GMT"}) {
    INFO(bad);
    CHECK_FALSE(util::parse_http_date(bad));
  }
}

TEST_CASE("The formatters write what date::format writes, every year from 0 to 10000") {
  // They write the digits themselves; date::format is the reference.
  for (int year : {0, 1, 99, 987, 1969, 1970, 2024, 2038, 2100, 9999, 10000, 12345}) {
    for (seconds time : {seconds{0}, seconds{59}, seconds{3660}, seconds{86399}, seconds{45000}}) {
      const auto day = date::local_days{date::year{year} / 2 / 28};
      const auto local = day + time;
      INFO(year << " " << time.count());
      CHECK(util::format_date_time(local, true) == date::format("%FT%T", local));
      const auto whole = date::floor<minutes>(local);
      CHECK(util::format_date_time(whole, false) == date::format("%FT%H:%M", whole));
      const util::SysSeconds utc{seconds{local.time_since_epoch()}};
      CHECK(util::format_rfc3339_utc(utc) == date::format("%FT%TZ", utc));
    }
  }
  CHECK(util::format_date_time(date::local_days{date::year{-5} / 1 / 1}, true) ==
        date::format("%FT%T", date::local_seconds{date::local_days{date::year{-5} / 1 / 1}}));
  for (seconds offset : {-seconds{50400}, -seconds{12600}, seconds{0}, seconds{2700}, seconds{20700}, seconds{50400}})
    CHECK(util::format_offset(offset) ==
          (offset < 0s ? "-" : "+") + date::format("%H:%M", offset < 0s ? -offset : offset));
}
