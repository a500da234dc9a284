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

}  // namespace cxsched::util
