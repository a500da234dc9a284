#include <cxsched/ops/watch.hpp>

#include "api/fake_platform.hpp"

#include <catch2/catch.hpp>

#include <utility>

using namespace cxsched;
using namespace std::chrono_literals;
using ops::WatchOutcome;
using util::Millis;

namespace {

std::string campaign_body(const std::string& id, const std::string& status,
                          const std::string& reason = {}) {
  std::string body = R"({"id":")" + id + R"(","name":"N_)" + id + R"(","status":")" + status + '"';
  if (!reason.empty()) body += R"(,"statusReason":")" + reason + '"';
  return body + "}";
}

// The transport, client, token source and API, with the client's deadline
// set `budget` after the fake clock's start (none when zero).
struct Fixture : api::testing::FakePlatform {
  explicit Fixture(Millis budget = Millis{0}) : FakePlatform(budget, 7) {}

  // Answers GETs of `id` with `statuses` in turn, the last one forever, and
  // records the fake time of each poll.
  void script(const std::string& id, std::vector<std::string> statuses, std::string reason = {}) {
    auto seq = std::make_shared<std::vector<std::string>>(std::move(statuses));
    auto next = std::make_shared<std::size_t>(0);
    transport.handle("GET", "/api/v2/campaigns/" + id,
                     [this, id, seq, next, reason](const http::Request&) -> Result<http::Response> {
                       poll_times[id].push_back(clock.steady_now());
                       const auto& s = (*seq)[std::min(*next, seq->size() - 1)];
                       ++*next;
                       return http::Response{200, {}, campaign_body(id, s, reason)};
                     },
                     -1);
  }

  std::vector<Millis> gaps(const std::string& id) {
    std::vector<Millis> out;
    const auto& at = poll_times[id];
    for (std::size_t i = 1; i < at.size(); ++i)
      out.push_back(std::chrono::duration_cast<Millis>(at[i] - at[i - 1]));
    return out;
  }

  ops::WatchOptions options() const {
    ops::WatchOptions o;
    o.deadline = deadline;
    o.seed = 99;
    return o;
  }

  Millis since_start() const {
    return std::chrono::duration_cast<Millis>(clock.steady_now() - start);
  }

  util::SteadyTime start = clock.steady_now();
  std::map<std::string, std::vector<util::SteadyTime>> poll_times;
};

struct Recorder final : ops::WatchObserver {
  std::vector<std::string> events;
  std::vector<std::string> finished;
  int ticks = 0;
  void on_status(const ops::WatchedCampaign& c, std::string_view from) override {
    events.push_back(c.id + " " + std::string(from.empty() ? "-" : from) + "->" + c.status + " @" +
                     std::to_string(c.elapsed.count()));
  }
  void on_finished(const ops::WatchedCampaign& c) override {
    finished.push_back(c.id + " " + ops::to_string(c.outcome));
  }
  void on_tick(std::span<const ops::WatchedCampaign>, Millis) override { ++ticks; }
};

std::vector<std::string> ids(std::initializer_list<const char*> list) {
  return {list.begin(), list.end()};
}

}  // namespace

TEST_CASE("A watch reports the first status and each transition until the wanted status") {
  Fixture f(10min);
  f.script("c-1", {"SCHEDULED", "ACTIVATING", "ACTIVATING", "ACTIVE"});
  Recorder rec;
  auto campaigns = ids({"c-1"});
  auto r = ops::watch_campaigns(f.platform, f.clock, campaigns, f.options(), &rec);
  REQUIRE(r);
  REQUIRE(r->size() == 1);
  const auto& c = r->front();
  CHECK(c.outcome == WatchOutcome::reached);
  CHECK(c.status == "ACTIVE");
  CHECK(c.name == "N_c-1");
  CHECK(c.polls == 4);
  // Polls at 0, +2 s (after the first status), +2 s (after a change), then
  // 1.5..2x that since nothing changed.
  auto gaps = f.gaps("c-1");
  REQUIRE(gaps.size() == 3);
  CHECK(gaps[0] == 2s);
  CHECK(gaps[1] == 2s);
  CHECK(gaps[2] >= 3s);
  CHECK(gaps[2] <= 4s);
  REQUIRE(rec.events.size() == 3);
  CHECK(rec.events[0] == "c-1 -->SCHEDULED @0");
  CHECK(rec.events[1] == "c-1 SCHEDULED->ACTIVATING @2000");
  CHECK(rec.events[2].starts_with("c-1 ACTIVATING->ACTIVE @"));
  CHECK(rec.finished == std::vector<std::string>{"c-1 reached"});
  CHECK(ops::watch_failure(*r) == std::nullopt);
  CHECK(f.transport.unexpected().empty());
}

