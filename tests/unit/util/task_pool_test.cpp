#include <cxsched/util/task_pool.hpp>

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>

using namespace cxsched;
using namespace std::chrono_literals;

TEST_CASE("a task pool runs up to its size at once, returns results, and is reusable") {
  util::TaskPool pool(3);
  CHECK(pool.size() == 3);
  std::mutex mu;
  std::condition_variable cv;
  int running = 0;
  int most = 0;
  // Each job waits (up to 5 s) until three run together, so the pool must
  // run three at once; never more than three.
  auto job = [&](int n) {
    std::unique_lock lock(mu);
    ++running;
    most = std::max(most, running);
    cv.notify_all();
    cv.wait_for(lock, 5s, [&] { return most >= 3; });
    --running;
    return n * 10;
  };
  for (int round = 0; round < 2; ++round) {
    std::vector<std::future<int>> results;
    for (int n = 0; n < 6; ++n) results.push_back(pool.submit([&job, n] { return job(n); }));
    for (int n = 0; n < 6; ++n) CHECK(results[static_cast<std::size_t>(n)].get() == n * 10);
  }
  CHECK(most == 3);
  CHECK(util::TaskPool(0).size() == 1);
}
