#pragma once

// Cheap, seedable pseudo-random numbers for jitter and sampling (never for
// anything secret): splitmix64, which passes BigCrush and needs one word of
// state, so a test can seed it and get the same draws every run.

#include <cstdint>

namespace cxsched::util {

// The next number of the splitmix64 sequence; advances `state`.
constexpr std::uint64_t splitmix64(std::uint64_t& state) noexcept {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// A draw in [0, 1) with 53 random bits; advances `state`.
constexpr double unit_draw(std::uint64_t& state) noexcept {
  return static_cast<double>(splitmix64(state) >> 11) * 0x1.0p-53;
}

}  // namespace cxsched::util
