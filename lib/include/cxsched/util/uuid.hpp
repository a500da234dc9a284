#pragma once

// Name-based UUIDs (version 5: SHA-1 of a namespace and a name, RFC 9562
// section 5.5) through libuuid: the same name gives the same UUID on every
// machine and in every run, which is what an idempotency key or a cache file
// name needs.

#include <array>
#include <string>
#include <string_view>

namespace cxsched::util {

// A UUID's 16 bytes, in network order.
using Uuid = std::array<unsigned char, 16>;

// The namespace of cxsched's own names (8dd6a7ab-2f31-47d7-b530-c6601a6186f6).
// Fixed for good: changing it changes every key derived under it.
inline constexpr Uuid kCxschedNamespace = {0x8d, 0xd6, 0xa7, 0xab, 0x2f, 0x31, 0x47, 0xd7,
                                           0xb5, 0x30, 0xc6, 0x60, 0x1a, 0x61, 0x86, 0xf6};

// The version-5 UUID of `name` in `space`, lower-case:
// "xxxxxxxx-xxxx-5xxx-[89ab]xxx-xxxxxxxxxxxx".
std::string uuid_v5(std::string_view name, const Uuid& space = kCxschedNamespace);

}  // namespace cxsched::util
