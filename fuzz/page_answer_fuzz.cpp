// A page of GET /campaigns (every page of a list is the same input): each
// campaign listed is read every way a command reads it.
#include "answer.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace cxsched;
  if (size == 0) return 0;
  fuzz::Platform platform(std::string(fuzz::text_of(data + 1, size - 1)),
                          fuzz::status_of(data[0]));
  fuzz::Rig rig(platform);
  platform::ListOptions options;
  options.page_size = 1 + data[0] % 50;
  (void)rig.api.for_each_campaign(options, [](const platform::Listed& c) -> Result<void> {
    (void)c.id();
    (void)c.name();
    (void)c.status();
    (void)c.blocking_stretch();
    (void)c.occupied();
    (void)c.keep();
    return {};
  });
  return 0;
}
