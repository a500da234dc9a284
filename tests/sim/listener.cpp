#include "listener.hpp"

#include <httplib.h>

namespace cxsched::sim {

Listener::Listener(std::string host, int port, const Handler& handler, std::string failure_body)
    : server_(std::make_unique<httplib::Server>()), host_(std::move(host)), port_(port) {
  server_->Get(".*", handler);
  server_->Post(".*", handler);
  server_->Put(".*", handler);
  server_->Patch(".*", handler);
  server_->Delete(".*", handler);
  server_->set_exception_handler(
      [body = std::move(failure_body)](const httplib::Request&, httplib::Response& res,
                                       std::exception_ptr) {
        res.status = 500;
        res.set_content(body, "application/json");
      });
  server_->set_payload_max_length(std::size_t{8} << 20);
}

Listener::~Listener() = default;

std::optional<int> Listener::bind() {
  int port = port_;
  if (port == 0) {
    port = server_->bind_to_any_port(host_);
    if (port <= 0) return std::nullopt;
  } else if (!server_->bind_to_port(host_, port)) {
    return std::nullopt;
  }
  return port;
}

bool Listener::run() {
  return server_->listen_after_bind();
}

void Listener::stop() {
  server_->stop();
}

bool Listener::running() const {
  return server_->is_running();
}

}  // namespace cxsched::sim
