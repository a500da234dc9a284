#include <cxsched/util/task_pool.hpp>

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <vector>

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

TEST_CASE("a ramp widens after clean rounds, holds after retries, and drops to one at a 429") {
  using Round = util::Ramp::Round;
  const auto widths = [](util::Ramp ramp, const std::vector<Round>& rounds) {
    std::vector<int> out{ramp.width()};
    for (auto r : rounds) {
      ramp.finished(r);
      out.push_back(ramp.width());
    }
    return out;
  };
  const std::vector<Round> clean(8, Round::clean);
  SECTION("half as wide again after each clean round, at least one more, up to the most") {
    CHECK(widths(util::Ramp(4), clean) == std::vector<int>{1, 2, 3, 4, 4, 4, 4, 4, 4});
    CHECK(widths(util::Ramp(16), clean) == std::vector<int>{1, 2, 3, 4, 6, 9, 13, 16, 16});
    CHECK(widths(util::Ramp(1), clean) == std::vector<int>(9, 1));
    CHECK(util::Ramp(0).width() == 1);
    CHECK(widths(util::Ramp(0), {Round::clean}) == std::vector<int>{1, 1});
  }
  SECTION("a round that needed a retry keeps its width") {
    CHECK(widths(util::Ramp(8), {Round::clean, Round::retried, Round::clean, Round::retried}) ==
          std::vector<int>{1, 2, 2, 3, 3});
  }
  SECTION("a round refused for the rate drops to one at a time for good") {
    CHECK(widths(util::Ramp(4), {Round::clean, Round::clean, Round::rate_limited, Round::clean,
                                 Round::clean, Round::retried}) ==
          std::vector<int>{1, 2, 3, 1, 1, 1, 1});
    CHECK(widths(util::Ramp(4), {Round::rate_limited, Round::clean}) ==
          std::vector<int>{1, 1, 1});
  }
  SECTION("what a limit no one announced sees: the round crossing it sends the only 429s") {
    // Jobs sent before the round that first sends more than `limit` in all,
    // and how many of that round go past the limit.
    const auto crossing = [](int most, int limit) {
      util::Ramp ramp(most);
      int sent = 0;
      while (sent + ramp.width() <= limit) {
        sent += ramp.width();
        ramp.finished(Round::clean);
      }
      return sent + ramp.width() - limit;
    };
    // 5 per window, 4 at most: rounds of 1, 2, 3; the third meets one 429,
    // as a client reading one page at a time would meet the first.
    CHECK(crossing(4, 5) == 1);
    for (int limit = 1; limit <= 40; ++limit) CHECK(crossing(4, limit) <= 4);
    // Below the width of the pool the ramp keeps the 429s under one per job.
    for (int limit = 1; limit <= 5; ++limit) CHECK(crossing(16, limit) <= 3);
  }
}
