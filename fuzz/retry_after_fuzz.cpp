// Retry-After: delta-seconds or an HTTP date.
#include "answer.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace cxsched;
  const util::SysTime now{std::chrono::seconds{1'790'000'000}};
  (void)http::parse_retry_after(fuzz::text_of(data, size), now);
  return 0;
}
