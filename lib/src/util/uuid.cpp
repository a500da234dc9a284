#include <cxsched/util/uuid.hpp>

#include <uuid/uuid.h>

namespace cxsched::util {

std::string uuid_v5(std::string_view name, const Uuid& space) {
  uuid_t out;
  uuid_generate_sha1(out, space.data(), name.data(), name.size());
  char text[37];
  uuid_unparse_lower(out, text);
  return std::string(text, 36);
}

}  // namespace cxsched::util
