#include <cxsched/schedule/conflict.hpp>

#include <algorithm>
#include <memory>
#include <optional>

#include <cxsched/schedule/expand.hpp>
#include <cxsched/schedule/zone.hpp>

namespace cxsched::schedule {

namespace {

constexpr date::days kWeek{7};
// Around a change of a zone's offset and around an excluded day a schedule is
// not weekly periodic: this much either side is read day by day. Windows lie
// within one local day and offsets within a day of UTC, so 3 days is ample.
constexpr date::days kAround{3};
// Stretches this long or longer are read one week and multiplied.
constexpr date::days kPeriodicFrom{14};

bool spans_meet(const Schedule& a, const Schedule& b) {
  return a.start < b.end && b.start < a.end && a.start < a.end && b.start < b.end;
}

// Calls `sink` with the overlap of `x` and each of the sorted, disjoint
// intervals `other` meets, from `pos` on (advanced past those ending before x).
template <class Sink>
void overlaps_of(const std::vector<Interval>& other, std::size_t& pos, Interval x, Sink&& sink) {
  while (pos < other.size() && other[pos].end <= x.start) ++pos;
  for (std::size_t q = pos; q < other.size() && other[q].start < x.end; ++q) {
    Interval overlap{std::max(x.start, other[q].start), std::min(x.end, other[q].end)};
    if (!overlap.empty()) sink(overlap);
  }
}

}  // namespace

// The sweep's own types, members of ConflictSweep::State (not anonymous: a
// class with external linkage cannot hold a member of internal linkage).
namespace sweep {

// The overlaps of one pair, fed in time order, possibly cut where the
// timeline was split: pieces that touch are one overlap. (Two overlaps of
// merged intervals never touch, so each overlap is one pair of intervals.)
class Tally {
 public:
  explicit Tally(Conflict& c) : c_(&c) {}

  void add(Interval piece) {
    if (piece.empty()) return;
    if (c_->overlaps > 0 && piece.start == last_end_) {
      if (c_->overlaps == 1 && c_->first.end == last_end_) c_->first.end = piece.end;
    } else {
      if (c_->overlaps == 0) c_->first = piece;
      ++c_->overlaps;
    }
    c_->overlap_seconds += (piece.end - piece.start).count();
    last_end_ = piece.end;
  }

  // The overlaps of [p, q), weekly periodic there, from those of its first
  // week (`week`, within [p, p + 7 days)); q - p is at least two weeks.
  void add_weeks(const std::vector<Interval>& week, Seconds p, Seconds q) {
    if (week.empty()) return;
    for (const auto& x : week) add(x);
    const std::int64_t weeks = (q - p) / kWeek;
    const bool wraps = week.front().start == p && week.back().end == p + kWeek;
    const auto fresh = static_cast<std::int64_t>(week.size()) - (wraps ? 1 : 0);
    std::int64_t seconds = 0;
    for (const auto& x : week) seconds += (x.end - x.start).count();
    const bool first_grows = fresh == 0 && c_->overlaps == 1 && c_->first.end == last_end_;
    c_->overlaps += static_cast<std::size_t>((weeks - 1) * fresh);
    c_->overlap_seconds += (weeks - 1) * seconds;
    last_end_ = week.back().end + (weeks - 1) * kWeek;
    if (first_grows) c_->first.end = last_end_;
    const auto shift = weeks * kWeek;
    for (const auto& x : week) {
      Interval y{x.start + shift, std::min(Seconds{x.end + shift}, q)};
      if (y.start >= q) break;
      add(y);
    }
  }

 private:
  Conflict* c_;
  Seconds last_end_ = Seconds::min();
};

// The instants, within `over`, at which each zone's offset or rule changes.
class Transitions {
 public:
  explicit Transitions(Interval over) : over_(over) {}

  const std::vector<Seconds>& of(const date::time_zone* zone) {
    zone = zone_or_utc(zone);
    for (const auto& [z, list] : cache_)
      if (z == zone) return list;
    std::vector<Seconds> list;
    auto info = zone_info(zone, over_.start);
    while (info.end < over_.end) {
      list.push_back(info.end);
      info = zone_info(zone, info.end);
    }
    cache_.emplace_back(zone, std::move(list));
    return cache_.back().second;
  }

