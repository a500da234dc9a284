#pragma once

#include <cxsched/platform/platform.hpp>
#include <cxsched/ops/lifecycle.hpp>
#include <cxsched/util/error.hpp>

#include <rapidjson/document.h>

#include <span>
#include <string>
#include <vector>

namespace cxsched::app {

// The stable JSON documents of the commands' `-o json` output, built in one
// place so `cxsched serve` answers with exactly what the command prints.

// {"error": {"code": N, "kind": "...", "message": "..."}}: a failed command.
rapidjson::Document error_document(const Error& error);

// `create -o json`: {"dryRun", "refused"?, "results": [...], "activated",
// "validation": <validate -o json>, "exitCode"}.
rapidjson::Document create_document(const ops::CreateReport& report, bool dry_run, int exit_code);

// `activate -o json`: {"results": [{"id", "result", "name"?, "status"?,
// "statusReason"?, "error"?, "watch"?}], "exitCode"}.
rapidjson::Document activate_document(std::span<const ops::ActivationResult> results,
                                      std::span<const ops::WatchedCampaign> watched,
                                      int exit_code);

// `list -o json`: {"campaigns": [<platform objects>], "total"}.
rapidjson::Document list_document(std::span<const platform::Campaign* const> campaigns);

// "accepted", "already-active" or "failed".
const char* activation_text(const ops::ActivationResult& result);

}  // namespace cxsched::app
