#pragma once

#include <string_view>

namespace cxsched::app::serve {

// The admin web page (app/web/index.html), built into the binary: one
// self-contained file, no external resources.
std::string_view index_html();

}  // namespace cxsched::app::serve
