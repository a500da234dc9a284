#include <cxsched/http/transport.hpp>

#include "http/text.hpp"

#include <condition_variable>
#include <deque>
#include <mutex>

namespace cxsched::http {

std::optional<std::string_view> Response::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (detail::iequals(key, name)) return std::string_view(value);
  }
  return std::nullopt;
}

Error not_sent_error(std::string_view host, std::string_view detail) {
  std::string message("could not connect to ");
  message.append(host).append(": ").append(detail);
  return Error{ErrorKind::unavailable, std::move(message), Cause::not_sent};
}

bool is_not_sent(const Error& error) {
  return error.cause == Cause::not_sent || error.cause == Cause::unreachable;
}

Error tls_error(std::string_view host, std::string_view detail) {
  std::string message("TLS with ");
  message.append(host).append(" failed: ").append(detail);
  message += " (check --ca-bundle, or the certificate the server presents)";
  return Error{ErrorKind::unavailable, std::move(message), Cause::tls};
}

bool is_tls_failure(const Error& error) { return error.cause == Cause::tls; }

Error final_error(std::string_view host, std::string_view detail) {
  std::string message("cannot reach ");
  message.append(host).append(": ").append(detail);
  return Error{ErrorKind::unavailable, std::move(message), Cause::unreachable};
}

bool is_final(const Error& error) { return error.cause == Cause::unreachable; }

namespace {

class PooledExchange final : public Exchange {
 public:
  PooledExchange(Transport& transport, util::TaskPool& pool)
      : transport_(transport), pool_(pool), state_(std::make_shared<State>()) {}
  ~PooledExchange() override {
    std::unique_lock lock(state_->mu);
    state_->changed.wait(lock, [this] { return state_->running == 0; });
  }
  PooledExchange(const PooledExchange&) = delete;
  PooledExchange& operator=(const PooledExchange&) = delete;

  void start(std::uint64_t tag, Request request, util::Millis timeout) override {
    {
      std::lock_guard lock(state_->mu);
      ++state_->running;
    }
    ++busy_;
    pool_.submit([&transport = transport_, state = state_, tag, request = std::move(request),
                  timeout] {
      auto result = transport.perform(request, timeout);
      {
        std::lock_guard lock(state->mu);
        state->done.emplace_back(tag, std::move(result));
        --state->running;
      }
      state->changed.notify_all();
    });
  }

  std::pair<std::uint64_t, Result<Response>> wait() override {
    std::unique_lock lock(state_->mu);
    state_->changed.wait(lock, [this] { return !state_->done.empty(); });
    auto out = std::move(state_->done.front());
    state_->done.pop_front();
    --busy_;
    return out;
  }

  std::size_t busy() const override { return busy_; }
  std::size_t ready() const override {
    std::lock_guard lock(state_->mu);
    return state_->done.size();
  }

 private:
  struct State {
    std::mutex mu;
    std::condition_variable changed;
    std::deque<std::pair<std::uint64_t, Result<Response>>> done;
    int running = 0;
  };
  Transport& transport_;
  util::TaskPool& pool_;
  std::shared_ptr<State> state_;
  std::size_t busy_ = 0;
};

}  // namespace

std::unique_ptr<Exchange> pooled_exchange(Transport& transport, util::TaskPool& pool) {
  return std::make_unique<PooledExchange>(transport, pool);
}

}  // namespace cxsched::http
