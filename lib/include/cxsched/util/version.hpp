#pragma once

namespace cxsched::util {

// The version of cxsched, e.g. "0.1.0".
const char* version() noexcept;

}  // namespace cxsched::util
