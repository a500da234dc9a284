#include <cxsched/util/atomic_file.hpp>
#include <cxsched/util/fd.hpp>

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>

namespace cxsched::util {

namespace {

namespace fs = std::filesystem;

constexpr std::string_view kTempInfix = ".tmp.";

Result<void> write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    const auto n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return fail(ErrorKind::internal, errno_text());
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return {};
}

bool process_gone(pid_t pid) { return ::kill(pid, 0) != 0 && errno == ESRCH; }

}  // namespace

Result<void> write_file_atomically(const fs::path& file, std::string_view data) {
  const fs::path tmp = file.string() + std::string(kTempInfix) + std::to_string(::getpid());
  const int flags = O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW;
  Fd fd(::open(tmp.c_str(), flags, 0600));
  if (!fd.ok() && errno == EEXIST) {  // our own pid's leftover
    ::unlink(tmp.c_str());
    fd = Fd(::open(tmp.c_str(), flags, 0600));
  }
  if (!fd.ok()) return fail(ErrorKind::internal, "cannot create " + tmp.string() + ": " + errno_text());
  auto fail_tmp = [&](std::string why) {
    ::unlink(tmp.c_str());
    return fail(ErrorKind::internal, "cannot write " + tmp.string() + ": " + why);
  };
  if (auto w = write_all(fd.get(), data); !w) return fail_tmp(w.error().message);
  if (::fsync(fd.get()) != 0) return fail_tmp(errno_text());
  if (!fd.close()) return fail_tmp(errno_text());
  if (::rename(tmp.c_str(), file.c_str()) != 0) return fail_tmp(errno_text());
  const fs::path dir_path = file.has_parent_path() ? file.parent_path() : fs::path(".");
  Fd dir(::open(dir_path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (dir.ok()) ::fsync(dir.get());
  return {};
}

int remove_stale_temp_files(const fs::path& file) {
  const std::string prefix = file.filename().string() + std::string(kTempInfix);
  const fs::path dir = file.has_parent_path() ? file.parent_path() : fs::path(".");
  std::error_code ec;
  int removed = 0;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (!name.starts_with(prefix)) continue;
    const std::string_view digits = std::string_view(name).substr(prefix.size());
    pid_t pid = 0;
    auto [p, err] = std::from_chars(digits.data(), digits.data() + digits.size(), pid);
    if (err != std::errc{} || p != digits.data() + digits.size() || pid <= 0) continue;
    if (pid == ::getpid() || !process_gone(pid)) continue;
    if (::unlink(it->path().c_str()) == 0) ++removed;
  }
  return removed;
}

}  // namespace cxsched::util
