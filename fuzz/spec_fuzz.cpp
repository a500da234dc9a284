// The spec reader and checker: any bytes give problems or a schedule, never
// a crash, a hang or unbounded memory.
#include <cxsched/schedule/expand.hpp>
#include <cxsched/schedule/spec.hpp>

#include "answer.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace cxsched;
  const auto text = fuzz::text_of(data, size);
  schedule::SpecOptions options;
  options.allow_outside_calling_hours = size % 2 == 1;
  auto parsed = schedule::parse_spec(text, "fuzz.json", options);
  if (parsed.schedule) {
    schedule::Expander stream(*parsed.schedule);
    for (int i = 0; i < 1000 && stream.next(); ++i) {
    }
  }
  return 0;
}
