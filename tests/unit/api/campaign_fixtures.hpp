#pragma once

// A campaign of the campaigns API in the two forms the unit tests compare:
// the spec a user writes and the platform's copy of it.
#include <string>

namespace cxsched::testing {

// A spec: February 2027 in New York, weekdays 09:00-17:00 (local).
inline std::string spec_json(const std::string& name, const std::string& drop_rate = "0.03",
                      const std::string& start = "2027-02-01T08:00:00-05:00",
                      const std::string& end = "2027-02-26T18:00:00-05:00") {
  return R"({"name":")" + name + R"(","campaignType":"PREDICTIVE","startDate":")" + start +
         R"(","endDate":")" + end + R"(","timezone":"America/New_York",)" +
         R"("executionWindows":[{"days":["MON","TUE","WED","THU","FRI"],"start":"09:00","end":"17:00"}],)" +
         R"("dialerSettings":{"maxAttempts":3,"retryInterval":3600,"dropRate":)" + drop_rate +
         R"(},"routingSettings":{"queueId":"queue_abc123","overflowStrategy":"WRAPUP"}})";
}

// The platform's copy of a spec: its fields with server fields added, keys
// reordered and dates written in UTC.
inline std::string platform_json(const std::string& id, const std::string& name, const std::string& status,
                          const std::string& drop_rate = "0.03") {
  return R"({"dateCreated":"2026-11-01T00:00:00Z","status":")" + status + R"(","id":")" + id +
         R"(","routingSettings":{"overflowStrategy":"WRAPUP","queueId":"queue_abc123"},)" +
         R"("dialerSettings":{"dropRate":)" + drop_rate +
         R"(,"retryInterval":3600.0,"maxAttempts":3},"timezone":"America/New_York",)" +
         R"("startDate":"2027-02-01T13:00:00Z","endDate":"2027-02-26T23:00:00Z",)" +
         R"("executionWindows":[{"start":"09:00","end":"17:00","days":["MON","TUE","WED","THU","FRI"]}],)" +
         R"("campaignType":"PREDICTIVE","name":")" + name + R"(","extra":{"x":1}})";
}

}  // namespace cxsched::testing
