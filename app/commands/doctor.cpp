// cxsched doctor: read-only checks of the configured platform, one line each.
#include "../exit_codes.hpp"
#include "commands.hpp"

#include <cxsched/util/expected.hpp>

namespace cxsched::app {
namespace {

// Asking a tenant's first questions should not take long: a platform that
// does not answer is reported within this when --timeout is not given.
constexpr util::Millis kDefaultDoctorTimeout{60 * 1000};

Style style_of(platform::CheckOutcome o) {
  switch (o) {
    case platform::CheckOutcome::ok: return Style::green;
    case platform::CheckOutcome::warning: return Style::yellow;
    case platform::CheckOutcome::failed: return Style::red;
    case platform::CheckOutcome::not_verified: return Style::dim;
  }
  return Style::bold;
}

Result<int> run_doctor(Context& ctx) {
  TRY_ASSIGN(ops::Session * session, ctx.session(kDefaultDoctorTimeout));
  auto& platform = session->platform();
  const auto checks = platform.diagnose();
  std::vector<ErrorKind> failures;
  int warnings = 0;
  for (const auto& c : checks) {
    if (c.outcome == platform::CheckOutcome::failed)
      failures.push_back(c.kind.value_or(ErrorKind::internal));
    if (c.outcome == platform::CheckOutcome::warning) ++warnings;
  }
  const int code = doctor_exit_code(failures);
  if (ctx.format() == Format::json) {
    rapidjson::Document doc(rapidjson::kObjectType);
    auto& a = doc.GetAllocator();
    auto text = [&](const std::string& s) { return rapidjson::Value(s.c_str(), a); };
    doc.AddMember("platform", text(std::string(platform.name())), a);
    doc.AddMember("ok", failures.empty(), a);
    rapidjson::Value list(rapidjson::kArrayType);
    for (const auto& c : checks) {
      rapidjson::Value item(rapidjson::kObjectType);
      item.AddMember("name", text(c.name), a);
      item.AddMember("outcome", text(platform::to_string(c.outcome)), a);
      item.AddMember("detail", text(c.detail), a);
      if (!c.advice.empty()) item.AddMember("advice", text(c.advice), a);
      if (c.kind) item.AddMember("kind", text(to_string(*c.kind)), a);
      list.PushBack(item, a);
    }
    doc.AddMember("checks", list, a);
    ctx.term().print_json(doc);
    return code;
  }
  auto& t = ctx.term();
  std::size_t width = 0;
  for (const auto& c : checks) width = std::max(width, c.name.size());
  std::string out = "Platform: " + std::string(platform.name()) + "\n";
  for (const auto& c : checks) {
    std::string outcome = platform::to_string(c.outcome);
    outcome.resize(std::max<std::size_t>(outcome.size(), 12), ' ');
    std::string name = c.name;
    name.resize(std::max(name.size(), width), ' ');
    out += "  " + t.paint(outcome, style_of(c.outcome)) + " " + name + "  " +
           terminal_safe(c.detail, false) + "\n";
    if (!c.advice.empty())
      out += "  " + std::string(12 + 1 + width + 2, ' ') + "-> " + terminal_safe(c.advice, false) +
             "\n";
  }
  out += failures.empty()
             ? (warnings == 0 ? "All checks passed.\n"
                              : "All checks passed, with " + std::to_string(warnings) +
                                    (warnings == 1 ? " warning.\n" : " warnings.\n"))
             : std::to_string(failures.size()) + (failures.size() == 1 ? " check" : " checks") +
                   " failed.\n";
  t.print(out);
  return code;
}

}  // namespace

void register_doctor(CLI::App& app, Context& ctx, Registry& registry) {
  (void)ctx;
  auto* doctor = app.add_subcommand(
      "doctor", "Check the configured platform, read-only: sign-in, endpoint, zone, permissions");
  doctor->footer(
      "Each check prints ok, warning, failed or not verified, with what to do. Nothing is\n"
      "written, so write permissions are not verified.\n"
      "Exit codes: 0 all checks passed (warnings allowed), 5 sign-in or permission\n"
      "refused, 9 platform unreachable, 1 another check failed.\n"
      "Examples:\n"
      "  cxsched doctor --platform acd --access-key-id KEY_ID\n"
      "  cxsched doctor -o json");
  registry.add(doctor, run_doctor, {Format::table, Format::json});
}

}  // namespace cxsched::app
