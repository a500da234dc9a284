#include "server_replies.hpp"

#include <rapidjson/error/en.h>

#include <cstdio>

#include "json.hpp"

namespace cxsched::sim {

Reply error_reply(int status, std::string_view code, std::string_view message) {
  return json_reply(status, error_json(code, message));
}

Reply invalid_request(std::string_view message, const FieldErrors& details) {
  std::string body = "{\"code\":\"invalid_request\",\"message\":" + quote(message);
  if (!details.empty()) body += ",\"details\":" + field_errors_json(details);
  return json_reply(400, body + "}");
}

bool parse_body(const std::string& text, rapidjson::Document& doc, Reply& error) {
  if (!parse_json(text, doc)) {
    char where[64];
    std::snprintf(where, sizeof where, " at offset %zu", doc.GetErrorOffset());
    error = invalid_request(std::string{"request body is not valid JSON: "} +
                            rapidjson::GetParseError_En(doc.GetParseError()) + where);
    return false;
  }
  if (!doc.IsObject()) {
    error = invalid_request("request body must be a JSON object");
    return false;
  }
  return true;
}

}  // namespace cxsched::sim
