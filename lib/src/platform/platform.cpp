#include <cxsched/platform/platform.hpp>

#include <cxsched/util/time.hpp>

namespace cxsched::platform {

std::string FieldDifference::to_string() const {
  return field + ": platform " + platform + ", spec " + spec;
}

const char* to_string(CheckOutcome outcome) noexcept {
  switch (outcome) {
    case CheckOutcome::ok: return "ok";
    case CheckOutcome::warning: return "warning";
    case CheckOutcome::failed: return "failed";
    case CheckOutcome::not_verified: return "not verified";
  }
  return "failed";
}

Check failed_check(std::string name, const Error& error, std::string advice) {
  Check c;
  c.name = std::move(name);
  c.outcome = CheckOutcome::failed;
  c.detail = error.message;
  c.kind = error.kind;
  switch (error.kind) {
    case ErrorKind::unavailable:
      c.advice = "the platform did not answer: check the URL, the network (proxy, firewall) and "
                 "the platform's status page, then run doctor again";
      break;
    case ErrorKind::deadline:
      c.advice = "the command's deadline passed: give a longer --timeout";
      break;
    default: c.advice = std::move(advice);
  }
  return c;
}

Check sign_in_failed(const Error& error, std::string refused, std::string unreached) {
  return failed_check("sign-in", error,
                      error.kind == ErrorKind::auth ? std::move(refused) : std::move(unreached));
}

Check signed_in(const std::string& who, util::SysTime expires_at, bool from_cache) {
  return ok_check("sign-in", who + ": token valid until " + util::format_rfc3339_utc(expires_at) +
                                 (from_cache ? " (from the cache)" : " (new)"));
}

Check ok_check(std::string name, std::string detail) {
  return Check{std::move(name), CheckOutcome::ok, std::move(detail), {}, std::nullopt};
}

Check warning_check(std::string name, std::string detail, std::string advice) {
  return Check{std::move(name), CheckOutcome::warning, std::move(detail), std::move(advice),
               std::nullopt};
}

}  // namespace cxsched::platform
