#include <cxsched/schedule/conflict.hpp>

#include <algorithm>

#include <cxsched/schedule/expand.hpp>

namespace cxsched::schedule {

namespace {

bool spans_meet(const Schedule& a, const Schedule& b) {
  return a.start < b.end && b.start < a.end && a.start < a.end && b.start < b.end;
}

// Walks one stream of sorted, disjoint intervals against the sorted,
// disjoint intervals of a new schedule, recording every overlapping pair.
class PairSweep {
 public:
  PairSweep(const std::vector<Interval>& other, Conflict& out) : other_(other), out_(out) {}

  void feed(const Interval& x) {
    while (pos_ < other_.size() && other_[pos_].end <= x.start) ++pos_;
    for (std::size_t q = pos_; q < other_.size() && other_[q].start < x.end; ++q) {
      Interval overlap{std::max(x.start, other_[q].start), std::min(x.end, other_[q].end)};
      if (overlap.empty()) continue;
      if (out_.overlaps == 0) out_.first = overlap;
      ++out_.overlaps;
      out_.overlap_seconds += (overlap.end - overlap.start).count();
    }
  }

 private:
  const std::vector<Interval>& other_;
  Conflict& out_;
  std::size_t pos_ = 0;
};

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

std::vector<Conflict> find_conflicts(std::span<const Schedule> news,
                                     std::span<const Schedule> existing, ConflictScope scope) {
  std::vector<Conflict> out;
  std::vector<std::vector<Interval>> expanded;
  expanded.reserve(news.size());
  for (const auto& s : news) expanded.push_back(expand(s));

  for (std::size_t i = 0; i < news.size(); ++i) {
    for (std::size_t j = i + 1; j < news.size(); ++j) {
      if (!in_scope(news[i], news[j], scope) || !spans_meet(news[i], news[j])) continue;
      Conflict c{i, j, {}, 0, 0};
      PairSweep sweep(expanded[i], c);
      for (const auto& x : expanded[j]) sweep.feed(x);
      if (c.overlaps > 0) out.push_back(c);
    }
  }

  std::vector<std::size_t> partners;
  std::vector<Conflict> found;
  std::vector<PairSweep> sweeps;
  for (std::size_t e = 0; e < existing.size(); ++e) {
    const Schedule& old = existing[e];
    partners.clear();
    Interval hull{Seconds::max(), Seconds::min()};
    for (std::size_t i = 0; i < news.size(); ++i) {
      if (expanded[i].empty() || !spans_meet(news[i], old) || !in_scope(news[i], old, scope))
        continue;
      partners.push_back(i);
      hull.start = std::min(hull.start, expanded[i].front().start);
      hull.end = std::max(hull.end, expanded[i].back().end);
    }
    if (partners.empty()) continue;
    found.assign(partners.size(), Conflict{});
    sweeps.clear();
    for (std::size_t k = 0; k < partners.size(); ++k) {
      found[k].a = partners[k];
      found[k].b = news.size() + e;
      sweeps.emplace_back(expanded[partners[k]], found[k]);
    }
    Expander stream(old, hull);
    while (auto x = stream.next())
      for (auto& sweep : sweeps) sweep.feed(*x);
    for (const auto& c : found)
      if (c.overlaps > 0) out.push_back(c);
  }
  std::sort(out.begin(), out.end(),
            [](const Conflict& l, const Conflict& r) { return l.a != r.a ? l.a < r.a : l.b < r.b; });
  return out;
}

}  // namespace cxsched::schedule
