#pragma once

#include "context.hpp"

#include <CLI/CLI.hpp>

namespace cxsched::app {

// Each adds its subcommand(s) to `app` and registers the runner(s).
void register_auth(CLI::App& app, Context& ctx, Registry& registry);
void register_list(CLI::App& app, Context& ctx, Registry& registry);
void register_validate(CLI::App& app, Context& ctx, Registry& registry);
void register_create(CLI::App& app, Context& ctx, Registry& registry);
void register_activate(CLI::App& app, Context& ctx, Registry& registry);
void register_watch(CLI::App& app, Context& ctx, Registry& registry);
void register_report(CLI::App& app, Context& ctx, Registry& registry);
// Completion scripts generated from `app`, which must be complete when it runs.
void register_completion(CLI::App& app, Context& ctx, Registry& registry);

}  // namespace cxsched::app
