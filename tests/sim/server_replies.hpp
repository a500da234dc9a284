#pragma once

// The error answers every resource of the simulated campaigns API shares.

#include <rapidjson/document.h>

#include <string>
#include <string_view>

#include "reply.hpp"
#include "validate.hpp"

namespace cxsched::sim {

// {"code": code, "message": message} with `status`.
Reply error_reply(int status, std::string_view code, std::string_view message);
// 400 invalid_request, with the fields' errors when given.
Reply invalid_request(std::string_view message, const FieldErrors& details = {});
// Parses a request body that must be a JSON object; false with `error` set otherwise.
bool parse_body(const std::string& text, rapidjson::Document& doc, Reply& error);

}  // namespace cxsched::sim
