#include <cxsched/http/transport.hpp>

#include "http/text.hpp"

namespace cxsched::http {

std::optional<std::string_view> Response::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (detail::iequals(key, name)) return std::string_view(value);
  }
  return std::nullopt;
}

Error not_sent_error(std::string_view host, std::string_view detail) {
  std::string message("could not connect to ");
  message.append(host).append(": ").append(detail);
  return Error{ErrorKind::unavailable, std::move(message), Cause::not_sent};
}

bool is_not_sent(const Error& error) {
  return error.cause == Cause::not_sent || error.cause == Cause::unreachable;
}

Error tls_error(std::string_view host, std::string_view detail) {
  std::string message("TLS with ");
  message.append(host).append(" failed: ").append(detail);
  message += " (check --ca-bundle, or the certificate the server presents)";
  return Error{ErrorKind::unavailable, std::move(message), Cause::tls};
}

bool is_tls_failure(const Error& error) { return error.cause == Cause::tls; }

Error final_error(std::string_view host, std::string_view detail) {
  std::string message("cannot reach ");
  message.append(host).append(": ").append(detail);
  return Error{ErrorKind::unavailable, std::move(message), Cause::unreachable};
}

bool is_final(const Error& error) { return error.cause == Cause::unreachable; }

}  // namespace cxsched::http
