#pragma once

#include "../context.hpp"

#include <cxsched/ops/watch.hpp>

#include <rapidjson/document.h>

#include <chrono>
#include <span>
#include <string>

namespace cxsched::app {

// How a running watch is shown: a live block of lines redrawn on a TTY, one
// stderr line per transition elsewhere, JSON lines on stdout for `watch -o
// json`, or nothing. Shared by watch, activate --wait and create --wait.
class WatchView final : public ops::WatchObserver {
 public:
  enum class Mode { live, lines, json_lines, silent };

  // `json_lines`: the command's stdout is the stream of transitions (watch
  // -o json); otherwise stdout is left alone.
  WatchView(Context& ctx, util::Clock& clock, bool json_lines);

  Mode mode() const { return mode_; }
  // How often the watch should wake for this view (0: only on events).
  util::Millis tick() const;

  void on_status(const ops::WatchedCampaign& campaign, std::string_view from) override;
  void on_finished(const ops::WatchedCampaign& campaign) override;
  void on_tick(std::span<const ops::WatchedCampaign> all, util::Millis elapsed) override;
  // Draws the last state of the live view (call once the watch returned).
  void finish();

 private:
  void redraw(bool force);
  // Records the campaign's latest state in the live block and redraws it.
  void show_live(const ops::WatchedCampaign& c);
  std::string live_line(const ops::WatchedCampaign& c) const;

  Context& ctx_;
  util::Clock& clock_;
  Mode mode_;
  std::vector<ops::WatchedCampaign> shown_;
  util::Millis elapsed_{0};
  std::size_t drawn_ = 0;
  bool dirty_ = false;
  std::chrono::steady_clock::time_point last_draw_{};
};

// Parses --for and --interval into watch options whose deadline is the
// session client's (so a 429 storm cannot outlive the watch).
Result<ops::WatchOptions> make_watch_options(std::string wanted, const std::string& interval,
                                             const util::Deadline& deadline);

// The final state of one watched campaign as JSON: {"id","name","status",
// "outcome","elapsedSeconds","statusReason"?,"error"?}.
rapidjson::Value watched_to_json(const ops::WatchedCampaign& c,
                                 rapidjson::Document::AllocatorType& a);

// A person's account of how the watch of `c` ended, e.g. "FAILED: no agents"
// or "still ACTIVATING at the deadline".
std::string watch_note(const ops::WatchedCampaign& c);

// The exit code of a finished watch (contract order for several campaigns).
int watch_exit_code(std::span<const ops::WatchedCampaign> campaigns);

}  // namespace cxsched::app
