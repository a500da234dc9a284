#include <cxsched/http/client.hpp>

#include "http/text.hpp"

#include <cxsched/util/expected.hpp>
#include <cxsched/util/random.hpp>
#include <cxsched/util/text.hpp>

#include <algorithm>
#include <array>
#include <cstdio>

namespace cxsched::http {

namespace {

using detail::iequals;
using util::Millis;
using util::SteadyTime;
using namespace std::chrono;

bool is_retryable_status(long status) {
  return status == 408 || status == 429 || status == 500 || status == 502 || status == 503 ||
         status == 504;
}

// "1 attempt", "3 attempts".
std::string attempts_text(int n) {
  return std::to_string(n) + (n == 1 ? " attempt" : " attempts");
}

std::string status_text(long status) {
  const char* reason = "";
  switch (status) {
    case 408: reason = " Request Timeout"; break;
    case 429: reason = " Too Many Requests"; break;
    case 500: reason = " Internal Server Error"; break;
    case 502: reason = " Bad Gateway"; break;
    case 503: reason = " Service Unavailable"; break;
    case 504: reason = " Gateway Timeout"; break;
    default: break;
  }
  return std::to_string(status) + reason;
}

std::string seconds_text(Millis d) {
  std::array<char, 32> buf{};
  std::snprintf(buf.data(), buf.size(), "%.1f s", static_cast<double>(d.count()) / 1000.0);
  return buf.data();
}

std::string redact_header(const std::string& name, const std::string& value) {
  if (iequals(name, "Authorization") || iequals(name, "Proxy-Authorization")) {
    auto space = value.find(' ');
    return name + ": " + (space == std::string::npos ? "" : value.substr(0, space + 1)) + "***";
  }
  if (iequals(name, "Cookie")) return name + ": ***";
  return name + ": " + value;
}

}  // namespace

Client::Client(Transport& transport, util::Clock& clock, RetryPolicy policy,
               util::Deadline deadline, util::Logger log)
    : transport_(transport),
      clock_(clock),
      policy_(policy),
      deadline_(deadline),
      log_(std::move(log)) {
  rng_state_ = policy_.seed;
  if (rng_state_ == 0) {
    rng_state_ = static_cast<std::uint64_t>(clock_.steady_now().time_since_epoch().count()) ^
                 static_cast<std::uint64_t>(clock_.now().time_since_epoch().count()) ^
                 reinterpret_cast<std::uintptr_t>(this);
  }
}

Result<void> Client::check_headers(const Request& request, const std::string& what) const {
  // CR/LF in a value would end the header and start another one.
  for (const auto& [name, value] : request.headers) {
    if (util::has_control(name) || util::has_control(value) || name.find(':') != std::string::npos)
      return fail(ErrorKind::internal, what + ": refusing to send the " + util::printable(name) +
                                           " header: it holds a control character");
  }
  return {};
}

Client::Attempts Client::attempts_for(const Request& request, Replay replay, SendInfo* info) const {
  if (info != nullptr) *info = {};
  Attempts a;
  a.what = request.method + " " + redact_url(request.url);
  a.replay = replay;
  a.report = info;
  a.started = clock_.steady_now();
  return a;
}

Result<Response> Client::send(const Request& request, Replay replay, SendInfo* info) {
  auto a = attempts_for(request, replay, info);
  TRY(check_headers(request, a.what));
  return keep_sending(request, a);
}

Result<Response> Client::keep_sending(const Request& request, Attempts& a) {
  for (;;) {
    std::unique_lock<std::mutex> gate;  // held through the attempt once the endpoint is paced
    TRY(wait_for_turn(a.what, gate));

    if (deadline_.passed(clock_)) return std::unexpected(deadline_passed(a));

    const Millis timeout = deadline_.clamp(clock_, policy_.request_timeout);
    const auto sent_at = begin_attempt(request, a);
    auto result = transport_.perform(request, timeout);
    end_attempt(a, result, sent_at);
    Millis wait{0};
    auto settled = judge(a, std::move(result), timeout, wait);
    // The next attempt to a paced endpoint may go once a 429 here is noted.
    if (gate.owns_lock()) gate.unlock();
    if (settled) return std::move(*settled);
    clock_.sleep_for(wait);
  }
}

SteadyTime Client::begin_attempt(const Request& request, Attempts& a) {
  ++a.sent.attempts;
  a.publish();
  {
    std::lock_guard lock(mu_);
    ++attempts_;
  }
  if (log_.enabled(util::LogLevel::debug)) {
    log_.debug("> " + a.what);
    for (const auto& [name, value] : request.headers) log_.debug("> " + redact_header(name, value));
  }
  return clock_.steady_now();
}

void Client::end_attempt(const Attempts& a, const Result<Response>& result, SteadyTime sent_at) {
  if (result) {
    std::optional<Millis> limit_after;
    if (result->status == 429) {
      if (auto value = result->header("Retry-After"))
        limit_after = parse_retry_after(*value, clock_.now());
    }
    note_answer(a.what, sent_at, result->status, limit_after);
  }
  if (!log_.enabled(util::LogLevel::debug)) return;
  const auto took = std::to_string(duration_cast<Millis>(clock_.steady_now() - sent_at).count());
  if (!result) log_.debug("< error (" + took + " ms): " + result.error().message);
  else log_.debug("< " + std::to_string(result->status) + " (" + took + " ms)");
}

Error Client::given_up(const Attempts& a, std::string message) {
  Error e{ErrorKind::unavailable, std::move(message)};
  if (a.sent.failures == 0) e.cause = Cause::deadline;
  return e;
}

Error Client::deadline_passed(const Attempts& a) {
  return given_up(a, a.what + ": the deadline passed " +
                         (a.sent.attempts == 0 ? std::string("before it could be sent")
                                               : "after " + attempts_text(a.sent.attempts) + " (" +
                                                     a.last_problem + ")"));
}

std::optional<Result<Response>> Client::judge(Attempts& a, Result<Response> result, Millis timeout,
                                              Millis& wait) {
  using Settled = std::optional<Result<Response>>;
  const auto since_start = [&] { return duration_cast<Millis>(clock_.steady_now() - a.started); };
  const auto failed = [&](std::string message) {
    return Settled(Result<Response>(fail(ErrorKind::unavailable, std::move(message))));
  };

  std::optional<Millis> retry_after;
  std::optional<Millis> fallback;  // the platform's schedule for a bare 429
  if (!result) {
    if (result.error().kind != ErrorKind::unavailable || is_tls_failure(result.error()) ||
        is_final(result.error()))
      return Settled(std::move(result));
    // An attempt whose timeout was the time left, with nothing left now, was
    // cut by the deadline rather than failed by the server.
    const bool cut = timeout < policy_.request_timeout && deadline_.remaining(clock_) == Millis{0};
    if (!cut) {
      ++a.sent.failures;
      a.publish();
    }
    // Nor does it say anything of the server: the problem an attempt before
    // it met stands (a server that answers garbage is not one that is slow).
    if (!cut || a.last_problem.empty()) a.last_problem = result.error().message;
    if (a.replay == Replay::unsafe && !is_not_sent(result.error())) {
      hold_endpoint(a.what, backoff(a.sent.attempts));
      return failed(a.what + ": " + a.last_problem +
                    " (not retried: the server may have acted on it)");
    }
    // Nothing is left to try in, whatever the attempts and budget allow.
    if (cut) return Settled(Result<Response>(std::unexpected(deadline_passed(a))));
  } else {
    const long status = result->status;
    if (!is_retryable_status(status)) return Settled(std::move(result));
    ++a.sent.failures;
    if (status == 429) ++a.sent.rate_limited;
    a.publish();
    a.last_problem = status_text(status);
    if (auto value = result->header("Retry-After")) {
      retry_after = parse_retry_after(*value, clock_.now());
    }
    if (status == 429 && !retry_after) fallback = rate_limit_wait(++a.bare_429s);
    if (status == 429) hold_endpoint(a.what, retry_after.value_or(fallback.value_or(Millis{0})));
    if (a.replay == Replay::unsafe) {
      // Any answer may come after the server acted: a gateway's 5xx, or a
      // 429 or 503 sent once the request was processed. The caller decides
      // (it looks before sending again); the endpoint is held so that its
      // next attempt is paced as a retry would have been.
      hold_endpoint(a.what,
                    retry_after ? *retry_after : fallback.value_or(backoff(a.sent.attempts)));
      return failed(a.what + ": " + a.last_problem +
                    " (not retried: the server may have acted on it)");
    }
  }

  if (a.sent.attempts >= policy_.max_attempts) {
    return failed(a.what + ": " + a.last_problem + " after " + attempts_text(a.sent.attempts) +
                  " over " + seconds_text(since_start()));
  }

  Millis next = fallback.value_or(backoff(a.sent.attempts));
  if (retry_after) next = std::min(std::max(*retry_after, next), policy_.max_retry_after);

  if (a.waited + next > policy_.retry_budget) {
    return failed(a.what + ": " + a.last_problem + " after " + attempts_text(a.sent.attempts) +
                  " over " + seconds_text(since_start()) + " (the retry budget of " +
                  seconds_text(policy_.retry_budget) + " is spent)");
  }
  if (deadline_.is_set() && next >= deadline_.remaining(clock_)) {
    return Settled(Result<Response>(std::unexpected(given_up(
        a, a.what + ": " + a.last_problem + " after " + attempts_text(a.sent.attempts) +
               "; gave up: the deadline leaves " + seconds_text(deadline_.remaining(clock_)) +
               (retry_after ? ", the server asks to wait " : ", the next retry is due in ") +
               seconds_text(next)))));
  }
  log_.debug("retrying " + a.what + " in " + seconds_text(next) + " (" + a.last_problem + ")");
  if (on_retry_)
    on_retry_(RetryNotice{a.what, a.last_problem, a.sent.attempts, policy_.max_attempts, next});
  a.waited += next;
  add_waited(next);
  wait = next;
  return std::nullopt;
}

bool Client::paced(const std::string& what) const {
  std::lock_guard lock(mu_);
  auto it = paced_.find(what);
  return it != paced_.end() && it->second.limited;
}

Result<void> Client::wait_for_turn(const std::string& what, std::unique_lock<std::mutex>& gate) {
  for (;;) {
    SteadyTime hold{};
    std::shared_ptr<std::mutex> one_at_a_time;
    const auto now = clock_.steady_now();
    {
      std::lock_guard lock(mu_);
      auto it = paced_.find(what);
      if (it == paced_.end() || !it->second.limited) return {};  // never rate limited: no pacing
      hold = std::max(it->second.hold_until, budget_frees(it->second, now));
      one_at_a_time = it->second.one_at_a_time;
      if (hold <= now && gate.owns_lock() && gate.mutex() == one_at_a_time.get()) {
        // Our turn: this attempt counts against the budget from now.
        if (it->second.budget > 0) it->second.sent.push_back(now);
        return {};
      }
    }
    if (hold > now) {
      if (gate.owns_lock()) gate.unlock();
      const auto wait = ceil<Millis>(hold - now);
      if (deadline_.is_set() && wait >= deadline_.remaining(clock_)) {
        return fail(ErrorKind::unavailable, what + ": rate limited for another " +
                                                seconds_text(wait) + "; gave up: the deadline leaves " +
                                                seconds_text(deadline_.remaining(clock_)));
      }
      log_.debug("waiting " + seconds_text(wait) + " for the rate limit of " + what);
      clock_.sleep_for(wait);
      add_waited(wait);
      continue;
    }
    // One attempt at a time from now on; the hold is read again once it is
    // our turn, since the attempt before ours may have met the limit again.
    // The mutex outlives the lock: paced_ entries are never erased.
    gate = std::unique_lock<std::mutex>(*one_at_a_time);
  }
}

SteadyTime Client::budget_frees(Pacing& p, SteadyTime now) {
  if (p.budget == 0) return {};
  while (!p.sent.empty() && p.sent.front() + p.window <= now) p.sent.pop_front();
  if (p.sent.size() < p.budget) return {};
  return p.sent[p.sent.size() - p.budget] + p.window;
}

void Client::hold_endpoint(const std::string& what, Millis pause) {
  const auto until = clock_.steady_now() + std::min(pause, policy_.max_retry_after);
  std::lock_guard lock(mu_);
  auto& pacing = paced_[what];
  pacing.limited = true;
  pacing.hold_until = std::max(pacing.hold_until, until);
}

void Client::note_answer(const std::string& what, SteadyTime sent_at, long status,
                         std::optional<Millis> retry_after) {
  // Answers of endpoints never limited are remembered only for the last few
  // endpoints, so that a long-running process does not grow with every URL.
  constexpr std::size_t kMaxEndpoints = 64;
  constexpr std::size_t kMaxAdmitted = 1024;
  // Client and server clocks differ by the time an attempt travels; this
  // covers it, so the learned window is never shorter than the server's.
  constexpr Millis kSlack{50};
  const auto now = clock_.steady_now();
  std::lock_guard lock(mu_);
  auto it = paced_.find(what);
  if (it == paced_.end()) {
    if (status == 429) return;  // hold_endpoint makes the entry
    if (paced_.size() >= kMaxEndpoints) {
      for (auto e = paced_.begin(); e != paced_.end();)
        e = e->second.limited ? std::next(e) : paced_.erase(e);
    }
    it = paced_.emplace(what, Pacing{}).first;
  }
  Pacing& p = it->second;
  if (status != 429) {
    if (sent_at < p.since) {
      // Sent in the stretch the budget was learned from but answered after
      // its 429 (in flight together with the attempt refused): admitted there
      // too, so the endpoint admits one more than the budget said.
      if (p.budget > 0 && sent_at >= p.learned_from) {
        ++p.budget;
        p.sent.insert(std::upper_bound(p.sent.begin(), p.sent.end(), sent_at), sent_at);
      }
      return;
    }
    p.admitted.push_back(sent_at);
    if (p.admitted.size() > kMaxAdmitted) p.admitted.pop_front();
    return;
  }
  // A 429 after the last hold began: learn from what was admitted since the
  // hold before it. Attempts already in flight when the first 429 came back
  // are answered 429 too; they teach nothing new.
  if (!retry_after || p.admitted.empty() || sent_at < p.since) return;
  const auto took = ceil<Millis>(now - p.admitted.front());
  p.budget = p.admitted.size();
  p.window = std::min(*retry_after, policy_.max_retry_after) + took + kSlack;
  p.sent.assign(p.admitted.begin(), p.admitted.end());
  p.admitted.clear();
  p.learned_from = p.since;
  p.since = now + std::min(*retry_after, policy_.max_retry_after);
  log_.debug(what + " admits about " + std::to_string(p.budget) + " requests per " +
             seconds_text(p.window) + "; paced to that");
}

Millis Client::backoff(int tries) {
  Millis ceiling = policy_.base_delay;
  for (int i = 1; i < tries && ceiling < policy_.max_delay; ++i) ceiling *= 2;
  ceiling = std::clamp(ceiling, Millis{0}, policy_.max_delay);
  std::lock_guard lock(mu_);
  return Millis{static_cast<Millis::rep>(util::splitmix64(rng_state_) %
                                         (static_cast<std::uint64_t>(ceiling.count()) + 1))};
}

std::optional<Millis> Client::rate_limit_wait(int n) {
  const auto& waits = policy_.rate_limit_fallback;
  if (waits.empty() || n < 1) return std::nullopt;
  if (static_cast<std::size_t>(n) <= waits.size()) return waits[static_cast<std::size_t>(n) - 1];
  Millis ceiling = waits.back();
  for (std::size_t i = waits.size(); i < static_cast<std::size_t>(n) && ceiling < policy_.max_delay;
       ++i)
    ceiling *= 2;
  ceiling = std::min(ceiling, policy_.max_delay);
  const auto half = ceiling / 2;
  std::lock_guard lock(mu_);
  return half + Millis{static_cast<Millis::rep>(util::splitmix64(rng_state_) %
                                                (static_cast<std::uint64_t>(half.count()) + 1))};
}

void Client::add_waited(Millis d) {
  std::lock_guard lock(mu_);
  waited_ += d;
}

int Client::attempts() const {
  std::lock_guard lock(mu_);
  return attempts_;
}

Millis Client::waited() const {
  std::lock_guard lock(mu_);
  return waited_;
}

}  // namespace cxsched::http
