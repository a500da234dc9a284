#include "auth.hpp"

#include <algorithm>

namespace cxsched::sim {

std::string Random::hex(std::size_t n) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(n);
  while (out.size() < n) {
    auto bits = engine_();
    for (int i = 0; i < 16 && out.size() < n; ++i) {
      out.push_back(digits[bits & 0xF]);
      bits >>= 4;
    }
  }
  return out;
}

std::uint64_t Random::below(std::uint64_t n) {
  return engine_() % n;
}

double Random::unit() {
  return static_cast<double>(engine_() >> 11) * (1.0 / 9007199254740992.0);
}

std::string TokenStore::issue(const std::string& client_id, std::chrono::seconds ttl, SysMillis now,
                              Random& random) {
  std::erase_if(tokens_, [&](const auto& entry) {
    return entry.second.expires + std::chrono::hours{24} < now;
  });
  std::string token;
  do {
    token = "sim." + random.hex(32);
  } while (tokens_.contains(token));
  tokens_[token] = Token{client_id, now + ttl, false};
  return token;
}

TokenState TokenStore::check(const std::string& token, SysMillis now,
                             std::string& client_id) const {
  auto it = tokens_.find(token);
  if (it == tokens_.end()) return TokenState::unknown;
  client_id = it->second.client_id;
  if (it->second.revoked) return TokenState::revoked;
  if (now >= it->second.expires) return TokenState::expired;
  return TokenState::valid;
}

std::size_t TokenStore::revoke(const std::string& client_id) {
  std::size_t count = 0;
  for (auto& [token, info] : tokens_) {
    if (info.revoked || (!client_id.empty() && info.client_id != client_id)) continue;
    info.revoked = true;
    ++count;
  }
  return count;
}

const Client* find_client(const std::vector<Client>& clients, const std::string& id) {
  auto it =
      std::find_if(clients.begin(), clients.end(), [&](const Client& c) { return c.id == id; });
  return it == clients.end() ? nullptr : &*it;
}

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string url_decode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '+') {
      out.push_back(' ');
    } else if (c == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 &&
               hex_value(text[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2])));
      i += 2;
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::multimap<std::string, std::string> parse_form(const std::string& body) {
  std::multimap<std::string, std::string> out;
  std::string_view rest = body;
  while (!rest.empty()) {
    auto amp = rest.find('&');
    auto pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view{} : rest.substr(amp + 1);
    if (pair.empty()) continue;
    auto eq = pair.find('=');
    if (eq == std::string_view::npos) {
      out.emplace(url_decode(pair), "");
    } else {
      out.emplace(url_decode(pair.substr(0, eq)), url_decode(pair.substr(eq + 1)));
    }
  }
  return out;
}

std::optional<std::string> decode_base64(const std::string& text) {
  auto value_of = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  std::size_t i = 0;
  for (; i < text.size() && text[i] != '='; ++i) {
    int v = value_of(text[i]);
    if (v < 0) return std::nullopt;
    buffer = (buffer << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> bits) & 0xFF));
    }
  }
  for (; i < text.size(); ++i)
    if (text[i] != '=') return std::nullopt;
  return out;
}

}  // namespace cxsched::sim