TEST_CASE("A watch ends exactly at the deadline with the last status seen") {
  Fixture f(10s);
  f.script("c-1", {"ACTIVATING"});
  Recorder rec;
  auto campaigns = ids({"c-1"});
  auto r = ops::watch_campaigns(f.platform, f.clock, campaigns, f.options(), &rec);
  REQUIRE(r);
  const auto& c = r->front();
  CHECK(c.outcome == WatchOutcome::timeout);
  CHECK(c.status == "ACTIVATING");
  CHECK(f.since_start() == 10s);
  CHECK(f.clock.slept() == 10s);
  CHECK(c.elapsed == 10s);
  CHECK(ops::watch_failure(*r) == ErrorKind::deadline);
  CHECK(rec.finished == std::vector<std::string>{"c-1 timeout"});
  for (auto t : f.poll_times["c-1"]) CHECK(t < f.start + 10s);
}

TEST_CASE("The poll delay grows by 1.5 to 2 times and is capped") {
  Fixture f(20min);
  f.script("c-1", {"ACTIVATING"});
  auto campaigns = ids({"c-1"});
  auto r = ops::watch_campaigns(f.platform, f.clock, campaigns, f.options());
  REQUIRE(r);
  auto gaps = f.gaps("c-1");
  REQUIRE(gaps.size() > 10);
  CHECK(gaps[0] == 2s);
  bool capped = false;
  for (std::size_t i = 1; i < gaps.size(); ++i) {
    INFO("gap " << i << ": " << gaps[i].count() << " ms after " << gaps[i - 1].count());
    CHECK(gaps[i] <= 30s);
    if (gaps[i - 1] * 2 <= 30s) {
      CHECK(gaps[i].count() >= gaps[i - 1].count() * 3 / 2);
      CHECK(gaps[i].count() <= gaps[i - 1].count() * 2 + 1);
    }
    capped = capped || gaps[i] == 30s;
  }
  CHECK(capped);
  CHECK(gaps.back() == 30s);
}

TEST_CASE("next_poll_delay draws its factor within the bounds") {
  ops::WatchOptions o;
  CHECK(ops::next_poll_delay(0ms, 0.5, o) == o.interval);
  CHECK(ops::next_poll_delay(1000ms, 0.9, o) == o.interval);
  CHECK(ops::next_poll_delay(4000ms, 0.0, o) == 6000ms);
  CHECK(ops::next_poll_delay(4000ms, 1.0, o) == 8000ms);
  CHECK(ops::next_poll_delay(4000ms, 0.5, o) == 7000ms);
  CHECK(ops::next_poll_delay(20000ms, 0.0, o) == 30000ms);
  CHECK(ops::next_poll_delay(30000ms, 1.0, o) == 30000ms);

  SECTION("different seeds give different schedules, the same seed the same") {
    auto gaps_for = [](std::uint64_t seed) {
      Fixture f(5min);
      f.script("c-1", {"ACTIVATING"});
      auto seeded = f.options();
      seeded.seed = seed;
      auto campaigns = ids({"c-1"});
      REQUIRE(ops::watch_campaigns(f.platform, f.clock, campaigns, seeded));
      return f.gaps("c-1");
    };
    CHECK(gaps_for(1) == gaps_for(1));
    CHECK(gaps_for(1) != gaps_for(2));
  }
}

