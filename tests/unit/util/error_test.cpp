#include <cxsched/util/error.hpp>
#include <cxsched/util/expected.hpp>

#include <catch2/catch.hpp>

#include <memory>
#include <string>

using namespace cxsched;

TEST_CASE("worse ranks deadline < terminal status < unavailable < every other kind") {
  using K = ErrorKind;
  static_assert(worse(K::deadline, K::terminal_status) == K::terminal_status);
  CHECK(worse(K::terminal_status, K::deadline) == K::terminal_status);
  CHECK(worse(K::terminal_status, K::unavailable) == K::unavailable);
  CHECK(worse(K::unavailable, K::deadline) == K::unavailable);
  for (K other : {K::internal, K::usage, K::invalid_spec, K::conflict, K::auth, K::not_found}) {
    INFO(to_string(other));
    CHECK(worse(K::unavailable, other) == other);
    CHECK(worse(other, K::unavailable) == other);
    CHECK(worse(other, K::deadline) == other);
  }
  // No failure is the least of all.
  CHECK(worse(std::nullopt, std::optional<K>{}) == std::nullopt);
  CHECK(worse(std::nullopt, K::deadline) == K::deadline);
  CHECK(worse(std::optional<K>{K::deadline}, std::nullopt) == K::deadline);
  CHECK(worse(std::optional<K>{K::auth}, std::optional<K>{K::deadline}) == K::auth);
  // A tie keeps the first.
  CHECK(worse(K::usage, K::auth) == K::usage);
  CHECK(worse(K::auth, K::usage) == K::auth);
}

TEST_CASE("An error carries a typed cause, none unless given") {
  CHECK(Error{ErrorKind::unavailable, "x"}.cause == Cause::none);
  CHECK(Error{ErrorKind::unavailable, "x", Cause::tls}.cause == Cause::tls);
  auto e = fail(ErrorKind::internal, "big", Cause::too_large);
  CHECK(e.error().cause == Cause::too_large);
  CHECK(e.error().message == "big");
}

namespace {

Result<int> number(int v) {
  if (v < 0) return fail(ErrorKind::usage, "negative " + std::to_string(v));
  return v;
}

Result<void> check(int v) {
  if (v == 0) return fail(ErrorKind::invalid_spec, "zero");
  return {};
}

Result<std::unique_ptr<int>> boxed(int v) {
  if (v < 0) return fail(ErrorKind::conflict, "no box");
  return std::make_unique<int>(v);
}

int evaluations = 0;
Result<int> counted(int v) {
  ++evaluations;
  return number(v);
}

Result<int> sum(int a, int b) {
  TRY_ASSIGN(auto x, number(a));
  TRY_ASSIGN(const int y, counted(b));
  TRY(check(x + y));
  return x + y;
}

Result<void> assign_existing(int v, int& out) {
  int value = 0;
  TRY_ASSIGN(value, number(v));
  out = value;
  return {};
}

Result<int> unbox(int v) {
  TRY_ASSIGN(auto box, boxed(v));  // a move-only value is moved out
  return *box;
}

Result<std::string> lvalue_kept(const Result<std::string>& in) {
  TRY_ASSIGN(auto copy, in);  // an lvalue is copied, not moved from
  TRY(in);
  return copy + "!";
}

}  // namespace

TEST_CASE("TRY and TRY_ASSIGN pass the first error up, or go on with the value") {
  CHECK(sum(2, 3) == 5);
  auto neg = sum(-1, 3);
  REQUIRE_FALSE(neg);
  CHECK(neg.error().kind == ErrorKind::usage);
  CHECK(neg.error().message == "negative -1");
  auto zero = sum(2, -2);
  REQUIRE_FALSE(zero);
  CHECK(zero.error().message == "negative -2");
  CHECK(sum(2, 0) == 2);
  CHECK(sum(-2, 2).error().message == "negative -2");
  CHECK(sum(1, -1).error().kind == ErrorKind::usage);
  auto zeroed = sum(0, 0);
  REQUIRE_FALSE(zeroed);
  CHECK(zeroed.error().kind == ErrorKind::invalid_spec);

  evaluations = 0;
  (void)sum(1, 1);
  CHECK(evaluations == 1);

  int out = 0;
  CHECK(assign_existing(7, out));
  CHECK(out == 7);
  CHECK(assign_existing(-7, out).error().message == "negative -7");
  CHECK(out == 7);

  CHECK(unbox(4) == 4);
  CHECK(unbox(-4).error().kind == ErrorKind::conflict);

  const Result<std::string> text = std::string("kept");
  CHECK(lvalue_kept(text) == "kept!");
  CHECK(*text == "kept");
  const Result<std::string> bad = fail(ErrorKind::auth, "no");
  CHECK(lvalue_kept(bad).error().kind == ErrorKind::auth);
}
