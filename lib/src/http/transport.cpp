#include <cxsched/http/transport.hpp>

#include "http/text.hpp"

namespace cxsched::http {

namespace {

constexpr std::string_view kNotSentPrefix = "could not connect to ";
constexpr std::string_view kTlsPrefix = "TLS with ";
constexpr std::string_view kFinalPrefix = "cannot reach ";

}  // namespace

std::optional<std::string_view> Response::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (detail::iequals(key, name)) return std::string_view(value);
  }
  return std::nullopt;
}

Error not_sent_error(std::string_view host, std::string_view detail) {
  std::string message(kNotSentPrefix);
  message.append(host).append(": ").append(detail);
  return Error{ErrorKind::unavailable, std::move(message)};
}

bool is_not_sent(const Error& error) {
  return error.kind == ErrorKind::unavailable &&
         (error.message.starts_with(kNotSentPrefix) || error.message.starts_with(kFinalPrefix));
}

Error tls_error(std::string_view host, std::string_view detail) {
  std::string message(kTlsPrefix);
  message.append(host).append(" failed: ").append(detail);
  message += " (check --ca-bundle, or the certificate the server presents)";
  return Error{ErrorKind::unavailable, std::move(message)};
}

bool is_tls_failure(const Error& error) {
  return error.kind == ErrorKind::unavailable && error.message.starts_with(kTlsPrefix);
}

Error final_error(std::string_view host, std::string_view detail) {
  std::string message(kFinalPrefix);
  message.append(host).append(": ").append(detail);
  return Error{ErrorKind::unavailable, std::move(message)};
}

bool is_final(const Error& error) {
  return error.kind == ErrorKind::unavailable && error.message.starts_with(kFinalPrefix);
}

}  // namespace cxsched::http
