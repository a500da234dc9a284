#include "json.hpp"

#include <rapidjson/error/en.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace cxsched::sim {

std::string to_json(const rapidjson::Value& value) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buf);
  value.Accept(writer);
  return {buf.GetString(), buf.GetSize()};
}

bool parse_json(std::string_view text, rapidjson::Document& doc) {
  doc.Parse<rapidjson::kParseFullPrecisionFlag>(text.data(), text.size());
  return !doc.HasParseError();
}

std::string quote(std::string_view text) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buf);
  writer.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
  return {buf.GetString(), buf.GetSize()};
}

std::string error_json(std::string_view code, std::string_view message) {
  return "{\"code\":" + quote(code) + ",\"message\":" + quote(message) + "}";
}

const rapidjson::Value* member(const rapidjson::Value& obj, const char* key) {
  if (!obj.IsObject()) return nullptr;
  auto it = obj.FindMember(key);
  if (it == obj.MemberEnd() || it->value.IsNull()) return nullptr;
  return &it->value;
}

std::optional<std::string> string_member(const rapidjson::Value& obj, const char* key) {
  const auto* v = member(obj, key);
  if (v == nullptr || !v->IsString()) return std::nullopt;
  return std::string{v->GetString(), v->GetStringLength()};
}

std::string_view string_view_member(const rapidjson::Value& obj, const char* key) {
  const auto* v = member(obj, key);
  if (v == nullptr || !v->IsString()) return {};
  return {v->GetString(), v->GetStringLength()};
}

void set_member(rapidjson::Document& doc, const char* key, std::string_view value) {
  auto& alloc = doc.GetAllocator();
  rapidjson::Value v(value.data(), static_cast<rapidjson::SizeType>(value.size()), alloc);
  auto it = doc.FindMember(key);
  if (it != doc.MemberEnd()) {
    it->value = v;
  } else {
    doc.AddMember(rapidjson::Value(key, alloc), v, alloc);
  }
}

}  // namespace cxsched::sim
