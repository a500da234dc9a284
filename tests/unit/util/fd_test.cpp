#include <cxsched/util/atomic_file.hpp>
#include <cxsched/util/fd.hpp>
#include <cxsched/util/file_lock.hpp>
#include <cxsched/util/process.hpp>

#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

using namespace cxsched;
namespace fs = std::filesystem;

namespace {

struct TempDir {
  fs::path path;
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "cxsched-fd-XXXXXX").string();
    path = ::mkdtemp(tmpl.data());
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

void write(const fs::path& p, const std::string& text) { std::ofstream(p, std::ios::binary) << text; }

}  // namespace

TEST_CASE("read_regular_file reads a regular file and refuses anything else") {
  TempDir dir;
  write(dir.path / "a.json", "{}");
  CHECK(util::read_regular_file(dir.path / "a.json", "the spec file", 100).value() == "{}");

  SECTION("a FIFO with no writer fails at once instead of blocking") {
    const auto fifo = dir.path / "fifo";
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    auto r = util::read_regular_file(fifo, "the spec file", 100);
    REQUIRE_FALSE(r);
    CHECK(r.error().message == "the spec file " + fifo.string() + " is a FIFO, not a regular file");
  }
  SECTION("a directory and a device are refused") {
    CHECK(util::read_regular_file(dir.path, "x", 100).error().message.find("a directory") !=
          std::string::npos);
    CHECK(util::read_regular_file("/dev/zero", "x", 100).error().message.find(
              "a character device") != std::string::npos);
  }
  SECTION("a file over the cap is refused before it is read") {
    write(dir.path / "big", std::string(101, 'x'));
    const auto big = util::read_regular_file(dir.path / "big", "the spec file", 100);
    CHECK(big.error().message ==
          "the spec file " + (dir.path / "big").string() + " is larger than 100 bytes");
    CHECK(big.error().cause == Cause::too_large);
  }
  SECTION("a missing file names the file and the reason") {
    CHECK(util::read_regular_file(dir.path / "none", "the spec file", 100).error().message ==
          "cannot read the spec file " + (dir.path / "none").string() +
              ": No such file or directory");
    CHECK(util::read_regular_file(dir.path / "none", "the spec file", 100).error().cause ==
          Cause::none);
  }
}

TEST_CASE("read_bounded stops an endless stream at the cap") {
  util::Fd zero(::open("/dev/zero", O_RDONLY | O_CLOEXEC));
  REQUIRE(zero.ok());
  auto r = util::read_bounded(zero.get(), 64 * 1024, "stdin");
  REQUIRE_FALSE(r);
  CHECK(r.error().message == "stdin is larger than 64 KiB");
  CHECK(r.error().cause == Cause::too_large);
}

TEST_CASE("FileLock waits for a held lock only until its deadline") {
  TempDir dir;
  const auto lock_path = dir.path / "x.lock";
  auto first = util::FileLock::acquire(lock_path, util::Millis{0});
  REQUIRE(first);
  // flock locks belong to the open file description: a second open of the
  // same file in this process contends like another process would.
  auto second = util::FileLock::acquire(lock_path, util::Millis{100});
  REQUIRE_FALSE(second);
  CHECK(second.error().kind == ErrorKind::unavailable);
  CHECK(second.error().message ==
        "another process has held the lock " + lock_path.string() + " for more than 100 ms");
  {
    auto released = std::move(*first);
  }
  CHECK(util::FileLock::acquire(lock_path, util::Millis{0}));
  struct stat st{};
  REQUIRE(::stat(lock_path.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
}

TEST_CASE("write_file_atomically replaces the file and leaves no temp file") {
  TempDir dir;
  const auto file = dir.path / "t.json";
  write(file, "old");
  REQUIRE(util::write_file_atomically(file, "new"));
  CHECK(util::read_regular_file(file, "x", 100).value() == "new");
  struct stat st{};
  REQUIRE(::stat(file.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  CHECK(std::distance(fs::directory_iterator(dir.path), fs::directory_iterator()) == 1);
}

TEST_CASE("remove_stale_temp_files removes only the temp files of dead processes") {
  TempDir dir;
  const auto file = dir.path / "t.json";
  // A pid that ran and is gone: a child we waited for.
  const pid_t child = ::fork();
  if (child == 0) ::_exit(0);
  REQUIRE(child > 0);
  REQUIRE(::waitpid(child, nullptr, 0) == child);
  const auto dead = dir.path / ("t.json.tmp." + std::to_string(child));
  const auto alive = dir.path / ("t.json.tmp." + std::to_string(::getppid()));
  const auto other = dir.path / ("u.json.tmp." + std::to_string(child));
  const auto odd = dir.path / "t.json.tmp.notapid";
  for (const auto& p : {dead, alive, other, odd}) write(p, "{}");
  CHECK(util::remove_stale_temp_files(file) == 1);
  CHECK_FALSE(fs::exists(dead));
  CHECK(fs::exists(alive));
  CHECK(fs::exists(other));
  CHECK(fs::exists(odd));
}

TEST_CASE("keep_out_of_core_dumps makes the process non-dumpable") {
  // In a child, so the test binary itself stays as it was.
  const pid_t child = ::fork();
  if (child == 0) {
    const bool before = util::dumpable();
    util::keep_out_of_core_dumps();
    ::_exit(before && !util::dumpable() ? 0 : 1);
  }
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
}
