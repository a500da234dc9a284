#pragma once

// Shared by the fuzz targets: a platform whose every answer is the fuzzer's
// input (a token answer, a page, a campaign, an analytics answer).
#include <cxsched/api/campaigns.hpp>
#include <cxsched/auth/token.hpp>
#include <cxsched/http/client.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace cxsched::fuzz {

inline std::string_view text_of(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// Answers the token request with a fixed token and everything else with
// `body` and `status` (the first input byte chooses 200 or an error status).
class Platform final : public http::Transport {
 public:
  Platform(std::string body, long status) : body_(std::move(body)), status_(status) {}
  Result<http::Response> perform(const http::Request& request, util::Millis) override {
    if (++calls_ > 8) return fail(ErrorKind::unavailable, "enough");
    if (request.url.ends_with("/oauth/token") && !answer_tokens_)
      return http::Response{200, {{"Content-Type", "application/json"}},
                            R"({"access_token":"t","token_type":"Bearer","expires_in":3600})"};
    return http::Response{status_, {{"Content-Type", "application/json"}}, body_};
  }
  // The token request too gets the fuzzer's answer.
  void answer_tokens() { answer_tokens_ = true; }

 private:
  std::string body_;
  long status_;
  int calls_ = 0;
  bool answer_tokens_ = false;
};

inline long status_of(std::uint8_t selector) {
  constexpr long kStatuses[] = {200, 200, 200, 200, 201, 400, 401, 403, 404, 409, 429, 500};
  return kStatuses[selector % (sizeof kStatuses / sizeof kStatuses[0])];
}

inline http::RetryPolicy one_attempt() {
  http::RetryPolicy p;
  p.max_attempts = 1;
  p.seed = 1;
  return p;
}

// A client, a memory-only token source and the API over `platform`.
struct Rig {
  util::FakeClock clock;
  http::Client client;
  auth::TokenSource tokens;
  api::CampaignApi api;
  explicit Rig(http::Transport& platform)
      : client(platform, clock, one_attempt(), util::Deadline::never()),
        tokens(client, auth::ClientCredentials{"http://127.0.0.1:9", "fuzz", "secret"}, {}),
        api(client, tokens, "http://127.0.0.1:9") {}
};

}  // namespace cxsched::fuzz
