#pragma once

#include "context.hpp"

#include <CLI/CLI.hpp>

#include <set>
#include <string>
#include <vector>

namespace cxsched::app {

// The deadline of a command that reads every page of campaigns (list,
// validate, create without --wait) when --timeout is not given: a platform
// whose pages never end cannot hold a cron job forever.
inline constexpr util::Millis kDefaultListTimeout{5 * 60 * 1000};

// Each adds its subcommand(s) to `app` and registers the runner(s).
void register_auth(CLI::App& app, Context& ctx, Registry& registry);
void register_list(CLI::App& app, Context& ctx, Registry& registry);
void register_validate(CLI::App& app, Context& ctx, Registry& registry);
void register_create(CLI::App& app, Context& ctx, Registry& registry);
void register_activate(CLI::App& app, Context& ctx, Registry& registry);
void register_watch(CLI::App& app, Context& ctx, Registry& registry);
void register_report(CLI::App& app, Context& ctx, Registry& registry);
void register_serve(CLI::App& app, Context& ctx, Registry& registry);
void register_doctor(CLI::App& app, Context& ctx, Registry& registry);

// The campaign statuses (schedule::kCampaignStatuses) as strings, for
// suggestions and completion hints.
std::vector<std::string> status_names();

// `list --status` values (repeatable or comma-separated, any case) as the
// platform's status names; ErrorKind::usage naming an unknown one.
Result<std::set<std::string>> parse_statuses(const std::vector<std::string>& given);

// Completion scripts generated from `app`, which must be complete when it runs.
void register_completion(CLI::App& app, Context& ctx, Registry& registry);

}  // namespace cxsched::app
