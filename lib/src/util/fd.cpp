#include <cxsched/util/expected.hpp>
#include <cxsched/util/fd.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace cxsched::util {

namespace {

std::string kind_of(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

}  // namespace

Fd::~Fd() {
  if (fd_ >= 0) ::close(fd_);
}

Fd& Fd::operator=(Fd&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

bool Fd::close() { return ::close(std::exchange(fd_, -1)) == 0; }

std::string errno_text() { return std::strerror(errno); }

std::string byte_size_text(std::size_t bytes) {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0)
    return std::to_string(bytes / (1024 * 1024)) + " MiB";
  if (bytes >= 1024 && bytes % 1024 == 0) return std::to_string(bytes / 1024) + " KiB";
  return std::to_string(bytes) + " bytes";
}

Result<RegularFile> open_regular(const std::filesystem::path& path, std::string_view what,
                                 std::size_t max_bytes, bool no_follow) {
  const std::string name = std::string(what) + " " + path.string();
  int flags = O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY;
  if (no_follow) flags |= O_NOFOLLOW;
  RegularFile f;
  f.fd = Fd(::open(path.c_str(), flags));
  if (!f.fd.ok()) return fail(ErrorKind::internal, "cannot read " + name + ": " + errno_text());
  if (::fstat(f.fd.get(), &f.info) != 0)
    return fail(ErrorKind::internal, "cannot read " + name + ": " + errno_text());
  if (!S_ISREG(f.info.st_mode))
    return fail(ErrorKind::internal, name + " is " + kind_of(f.info.st_mode) +
                                         ", not a regular file");
  if (static_cast<std::uintmax_t>(f.info.st_size) > max_bytes)
    return fail(ErrorKind::internal, name + " is larger than " + byte_size_text(max_bytes),
                Cause::too_large);
  // A regular file never blocks; later reads are ordinary blocking ones.
  const int fl = ::fcntl(f.fd.get(), F_GETFL);
  if (fl < 0 || ::fcntl(f.fd.get(), F_SETFL, fl & ~O_NONBLOCK) != 0)
    return fail(ErrorKind::internal, "cannot read " + name + ": " + errno_text());
  return f;
}

Result<std::string> read_bounded(int fd, std::size_t max_bytes, std::string_view what) {
  std::string text;
  char buf[16 * 1024];
  for (;;) {
    const auto n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0)
      return fail(ErrorKind::internal, "cannot read " + std::string(what) + ": " + errno_text());
    if (n == 0) return text;
    if (text.size() + static_cast<std::size_t>(n) > max_bytes)
      return fail(ErrorKind::internal,
                  std::string(what) + " is larger than " + byte_size_text(max_bytes),
                  Cause::too_large);
    text.append(buf, static_cast<std::size_t>(n));
  }
}

Result<std::string> read_regular_file(const std::filesystem::path& path, std::string_view what,
                                      std::size_t max_bytes) {
  TRY_ASSIGN(auto f, open_regular(path, what, max_bytes));
  return read_bounded(f.fd.get(), max_bytes, std::string(what) + " " + path.string());
}

}  // namespace cxsched::util
