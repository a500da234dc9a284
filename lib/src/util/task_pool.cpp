#include <cxsched/util/task_pool.hpp>

#include <algorithm>

namespace cxsched::util {

TaskPool::TaskPool(int threads) : size_(std::max(threads, 1)) {}

TaskPool::~TaskPool() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  ready_.notify_all();
  for (auto& t : threads_) t.join();
}

void TaskPool::post(std::function<void()> job) {
  {
    std::lock_guard lock(mu_);
    jobs_.push_back(std::move(job));
    // A new thread only when the idle ones cannot take every queued job, up
    // to the size: a pool never used in parallel stays at one thread.
    if (static_cast<int>(jobs_.size()) > idle_ && static_cast<int>(threads_.size()) < size_)
      threads_.emplace_back([this] { work(); });
  }
  ready_.notify_one();
}

void TaskPool::work() {
  std::unique_lock lock(mu_);
  for (;;) {
    ++idle_;
    ready_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
    --idle_;
    if (jobs_.empty()) return;  // stopping, nothing left
    auto job = std::move(jobs_.front());
    jobs_.pop_front();
    lock.unlock();
    job();
    lock.lock();
  }
}

Ramp::Ramp(int most) : most_(std::max(most, 1)) {}

void Ramp::finished(Round how) {
  if (how == Round::rate_limited) limited_ = true;
  if (limited_) {
    width_ = 1;
    return;
  }
  if (how == Round::clean) width_ = std::min(most_, width_ + std::max(1, width_ / 2));
}

}  // namespace cxsched::util
