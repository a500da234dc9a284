// Client::Batch: requests sent together from one thread, each through the
// client's retry policy and pacing (client.cpp).
#include <cxsched/http/client.hpp>

#include <chrono>

namespace cxsched::http {

using util::Millis;
using util::SteadyTime;

// One request of a batch.
struct Client::Batch::Item {
  std::uint64_t tag = 0;
  Request request;
  SendInfo info;
  Attempts a;
  SteadyTime sent_at{};  // of the attempt in flight
  Millis timeout{0};
  std::optional<SteadyTime> due;  // when the next attempt may go, after one that failed
};

Client::Batch::Batch(Client& client, std::unique_ptr<Exchange> exchange)
    : client_(client), exchange_(std::move(exchange)) {}

// The exchange abandons what is still in flight (over a pool: waits for it);
// each request it sends is its own copy.
Client::Batch::~Batch() = default;

std::unique_ptr<Client::Batch> Client::batch(util::TaskPool* pool) {
  auto exchange = transport_.exchange();
  if (!exchange && pool != nullptr && pool->size() > 1) exchange = pooled_exchange(transport_, *pool);
  return std::unique_ptr<Batch>(new Batch(*this, std::move(exchange)));
}

void Client::Batch::add(std::uint64_t tag, Request request) {
  auto item = std::make_unique<Item>();
  item->tag = tag;
  item->request = std::move(request);
  item->a = client_.attempts_for(item->request, Replay::safe, &item->info);
  if (auto ok = client_.check_headers(item->request, item->a.what); !ok) {
    settled_.push_back(Outcome{tag, std::unexpected(ok.error()), {}});
    return;
  }
  // A paced endpoint, or no time left: as send() would, one at a time.
  if (!exchange_ || client_.paced(item->a.what) || client_.deadline_.passed(client_.clock_)) {
    deferred_.push_back(std::move(item));
    return;
  }
  item->timeout = client_.deadline_.clamp(client_.clock_, client_.policy_.request_timeout);
  item->sent_at = client_.begin_attempt(item->request, item->a);
  exchange_->start(tag, item->request, item->timeout);
  flying_.emplace(tag, std::move(item));
}

std::optional<Client::Batch::Outcome> Client::Batch::judged(std::uint64_t tag,
                                                             Result<Response> result) {
  auto it = flying_.find(tag);
  if (it == flying_.end()) return std::nullopt;
  auto item = std::move(it->second);
  flying_.erase(it);
  client_.end_attempt(item->a, result, item->sent_at);
  Millis wait{0};
  if (auto done = client_.judge(item->a, std::move(result), item->timeout, wait))
    return Outcome{item->tag, std::move(*done), item->info};
  item->due = client_.clock_.steady_now() + wait;
  deferred_.push_back(std::move(item));
  return std::nullopt;
}

std::optional<Client::Batch::Outcome> Client::Batch::poll() {
  for (;;) {
    if (!settled_.empty()) {
      auto out = std::move(settled_.front());
      settled_.pop_front();
      return out;
    }
    if (!exchange_ || exchange_->ready() == 0) return std::nullopt;
    auto [tag, result] = exchange_->wait();  // one that is ready: no wait
    if (auto out = judged(tag, std::move(result))) return out;
  }
}

Client::Batch::Outcome Client::Batch::next() {
  for (;;) {
    if (!settled_.empty()) {
      auto out = std::move(settled_.front());
      settled_.pop_front();
      return out;
    }
    if (!flying_.empty()) {
      auto [tag, result] = exchange_->wait();
      if (auto out = judged(tag, std::move(result))) return std::move(*out);
      continue;
    }
    if (deferred_.empty()) return Outcome{};
    // Nothing in flight: the next one waits out its backoff, then goes as
    // send() sends it.
    auto item = std::move(deferred_.front());
    deferred_.pop_front();
    if (item->due) {
      const auto now = client_.clock_.steady_now();
      if (*item->due > now) client_.clock_.sleep_for(std::chrono::ceil<Millis>(*item->due - now));
    }
    auto response = client_.keep_sending(item->request, item->a);
    return Outcome{item->tag, std::move(response), item->info};
  }
}

}  // namespace cxsched::http
