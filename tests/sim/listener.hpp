#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace httplib {
class Server;
struct Request;
struct Response;
}  // namespace httplib

namespace cxsched::sim {

// The HTTP front both platforms share: a cpp-httplib server that sends
// every GET, POST, PUT, PATCH and DELETE to one handler, answers 500 with
// `failure_body` when the handler throws, and binds to the configured host
// and port.
class Listener {
 public:
  using Handler = std::function<void(const httplib::Request&, httplib::Response&)>;

  Listener(std::string host, int port, const Handler& handler, std::string failure_body);
  ~Listener();
  Listener(const Listener&) = delete;
  Listener& operator=(const Listener&) = delete;

  // Binds the listening socket (any free port when the port is 0); the port,
  // or nullopt when it cannot bind.
  std::optional<int> bind();
  // Serves until stop(); false when the server failed.
  bool run();
  // Makes run() return (safe from any thread); no effect before run() starts.
  void stop();
  // True while run() is serving.
  bool running() const;

 protected:
  std::unique_ptr<httplib::Server> server_;

 private:
  std::string host_;
  int port_;
};

}  // namespace cxsched::sim
