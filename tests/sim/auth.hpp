#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <random>
#include <string>

#include "config.hpp"
#include "timeutil.hpp"

namespace cxsched::sim {

// The seeded generator behind every id, token and random fault.
class Random {
 public:
  explicit Random(std::uint64_t seed) : engine_(seed) {}
  // `n` lowercase hex digits.
  std::string hex(std::size_t n);
  // A number in [0, n); n must be > 0.
  std::uint64_t below(std::uint64_t n);
  // A number in [0, 1).
  double unit();

 private:
  std::mt19937_64 engine_;
};

// Why a bearer token was refused (or not).
enum class TokenState { valid, unknown, expired, revoked };

// Issued access tokens: opaque strings, each owned by one client.
class TokenStore {
 public:
  // Issues a token `sim.<32 hex>` for `client_id`, valid for `ttl` from `now`.
  std::string issue(const std::string& client_id, std::chrono::seconds ttl, SysMillis now,
                    Random& random);
  // The state of `token` at `now`, and its client when it was ever issued.
  TokenState check(const std::string& token, SysMillis now, std::string& client_id) const;
  // Revokes every live token of `client_id` (all clients when empty); the count.
  std::size_t revoke(const std::string& client_id);

 private:
  struct Token {
    std::string client_id;
    SysMillis expires;
    bool revoked = false;
  };
  std::map<std::string, Token> tokens_;
};

// Finds a client by id; nullptr when unknown.
const Client* find_client(const std::vector<Client>& clients, const std::string& id);

// Decodes one `application/x-www-form-urlencoded` component (`+` and `%XX`).
std::string url_decode(std::string_view text);

// Decodes `application/x-www-form-urlencoded` text into name/value pairs.
std::multimap<std::string, std::string> parse_form(const std::string& body);

// Decodes standard base64; nullopt when malformed.
std::optional<std::string> decode_base64(const std::string& text);

}  // namespace cxsched::sim
