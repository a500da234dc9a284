// The analytics answer and the report's reading of its buckets.
#include <cxsched/report/adherence.hpp>

#include "answer.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace cxsched;
  if (size == 0) return 0;
  fuzz::Platform platform(std::string(fuzz::text_of(data + 1, size - 1)),
                          fuzz::status_of(data[0]));
  fuzz::Rig rig(platform);
  if (auto answer = rig.api.query_analytics(R"({"query":{}})"); answer) {
    if (auto buckets = report::parse_answer(*answer); buckets)
      for (const auto& b : *buckets) (void)report::classify(b, 3600);
  }
  return 0;
}
