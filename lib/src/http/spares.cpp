#include "http/spares.hpp"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace cxsched::http::detail {

namespace {

bool same_address(const std::vector<unsigned char>& bytes, const curl_sockaddr& a) {
  return bytes.size() == a.addrlen &&
         std::memcmp(bytes.data(), &a.addr, static_cast<std::size_t>(a.addrlen)) == 0;
}

enum class Health { ready, connecting, gone };

// Ready: connected, and nothing to read (the server has neither closed it
// nor sent anything on it). Connecting: not yet. Gone: closed or failed.
Health health(curl_socket_t s) {
  pollfd p{s, POLLOUT | POLLIN, 0};
  if (::poll(&p, 1, 0) == 0) return Health::connecting;
  if ((p.revents & (POLLIN | POLLERR | POLLHUP)) != 0 || (p.revents & POLLOUT) == 0)
    return Health::gone;
  int error = 0;
  socklen_t length = sizeof error;
  return ::getsockopt(s, SOL_SOCKET, SO_ERROR, &error, &length) == 0 && error == 0
             ? Health::ready
             : Health::gone;
}

}  // namespace

SpareConnections::~SpareConnections() {
  for (const auto& s : spares_) ::close(s.socket);
}

void SpareConnections::want(int n) {
  std::lock_guard lock(mu_);
  wanted_ = std::clamp(n, 0, kMost);
  wanted_at_ = Clock::now();
}

SpareConnections::Counts SpareConnections::counts() const {
  std::lock_guard lock(mu_);
  return counts_;
}

curl_socket_t SpareConnections::open_socket(void* self, curlsocktype purpose,
                                            curl_sockaddr* address) {
  return static_cast<SpareConnections*>(self)->open(purpose, *address);
}

int SpareConnections::configure_socket(void* self, curl_socket_t socket, curlsocktype) {
  auto* spares = static_cast<SpareConnections*>(self);
  std::lock_guard lock(spares->mu_);
  auto& handed = spares->handed_;
  if (auto it = std::find(handed.begin(), handed.end(), socket); it != handed.end()) {
    handed.erase(it);
    return CURL_SOCKOPT_ALREADY_CONNECTED;
  }
  return CURL_SOCKOPT_OK;
}

curl_socket_t SpareConnections::take(const curl_sockaddr& address, Clock::time_point now) {
  curl_socket_t found = CURL_SOCKET_BAD;
  std::erase_if(spares_, [&](const Spare& s) {
    if (now - s.opened > kMaxAge) {
      ::close(s.socket);
      return true;
    }
    if (found != CURL_SOCKET_BAD || s.family != address.family ||
        s.socktype != address.socktype || s.protocol != address.protocol ||
        !same_address(s.address, address))
      return false;
    switch (health(s.socket)) {
      case Health::connecting: return false;  // left for a later transfer
      case Health::gone: ::close(s.socket); return true;
      case Health::ready: found = s.socket; return true;
    }
    return false;
  });
  return found;
}

curl_socket_t SpareConnections::open(curlsocktype purpose, const curl_sockaddr& address) {
  const auto plain = [&] {
    return ::socket(address.family, address.socktype | SOCK_CLOEXEC, address.protocol);
  };
  if (purpose != CURLSOCKTYPE_IPCXN) return plain();
  const auto now = Clock::now();
  std::lock_guard lock(mu_);
  if (auto s = take(address, now); s != CURL_SOCKET_BAD) {
    handed_.push_back(s);
    ++counts_.taken;
    return s;
  }
  const curl_socket_t socket = plain();
  if (socket == CURL_SOCKET_BAD || wanted_ == 0) return socket;
  const int n = now - wanted_at_ <= kWantedFor ? wanted_ : 0;
  wanted_ = 0;
  if (n == 0) return socket;
  const auto* bytes = reinterpret_cast<const unsigned char*>(&address.addr);
  next_ = Spare{CURL_SOCKET_BAD, address.family, address.socktype, address.protocol,
                std::vector<unsigned char>(bytes, bytes + address.addrlen), now};
  next_count_ = n;
#if LIBCURL_VERSION_NUM < 0x075000  // no CURLOPT_PREREQFUNCTION before 7.80
  open_spares();
#endif
  return socket;
}

int SpareConnections::before_request(void* self, char*, char*, int, int) {
  auto* spares = static_cast<SpareConnections*>(self);
  std::lock_guard lock(spares->mu_);
  if (spares->next_count_ > 0) spares->open_spares();
  return 0;  // CURL_PREREQFUNC_OK
}

void SpareConnections::open_spares() {
  const int n = next_count_;
  next_count_ = 0;
  const auto& a = next_;
  sockaddr_storage address{};
  if (a.address.size() > sizeof address) return;
  std::memcpy(&address, a.address.data(), a.address.size());
  for (int i = 0; i < n; ++i) {
    const curl_socket_t spare =
        ::socket(a.family, a.socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, a.protocol);
    if (spare == CURL_SOCKET_BAD) break;
    if (::connect(spare, reinterpret_cast<const sockaddr*>(&address),
                  static_cast<socklen_t>(a.address.size())) != 0 &&
        errno != EINPROGRESS) {
      ::close(spare);
      break;
    }
    spares_.push_back(Spare{spare, a.family, a.socktype, a.protocol, a.address, Clock::now()});
    ++counts_.opened;
  }
}

}  // namespace cxsched::http::detail
