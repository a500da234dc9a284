// The exit codes, decided in app/exit_codes.cpp and nowhere else.
#include "exit_codes.hpp"

#include <catch2/catch.hpp>

using namespace cxsched;
using namespace cxsched::app;

TEST_CASE("A validation verdict has the code of its error kind") {
  CHECK(exit_code_for(ops::Verdict::ok) == kExitOk);
  CHECK(exit_code_for(ops::Verdict::conflict) == kExitConflict);
  CHECK(exit_code_for(ops::Verdict::conflict) == exit_code_for(ErrorKind::conflict));
  CHECK(exit_code_for(ops::Verdict::invalid) == kExitInvalidSpec);
}

TEST_CASE("Several campaigns exit with the worst: 9 before 7 before 8 before 0") {
  using K = ErrorKind;
  const auto code = [](std::initializer_list<K> kinds) {
    std::optional<K> worst;
    for (K k : kinds) worst = worse(worst, k);
    return exit_code_for(worst);
  };
  CHECK(code({}) == kExitOk);
  CHECK(code({K::deadline}) == kExitDeadline);
  CHECK(code({K::deadline, K::terminal_status}) == kExitTerminalStatus);
  CHECK(code({K::terminal_status, K::deadline}) == kExitTerminalStatus);
  CHECK(code({K::deadline, K::unavailable, K::terminal_status}) == kExitUnavailable);
  // Usage, auth, not found, invalid spec and internal errors always win.
  CHECK(code({K::unavailable, K::not_found}) == kExitNotFound);
  CHECK(code({K::auth, K::unavailable}) == kExitAuth);
  CHECK(code({K::deadline, K::internal}) == kExitInternal);
}
