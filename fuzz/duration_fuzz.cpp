// Durations as --timeout, --interval and --for-style options take them.
#include <cxsched/report/adherence.hpp>
#include <cxsched/util/duration.hpp>

#include "answer.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace cxsched;
  const auto text = fuzz::text_of(data, size);
  if (auto d = util::parse_duration(text)) (void)util::format_duration(*d);
  (void)report::parse_granularity(text);
  return 0;
}
