#pragma once

// Reading a spec (or a campaign object of the same shape): the pieces the
// spec checks and the campaign reader share. Internal to the schedule layer.

#include <rapidjson/document.h>

#include <algorithm>
#include <array>
#include <cxsched/util/json.hpp>
#include <string>
#include <string_view>

namespace cxsched::schedule::detail {

using rapidjson::Value;

inline constexpr std::array<std::string_view, 7> kDays = {"MON", "TUE", "WED", "THU",
                                                          "FRI", "SAT", "SUN"};

// A value as the spec wrote it, for problem reports: at most kMaxEcho bytes
// (cut at a character boundary, "…" appended), so a 1 MB name is not echoed.
inline std::string written(const Value& v) {
  constexpr std::size_t kMaxEcho = 200;
  std::string text =
      v.IsString() ? std::string(v.GetString(), v.GetStringLength()) : util::to_json(v);
  if (text.size() <= kMaxEcho) return text;
  std::size_t cut = kMaxEcho;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  text.resize(cut);
  return text + "\u2026";
}

inline std::string_view view(const Value& v) {
  return {v.GetString(), v.GetStringLength()};
}

inline const Value* member(const Value& object, std::string_view name) {
  if (!object.IsObject()) return nullptr;
  auto it = object.FindMember(Value(rapidjson::StringRef(name.data(), name.size())));
  return it == object.MemberEnd() ? nullptr : &it->value;
}

template <std::size_t N>
std::string one_of(const std::array<std::string_view, N>& names) {
  std::string out;
  for (std::size_t i = 0; i < N; ++i) {
    if (i > 0) out += i + 1 == N ? " or " : ", ";
    out += names[i];
  }
  return out;
}

template <std::size_t N>
bool contains(const std::array<std::string_view, N>& names, std::string_view s) {
  return std::find(names.begin(), names.end(), s) != names.end();
}

inline int day_index(std::string_view name) {
  for (std::size_t i = 0; i < kDays.size(); ++i)
    if (kDays[i] == name) return static_cast<int>(i);
  return -1;
}

}  // namespace cxsched::schedule::detail
