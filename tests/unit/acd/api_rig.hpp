#pragma once

// A rig for the ACD Admin API's typed calls: a fake transport and clock, an
// access-key token source, and AdminApi on a configured base URL.

#include <catch2/catch.hpp>
#include <cxsched/acd/admin_api.hpp>
#include <memory>
#include <string>

#include "http/fake_transport.hpp"

namespace cxsched::acd::testing {

inline constexpr const char* kAuth = "http://127.0.0.1:8090";
inline constexpr const char* kApi = "http://127.0.0.1:8091";
inline constexpr const char* kServices = "/inContactAPI/services/v30.0/";
inline constexpr const char* kSignIn = "/authentication/v1/token/access-key";

// A JWT whose payload is {"tenantId":"11111111-2222","tenant":"acme",
// "icBUId":4600000,"icClusterId":"C32"}.
inline constexpr const char* kJwt =
    "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9."
    "eyJ0ZW5hbnRJZCI6IjExMTExMTExLTIyMjIiLCJ0ZW5hbnQiOiJhY21lIiwiaWNCVUlkIjo0NjAwMDAwLCJpY0Ns"
    "dXN0ZXJJZCI6IkMzMiJ9."
    "c2ln";

inline std::string token_answer(const std::string& access) {
  return R"({"access_token":")" + access + R"(","expires_in":3600,"id_token":")" + kJwt + "\"}";
}

inline std::string api(const std::string& rest) {
  return std::string(kServices) + rest;
}

struct ApiRig {
  util::FakeClock clock{std::chrono::sys_days{std::chrono::year{2027} / 4 / 5} +
                        std::chrono::hours{12}};
  http::testing::FakeTransport fake;
  http::Client client{fake, clock,
                      [] {
                        http::RetryPolicy p;
                        p.max_attempts = 4;
                        p.seed = 7;
                        return p;
                      }(),
                      util::Deadline::never()};
  auth::TokenSource tokens{
      client,
      std::make_unique<auth::AccessKeySignIn>(auth::AccessKey{kAuth, "key-1", "secret-1"}),
      {}};
  std::unique_ptr<AdminApi> admin;

  explicit ApiRig(std::string base_url = kApi) {
    admin = std::make_unique<AdminApi>(client, tokens,
                                       ApiSettings{kAuth, std::move(base_url), "v30.0"});
  }
  void sign_in(const std::string& access = "acc-1") {
    fake.respond("POST", kSignIn, 200, token_answer(access));
  }
  void answer(const std::string& method, const std::string& rest, long status,
              std::string body = {}, http::Headers headers = {}) {
    fake.respond(method, api(rest), status, std::move(body), std::move(headers));
  }
};

}  // namespace cxsched::acd::testing
