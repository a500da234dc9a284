#pragma once

#include <rapidjson/document.h>

#include <optional>
#include <string>
#include <string_view>

namespace cxsched::sim {

// Serializes a JSON value compactly.
std::string to_json(const rapidjson::Value& value);

// Parses `text` into `doc`; false when it is not valid JSON.
bool parse_json(std::string_view text, rapidjson::Document& doc);

// `{"code": code, "message": message}`.
std::string error_json(std::string_view code, std::string_view message);

// JSON string literal for `text` (quoted and escaped).
std::string quote(std::string_view text);

// The member `key` of object `obj` when present and not null, else nullptr.
const rapidjson::Value* member(const rapidjson::Value& obj, const char* key);

// The string member `key`, or nullopt when absent, null or not a string.
std::optional<std::string> string_member(const rapidjson::Value& obj, const char* key);

// The string member `key` as a view into `obj`; empty when absent or not a string.
std::string_view string_view_member(const rapidjson::Value& obj, const char* key);

// Sets the string member `key` of object `doc`, adding it when absent.
void set_member(rapidjson::Document& doc, const char* key, std::string_view value);

}  // namespace cxsched::sim