 private:
  Interval over_;
  std::vector<std::pair<const date::time_zone*, std::vector<Seconds>>> cache_;
};

}  // namespace sweep

namespace {

using sweep::Tally;
using sweep::Transitions;

// Where `s` is not weekly periodic, as it runs in UTC: around each change
// of its zone and each excluded day.
void add_rough(const Schedule& s, Transitions& transitions, std::vector<Interval>& out) {
  for (Seconds t : transitions.of(s.zone)) out.push_back({t - kAround, t + kAround});
  if (s.windows.empty()) return;  // continuous: exclusions do not apply
  for (date::local_days d : s.exclude_dates) {
    const Seconds day{d.time_since_epoch()};
    out.push_back({day - kAround, day + date::days{1} + kAround});
  }
}

}  // namespace

bool conflicting_status(std::string_view status) {
  return status == "ACTIVE" || status == "ACTIVATING" || status == "SCHEDULED";
}

bool in_scope(const Schedule& a, const Schedule& b, ConflictScope scope) {
  switch (scope) {
    case ConflictScope::all: return true;
    case ConflictScope::queue: return !a.queue_id.empty() && a.queue_id == b.queue_id;
    case ConflictScope::skill: return !a.skill.empty() && a.skill == b.skill;
  }
  return true;
}

// The sweep's state: the new schedules expanded once, and the buffers each
// existing schedule reuses.
struct ConflictSweep::State {
  std::span<const Schedule> news;
  ConflictScope scope;
  std::vector<Conflict> out;
  std::vector<std::vector<Interval>> expanded;
  std::optional<Transitions> transitions;  // none when no new schedule has an interval
  std::vector<std::vector<Interval>> news_rough;
  std::vector<std::size_t> partners, pos;
  std::vector<Conflict> found;
  std::vector<Tally> tallies;
  std::vector<std::vector<Interval>> week;
  std::vector<Interval> rough;
  std::vector<Seconds> cuts;
};

ConflictSweep::ConflictSweep(std::span<const Schedule> news, ConflictScope scope)
    : s_(std::make_unique<State>()) {
  State& st = *s_;
  st.news = news;
  st.scope = scope;
  auto& expanded = st.expanded;
  expanded.reserve(news.size());
  for (const auto& s : news) expanded.push_back(expand(s));

  for (std::size_t i = 0; i < news.size(); ++i) {
    for (std::size_t j = i + 1; j < news.size(); ++j) {
      if (!in_scope(news[i], news[j], scope) || !spans_meet(news[i], news[j])) continue;
      Conflict c{i, j, {}, 0, 0};
      Tally tally(c);
      std::size_t pos = 0;
      for (const auto& x : expanded[j])
        overlaps_of(expanded[i], pos, x, [&](Interval o) { tally.add(o); });
      if (c.overlaps > 0) st.out.push_back(c);
    }
  }

  // Existing campaigns are read against the new ones in stretches: where
  // every schedule involved is weekly periodic (no change of offset, no
  // excluded day, no start or end) one week is read and multiplied, the
  // rest day by day.
  Interval all{Seconds::max(), Seconds::min()};
  for (const auto& iv : expanded) {
    if (iv.empty()) continue;
    all.start = std::min(all.start, iv.front().start);
    all.end = std::max(all.end, iv.back().end);
  }
  if (all.empty()) return;
  st.transitions.emplace(Interval{all.start - kAround, all.end + kAround});
  st.news_rough.resize(news.size());
  for (std::size_t i = 0; i < news.size(); ++i)
    add_rough(news[i], *st.transitions, st.news_rough[i]);
}

ConflictSweep::~ConflictSweep() = default;

void ConflictSweep::add(const Schedule& old, std::size_t e) {
  State& st = *s_;
  if (!st.transitions) return;
  const auto news = st.news;
  const auto& expanded = st.expanded;
  auto& partners = st.partners;
  auto& pos = st.pos;
  auto& found = st.found;
  auto& tallies = st.tallies;
  auto& week = st.week;
  auto& rough = st.rough;
  auto& cuts = st.cuts;
  partners.clear();
  Interval hull{Seconds::max(), Seconds::min()};
  for (std::size_t i = 0; i < news.size(); ++i) {
    if (expanded[i].empty() || !spans_meet(news[i], old) || !in_scope(news[i], old, st.scope))
      continue;
    partners.push_back(i);
    hull.start = std::min(hull.start, expanded[i].front().start);
    hull.end = std::max(hull.end, expanded[i].back().end);
  }
  const Interval range{std::max(hull.start, old.start), std::min(hull.end, old.end)};
  if (partners.empty() || range.empty()) return;
  found.assign(partners.size(), Conflict{});
  tallies.clear();
  for (std::size_t k = 0; k < partners.size(); ++k) {
    found[k].a = partners[k];
    found[k].b = news.size() + e;
    tallies.emplace_back(found[k]);
  }
  pos.assign(partners.size(), 0);
  week.resize(partners.size());

  Expander stream(old, range);
  // Every overlap of `old` with the partners within [p, q), to `sink`.
  const auto read = [&](Seconds p, Seconds q, auto&& sink) {
    stream.restart({p, q});
    for (std::size_t k = 0; k < partners.size(); ++k) {
      const auto& iv = expanded[partners[k]];
      pos[k] = static_cast<std::size_t>(
          std::partition_point(iv.begin(), iv.end(),
                               [p](const Interval& i) { return i.end <= p; }) -
          iv.begin());
    }
    while (auto x = stream.next())
      for (std::size_t k = 0; k < partners.size(); ++k)
        overlaps_of(expanded[partners[k]], pos[k], *x, [&](Interval o) { sink(k, o); });
  };
  const auto day_by_day = [&](Seconds p, Seconds q) {
    read(p, q, [&](std::size_t k, Interval o) { tallies[k].add(o); });
  };
  const auto regular = [&](Seconds p, Seconds q) {
    for (auto it = std::upper_bound(cuts.begin(), cuts.end(), p);; ++it) {
      const Seconds to = it != cuts.end() && *it < q ? *it : q;
      if (to - p < kPeriodicFrom) {
        day_by_day(p, to);
      } else {
        for (auto& w : week) w.clear();
        read(p, p + kWeek, [&](std::size_t k, Interval o) { week[k].push_back(o); });
        for (std::size_t k = 0; k < partners.size(); ++k) tallies[k].add_weeks(week[k], p, to);
      }
      if (to == q) return;
      p = to;
    }
  };

  rough.clear();
  cuts.clear();
  add_rough(old, *st.transitions, rough);
  for (std::size_t i : partners) {
    rough.insert(rough.end(), st.news_rough[i].begin(), st.news_rough[i].end());
    cuts.push_back(news[i].start);
    cuts.push_back(news[i].end);
  }
  std::sort(rough.begin(), rough.end(),
            [](const Interval& l, const Interval& r) { return l.start < r.start; });
  std::sort(cuts.begin(), cuts.end());
  Seconds t = range.start;
  for (std::size_t r = 0; r < rough.size() && t < range.end;) {
    Interval piece = rough[r++];
    while (r < rough.size() && rough[r].start <= piece.end)
      piece.end = std::max(piece.end, rough[r++].end);
    piece.start = std::max(piece.start, t);
    piece.end = std::min(piece.end, range.end);
    if (piece.empty()) continue;
    if (t < piece.start) regular(t, piece.start);
    day_by_day(piece.start, piece.end);
    t = piece.end;
  }
  if (t < range.end) regular(t, range.end);

  for (const auto& c : found)
    if (c.overlaps > 0) st.out.push_back(c);
}

std::vector<Conflict> ConflictSweep::finish() && {
  auto out = std::move(s_->out);
  std::sort(out.begin(), out.end(),
            [](const Conflict& l, const Conflict& r) { return l.a != r.a ? l.a < r.a : l.b < r.b; });
  return out;
}

std::vector<Conflict> find_conflicts(std::span<const Schedule> news,
                                     std::span<const Schedule> existing, ConflictScope scope) {
  ConflictSweep sweep(news, scope);
  for (std::size_t e = 0; e < existing.size(); ++e) sweep.add(existing[e], e);
  return std::move(sweep).finish();
}

}  // namespace cxsched::schedule
