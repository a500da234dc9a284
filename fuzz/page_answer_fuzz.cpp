// A page of GET /campaigns (every page of a list is the same input): each
// campaign listed is read every way a command reads it, and its end as the
// listing reads it to ask for the pages after the first.
#include "answer.hpp"
#include "api/page.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace cxsched;
  if (size == 0) return 0;
  if (auto tail = api::detail::PageTail::read(fuzz::text_of(data + 1, size - 1))) {
    (void)tail->page_count();
    (void)tail->size();
    (void)tail->text("nextUri");
    (void)tail->integer("pageNumber");
  }
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
