#include <cxsched/util/random.hpp>
#include <cxsched/util/uuid.hpp>

#include <catch2/catch.hpp>

#include <set>

using namespace cxsched;

TEST_CASE("uuid_v5 is the name-based UUID of RFC 9562") {
  // RFC 9562's DNS namespace, 6ba7b810-9dad-11d1-80b4-00c04fd430c8.
  constexpr util::Uuid dns = {0x6b, 0xa7, 0xb8, 0x10, 0x9d, 0xad, 0x11, 0xd1,
                              0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8};
  // The same value every other implementation gives (e.g. Python's uuid.uuid5).
  CHECK(util::uuid_v5("python.org", dns) == "886313e1-3b8a-5372-9b90-0c9aee199e5d");
}

TEST_CASE("uuid_v5 follows the name, in cxsched's own namespace by default") {
  const auto a = util::uuid_v5("campaign A");
  CHECK(a == util::uuid_v5("campaign A"));
  CHECK(a != util::uuid_v5("campaign B"));
  CHECK(a != util::uuid_v5(std::string_view("campaign A\0", 11)));
  REQUIRE(a.size() == 36);
  for (std::size_t i = 0; i < a.size(); ++i) {
    INFO("position " << i << " of " << a);
    if (i == 8 || i == 13 || i == 18 || i == 23) CHECK(a[i] == '-');
    else CHECK(std::string_view("0123456789abcdef").find(a[i]) != std::string_view::npos);
  }
  CHECK(a[14] == '5');
  CHECK(std::string_view("89ab").find(a[19]) != std::string_view::npos);
}

TEST_CASE("splitmix64 is the published sequence") {
  // The first outputs for seed 1234567 of the reference implementation.
  std::uint64_t state = 1234567;
  CHECK(util::splitmix64(state) == 6457827717110365317ULL);
  CHECK(util::splitmix64(state) == 3203168211198807973ULL);
  CHECK(util::splitmix64(state) == 9817491932198370423ULL);
}

TEST_CASE("unit_draw stays in [0, 1) and spreads") {
  std::uint64_t state = 42;
  std::set<int> tenths;
  for (int i = 0; i < 1000; ++i) {
    const double d = util::unit_draw(state);
    REQUIRE(d >= 0.0);
    REQUIRE(d < 1.0);
    tenths.insert(static_cast<int>(d * 10));
  }
  CHECK(tenths.size() == 10);
}
