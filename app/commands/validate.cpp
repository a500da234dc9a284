// cxsched validate
#include "commands.hpp"

namespace cxsched::app {

void register_validate(CLI::App& app, Context& ctx, Registry& registry) {
  (void)ctx;
  auto* sub = app.add_subcommand("validate", "(not yet available)");
  registry.add(sub, [](Context&) -> Result<int> {
    return fail(ErrorKind::internal, "validate is not available in this build");
  });
}

}  // namespace cxsched::app
