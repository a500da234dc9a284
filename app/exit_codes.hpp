#pragma once

#include <optional>

#include <cxsched/ops/validate.hpp>
#include <cxsched/util/error.hpp>

#include <vector>

namespace cxsched::app {

// The exit codes of the CLI (EXIT STATUS in man/cxsched.1, and README.md),
// decided here and nowhere else. test_man.py checks that the page lists
// exactly these.
enum ExitCode : int {
  kExitOk = 0,
  kExitInternal = 1,
  kExitUsage = 2,
  kExitInvalidSpec = 3,
  kExitConflict = 4,
  kExitAuth = 5,
  kExitNotFound = 6,
  kExitTerminalStatus = 7,
  kExitDeadline = 8,
  kExitUnavailable = 9,
};

// The exit code for an error of this kind.
int exit_code_for(ErrorKind kind) noexcept;

// The HTTP status `cxsched serve` answers for an error of this kind (the
// serve section of man/cxsched.1 and README.md): usage and invalid spec 400,
// not found 404, conflict and terminal status 409, deadline 504, unavailable
// 503, auth 502 (the platform refused our credentials; a wrong admin token is
// a 401 decided before any work), anything else 500.
int http_status_for(ErrorKind kind) noexcept;

// The exit code of `cxsched doctor` for the kinds of its failed checks
// (empty: none failed): 0 when none failed (warnings allowed), 5 when one
// was an auth failure, 9 when the platform was unreachable, 1 otherwise.
int doctor_exit_code(const std::vector<ErrorKind>& failures) noexcept;


// The exit code of a validation verdict: 0, 4 (conflict) or 3 (invalid spec).
int exit_code_for(ops::Verdict verdict) noexcept;

// The exit code of several outcomes (several campaigns): the worse() of
// their kinds (9 before 7 before 8; usage, auth, not found, invalid spec and
// internal errors always win), 0 when none failed.
int exit_code_for(std::optional<ErrorKind> worst) noexcept;

}  // namespace cxsched::app
