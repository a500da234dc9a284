#include <cxsched/util/duration.hpp>

#include <catch2/catch.hpp>

using namespace cxsched;
using namespace std::chrono_literals;

TEST_CASE("parse_duration reads the forms the CLI documents") {
  CHECK(util::parse_duration("90s").value() == 90s);
  CHECK(util::parse_duration("15m").value() == 15min);
  CHECK(util::parse_duration("1h30m").value() == 90min);
  CHECK(util::parse_duration("500ms").value() == 500ms);
  CHECK(util::parse_duration("2d").value() == 48h);
}

TEST_CASE("parse_duration refuses what it cannot read, saying why") {
  for (auto text : {"", "90", "s", "10x", "1.5s", "-3s", "5m 3s"}) {
    auto r = util::parse_duration(text);
    INFO(text);
    REQUIRE_FALSE(r);
    CHECK(r.error().kind == ErrorKind::usage);
    CHECK(r.error().message.find("invalid duration") != std::string::npos);
  }
  CHECK(util::parse_duration("90").error().message.find("missing unit") != std::string::npos);
}

TEST_CASE("format_duration is short and exact enough") {
  CHECK(util::format_duration(850ms) == "850ms");
  CHECK(util::format_duration(12400ms) == "12.4s");
  CHECK(util::format_duration(185s) == "3m05s");
  CHECK(util::format_duration(3720s) == "1h02m");
}
