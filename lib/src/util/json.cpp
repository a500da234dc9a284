#include <cxsched/util/json.hpp>
#include <cxsched/util/text.hpp>

#include <cstdint>
#include <cstring>

#include <rapidjson/error/en.h>
#include <rapidjson/reader.h>
#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace cxsched::util {

namespace {

using rapidjson::SizeType;

// Forwards RapidJSON's SAX events to a Document, refusing to open an array or
// object deeper than kMaxJsonDepth (RapidJSON then stops with
// kParseErrorTermination). Strings are copied into the document.
class DepthLimited {
 public:
  explicit DepthLimited(rapidjson::Document& doc) : doc_(doc) {}
  bool Null() { return doc_.Null(); }
  bool Bool(bool b) { return doc_.Bool(b); }
  bool Int(int i) { return doc_.Int(i); }
  bool Uint(unsigned u) { return doc_.Uint(u); }
  bool Int64(std::int64_t i) { return doc_.Int64(i); }
  bool Uint64(std::uint64_t u) { return doc_.Uint64(u); }
  bool Double(double d) { return doc_.Double(d); }
  bool RawNumber(const char* s, SizeType n, bool) { return doc_.RawNumber(s, n, true); }
  bool String(const char* s, SizeType n, bool) { return doc_.String(s, n, true); }
  bool Key(const char* s, SizeType n, bool) { return doc_.Key(s, n, true); }
  bool StartObject() { return enter() && doc_.StartObject(); }
  bool EndObject(SizeType members) {
    --depth_;
    return doc_.EndObject(members);
  }
  bool StartArray() { return enter() && doc_.StartArray(); }
  bool EndArray(SizeType elements) {
    --depth_;
    return doc_.EndArray(elements);
  }
  bool too_deep() const { return too_deep_; }

 private:
  bool enter() {
    if (++depth_ > kMaxJsonDepth) too_deep_ = true;
    return !too_deep_;
  }
  rapidjson::Document& doc_;
  std::size_t depth_ = 0;
  bool too_deep_ = false;
};

// `text` followed by the four NULs an in-place parse needs. Four, not one:
// with kParseValidateEncodingFlag RapidJSON reads a lead byte's continuation
// bytes without stopping at the terminator, so a text ending in "\xF1"
// reads three bytes past a single NUL.
std::string padded(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 4);
  out.append(text).append(4, '\0');
  return out;
}

// Parses `text` (padded) in place: RapidJSON then unescapes each string
// where it lies instead of copying it through its stack. (Its SSE2 paths are
// left off: 1.1.0's writer then lets 0x1A-0x1F through unescaped.)
template <unsigned Flags>
rapidjson::ParseResult parse_into(rapidjson::Document& doc, DepthLimited& handler, char* text) {
  rapidjson::ParseResult result;
  auto generate = [&](rapidjson::Document&) {
    rapidjson::InsituStringStream in(text);
    rapidjson::Reader reader;
    result = reader.Parse<Flags | rapidjson::kParseInsituFlag>(in, handler);
    return !result.IsError();
  };
  doc.Populate(generate);
  return result;
}

// valid_utf8, with a quick pass over runs of ASCII (most of any answer).
bool fast_valid_utf8(std::string_view text) {
  std::size_t i = 0;
  for (; i + 8 <= text.size(); i += 8) {
    std::uint64_t word = 0;
    std::memcpy(&word, text.data() + i, 8);
    if ((word & 0x8080808080808080ULL) != 0) break;
  }
  while (i < text.size() && static_cast<unsigned char>(text[i]) < 0x80) ++i;
  return i == text.size() || valid_utf8(text.substr(i));
}

void utf8_walk(const rapidjson::Value& v, std::string& path, std::size_t depth,
               std::optional<std::string>& found) {
  if (found || depth > kMaxJsonDepth) return;
  if (v.IsString()) {
    if (!valid_utf8({v.GetString(), v.GetStringLength()})) found = path.empty() ? "$" : path;
  } else if (v.IsArray()) {
    for (SizeType i = 0; i < v.Size() && !found; ++i) {
      const auto mark = path.size();
      path += '[';  // appended piece by piece: g++ 12 -O3 warns (falsely) of "[" + ... + "]"
      path += std::to_string(i);
      path += ']';
      utf8_walk(v[i], path, depth + 1, found);
      path.resize(mark);
    }
  } else if (v.IsObject()) {
    for (auto it = v.MemberBegin(); it != v.MemberEnd() && !found; ++it) {
      const std::string_view key(it->name.GetString(), it->name.GetStringLength());
      const auto mark = path.size();
      if (!path.empty()) path += '.';
      if (!valid_utf8(key)) {
        path += "<key>";
        found = path;
        return;
      }
      path += key;
      utf8_walk(it->value, path, depth + 1, found);
      path.resize(mark);
    }
  }
}

}  // namespace

