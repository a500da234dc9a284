#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <optional>
#include <utility>
#include <vector>

#include <cxsched/schedule/types.hpp>

namespace cxsched::schedule {

// Streams the merged UTC intervals of a schedule in time order, one local
// day at a time, so that memory does not grow with the campaign's length.
// A window covers every instant whose local wall-clock time lies in
// [start, end): an edge inside a spring-forward gap moves to the transition,
// the repeated hour of a fall-back is covered twice. Excluded dates open no
// window; everything is clipped to [start, end) of the schedule and to
// `clip` when given. The schedule must outlive the expander.
class Expander {
 public:
  explicit Expander(const Schedule& schedule, std::optional<Interval> clip = std::nullopt);

  // The next merged interval, or nullopt when there are no more.
  std::optional<Interval> next();

  // Starts again over `clip` (within the schedule's own [start, end)),
  // keeping the windows and exclusions already sorted: a cheap way to read
  // several stretches of one schedule.
  void restart(Interval clip);

 private:
  struct Segment {
    Seconds begin, end;
    std::chrono::seconds offset;
  };
  void fill_day();
  void add_window(date::local_days day, const Window& w);
  void add_piece(Interval piece);
  void refresh_segment(Seconds at);

  const date::time_zone* zone_;
  Interval span_{};   // the schedule's own [start, end)
  Interval range_{};
  bool continuous_ = false;
  bool done_ = false;
  date::local_days day_{}, last_day_{};
  std::vector<date::local_days> excludes_;
  std::size_t exclude_pos_ = 0;
  std::array<std::vector<Window>, 7> by_weekday_;
  Segment segment_{};
  std::deque<Interval> pieces_;
  std::optional<Interval> pending_;
};

// Every merged UTC interval of `s`, optionally clipped to `clip`.
std::vector<Interval> expand(const Schedule& s, std::optional<Interval> clip = std::nullopt);

// Whether the schedule opens at least once within its [start, end).
bool ever_opens(const Schedule& s);

// Scheduled seconds of `s` inside `range`.
std::int64_t scheduled_seconds(const Schedule& s, Interval range);

// Scheduled seconds of `s` inside `range`, per local day of the schedule's
// zone (days with no scheduled time are left out), in day order.
std::vector<std::pair<date::local_days, std::int64_t>> scheduled_seconds_by_local_day(
    const Schedule& s, Interval range);

}  // namespace cxsched::schedule
