#pragma once

#include <cxsched/ops/session.hpp>

#include <rapidjson/document.h>

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace httplib {
class Server;
}

namespace cxsched::app::serve {

// Creates of the same campaign name, one at a time: the platform sees the
// second only once the first is settled, so the existing create path finds
// it by name instead of racing it. Different names do not wait for each
// other. Thread-safe.
class NameLocks {
 public:
  class Guard {
   public:
    Guard(NameLocks& locks, std::vector<std::string> names);
    Guard(const Guard&) = delete;
    Guard& operator=(const Guard&) = delete;
    ~Guard();

   private:
    NameLocks& locks_;
    std::vector<std::string> names_;  // sorted, unique: locked in this order
  };

 private:
  struct Entry {
    std::mutex mu;
    int users = 0;
  };
  std::mutex mu_;
  std::map<std::string, Entry> entries_;
};

// The settings of the admin API beyond the platform session.
struct ApiSettings {
  std::string admin_token;
  // A partial spec whose fields fill what a /api/schedule body lacks.
  std::optional<rapidjson::Document> defaults;
};

// Installs every route of `cxsched serve` (README, "The admin interface") on `server`.
// Each handler calls the ops function of the matching command and answers
// with that command's JSON document; errors are {"error": ...} with the HTTP
// status of their kind (http_status_for). Every worker thread shares
// `session`: one token, one rate budget, one set of connections.
void install_routes(httplib::Server& server, ops::Session& session, NameLocks& locks,
                    const ApiSettings& settings);

// True when `given` equals `expected`, in time that depends only on the
// length of `given`.
bool same_secret(std::string_view given, std::string_view expected);

}  // namespace cxsched::app::serve
