#include <cxsched/util/json.hpp>

#include <catch2/catch.hpp>

using namespace cxsched;

TEST_CASE("parse_json names the place and reason of a syntax error") {
  auto r = util::parse_json("{\n  \"a\": 1,\n  \"b\": ]\n}", "campaign list");
  REQUIRE_FALSE(r);
  CHECK(r.error().message.find("campaign list") == 0);
  CHECK(r.error().message.find("line 3, column 8") != std::string::npos);
  SECTION("trailing garbage is an error") { CHECK_FALSE(util::parse_json("{} x", "body")); }
  SECTION("an empty body says so") {
    CHECK(util::parse_json("", "body").error().message == "body: empty body, expected JSON");
  }
  SECTION("an HTML page is refused, not crashed on") {
    CHECK_FALSE(util::parse_json("<html><body>502 Bad Gateway</body></html>", "body"));
  }
}

TEST_CASE("typed getters are lenient about absent and mistyped fields") {
  auto doc = util::parse_json(R"({"s":"x","i":3,"f":2.5,"w":4.0,"o":{},"a":[]})", "t").value();
  CHECK(util::get_string(doc, "s") == "x");
  CHECK_FALSE(util::get_string(doc, "i"));
  CHECK(util::get_int(doc, "i") == 3);
  CHECK(util::get_int(doc, "w") == 4);
  CHECK_FALSE(util::get_int(doc, "f"));
  CHECK(util::get_number(doc, "f") == 2.5);
  CHECK(util::get_object(doc, "o") != nullptr);
  CHECK(util::get_array(doc, "a") != nullptr);
  CHECK(util::get_array(doc, "o") == nullptr);
  CHECK_FALSE(util::get_string(doc, "missing"));
}

TEST_CASE("excerpt makes a body printable on one line") {
  CHECK(util::excerpt("<h1>Bad\r\n\tGateway</h1>\n") == "<h1>Bad Gateway</h1>");
  CHECK(util::excerpt(std::string(500, 'x'), 10) == "xxxxxxxxxx\u2026");
  CHECK(util::quote_json("a\"b\n") == "\"a\\\"b\\n\"");
}
