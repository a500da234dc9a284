#pragma once

#include <span>
#include <string>

namespace cxsched::util {

// One RFC 4180 record, CRLF-terminated: fields holding a comma, a quote, CR
// or LF are quoted, with quotes doubled.
std::string csv_record(std::span<const std::string> fields);

}  // namespace cxsched::util
