#pragma once

// Passing an error up without writing it out each time:
//
//   Result<Spec> read(std::string_view path) {
//     TRY_ASSIGN(auto text, read_file(path));  // declares `text`, or returns the error
//     TRY(check(text));                        // returns the error, if any
//     return parse(text);
//   }
//
// Plain statements, not GNU statement expressions, so they build with every
// compiler in -Wpedantic. `expr` is evaluated once. The error is returned as
// `std::unexpected(error)`, which converts to any `std::expected<U, E>` with
// the same error type. TRY_ASSIGN may also assign to a variable declared
// earlier: `TRY_ASSIGN(text, read_file(path));`. At most one TRY_ASSIGN per
// line (the hidden temporary is named after the line).

#include <expected>
#include <utility>

#define CXSCHED_TRY_CONCAT_(a, b) a##b
#define CXSCHED_TRY_NAME_(line) CXSCHED_TRY_CONCAT_(cxsched_try_result_, line)

// Returns the error of `expr` (a std::expected) from the enclosing function.
#define TRY(expr)                                                       \
  do {                                                                  \
    auto&& cxsched_try_result_ = (expr);                                \
    if (!cxsched_try_result_)                                           \
      return std::unexpected(                                           \
          std::forward<decltype(cxsched_try_result_)>(cxsched_try_result_).error()); \
  } while (false)

// Returns the error of `expr`, or moves its value into `var` (a declaration
// such as `auto x` or `const Spec& s`, or an existing variable).
#define TRY_ASSIGN(var, expr) TRY_ASSIGN_IMPL_(var, expr, CXSCHED_TRY_NAME_(__LINE__))

#define TRY_ASSIGN_IMPL_(var, expr, tmp)                                       \
  auto&& tmp = (expr);                                                         \
  if (!tmp) return std::unexpected(std::forward<decltype(tmp)>(tmp).error()); \
  var = *std::forward<decltype(tmp)>(tmp)
