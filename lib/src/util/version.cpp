#include <cxsched/util/version.hpp>

namespace cxsched::util {

const char* version() noexcept { return CXSCHED_VERSION; }

}  // namespace cxsched::util
