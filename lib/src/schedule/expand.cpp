#include <cxsched/schedule/expand.hpp>

#include <algorithm>

#include <cxsched/schedule/zone.hpp>

namespace cxsched::schedule {

namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

// Larger than any difference between two UTC offsets a zone has had, so a
// window that far inside one offset period cannot meet another period.
constexpr seconds kMargin = hours{27};

Seconds as_sys(date::local_seconds t, seconds offset) {
  return Seconds{t.time_since_epoch() - offset};
}

}  // namespace

Expander::Expander(const Schedule& schedule, std::optional<Interval> clip)
    : zone_(zone_or_utc(schedule.zone)), span_{schedule.start, schedule.end} {
  continuous_ = schedule.windows.empty();
  for (const auto& w : schedule.windows)
    for (int bit = 0; bit < 7; ++bit)
      if (w.days & (1u << bit)) by_weekday_[static_cast<std::size_t>(bit)].push_back(w);
  for (auto& day : by_weekday_)
    std::sort(day.begin(), day.end(),
              [](const Window& a, const Window& b) { return a.start_min < b.start_min; });
  excludes_ = schedule.exclude_dates;
  std::sort(excludes_.begin(), excludes_.end());
  restart(clip.value_or(span_));
}

void Expander::restart(Interval clip) {
  range_ = Interval{std::max(span_.start, clip.start), std::min(span_.end, clip.end)};
  pieces_.clear();
  pending_.reset();
  done_ = range_.empty();
  if (done_ || continuous_) return;
  refresh_segment(range_.start);
  day_ = date::floor<date::days>(date::local_seconds{range_.start.time_since_epoch() +
                                                    segment_.offset}) -
         date::days{1};
  last_day_ = local_day(range_.end, zone_) + date::days{1};
  exclude_pos_ = static_cast<std::size_t>(
      std::lower_bound(excludes_.begin(), excludes_.end(), day_) - excludes_.begin());
}

void Expander::refresh_segment(Seconds at) {
  auto info = zone_info(zone_, at);
  segment_ = Segment{info.begin, info.end, info.offset};
}

void Expander::add_piece(Interval piece) {
  piece.start = std::max(piece.start, range_.start);
  piece.end = std::min(piece.end, range_.end);
  if (piece.empty()) return;
  if (pieces_.empty() || pieces_.back().start <= piece.start) {
    pieces_.push_back(piece);
    return;
  }
  auto at = std::upper_bound(pieces_.begin(), pieces_.end(), piece,
                             [](const Interval& a, const Interval& b) { return a.start < b.start; });
  pieces_.insert(at, piece);
}

void Expander::add_window(date::local_days day, const Window& w) {
  const date::local_seconds from = day + minutes{w.start_min};
  const date::local_seconds to = day + minutes{w.end_min};
  Seconds a = as_sys(from, segment_.offset);
  Seconds b = as_sys(to, segment_.offset);
  if (segment_.begin + kMargin <= a && b + kMargin <= segment_.end) {
    add_piece({a, b});
    return;
  }
  // Near a transition: the window covers, in each offset period, the
  // instants whose local time lies in [from, to).
  auto info = zone_info(zone_, Seconds{from.time_since_epoch()} - kMargin);
  const Seconds stop = Seconds{to.time_since_epoch()} + kMargin;
  while (true) {
    Interval piece{std::max(as_sys(from, info.offset), info.begin),
                   std::min(as_sys(to, info.offset), info.end)};
    if (!piece.empty()) add_piece(piece);
    if (info.end >= stop) break;
    info = zone_info(zone_, info.end);
  }
  refresh_segment(as_sys(to, info.offset));
}

void Expander::fill_day() {
  const date::local_days day = day_;
  day_ += date::days{1};
  while (exclude_pos_ < excludes_.size() && excludes_[exclude_pos_] < day) ++exclude_pos_;
  if (exclude_pos_ < excludes_.size() && excludes_[exclude_pos_] == day) return;
  const auto bit = static_cast<std::size_t>((date::weekday{day}.c_encoding() + 6) % 7);
  for (const auto& w : by_weekday_[bit]) add_window(day, w);
}

std::optional<Interval> Expander::next() {
  if (done_) return std::nullopt;
  if (continuous_) {
    done_ = true;
    return range_;
  }
  while (true) {
    // Pieces of later days start no earlier than this, so those before it
    // are final.
    const Seconds settled = day_ > last_day_ ? Seconds::max()
                                             : Seconds{day_.time_since_epoch()} - kMargin;
    while (!pieces_.empty() && pieces_.front().start < settled) {
      Interval piece = pieces_.front();
      pieces_.pop_front();
      if (pending_ && piece.start <= pending_->end) {
        pending_->end = std::max(pending_->end, piece.end);
        continue;
      }
      std::optional<Interval> out = pending_;
      pending_ = piece;
      if (out) return out;
    }
    if (day_ > last_day_) {
      done_ = true;
      auto out = pending_;
      pending_.reset();
      return out;
    }
    fill_day();
  }
}

std::vector<Interval> expand(const Schedule& s, std::optional<Interval> clip) {
  std::vector<Interval> out;
  Expander expander(s, clip);
  while (auto interval = expander.next()) out.push_back(*interval);
  return out;
}

bool ever_opens(const Schedule& s) { return Expander(s).next().has_value(); }

std::int64_t scheduled_seconds(const Schedule& s, Interval range) {
  std::int64_t total = 0;
  Expander expander(s, range);
  while (auto interval = expander.next()) total += (interval->end - interval->start).count();
  return total;
}

std::vector<std::pair<date::local_days, std::int64_t>> scheduled_seconds_by_local_day(
    const Schedule& s, Interval range) {
  std::vector<std::pair<date::local_days, std::int64_t>> out;
  const date::time_zone* zone = zone_or_utc(s.zone);
  auto add = [&out](date::local_days day, std::int64_t secs) {
    if (secs <= 0) return;
    if (!out.empty() && out.back().first == day) {
      out.back().second += secs;
      return;
    }
    auto at = std::lower_bound(out.begin(), out.end(), day,
                               [](const auto& entry, date::local_days d) { return entry.first < d; });
    if (at != out.end() && at->first == day)
      at->second += secs;
    else
      out.insert(at, {day, secs});
  };
  Expander expander(s, range);
  while (auto interval = expander.next()) {
    Seconds t = interval->start;
    while (t < interval->end) {
      auto info = zone_info(zone, t);
      auto local = date::local_seconds{t.time_since_epoch() + info.offset};
      auto day = date::floor<date::days>(local);
      Seconds day_end = as_sys(day + date::days{1}, info.offset);
      Seconds stop = std::min({interval->end, day_end, info.end});
      add(day, (stop - t).count());
      t = stop;
    }
  }
  return out;
}

}  // namespace cxsched::schedule
