#pragma once

// Connections opened ahead of the requests that will need them. Asked for n
// (Transport::open_ahead), the next connection libcurl opens is accompanied
// by up to n more to the same address, connecting while the first request
// is answered; a transfer that would then open a connection to that address
// takes one of them instead, already connected. The server accepts them
// while it is idle rather than in the middle of answering the requests that
// follow (on a small machine shared with the server, accepting a connection
// waits for a free core). Installed on every easy handle as libcurl's
// CURLOPT_OPENSOCKETFUNCTION, CURLOPT_SOCKOPTFUNCTION and
// CURLOPT_PREREQFUNCTION (the spares connect once the first connection has,
// so that the server accepts that one first); thread-safe.

#include <curl/curl.h>

#include <chrono>
#include <mutex>
#include <vector>

namespace cxsched::http::detail {

class SpareConnections {
 public:
  // A spare older than this is closed rather than taken: servers close
  // connections that stay quiet (cpp-httplib after 5 s).
  static constexpr std::chrono::milliseconds kMaxAge{2000};
  // An open_ahead() no connection followed within this is forgotten.
  static constexpr std::chrono::milliseconds kWantedFor{2000};
  static constexpr int kMost = 15;

  SpareConnections() = default;
  ~SpareConnections();  // closes the spares never taken
  SpareConnections(const SpareConnections&) = delete;
  SpareConnections& operator=(const SpareConnections&) = delete;

  // The next connection opened is accompanied by `n` spares (0 cancels;
  // at most kMost).
  void want(int n);

  // Spares opened, and spares taken by a transfer, so far.
  struct Counts {
    int opened = 0;
    int taken = 0;
  };
  Counts counts() const;

  // libcurl's callbacks, with this as their data (CURLOPT_OPENSOCKETDATA,
  // CURLOPT_SOCKOPTDATA).
  static curl_socket_t open_socket(void* self, curlsocktype purpose, curl_sockaddr* address);
  static int configure_socket(void* self, curl_socket_t socket, curlsocktype purpose);
  // CURLOPT_PREREQFUNCTION (CURLOPT_PREREQDATA): a connection is ready for
  // its request, so the spares it was to bring connect now.
  static int before_request(void* self, char* primary_ip, char* local_ip, int primary_port,
                            int local_port);

 private:
  using Clock = std::chrono::steady_clock;
  struct Spare {
    curl_socket_t socket;
    int family, socktype, protocol;
    std::vector<unsigned char> address;
    Clock::time_point opened;
  };
  curl_socket_t open(curlsocktype purpose, const curl_sockaddr& address);
  void open_spares();  // for the address in next_, with mu_ held
  // A spare to `address`, connected and quiet; the stale ones met are closed.
  curl_socket_t take(const curl_sockaddr& address, Clock::time_point now);

  mutable std::mutex mu_;
  int wanted_ = 0;
  Clock::time_point wanted_at_;
  std::vector<Spare> spares_;
  // The address of the connection the wanted spares follow, once libcurl
  // opened it (family 0: none).
  Spare next_{CURL_SOCKET_BAD, 0, 0, 0, {}, {}};
  int next_count_ = 0;
  std::vector<curl_socket_t> handed_;  // taken, and not yet configured by libcurl
  Counts counts_;
};

}  // namespace cxsched::http::detail
