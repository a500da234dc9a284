#include <cxsched/util/json.hpp>

#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>
#include <string>

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

TEST_CASE("an integer field too large for int64 is absent, not converted") {
  // Found by fuzz_token_cache: a cache file whose version was 4.4e22.
  for (const char* big : {"44444444444444444444441", "9223372036854775808.0", "1e19", "-1e19",
                          "-9.3e18"}) {
    auto doc = util::read_json(std::string(R"({"v":)") + big + "}");
    REQUIRE(doc);
    CHECK_FALSE(util::get_int(*doc, "v"));
  }
  auto doc = util::read_json(R"({"a":-9223372036854775808.0,"b":4.0e3,"c":2.5})");
  REQUIRE(doc);
  CHECK(util::get_int(*doc, "a") == std::numeric_limits<std::int64_t>::min());
  CHECK(util::get_int(*doc, "b") == 4000);
  CHECK_FALSE(util::get_int(*doc, "c"));
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

TEST_CASE("JSON nested deeper than the bound is refused, not recursed into") {
  const std::size_t deep = 100'000;
  const std::string arrays = std::string(deep, '[') + std::string(deep, ']');
  auto r = util::parse_json(arrays, "campaign list");
  REQUIRE_FALSE(r);
  CHECK(r.error().message ==
        "campaign list: not valid JSON at line 1, column " +
            std::to_string(util::kMaxJsonDepth + 1) + ": nested deeper than " +
            std::to_string(util::kMaxJsonDepth) + " levels");
  std::string objects;
  for (std::size_t i = 0; i < deep; ++i) objects += "{\"a\":";
  objects += "1" + std::string(deep, '}');
  CHECK_FALSE(util::read_json(objects));

  SECTION("at the bound it still parses") {
    const auto n = util::kMaxJsonDepth;
    auto ok = util::read_json(std::string(n, '[') + std::string(n, ']'));
    REQUIRE(ok);
    CHECK(util::to_json(*ok).size() == 2 * n);
  }
}

TEST_CASE("platform JSON must be UTF-8; a spec's invalid string is found by its path") {
  CHECK(util::parse_json("{\"name\":\"ok \xc3\xa9\"}", "body"));
  auto bad = util::parse_json("{\"name\":\"bad \xff\"}", "body");
  REQUIRE_FALSE(bad);
  CHECK(bad.error().message.find("Invalid encoding") != std::string::npos);

  auto doc = util::read_json(R"({"a":{"b":["x","y)" "\xc3" R"("]},"c":"z"})", false);
  REQUIRE(doc);
  CHECK(util::find_invalid_utf8(*doc) == "a.b[1]");
  auto key = util::read_json("{\"a\":{\"\xff\":1}}", false);
  REQUIRE(key);
  CHECK(util::find_invalid_utf8(*key) == "a.<key>");
  CHECK_FALSE(util::find_invalid_utf8(util::read_json(R"({"a":["\u00e9"]})").value()));
}

TEST_CASE("a body that ends inside a multi-byte sequence is refused without reading past it") {
  // The parser's scratch copy is sized to the body: a read past its end is
  // what the ASan build of this test would catch.
  for (const char* lead : {"\xc3", "\xe2\x82", "\xf1", "\xf1\x80", "\xf4\x80\x80"}) {
    const std::string body = std::string("{\"a\":\"x") + lead;
    auto doc = util::parse_json(body, "body");
    REQUIRE_FALSE(doc);
    CHECK(doc.error().message.find("Invalid encoding") != std::string::npos);
  }
}

TEST_CASE("copy_json copies every string out of the document it copies from") {
  rapidjson::Document kept;
  {
    auto page = util::read_json(R"({"entities":[{"id":"c-1","name":"A \"quoted\" name that is long",)"
                                R"("days":["MON","TUE"],"n":5}]})");
    REQUIRE(page);
    util::copy_json((*page)["entities"][0], kept);
  }  // the page is gone: the copy holds its own strings
  CHECK(util::get_string(kept, "id") == "c-1");
  CHECK(util::get_string(kept, "name") == "A \"quoted\" name that is long");
  CHECK(kept["days"][1].GetString() == std::string("TUE"));
  CHECK(util::get_int(kept, "n") == 5);
}
