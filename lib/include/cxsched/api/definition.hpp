#pragma once

// A spec as the campaigns API holds it: the POST body, its Idempotency-Key,
// and the comparison of a body with a campaign read back from the platform.

#include <rapidjson/document.h>

#include <cxsched/platform/platform.hpp>
#include <cxsched/schedule/types.hpp>
#include <cxsched/util/error.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace cxsched::api {

// The POST body of a checked spec (`spec_text` as written, `checked` what
// schedule::parse_spec made of it): the spec's fields in their order,
// server fields removed, unknown fields kept, startDate and endDate as
// RFC 3339 with the zone's offset at that instant; compact JSON.
// ErrorKind::internal when `spec_text` is not a JSON object.
Result<std::string> campaign_payload(std::string_view spec_text, const schedule::Schedule& checked);

// The payload with object keys sorted at every level, compact: the same
// definition always gives the same text. ErrorKind::internal for invalid JSON.
Result<std::string> canonical_payload(std::string_view payload);

// The Idempotency-Key of a payload: the name-based UUID (version 5,
// util::uuid_v5) of its canonical form. Same spec, same key; any change of
// definition, another key.
Result<std::string> idempotency_key(std::string_view payload);

// The differences between a payload and a platform campaign, field by
// field over the fields the payload sets: dates compared as instants,
// numbers numerically, key order ignored, server fields
// (schedule::server_fields) and fields the payload does not set ignored.
// Empty when the definitions are the same. ErrorKind::internal when
// `payload` is not a JSON object.
Result<std::vector<platform::FieldDifference>> compare_definition(std::string_view payload,
                                                                  const rapidjson::Value& platform);

// The campaigns API's definition of a checked spec: body, key and the
// dry-run preview ("POST /api/v2/campaigns", the key, the body indented).
Result<platform::Definition> campaign_definition(std::string_view spec_text,
                                                 const schedule::Schedule& checked);

}  // namespace cxsched::api
