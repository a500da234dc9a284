#pragma once

#include <expected>
#include <optional>
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

namespace detail {
// How serious a kind is when several outcomes make one (several campaigns,
// several activations): deadline < terminal_status < unavailable < every
// other kind, which is always reported. The order of exit codes 8, 7, 9 and
// the rest in the rule for several campaigns (EXIT STATUS in the man page).
constexpr int severity(ErrorKind kind) noexcept {
  switch (kind) {
    case ErrorKind::deadline: return 1;
    case ErrorKind::terminal_status: return 2;
    case ErrorKind::unavailable: return 3;
    default: return 4;
  }
}
}  // namespace detail

// The more serious of two kinds (see detail::severity); `a` when they tie.
constexpr ErrorKind worse(ErrorKind a, ErrorKind b) noexcept {
  return detail::severity(b) > detail::severity(a) ? b : a;
}

// The more serious of two outcomes where none (nullopt) is the least.
constexpr std::optional<ErrorKind> worse(std::optional<ErrorKind> a,
                                         std::optional<ErrorKind> b) noexcept {
  if (!a) return b;
  if (!b) return a;
  return worse(*a, *b);
}

// What a caller may need to know about an error beyond its kind, so that no
// caller reads it out of the message text.
enum class Cause {
  none,
  not_sent,     // the request surely never reached the server (refused, not resolved)
  unreachable,  // not sent, and trying again cannot help within one command
  tls,          // the server could not be trusted (certificate, CA bundle)
  too_large,    // an input or an answer larger than its limit
  deadline,     // the command's deadline ended the request before the server failed it
};

// An error as a value: the kind, a message a person can act on, and the
// cause when a caller branches on more than the kind.
struct Error {
  ErrorKind kind = ErrorKind::internal;
  std::string message;
  Cause cause = Cause::none;

  Error() = default;
  Error(ErrorKind k, std::string m, Cause c = Cause::none)
      : kind(k), message(std::move(m)), cause(c) {}
};

template <class T>
using Result = std::expected<T, Error>;

// Shorthand for returning an error: `return fail(ErrorKind::usage, "...")`.
inline std::unexpected<Error> fail(ErrorKind kind, std::string message,
                                   Cause cause = Cause::none) {
  return std::unexpected<Error>(Error{kind, std::move(message), cause});
}

}  // namespace cxsched
