// The token endpoint's answer.
#include "answer.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace cxsched;
  if (size == 0) return 0;
  fuzz::Platform platform(std::string(fuzz::text_of(data + 1, size - 1)), fuzz::status_of(data[0]));
  platform.answer_tokens();
  fuzz::Rig rig(platform);
  (void)rig.tokens.token();
  return 0;
}
