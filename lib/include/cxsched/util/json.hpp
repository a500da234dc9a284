#pragma once

#include <cxsched/util/error.hpp>

#include <rapidjson/document.h>

#include <cstdint>
#include <expected>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace cxsched::util {

// The deepest nesting of arrays and objects any JSON we read may have. No
// spec, platform answer, token cache or config comes near it; a deeper
// document is refused while it is parsed, before anything walks it.
inline constexpr std::size_t kMaxJsonDepth = 64;

// Why a text is not a JSON document we accept: the byte offset and the reason.
struct JsonSyntaxError {
  std::size_t offset = 0;
  std::string reason;
};

// The one JSON reader of the project: refusing documents nested deeper than
// kMaxJsonDepth (its recursion stops there, whatever the input's nesting)
// and, with `validate_utf8`, strings that are not valid UTF-8. Strings are
// copied into the document.
std::expected<rapidjson::Document, JsonSyntaxError> read_json(std::string_view text,
                                                              bool validate_utf8 = true);

// `value` copied into `into` (replacing what it held), every string copied,
// so it outlives the document `value` belongs to.
void copy_json(const rapidjson::Value& value, rapidjson::Document& into);

// Parses a JSON document with read_json (UTF-8 validated). Fails with
// ErrorKind::internal naming `what`, the line and column and the reason
// ("campaign list: line 1, column 7: Invalid value.").
Result<rapidjson::Document> parse_json(std::string_view text, std::string_view what);

// The path ("name", "executionWindows[2].days[0]", a key itself as
// "routingSettings.<key>") of the first string, or member name, that is not
// valid UTF-8; nullopt when all are. Walks at most kMaxJsonDepth levels.
std::optional<std::string> find_invalid_utf8(const rapidjson::Value& value);

// Line and column (1-based) of a byte offset in `text`.
std::pair<std::size_t, std::size_t> line_column(std::string_view text, std::size_t offset);

// Typed, lenient field access: nullopt when absent or of another type.
std::optional<std::string_view> get_string(const rapidjson::Value& object, const char* key);
// An integer, or a double that is a whole number inside int64's range
// (whole_int64).
std::optional<std::int64_t> get_int(const rapidjson::Value& object, const char* key);
std::optional<std::int64_t> whole_int64(double d);
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
