// A campaign as GET /campaigns/{id}, create and activate answer it, and the
// schedule the conflict check reads from it.
#include <cxsched/schedule/spec.hpp>

#include "answer.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace cxsched;
  if (size == 0) return 0;
  const std::string body(fuzz::text_of(data + 1, size - 1));
  fuzz::Platform platform(body, fuzz::status_of(data[0]));
  fuzz::Rig rig(platform);
  if (auto c = rig.api.get("c-1"); c) (void)schedule::schedule_from_campaign(*c->object);
  switch (data[0] % 3) {
    case 0: (void)rig.api.activate("c-1"); break;
    case 1: {
      std::vector<api::FieldDetail> details;
      (void)rig.api.create(R"({"name":"x"})", "key", &details);
      break;
    }
    default: break;
  }
  return 0;
}