TEST_CASE("A terminal status other than the wanted one ends the watch with its reason") {
  Fixture f(10min);
  f.script("c-1", {"ACTIVATING", "FAILED"}, "queue queue_x does not exist");
  auto campaigns = ids({"c-1"});
  auto r = ops::watch_campaigns(f.platform, f.clock, campaigns, f.options());
  REQUIRE(r);
  CHECK(r->front().outcome == WatchOutcome::terminal);
  CHECK(r->front().status == "FAILED");
  CHECK(r->front().status_reason == "queue queue_x does not exist");
  CHECK(ops::watch_failure(*r) == ErrorKind::terminal_status);

  SECTION("but a terminal status that is wanted is reached") {
    Fixture g(10min);
    g.script("c-2", {"ACTIVE", "COMPLETED"});
    auto o = g.options();
    o.wanted = "COMPLETED";
    auto two = ids({"c-2"});
    auto r2 = ops::watch_campaigns(g.platform, g.clock, two, o);
    REQUIRE(r2);
    CHECK(r2->front().outcome == WatchOutcome::reached);
  }
}

TEST_CASE("A platform that keeps failing gives unavailable, not a timeout") {
  SECTION("5xx until the retries run out") {
    Fixture f(10min);
    f.transport.handle("GET", "/api/v2/campaigns/c-1",
                       [](const http::Request&) -> Result<http::Response> {
                         return http::Response{503, {}, "{}"};
                       },
                       -1);
    f.script("c-2", {"ACTIVATING"});
    auto campaigns = ids({"c-1", "c-2"});
    auto r = ops::watch_campaigns(f.platform, f.clock, campaigns, f.options());
    REQUIRE(r);
    CHECK((*r)[0].outcome == WatchOutcome::unavailable);
    REQUIRE((*r)[0].error);
    CHECK((*r)[0].error->kind == ErrorKind::unavailable);
    CHECK((*r)[1].outcome == WatchOutcome::unavailable);
    CHECK(ops::watch_failure(*r) == ErrorKind::unavailable);
    CHECK(f.since_start() < 10min);
  }
  SECTION("a 429 storm is cut at the watch deadline") {
    Fixture f(45s);
    int polls = 0;
    f.transport.handle("GET", "/api/v2/campaigns/c-1",
                       [&polls](const http::Request&) -> Result<http::Response> {
                         ++polls;
                         if (polls == 1)
                           return http::Response{200, {}, campaign_body("c-1", "ACTIVATING")};
                         return http::Response{429, {{"Retry-After", "20"}}, "{}"};
                       },
                       -1);
    auto campaigns = ids({"c-1"});
    auto r = ops::watch_campaigns(f.platform, f.clock, campaigns, f.options());
    REQUIRE(r);
    CHECK(r->front().outcome == WatchOutcome::unavailable);
    CHECK(r->front().status == "ACTIVATING");
    CHECK(f.since_start() <= 45s);
    CHECK(ops::watch_failure(*r) == ErrorKind::unavailable);
  }
}

TEST_CASE("A poll the deadline cuts before the platform answers ends the watch as a timeout") {
  // The second poll starts with little time left, and gets no answer before
  // the deadline: the platform failed nothing, so it is the deadline's (as
  // the loop would have said a moment later), not "unavailable".
  Fixture f(2s);
  int polls = 0;
  f.transport.handle("GET", "/api/v2/campaigns/c-1",
                     [&](const http::Request&) -> Result<http::Response> {
                       if (++polls == 1)
                         return http::Response{200, {}, campaign_body("c-1", "ACTIVATING")};
                       f.clock.advance(f.transport.sent().back().timeout);
                       return std::unexpected(Error{ErrorKind::unavailable, "no answer in time"});
                     },
                     -1);
  auto campaigns = ids({"c-1"});
  auto options = f.options();
  options.interval = 1500ms;  // the second poll at 1.5 s, with 0.5 s left
  auto r = ops::watch_campaigns(f.platform, f.clock, campaigns, options);
  REQUIRE(r);
  CHECK(polls == 2);
  CHECK(r->front().outcome == WatchOutcome::timeout);
  CHECK(r->front().status == "ACTIVATING");
  CHECK(ops::watch_failure(*r) == ErrorKind::deadline);
}

