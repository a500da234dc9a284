#pragma once

#include <cxsched/util/clock.hpp>
#include <cxsched/util/error.hpp>
#include <cxsched/util/fd.hpp>

#include <filesystem>

namespace cxsched::util {

// An exclusive flock on a lock file, held until destruction. Waiting is
// bounded: a process that hangs while holding the lock cannot hang us.
class FileLock {
 public:
  // Opens (creating 0600, never through a final symlink) and locks `path`,
  // retrying (1 ms, doubling up to 50 ms) for at most `wait` of real time:
  // the holder is another process, on the real clock whatever ours is.
  // Fails with ErrorKind::unavailable when the lock is still held after
  // `wait`, with ErrorKind::internal when the file cannot be opened or locked.
  static Result<FileLock> acquire(const std::filesystem::path& path, Millis wait);

 private:
  explicit FileLock(Fd fd) : fd_(std::move(fd)) {}
  Fd fd_;  // closing the descriptor releases the lock
};

}  // namespace cxsched::util
