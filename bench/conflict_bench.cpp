// Conflict checking at scale: N existing campaigns (1,000 to 100,000) with a
// daily window for a whole year (N * 365 intervals) against 10 new specs.
#include <sys/resource.h>

#include <array>
#include <random>
#include <vector>

#include <benchmark/benchmark.h>

#include <cxsched/schedule/conflict.hpp>
#include <cxsched/schedule/expand.hpp>
#include <cxsched/schedule/zone.hpp>

namespace {

using namespace cxsched::schedule;

constexpr std::size_t kNews = 10;
constexpr int kQueues = 100;

const date::time_zone* zone_named(const char* name) { return resolve_zone(name).value(); }

std::string numbered(const char* prefix, std::size_t n) {
  std::string out(prefix);
  out.append(std::to_string(n));
  return out;
}

Seconds year_start() { return date::sys_days{date::year{2027} / 1 / 1}; }
Seconds year_end() { return date::sys_days{date::year{2028} / 1 / 1}; }

std::vector<Schedule> existing_campaigns(std::size_t n) {
  const std::array<const date::time_zone*, 6> zones = {
      zone_named("America/New_York"), zone_named("America/Chicago"),
      zone_named("America/Los_Angeles"), zone_named("Europe/Berlin"),
      zone_named("Asia/Kolkata"), zone_named("Australia/Sydney")};
  std::mt19937 rng(20270101);
  std::uniform_int_distribution<int> start_min(8 * 60, 19 * 60);
  std::uniform_int_distribution<int> length(30, 120);
  std::uniform_int_distribution<int> queue(0, kQueues - 1);
  std::vector<Schedule> out(n);
  for (std::size_t i = 0; i < n; ++i) {
    Schedule& s = out[i];
    s.id = numbered("c-", i);
    s.name = numbered("existing_", i);
    s.status = "ACTIVE";
    s.queue_id = numbered("q", static_cast<std::size_t>(queue(rng)));
    s.zone = zones[i % zones.size()];
    s.start = year_start();
    s.end = year_end();
    int from = start_min(rng);
    s.windows = {Window{0x7F, from, std::min(from + length(rng), 21 * 60)}};
  }
  return out;
}

std::vector<Schedule> new_specs() {
  std::vector<Schedule> out(kNews);
  for (std::size_t i = 0; i < kNews; ++i) {
    Schedule& s = out[i];
    s.name = numbered("new_", i);
    s.queue_id = numbered("q", i);
    s.zone = zone_named("America/New_York");
    s.start = year_start();
    s.end = year_end();
    s.windows = {Window{0x1F, 9 * 60 + static_cast<int>(i) * 30, 10 * 60 + static_cast<int>(i) * 30}};
  }
  return out;
}

double peak_rss_mb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

void run(benchmark::State& state, ConflictScope scope) {
  const auto existing = existing_campaigns(static_cast<std::size_t>(state.range(0)));
  const auto news = new_specs();
  std::size_t conflicts = 0, overlaps = 0;
  for (auto _ : state) {
    auto found = find_conflicts(news, existing, scope);
    conflicts = found.size();
    overlaps = 0;
    for (const auto& c : found) overlaps += c.overlaps;
    benchmark::DoNotOptimize(found.data());
  }
  state.counters["intervals"] = static_cast<double>(existing.size() * 365);
  state.counters["conflicts"] = static_cast<double>(conflicts);
  state.counters["overlaps"] = static_cast<double>(overlaps);
  state.counters["peak_rss_MB"] = peak_rss_mb();
  state.SetComplexityN(state.range(0));
}

void BM_conflicts_all(benchmark::State& state) { run(state, ConflictScope::all); }
void BM_conflicts_queue(benchmark::State& state) { run(state, ConflictScope::queue); }

// Expansion alone: one campaign, one year of daily windows.
void BM_expand_year(benchmark::State& state) {
  auto s = existing_campaigns(1).front();
  for (auto _ : state) {
    Expander stream(s);
    std::size_t n = 0;
    while (stream.next()) ++n;
    benchmark::DoNotOptimize(n);
  }
}

}  // namespace

// Peak RSS is per process: run one size at a time (--benchmark_filter=all/100000$)
// to read it for that size.
BENCHMARK(BM_conflicts_all)
    ->Arg(1000)
    ->Arg(10000)
    ->Arg(100000)
    ->Unit(benchmark::kMillisecond)
    ->Complexity();
BENCHMARK(BM_conflicts_queue)
    ->Arg(1000)
    ->Arg(10000)
    ->Arg(100000)
    ->Unit(benchmark::kMillisecond)
    ->Complexity();
BENCHMARK(BM_expand_year)->Unit(benchmark::kMicrosecond);

BENCHMARK_MAIN();
