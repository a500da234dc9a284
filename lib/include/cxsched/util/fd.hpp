#pragma once

#include <cxsched/util/error.hpp>

#include <sys/stat.h>

#include <cstddef>
#include <filesystem>
#include <string>
#include <utility>

namespace cxsched::util {

// An owned POSIX file descriptor, closed on destruction.
class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  ~Fd();
  Fd(Fd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  Fd& operator=(Fd&& other) noexcept;
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;

  int get() const { return fd_; }
  bool ok() const { return fd_ >= 0; }
  // Closes now, reporting a failure (a late write error) as false.
  bool close();

 private:
  int fd_;
};

// The text of errno, for messages.
std::string errno_text();

// A regular file opened for reading, with what fstat said of it.
struct RegularFile {
  Fd fd;
  struct ::stat info {};
};

// Opens `path` read-only without blocking (a FIFO with no writer, a device)
// and without following a final symlink when `no_follow`, then requires a
// regular file of at most `max_bytes`. The message names `what` and the file
// ("the spec file x.json is a FIFO, not a regular file"). ErrorKind::internal:
// callers give it their own kind.
Result<RegularFile> open_regular(const std::filesystem::path& path, std::string_view what,
                                 std::size_t max_bytes, bool no_follow = false);

// Reads `fd` to its end, failing when it holds more than `max_bytes` (so
// /dev/zero or an endless pipe stops at the cap).
Result<std::string> read_bounded(int fd, std::size_t max_bytes, std::string_view what);

// open_regular + read_bounded.
Result<std::string> read_regular_file(const std::filesystem::path& path, std::string_view what,
                                      std::size_t max_bytes);

// "1 MiB", "64 KiB", "100 bytes".
std::string byte_size_text(std::size_t bytes);

}  // namespace cxsched::util
