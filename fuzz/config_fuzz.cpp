// The TOML config file and the profile read from it.
#include "config.hpp"

#include "answer.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace cxsched;
  static const std::string path = [] {
    std::string tmpl = (std::filesystem::temp_directory_path() / "cxsched-fuzz-XXXXXX").string();
    if (!::mkdtemp(tmpl.data())) std::abort();
    return tmpl + "/config.toml";
  }();
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  const std::string profile = size % 3 == 0 ? "" : size % 3 == 1 ? "staging" : "default";
  (void)app::load_profile(path, true, profile, !profile.empty());
  return 0;
}
