// cxsched activate
#include "commands.hpp"

namespace cxsched::app {

void register_activate(CLI::App& app, Context& ctx, Registry& registry) {
  (void)ctx;
  auto* sub = app.add_subcommand("activate", "(not yet available)");
  registry.add(sub, [](Context&) -> Result<int> {
    return fail(ErrorKind::internal, "activate is not available in this build");
  });
}

}  // namespace cxsched::app
