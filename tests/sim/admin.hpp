#pragma once

#include <rapidjson/document.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "faults.hpp"
#include "reply.hpp"
#include "timeutil.hpp"

namespace cxsched::sim {

// The request log and per-endpoint counts both platforms keep: one JSON
// object a request, kept in memory for /_sim/requests and, with
// --request-log, appended to a file.
class RequestLog {
 public:
  // Opens `path` for appending when given; an error message on failure.
  std::optional<std::string> open(const std::optional<std::filesystem::path>& path);
  // Logs one request. A line is seq, method, path, query, endpoint, status,
  // then the platform's own `fields` (each starting with a comma), then time
  // and the body (null when empty or `hide_body`).
  void add(const httplib::Request& req, const std::string& endpoint, int status,
           std::string_view fields, bool hide_body, SysMillis now);
  // GET (optionally ?endpoint=NAME) or DELETE /_sim/requests.
  Reply requests(const httplib::Request& req);
  // GET /_sim/stats.
  Reply stats(const httplib::Request& req) const;

 private:
  std::vector<std::string> lines_;
  std::uint64_t next_seq_ = 1;
  std::map<std::string, std::map<int, std::uint64_t>> stats_;
  std::ofstream file_;
};

// Milliseconds as the request log writes them: three decimals.
std::string ms_text(double ms);

// 405 for `method` on the admin path of `req`.
Reply admin_not_allowed(const httplib::Request& req);

// Parses a request body into an object; false with the error reply otherwise.
using BodyParser = bool (*)(const std::string& text, rapidjson::Document& doc, Reply& error);

// The admin endpoints both platforms serve alike: /_sim/health (answering
// `health`), /_sim/requests, /_sim/stats and /_sim/rate-limits (endpoint
// names from `names`; a body that is not a JSON object is reported by
// `parse`, or with the usage message when `parse` is null). nullopt for
// any other path.
std::optional<Reply> common_admin(const httplib::Request& req, std::string_view health,
                                  RequestLog& log, RateLimiter& limiter,
                                  const std::vector<std::string>& names, BodyParser parse);

// Reads the optional members commit, retryAfter and body of a POST
// /_sim/faults into `fault`; the message of the first bad one.
std::optional<std::string> read_fault_options(const rapidjson::Value& body, ScriptedFault& fault);

}  // namespace cxsched::sim
