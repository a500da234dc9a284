// cxsched report
#include "commands.hpp"

namespace cxsched::app {

void register_report(CLI::App& app, Context& ctx, Registry& registry) {
  (void)ctx;
  auto* sub = app.add_subcommand("report", "(not yet available)");
  registry.add(sub, [](Context&) -> Result<int> {
    return fail(ErrorKind::internal, "report is not available in this build");
  });
}

}  // namespace cxsched::app
