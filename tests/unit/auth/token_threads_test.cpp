#include <cxsched/auth/token.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

using namespace cxsched;
using namespace cxsched::auth;
using namespace std::chrono_literals;

namespace {

constexpr int kThreads = 16;

// A token endpoint that keeps its first answer back until every thread has
// asked the TokenSource for a token, and then until a second request is in
// flight (for a moment at most): a TokenSource that lets two threads fetch at
// once is caught here, one that makes the others wait answers late by that
// moment. Each answer is a new token: "tok-1", "tok-2", ...
class HeldTokenEndpoint final : public http::Transport {
 public:
  // A thread is about to ask for a token.
  void arrive() {
    std::lock_guard lock(mu_);
    ++arrived_;
    changed_.notify_all();
  }

  Result<http::Response> perform(const http::Request& request, util::Millis) override {
    std::unique_lock lock(mu_);
    seen_.push_back(request.method + " " + request.url);
    const int n = static_cast<int>(seen_.size());
    ++in_flight_;
    changed_.notify_all();
    changed_.wait_for(lock, 30s, [&] { return arrived_ >= goal_; });
    changed_.wait_for(lock, 300ms, [&] { return in_flight_ > 1; });
    --in_flight_;
    http::Response r;
    r.status = 200;
    r.headers = {{"Content-Type", "application/json"}};
    r.body = R"({"access_token":"tok-)" + std::to_string(n) +
             R"(","token_type":"Bearer","expires_in":3600})";
    return r;
  }

  // The next round: answers wait until `more` threads have arrived.
  void expect(int more) {
    std::lock_guard lock(mu_);
    goal_ = arrived_ + more;
  }
  std::vector<std::string> seen() {
    std::lock_guard lock(mu_);
    return seen_;
  }

 private:
  std::mutex mu_;
  std::condition_variable changed_;
  int arrived_ = 0;
  int goal_ = 0;
  int in_flight_ = 0;
  std::vector<std::string> seen_;
};

http::RetryPolicy one_attempt() {
  http::RetryPolicy p;
  p.max_attempts = 1;
  p.seed = 1;
  return p;
}

// Runs `ask` on kThreads threads at once; their answers, in thread order.
template <class F>
std::vector<Result<Token>> all_at_once(HeldTokenEndpoint& endpoint, F ask) {
  endpoint.expect(kThreads);
  std::vector<Result<Token>> got(kThreads);
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i)
    threads.emplace_back([&, i] {
      endpoint.arrive();
      got[static_cast<std::size_t>(i)] = ask();
    });
  for (auto& t : threads) t.join();
  return got;
}

}  // namespace

TEST_CASE("Threads asking one TokenSource at once make one token request and share it") {
  HeldTokenEndpoint endpoint;
  http::Client client(endpoint, util::system_clock(), one_attempt(), util::Deadline::never());
  TokenSource tokens(client, ClientCredentials{"http://127.0.0.1:8089", "abc", "secret"}, {});

  auto first = all_at_once(endpoint, [&] { return tokens.token(); });
  CHECK(endpoint.seen() == std::vector<std::string>{"POST http://127.0.0.1:8089/oauth/token"});
  CHECK(tokens.requests_made() == 1);
  for (const auto& t : first) {
    REQUIRE(t);
    CHECK(t->access_token == "tok-1");
  }

  // Every thread's request was refused with that token (a 401): one of them
  // replaces it, the others take the replacement.
  auto second = all_at_once(endpoint, [&] { return tokens.replace("tok-1"); });
  CHECK(endpoint.seen().size() == 2);
  CHECK(tokens.requests_made() == 2);
  for (const auto& t : second) {
    REQUIRE(t);
    CHECK(t->access_token == "tok-2");
  }
}
