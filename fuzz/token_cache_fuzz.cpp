// The token cache file as another process (or a crash, or a person) left it.
#include "answer.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace {

const std::filesystem::path& cache_dir() {
  static const std::filesystem::path dir = [] {
    std::string tmpl = (std::filesystem::temp_directory_path() / "cxsched-fuzz-XXXXXX").string();
    if (!::mkdtemp(tmpl.data())) std::abort();
    return std::filesystem::path(tmpl);
  }();
  return dir;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace cxsched;
  fuzz::Platform platform("{}", 500);
  util::FakeClock clock;
  http::Client client(platform, clock, fuzz::one_attempt(), util::Deadline::never());
  auth::TokenSource tokens(client, {"http://127.0.0.1:8089", "abc", "s"}, cache_dir());
  {
    std::ofstream out(tokens.cache_file(), std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  if (auto t = tokens.cached()) (void)t->scopes();
  return 0;
}
