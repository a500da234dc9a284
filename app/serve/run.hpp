#pragma once

#include "../commands/commands.hpp"

namespace cxsched::app::serve {

// Serves until SIGINT or SIGTERM: the runner of `cxsched serve` in the server
// program (see register_serve).
Result<int> run(Context& ctx, const ServeOptions& o);

}  // namespace cxsched::app::serve
