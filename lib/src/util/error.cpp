#include <cxsched/util/error.hpp>

namespace cxsched {

const char* to_string(ErrorKind kind) noexcept {
  switch (kind) {
    case ErrorKind::internal: return "internal";
    case ErrorKind::usage: return "usage";
    case ErrorKind::invalid_spec: return "invalid_spec";
    case ErrorKind::conflict: return "conflict";
    case ErrorKind::auth: return "auth";
    case ErrorKind::not_found: return "not_found";
    case ErrorKind::terminal_status: return "terminal_status";
    case ErrorKind::deadline: return "deadline";
    case ErrorKind::unavailable: return "unavailable";
  }
  return "internal";
}

}  // namespace cxsched
