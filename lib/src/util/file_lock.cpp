#include <cxsched/util/file_lock.hpp>

#include <fcntl.h>
#include <sys/file.h>

#include <algorithm>
#include <cerrno>
#include <thread>

namespace cxsched::util {

Result<FileLock> FileLock::acquire(const std::filesystem::path& path, Millis wait) {
  Fd fd(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0600));
  if (!fd.ok())
    return fail(ErrorKind::internal, "cannot open the lock file " + path.string() + ": " +
                                         errno_text());
  const auto deadline = Steady::now() + wait;
  Millis pause{1};
  for (;;) {
    if (::flock(fd.get(), LOCK_EX | LOCK_NB) == 0) return FileLock(std::move(fd));
    if (errno == EINTR) continue;
    if (errno != EWOULDBLOCK)
      return fail(ErrorKind::internal, "cannot lock " + path.string() + ": " + errno_text());
    const auto now = Steady::now();
    if (now >= deadline)
      return fail(ErrorKind::unavailable,
                  "another process has held the lock " + path.string() + " for more than " +
                      std::to_string(wait.count()) + " ms");
    std::this_thread::sleep_for(
        std::min<Steady::duration>(pause, deadline - now));
    pause = std::min(pause * 2, Millis{50});
  }
}

}  // namespace cxsched::util
