#include <cxsched/ops/lifecycle.hpp>

namespace cxsched::ops {

std::vector<ActivationResult> activate_campaigns(platform::Platform& platform,
                                                 std::span<const std::string> ids) {
  std::vector<ActivationResult> out;
  std::optional<Error> down;
  for (const auto& id : ids) {
    ActivationResult r;
    r.id = id;
    if (down) {
      r.error = Error{down->kind, "not attempted: " + down->message};
      out.push_back(std::move(r));
      continue;
    }
    auto a = platform.activate(id);
    if (a) {
      r.activation = *a;
      out.push_back(std::move(r));
      continue;
    }
    Error err = a.error();
    if (err.kind == ErrorKind::terminal_status) {
      if (auto c = platform.get(id)) {
        r.name = c->name;
        r.status = c->status;
        r.status_reason = c->status_reason;
        err.message = "campaign '" + c->name + "' (" + id + ") is " + c->status +
                      (c->status_reason.empty() ? "" : " (" + c->status_reason + ")") +
                      " and cannot be activated again";
      }
    }
    if (err.kind == ErrorKind::unavailable || err.kind == ErrorKind::auth) down = err;
    r.error = std::move(err);
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace cxsched::ops
