#pragma once

#include <expected>
#include <string>
#include <utility>

namespace cxsched {

// What went wrong, in the terms a caller branches on. The app maps each kind
// to exactly one exit code (app/exit_codes.cpp); the library never exits.
enum class ErrorKind {
  internal,         // a bug, or an answer that makes no sense
  usage,            // a malformed option value or argument
  invalid_spec,     // a campaign spec that cannot be scheduled as written
  conflict,         // a schedule conflict or a definition mismatch
  auth,             // bad credentials, 401 after a refresh, 403
  not_found,        // an unknown campaign id
  terminal_status,  // a campaign reached a terminal status other than wanted
  deadline,         // the wait ran out while the platform answered normally
  unavailable,      // network errors, 5xx or 429 after every retry
};

// A short stable name for the kind, e.g. "invalid_spec" (used in JSON output).
const char* to_string(ErrorKind kind) noexcept;

// An error as a value: the kind, and a message a person can act on.
struct Error {
  ErrorKind kind = ErrorKind::internal;
  std::string message;

  Error() = default;
  Error(ErrorKind k, std::string m) : kind(k), message(std::move(m)) {}
};

template <class T>
using Result = std::expected<T, Error>;

// Shorthand for returning an error: `return fail(ErrorKind::usage, "...")`.
inline std::unexpected<Error> fail(ErrorKind kind, std::string message) {
  return std::unexpected<Error>(Error{kind, std::move(message)});
}

}  // namespace cxsched
