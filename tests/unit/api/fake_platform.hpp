#pragma once

#include <cxsched/api/campaigns.hpp>
#include <cxsched/api/campaigns_platform.hpp>

#include "http/fake_transport.hpp"

#include <cxsched/util/task_pool.hpp>

#include <cstdint>
#include <memory>

namespace cxsched::api::testing {

inline constexpr const char* kFakeBase = "http://127.0.0.1:9";

// The body of a token answer, valid for a day.
inline std::string token_body(const std::string& token = "t1") {
  return R"({"access_token":")" + token +
         R"(","token_type":"Bearer","expires_in":86400,"scope":"campaign:read campaign:write"})";
}

// A CampaignApi, and the CampaignsPlatform ops sees, wired to a
// FakeTransport and a FakeClock, as a Session wires the real ones: the HTTP client's deadline is `budget` after the fake
// clock's start (none when zero), tokens live in memory only, and the token
// endpoint answers every request unless `answer_tokens` is off (then the
// test scripts it).
struct FakePlatform {
  explicit FakePlatform(util::Millis budget = util::Millis{0}, std::uint64_t seed = 7,
                        bool answer_tokens = true)
      : FakePlatform(budget, policy(seed), answer_tokens) {}
  FakePlatform(util::Millis budget, const http::RetryPolicy& retry, bool answer_tokens = true)
      : deadline(budget.count() > 0 ? util::Deadline::after(clock, budget)
                                    : util::Deadline::never()),
        client(transport, clock, retry, deadline),
        tokens(client, {kFakeBase, "demo-client", "s3cret"}, {}),
        api(client, tokens, kFakeBase),
        platform(client, tokens, kFakeBase, "demo-client") {
    if (answer_tokens) {
      transport.handle(
          "POST", "/oauth/token",
          [](const http::Request&) -> Result<http::Response> {
            return http::Response{200, {}, token_body()};
          },
          -1);
    }
  }

  // The listing's pages fetched over a pool of `threads` (CampaignApi::set_pool),
  // owned here and destroyed after everything that may still use it.
  void pool_of(int threads) {
    pool = std::make_unique<util::TaskPool>(threads);
    api.set_pool(pool.get());
  }

  std::unique_ptr<util::TaskPool> pool;  // first: destroyed last
  http::testing::FakeTransport transport;
  util::FakeClock clock;
  util::Deadline deadline;
  http::Client client;
  auth::TokenSource tokens;
  api::CampaignApi api;
  api::CampaignsPlatform platform;

  static http::RetryPolicy policy(std::uint64_t seed = 7) {
    http::RetryPolicy p;
    p.seed = seed;
    return p;
  }
};

}  // namespace cxsched::api::testing
