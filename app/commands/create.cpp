// cxsched create
#include "commands.hpp"

namespace cxsched::app {

void register_create(CLI::App& app, Context& ctx, Registry& registry) {
  (void)ctx;
  auto* sub = app.add_subcommand("create", "(not yet available)");
  registry.add(sub, [](Context&) -> Result<int> {
    return fail(ErrorKind::internal, "create is not available in this build");
  });
}

}  // namespace cxsched::app
