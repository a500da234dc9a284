// Retry-After: delta-seconds or an HTTP date.
#include <cxsched/util/time.hpp>

#include "answer.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace cxsched;
  const util::SysTime now{std::chrono::seconds{1'790'000'000}};
  const auto text = fuzz::text_of(data, size);
  (void)http::parse_retry_after(text, now);
  (void)util::parse_http_date(text);
  return 0;
}
