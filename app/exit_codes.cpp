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

int combine_exit_codes(int a, int b) noexcept {
  auto rank = [](int code) {
    switch (code) {
      case kExitOk: return 0;
      case kExitDeadline: return 1;
      case kExitTerminalStatus: return 2;
      case kExitUnavailable: return 3;
      default: return 4;  // usage, auth, not found, invalid, internal: always reported
    }
  };
  return rank(b) > rank(a) ? b : a;
}

}  // namespace cxsched::app
