#pragma once

#include <cxsched/util/error.hpp>

#include <rapidjson/document.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cxsched::util {

// Parses a JSON document. Fails with ErrorKind::internal naming `what`, the
// line and column and RapidJSON's reason ("campaign list: line 1, column 7:
// Invalid value.").
Result<rapidjson::Document> parse_json(std::string_view text, std::string_view what);

// Line and column (1-based) of a byte offset in `text`.
std::pair<std::size_t, std::size_t> line_column(std::string_view text, std::size_t offset);

// Typed, lenient field access: nullopt when absent or of another type.
std::optional<std::string_view> get_string(const rapidjson::Value& object, const char* key);
std::optional<std::int64_t> get_int(const rapidjson::Value& object, const char* key);
std::optional<double> get_number(const rapidjson::Value& object, const char* key);
const rapidjson::Value* get_object(const rapidjson::Value& object, const char* key);
const rapidjson::Value* get_array(const rapidjson::Value& object, const char* key);

// Compact and indented serialisations of a value.
std::string to_json(const rapidjson::Value& value);
std::string to_pretty_json(const rapidjson::Value& value);

// A JSON string literal for `text`, quotes included.
std::string quote_json(std::string_view text);

// A short, single-line, printable excerpt of a response body for error
// messages: control characters replaced, at most `max` bytes, "…" appended
// when cut.
std::string excerpt(std::string_view body, std::size_t max = 160);

}  // namespace cxsched::util
