#include <cxsched/util/csv.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <vector>

TEST_CASE("csv_record quotes per RFC 4180") {
  std::vector<std::string> f{"plain", "a,b", "say \"hi\"", "two\nlines", ""};
  CHECK(cxsched::util::csv_record(f) == "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\r\n");
  CHECK(cxsched::util::csv_record(std::vector<std::string>{}) == "\r\n");
}
