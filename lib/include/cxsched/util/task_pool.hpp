#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <thread>
#include <type_traits>
#include <vector>

namespace cxsched::util {

// A few worker threads running jobs in the order they were submitted, at
// most size() at once. Threads start on the first job and are reused for
// every later one, so one pool serves a whole process (the list pages of a
// command, the requests of a server). Thread-safe. The destructor finishes
// the jobs already queued, then joins.
class TaskPool {
 public:
  // `threads` below 1 is read as 1.
  explicit TaskPool(int threads);
  ~TaskPool();
  TaskPool(const TaskPool&) = delete;
  TaskPool& operator=(const TaskPool&) = delete;

  int size() const { return size_; }

  // Queues `job`; its result (or exception) arrives through the future.
  template <class F>
  auto submit(F job) -> std::future<std::invoke_result_t<F>> {
    using R = std::invoke_result_t<F>;
    auto task = std::make_shared<std::packaged_task<R()>>(std::move(job));
    auto result = task->get_future();
    post([task] { (*task)(); });
    return result;
  }

 private:
  void post(std::function<void()> job);
  void work();

  const int size_;
  std::mutex mu_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> jobs_;
  std::vector<std::thread> threads_;
  int idle_ = 0;
  bool stopping_ = false;
};

// How many jobs to start together against a server whose limit nobody has
// announced (a rate limit learned only from its first refusal). Work goes
// in rounds: the next round starts once every job of the one before it is
// done. The first round is one job; a round done entirely at the first
// attempt lets the next be half as wide again, at least one more, up to
// `most` (1, 2, 3, 4, 6, 9, 13, 16); a round that needed a retry keeps its
// width; a round refused for the rate drops to one job at a time for good.
// Only the round that crosses a limit can meet it, and with no more
// refusals than the jobs it sent past that limit: at most its width, and
// the widths stay small while little is known (a limit of 5 is crossed by
// the round of 3 that follows 1 and 2, with one refusal). Not thread-safe:
// one owner drives it.
class Ramp {
 public:
  enum class Round {
    clean,         // every job done at its first attempt
    retried,       // some job needed another attempt, none was refused for the rate
    rate_limited,  // some job was refused for the rate (a 429)
  };
  // `most` below 1 is read as 1.
  explicit Ramp(int most);
  int width() const { return width_; }
  // The round just done, of width() jobs or fewer (the last round of a
  // listing may be short; a short round that was clean still widens).
  void finished(Round how);

 private:
  int most_;
  int width_ = 1;
  bool limited_ = false;
};

}  // namespace cxsched::util
