#pragma once

#include <cxsched/ops/validate.hpp>
#include <cxsched/util/error.hpp>

#include <rapidjson/document.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace httplib {
struct Request;
}

namespace cxsched::app::serve {

// The specs of a request body: `{"specs": [spec, ...]}` gives one per
// element (sources "specs[0]", ...), anything else one spec (source
// "body"), even text that is not JSON (validate then reports it). With
// `defaults`, each spec object gets the defaults' fields it lacks.
std::vector<ops::SpecText> specs_from_body(std::string_view body,
                                           const rapidjson::Value* defaults = nullptr);

// The campaign names the specs give (sorted, unique; specs without one are
// skipped).
std::vector<std::string> spec_names(const std::vector<ops::SpecText>& specs);

// The validate options of the query: conflictScope, dstPolicy,
// allowOutsideCallingHours, allowHighDropRate, offline (the CLI's flags);
// ErrorKind::usage for a bad value.
Result<ops::ValidateOptions> validate_options_from(const httplib::Request& req);

// A query flag: absent or "false"/"0" false, "true"/"1"/"" true;
// ErrorKind::usage otherwise.
Result<bool> query_flag(const httplib::Request& req, const char* name);

// `wait` in whole seconds (0..3600), `fallback` when absent.
Result<int> query_wait(const httplib::Request& req, int fallback);

// A query value, or empty.
std::string query(const httplib::Request& req, const char* name);

}  // namespace cxsched::app::serve
