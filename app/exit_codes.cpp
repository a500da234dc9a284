#include "exit_codes.hpp"

namespace cxsched::app {

int exit_code_for(ErrorKind kind) noexcept {
  switch (kind) {
    case ErrorKind::internal: return kExitInternal;
    case ErrorKind::usage: return kExitUsage;
    case ErrorKind::invalid_spec: return kExitInvalidSpec;
    case ErrorKind::conflict: return kExitConflict;
    case ErrorKind::auth: return kExitAuth;
    case ErrorKind::not_found: return kExitNotFound;
    case ErrorKind::terminal_status: return kExitTerminalStatus;
    case ErrorKind::deadline: return kExitDeadline;
    case ErrorKind::unavailable: return kExitUnavailable;
  }
  return kExitInternal;
}

int http_status_for(ErrorKind kind) noexcept {
  switch (kind) {
    case ErrorKind::internal: return 500;
    case ErrorKind::usage: return 400;
    case ErrorKind::invalid_spec: return 400;
    case ErrorKind::conflict: return 409;
    case ErrorKind::auth: return 502;
    case ErrorKind::not_found: return 404;
    case ErrorKind::terminal_status: return 409;
    case ErrorKind::deadline: return 504;
    case ErrorKind::unavailable: return 503;
  }
  return 500;
}

int doctor_exit_code(const std::vector<ErrorKind>& failures) noexcept {
  if (failures.empty()) return kExitOk;
  for (ErrorKind k : failures)
    if (k == ErrorKind::auth) return kExitAuth;
  for (ErrorKind k : failures)
    if (k == ErrorKind::unavailable || k == ErrorKind::deadline) return kExitUnavailable;
  return kExitInternal;
}

int exit_code_for(ops::Verdict verdict) noexcept {
  switch (verdict) {
    case ops::Verdict::ok: return kExitOk;
    case ops::Verdict::conflict: return exit_code_for(ErrorKind::conflict);
    case ops::Verdict::invalid: return exit_code_for(ErrorKind::invalid_spec);
  }
  return kExitInternal;
}

int exit_code_for(std::optional<ErrorKind> worst) noexcept {
  return worst ? exit_code_for(*worst) : kExitOk;
}

}  // namespace cxsched::app
