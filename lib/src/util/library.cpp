#include <cxsched/util/library.hpp>

#include <dlfcn.h>

namespace cxsched::util {

LoadedLibrary load_library(std::string_view what, const char* file,
                           std::initializer_list<const char*> names) {
  LoadedLibrary out;
  const auto failed = [&] {
    const char* why = ::dlerror();
    out.functions.clear();
    out.error = std::string(what) + " (" + file + ") could not be loaded" +
                (why != nullptr ? std::string(": ") + why : std::string());
    return out;
  };
  void* lib = ::dlopen(file, RTLD_LAZY | RTLD_LOCAL);
  if (lib == nullptr) return failed();
  for (const char* name : names) {
    void* f = ::dlsym(lib, name);
    if (f == nullptr) return failed();
    out.functions.push_back(f);
  }
  return out;
}

}  // namespace cxsched::util
