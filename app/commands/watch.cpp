// cxsched watch
#include "commands.hpp"

namespace cxsched::app {

void register_watch(CLI::App& app, Context& ctx, Registry& registry) {
  (void)ctx;
  auto* sub = app.add_subcommand("watch", "(not yet available)");
  registry.add(sub, [](Context&) -> Result<int> {
    return fail(ErrorKind::internal, "watch is not available in this build");
  });
}

}  // namespace cxsched::app
