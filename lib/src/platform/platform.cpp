#include <cxsched/platform/platform.hpp>

namespace cxsched::platform {

std::string FieldDifference::to_string() const {
  return field + ": platform " + platform + ", spec " + spec;
}

}  // namespace cxsched::platform