namespace {

// Parses `text` into `doc` in place in `scratch` (`text` padded); the error
// when it is not a document we accept.
std::optional<JsonSyntaxError> parse_in(rapidjson::Document& doc, DepthLimited& handler,
                                        std::string_view text, std::string& scratch,
                                        bool validate_utf8) {
  // Text that is valid UTF-8 as a whole is parsed without RapidJSON's check
  // of every byte; otherwise that check finds where it breaks.
  const auto result =
      validate_utf8 && !fast_valid_utf8(text)
          ? parse_into<rapidjson::kParseValidateEncodingFlag>(doc, handler, scratch.data())
          : parse_into<rapidjson::kParseDefaultFlags>(doc, handler, scratch.data());
  if (!result.IsError()) return std::nullopt;
  JsonSyntaxError e{result.Offset(), rapidjson::GetParseError_En(result.Code())};
  if (handler.too_deep()) {
    // The parser has taken the bracket that goes too deep: point at it.
    if (e.offset > 0) --e.offset;
    e.reason = "nested deeper than " + std::to_string(kMaxJsonDepth) + " levels";
  }
  return e;
}

}  // namespace

std::expected<rapidjson::Document, JsonSyntaxError> read_json(std::string_view text,
                                                              bool validate_utf8) {
  rapidjson::Document doc;
  DepthLimited handler(doc);
  std::string scratch = padded(text);  // copied from string by string, then dropped
  if (auto error = parse_in(doc, handler, text, scratch, validate_utf8))
    return std::unexpected(std::move(*error));
  return doc;
}

void copy_json(const rapidjson::Value& value, rapidjson::Document& into) {
  DepthLimited handler(into);
  auto generate = [&](rapidjson::Document&) { return value.Accept(handler); };
  into.Populate(generate);
}

std::optional<std::string> find_invalid_utf8(const rapidjson::Value& value) {
  std::optional<std::string> found;
  std::string path;
  utf8_walk(value, path, 0, found);
  return found;
}

std::pair<std::size_t, std::size_t> line_column(std::string_view text, std::size_t offset) {
  std::size_t line = 1, col = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      col = 1;
    } else {
      ++col;
    }
  }
  return {line, col};
}

Result<rapidjson::Document> parse_json(std::string_view text, std::string_view what) {
  auto doc = read_json(text);
  if (!doc) {
    auto [line, col] = line_column(text, doc.error().offset);
    std::string msg(what);
    if (text.empty()) {
      msg += ": empty body, expected JSON";
    } else {
      msg += ": not valid JSON at line " + std::to_string(line) + ", column " +
             std::to_string(col) + ": " + doc.error().reason;
    }
    return fail(ErrorKind::internal, std::move(msg));
  }
  return std::move(*doc);
}

std::optional<std::string_view> get_string(const rapidjson::Value& object, const char* key) {
  if (!object.IsObject()) return std::nullopt;
  auto it = object.FindMember(key);
  if (it == object.MemberEnd() || !it->value.IsString()) return std::nullopt;
  return std::string_view(it->value.GetString(), it->value.GetStringLength());
}

std::optional<std::int64_t> get_int(const rapidjson::Value& object, const char* key) {
  if (!object.IsObject()) return std::nullopt;
  auto it = object.FindMember(key);
  if (it == object.MemberEnd()) return std::nullopt;
  if (it->value.IsInt64()) return it->value.GetInt64();
  if (it->value.IsDouble()) return whole_int64(it->value.GetDouble());
  return std::nullopt;
}

std::optional<std::int64_t> whole_int64(double d) {
  // 2^63 itself does not convert (the cast of a double out of range is
  // undefined).
  constexpr double two_63 = 9223372036854775808.0;
  if (!(d >= -two_63 && d < two_63)) return std::nullopt;
  const auto i = static_cast<std::int64_t>(d);
  if (static_cast<double>(i) == d) return i;
  return std::nullopt;
}

std::optional<double> get_number(const rapidjson::Value& object, const char* key) {
  if (!object.IsObject()) return std::nullopt;
  auto it = object.FindMember(key);
  if (it == object.MemberEnd() || !it->value.IsNumber()) return std::nullopt;
  return it->value.GetDouble();
}

const rapidjson::Value* get_object(const rapidjson::Value& object, const char* key) {
  if (!object.IsObject()) return nullptr;
  auto it = object.FindMember(key);
  if (it == object.MemberEnd() || !it->value.IsObject()) return nullptr;
  return &it->value;
}

const rapidjson::Value* get_array(const rapidjson::Value& object, const char* key) {
  if (!object.IsObject()) return nullptr;
  auto it = object.FindMember(key);
  if (it == object.MemberEnd() || !it->value.IsArray()) return nullptr;
  return &it->value;
}

std::string to_json(const rapidjson::Value& value) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  value.Accept(w);
  return std::string(buf.GetString(), buf.GetSize());
}

std::string to_pretty_json(const rapidjson::Value& value) {
  rapidjson::StringBuffer buf;
  rapidjson::PrettyWriter<rapidjson::StringBuffer> w(buf);
  w.SetIndent(' ', 2);
  value.Accept(w);
  return std::string(buf.GetString(), buf.GetSize());
}

std::string quote_json(std::string_view text) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  w.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
  return std::string(buf.GetString(), buf.GetSize());
}

std::string excerpt(std::string_view body, std::size_t max) {
  std::string out;
  out.reserve(std::min(body.size(), max) + 3);
  bool space = false;
  for (char c : body) {
    if (out.size() >= max) {
      out += "\u2026";
      return out;
    }
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) {
      if (!space && !out.empty()) out += ' ';
      space = true;
      continue;
    }
    space = false;
    out += c;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

}  // namespace cxsched::util
