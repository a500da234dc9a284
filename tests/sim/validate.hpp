#pragma once

#include <rapidjson/document.h>

#include <string>
#include <vector>

namespace cxsched::sim {

// One rejected field of a request body: its path (e.g. `executionWindows[1].end`)
// and why.
struct FieldError {
  std::string field;
  std::string message;
};
using FieldErrors = std::vector<FieldError>;

// Checks a campaign create body (a JSON object) against the contract and
// returns every problem found, in field order; empty when valid. Server
// fields (id, status, dateCreated, dateModified) and unknown fields are not
// checked.
FieldErrors validate_campaign(const rapidjson::Value& body);

// The `details` array of a 400 answer as JSON.
std::string field_errors_json(const FieldErrors& errors);

}  // namespace cxsched::sim
