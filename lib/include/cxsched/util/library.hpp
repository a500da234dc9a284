#pragma once

// Shared libraries loaded when first needed rather than when cxsched
// starts: what only some commands use need not cost every command its
// loading (libcurl and the thirty libraries it brings, ICU).

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace cxsched::util {

struct LoadedLibrary {
  std::vector<void*> functions;  // as `names` listed them; empty when error is set
  std::string error;             // "<what> (<file>) could not be loaded: <reason>"
};

// `file` loaded for the rest of the process (dlopen, RTLD_LAZY | RTLD_LOCAL:
// its symbols serve only whoever looks them up here), and the functions
// `names` looked up in it; or why not.
LoadedLibrary load_library(std::string_view what, const char* file,
                           std::initializer_list<const char*> names);

}  // namespace cxsched::util
