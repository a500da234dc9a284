#pragma once

#include <cxsched/http/transport.hpp>
#include <cxsched/util/clock.hpp>
#include <cxsched/util/log.hpp>

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cxsched::http {

// Whether a request may be sent again after a failure whose outcome is
// unknown (a timeout, a dropped connection, or any answer a gateway or the
// server may have sent after acting on it).
enum class Replay {
  safe,    // GET, an idempotent POST (activate, an analytics query)
  unsafe,  // a POST that could act twice (a create, even with an
           // Idempotency-Key the server may not honour): sent again only when
           // it surely never reached the server (connection refused, host not
           // resolved); anything else goes back to the caller, which looks
           // before sending it again
};

// The one retry policy of the project: 408, 429, 5xx and connection errors
// are retried with full-jitter exponential backoff, Retry-After honoured but
// clamped, within an attempt limit, a total retry budget and the command's
// deadline.
struct RetryPolicy {
  int max_attempts = 6;                            // including the first
  util::Millis base_delay{500};                    // first backoff ceiling
  util::Millis max_delay{30'000};                  // cap of one backoff
  util::Millis max_retry_after{60'000};            // clamp of Retry-After
  util::Millis retry_budget{120'000};              // total wait for one request
  util::Millis request_timeout{30'000};            // one attempt
  std::uint64_t seed = 0;                          // 0: seeded from the clock
  // The waits after a 429 that names no Retry-After, for a platform known
  // to send none (CXone: 2 s, 6 s): the n-th such 429 of a request waits the
  // n-th of them, and past the last each wait doubles, with jitter (between
  // half and all of it), capped at max_delay. Empty: the full-jitter backoff
  // of any other failure.
  std::vector<util::Millis> rate_limit_fallback;
};

// What one Client::send did, for callers that explain its failure.
struct SendInfo {
  int attempts = 0;  // calls to the transport for this request
  // Attempts answered with a retryable status or failed on the network,
  // not counting one the command's deadline cut short.
  int failures = 0;
  int rate_limited = 0;  // attempts answered 429
};

// One retry about to happen, for an observer (a terminal saying so).
struct RetryNotice {
  std::string what;     // "GET https://host/path"
  std::string problem;  // the status or network error of the attempt that failed
  int attempt = 0;      // the attempt that failed, from 1
  int max_attempts = 0;
  util::Millis wait{0};  // until the next attempt
};
using RetryObserver = std::function<void(const RetryNotice&)>;

// Sends requests through a Transport with the retry policy and pacing:
// after a 429 the client holds every request to the same endpoint (method +
// URL without query) until the Retry-After has passed, so a batch does not
// burst into the limit again, and from then on sends to that endpoint one
// attempt at a time, whichever thread asks. Logs each attempt at debug level
// with the Authorization header redacted and no bodies. Sleeps only through
// the Clock. Thread-safe (when the Transport is): the pacing, the jitter and
// the counters are shared by every thread sending through it.
class Client {
 public:
  Client(Transport& transport, util::Clock& clock, RetryPolicy policy,
         util::Deadline deadline, util::Logger log = {});

  // The final response, whatever its status, once it is not retryable
  // (2xx, 3xx, 4xx other than 408/429). Fails with ErrorKind::unavailable
  // when the retryable failures outlast the attempts, the budget or the
  // deadline (the message names the last status or network error), and
  // passes through transport errors that are not retryable. A Replay::unsafe
  // request that may have reached the server (a timeout, a dropped
  // connection, 408, 429 or 5xx) fails at once with ErrorKind::unavailable,
  // and its endpoint is held for the backoff (or the Retry-After) a retry
  // would have waited, so the caller's next attempt is paced.
  // `info`, when given, is filled in whatever the outcome.
  Result<Response> send(const Request& request, Replay replay, SendInfo* info = nullptr);

  // Requests sent together from the thread that owns the batch, each through
  // the same retry policy and pacing as send(), for Replay::safe requests.
  // First attempts go out at once, over the transport's exchange (or, for a
  // transport without one, over `pool`'s threads); a request that needs
  // another attempt, and any request to an endpoint paced after a 429, is
  // sent as send() sends it, one at a time, once the attempts in flight
  // have come back. The client and the pool must outlive it.
  class Batch {
   public:
    struct Outcome {
      std::uint64_t tag = 0;
      Result<Response> response = fail(ErrorKind::internal, "no request pending");
      SendInfo info;
    };
    ~Batch();
    Batch(const Batch&) = delete;
    Batch& operator=(const Batch&) = delete;

    // Sends `request`; its outcome comes back from next() with `tag`.
    void add(std::uint64_t tag, Request request);
    // The outcome of one request added (the first to be settled), as send()
    // would have returned it. Blocks. Requires pending() > 0.
    Outcome next();
    // An outcome as next() would return it, if one is ready now: never
    // waits (a request to be sent again stays for next() to send).
    std::optional<Outcome> poll();
    // Exchange::progress for the requests in flight: for a caller busy
    // between calls to next().
    void progress() {
      if (exchange_) exchange_->progress();
    }
    // Requests added and not yet returned by next().
    std::size_t pending() const { return flying_.size() + deferred_.size() + settled_.size(); }

   private:
    friend class Client;
    struct Item;
    Batch(Client& client, std::unique_ptr<Exchange> exchange);
    // The outcome of the attempt `tag` came back with, judged; nullopt when
    // it is to be sent again (then deferred) or is not this batch's.
    std::optional<Outcome> judged(std::uint64_t tag, Result<Response> result);
    Client& client_;
    std::unique_ptr<Exchange> exchange_;
    std::map<std::uint64_t, std::unique_ptr<Item>> flying_;
    std::deque<std::unique_ptr<Item>> deferred_;
    std::deque<Outcome> settled_;
  };
  // A batch; `pool` is used only when the transport has no exchange (null:
  // then every request goes one at a time).
  std::unique_ptr<Batch> batch(util::TaskPool* pool);
  // Transport::open_ahead: the next connection brings `n` more along.
  void open_ahead(int n) { transport_.open_ahead(n); }

  // Replaces RetryPolicy::rate_limit_fallback (the platform adapter knows
  // its platform's habit). Call it before sending.
  void set_rate_limit_fallback(std::vector<util::Millis> waits) {
    policy_.rate_limit_fallback = std::move(waits);
  }

  // Called before each backoff sleep; none by default.
  void set_retry_observer(RetryObserver observer) { on_retry_ = std::move(observer); }

  const util::Deadline& deadline() const { return deadline_; }
  util::Clock& clock() { return clock_; }
  const util::Logger& logger() const { return log_; }
  // Attempts made so far (every call to the transport).
  int attempts() const;
  // Time slept so far, in backoff and in rate-limit pacing, over all requests.
  util::Millis waited() const;

 private:
  // One request's way through the retry policy.
  struct Attempts {
    std::string what;  // "GET https://host/path", for messages and pacing
    Replay replay = Replay::safe;
    SendInfo sent;               // the attempts so far, and those the server failed
    SendInfo* report = nullptr;  // the caller's copy of `sent`, kept up to date
    util::SteadyTime started{};
    util::Millis waited{0};  // in backoff, for the retry budget
    int bare_429s = 0;       // 429s without a Retry-After
    std::string last_problem;
    void publish() const {
      if (report != nullptr) *report = sent;
    }
  };
  // `request` refused for a header with a control character, else ok.
  Result<void> check_headers(const Request& request, const std::string& what) const;
  Attempts attempts_for(const Request& request, Replay replay, SendInfo* info) const;
  // Attempts until one settles the request, from waiting for its turn.
  Result<Response> keep_sending(const Request& request, Attempts& a);
  // Counts and logs an attempt about to go; its send time.
  util::SteadyTime begin_attempt(const Request& request, Attempts& a);
  // Notes the answer to an attempt sent at `sent_at` (pacing) and logs it.
  void end_attempt(const Attempts& a, const Result<Response>& result, util::SteadyTime sent_at);
  // After an attempt whose timeout was `timeout`: the outcome when it
  // settles the request, else nullopt and the wait before the next attempt
  // in `wait` (already counted as waited).
  // The request gave up for the deadline: unavailable, and Cause::deadline
  // when the server failed none of its attempts (it was not the platform).
  static Error given_up(const Attempts& a, std::string message);
  // given_up, once the deadline has passed: after how many attempts, and
  // the problem the last one the server failed met.
  static Error deadline_passed(const Attempts& a);
  std::optional<Result<Response>> judge(Attempts& a, Result<Response> result, util::Millis timeout,
                                        util::Millis& wait);

  // What the client knows of one endpoint's rate limit.
  struct Pacing {
    bool limited = false;  // it has answered 429 (or was held): paced from then on
    util::SteadyTime hold_until{};
    std::shared_ptr<std::mutex> one_at_a_time = std::make_shared<std::mutex>();
    // Send times of the attempts it accepted since `since` (the end of the
    // last hold): how many it admits before it says "enough".
    util::SteadyTime since{};
    std::deque<util::SteadyTime> admitted;
    // Where the stretch the budget was learned from began (the `since`
    // before the last 429 that taught it).
    util::SteadyTime learned_from{};
    // Learned at a 429: at most `budget` attempts in any `window`, so that
    // the endpoint is not asked again only to answer 429.
    std::size_t budget = 0;
    util::Millis window{0};
    std::deque<util::SteadyTime> sent;  // attempts within the last window
  };
  // Waits until the endpoint may be sent to; holds `gate` for the attempt
  // when the endpoint is paced. An error when the deadline comes first.
  Result<void> wait_for_turn(const std::string& what, std::unique_lock<std::mutex>& gate);
  // Whether requests to the endpoint are paced (it has answered 429, or was
  // held).
  bool paced(const std::string& what) const;
  // Holds every request to the endpoint for `pause` (clamped to
  // max_retry_after) and paces it one attempt at a time from then on: after
  // a 429, or after an unsafe request failed in a way a retry would have
  // waited out.
  void hold_endpoint(const std::string& what, util::Millis pause);
  // Notes an answer to an attempt sent at `sent_at`: an accepted one counts
  // towards what the endpoint admits (one in flight when a 429 taught the
  // budget, towards that budget); a 429 with a Retry-After teaches the
  // budget: what it admitted since the last hold, per the time that took
  // plus the Retry-After (never shorter than the server's window).
  void note_answer(const std::string& what, util::SteadyTime sent_at, long status,
                   std::optional<util::Millis> retry_after);
  // When the learned budget of `p` allows the next attempt (now or earlier
  // when it does); drops sends older than the window. Under mu_.
  static util::SteadyTime budget_frees(Pacing& p, util::SteadyTime now);
  // The full-jitter backoff before attempt `tries` + 1.
  util::Millis backoff(int tries);
  // The wait after the `n`-th 429 without Retry-After of a request, from
  // rate_limit_fallback; nullopt when it is empty.
  std::optional<util::Millis> rate_limit_wait(int n);
  void add_waited(util::Millis d);

  Transport& transport_;
  util::Clock& clock_;
  RetryPolicy policy_;
  util::Deadline deadline_;
  util::Logger log_;
  mutable std::mutex mu_;  // guards everything below
  std::uint64_t rng_state_ = 0;
  util::Millis waited_{0};
  int attempts_ = 0;
  std::map<std::string, Pacing> paced_;  // endpoint -> its pacing
  RetryObserver on_retry_;  // set before sending; called from the sending thread
};

// Parses a Retry-After value: delta-seconds or an HTTP date (RFC 9110).
// Returns nullopt for anything else; a date in the past gives zero.
std::optional<util::Millis> parse_retry_after(std::string_view value, util::SysTime now);

// `text` as one path segment or query value: every byte but the unreserved
// characters of RFC 3986 (letters, digits, - _ . ~) as %XX.
std::string percent_encode(std::string_view text);

// "https://user@host:port/path?query" -> "https://host:port/path" for logs:
// no credentials, no query string values.
std::string redact_url(std::string_view url);

}  // namespace cxsched::http