TEST_CASE("An unknown id ends only its own watch") {
  Fixture f(10min);
  f.transport.handle("GET", "/api/v2/campaigns/nope",
                     [](const http::Request&) -> Result<http::Response> {
                       return http::Response{404, {}, R"({"code":"not_found"})"};
                     },
                     -1);
  f.script("c-1", {"ACTIVATING", "ACTIVE"});
  auto campaigns = ids({"nope", "c-1"});
  auto r = ops::watch_campaigns(f.platform, f.clock, campaigns, f.options());
  REQUIRE(r);
  CHECK((*r)[0].outcome == WatchOutcome::error);
  REQUIRE((*r)[0].error);
  CHECK((*r)[0].error->kind == ErrorKind::not_found);
  CHECK((*r)[1].outcome == WatchOutcome::reached);
  CHECK(f.transport.count("GET", "/api/v2/campaigns/nope") == 1);
  CHECK(ops::watch_failure(*r) == ErrorKind::not_found);
}

TEST_CASE("Several campaigns combine as unavailable, then terminal, then timeout") {
  ops::WatchedCampaign reached, terminal, timeout, unavailable;
  reached.outcome = WatchOutcome::reached;
  terminal.outcome = WatchOutcome::terminal;
  timeout.outcome = WatchOutcome::timeout;
  unavailable.outcome = WatchOutcome::unavailable;
  using V = std::vector<ops::WatchedCampaign>;
  CHECK(ops::watch_failure(V{reached, reached}) == std::nullopt);
  CHECK(ops::watch_failure(V{reached, timeout}) == ErrorKind::deadline);
  CHECK(ops::watch_failure(V{timeout, terminal, reached}) == ErrorKind::terminal_status);
  CHECK(ops::watch_failure(V{terminal, unavailable, timeout}) == ErrorKind::unavailable);

  SECTION("in one loop: the finished campaign stops being polled") {
    Fixture f(60s);
    f.script("a", {"ACTIVE"});
    f.script("b", {"ACTIVATING"});
    f.script("c", {"ACTIVATING", "CANCELED"});
    auto campaigns = ids({"a", "b", "c"});
    auto r = ops::watch_campaigns(f.platform, f.clock, campaigns, f.options());
    REQUIRE(r);
    CHECK((*r)[0].outcome == WatchOutcome::reached);
    CHECK((*r)[1].outcome == WatchOutcome::timeout);
    CHECK((*r)[2].outcome == WatchOutcome::terminal);
    CHECK(f.poll_times["a"].size() == 1);
    CHECK(f.poll_times["c"].size() == 2);
    CHECK(f.since_start() == 60s);
    CHECK(ops::watch_failure(*r) == ErrorKind::terminal_status);
  }
}

TEST_CASE("With a tick the watch wakes at least that often for live views") {
  Fixture f(5s);
  f.script("c-1", {"ACTIVATING"});
  auto o = f.options();
  o.tick = 250ms;
  Recorder rec;
  auto campaigns = ids({"c-1"});
  auto r = ops::watch_campaigns(f.platform, f.clock, campaigns, o, &rec);
  REQUIRE(r);
  CHECK(rec.ticks == 20);
  CHECK(f.since_start() == 5s);
  CHECK(f.poll_times["c-1"].size() == 2);
}

TEST_CASE("A watch refuses malformed options before any request") {
  Fixture f(1min);
  auto o = f.options();
  auto campaigns = ids({"c-1"});
  SECTION("an unknown status") { o.wanted = "RUNNING"; }
  SECTION("a zero interval") { o.interval = 0ms; }
  SECTION("a cap below the interval") { o.max_interval = 1s; }
  auto r = ops::watch_campaigns(f.platform, f.clock, campaigns, o);
  REQUIRE_FALSE(r);
  CHECK(r.error().kind == ErrorKind::usage);
  CHECK(f.transport.sent().empty());
}
