#include "documents.hpp"

#include "commands/watch_view.hpp"
#include "exit_codes.hpp"

#include <cxsched/util/json.hpp>

namespace cxsched::app {
namespace {

using Alloc = rapidjson::Document::AllocatorType;

rapidjson::Value error_value(const Error& error, Alloc& a) {
  rapidjson::Value e(rapidjson::kObjectType);
  e.AddMember("code", exit_code_for(error.kind), a);
  e.AddMember("kind", rapidjson::StringRef(to_string(error.kind)), a);
  e.AddMember("message", rapidjson::Value(error.message.c_str(), a), a);
  return e;
}

rapidjson::Value create_result(const ops::CreateResult& r, bool dry_run, Alloc& a) {
  rapidjson::Value v(rapidjson::kObjectType);
  auto str = [&a](const std::string& s) { return rapidjson::Value(s.c_str(), a); };
  v.AddMember("source", str(r.source), a);
  v.AddMember("name", str(r.name), a);
  v.AddMember("outcome", rapidjson::StringRef(ops::to_string(r.outcome)), a);
  v.AddMember("id", r.id.empty() ? rapidjson::Value() : str(r.id), a);
  v.AddMember("status", r.status.empty() ? rapidjson::Value() : str(r.status), a);
  if (!r.idempotency_key.empty()) v.AddMember("idempotencyKey", str(r.idempotency_key), a);
  rapidjson::Value diffs(rapidjson::kArrayType);
  for (const auto& d : r.differences) {
    rapidjson::Value x(rapidjson::kObjectType);
    x.AddMember("field", str(d.field), a);
    x.AddMember("platform", str(d.platform), a);
    x.AddMember("spec", str(d.spec), a);
    diffs.PushBack(x, a);
  }
  v.AddMember("differences", diffs, a);
  if (dry_run && !r.payload.empty()) {
    if (auto payload = util::read_json(r.payload))
      v.AddMember("payload", rapidjson::Value(*payload, a), a);
  }
  if (r.activation) v.AddMember("activation", rapidjson::StringRef(activation_text(*r.activation)), a);
  if (r.watch) v.AddMember("watch", watched_to_json(*r.watch, a), a);
  if (r.error) v.AddMember("error", error_value(*r.error, a), a);
  return v;
}

}  // namespace

const char* activation_text(const ops::ActivationResult& result) {
  if (result.error) return "failed";
  return result.activation == platform::Activation::already_active ? "already-active" : "accepted";
}

rapidjson::Document error_document(const Error& error) {
  rapidjson::Document doc(rapidjson::kObjectType);
  auto& a = doc.GetAllocator();
  doc.AddMember("error", error_value(error, a), a);
  return doc;
}

rapidjson::Document create_document(const ops::CreateReport& report, bool dry_run, int exit_code) {
  rapidjson::Document doc(rapidjson::kObjectType);
  auto& a = doc.GetAllocator();
  rapidjson::Value results(rapidjson::kArrayType);
  std::size_t activated = 0;
  for (const auto& r : report.results) {
    results.PushBack(create_result(r, dry_run, a), a);
    activated += r.activation && r.activation->ok();
  }
  doc.AddMember("dryRun", dry_run, a);
  if (report.refused)
    doc.AddMember("refused",
                  rapidjson::StringRef(*report.refused == ops::Verdict::invalid ? "invalid"
                                                                                : "conflict"),
                  a);
  doc.AddMember("results", results, a);
  doc.AddMember("activated", static_cast<std::uint64_t>(activated), a);
  doc.AddMember("validation", rapidjson::Value(ops::report_to_json(report.validation), a), a);
  doc.AddMember("exitCode", exit_code, a);
  return doc;
}

rapidjson::Document activate_document(std::span<const ops::ActivationResult> results,
                                      std::span<const ops::WatchedCampaign> watched,
                                      int exit_code) {
  rapidjson::Document doc(rapidjson::kObjectType);
  auto& a = doc.GetAllocator();
  rapidjson::Value arr(rapidjson::kArrayType);
  for (const auto& r : results) {
    rapidjson::Value v(rapidjson::kObjectType);
    v.AddMember("id", rapidjson::Value(r.id.c_str(), a), a);
    v.AddMember("result", rapidjson::StringRef(activation_text(r)), a);
    if (!r.name.empty()) v.AddMember("name", rapidjson::Value(r.name.c_str(), a), a);
    if (!r.status.empty()) v.AddMember("status", rapidjson::Value(r.status.c_str(), a), a);
    if (!r.status_reason.empty())
      v.AddMember("statusReason", rapidjson::Value(r.status_reason.c_str(), a), a);
    if (r.error) v.AddMember("error", error_value(*r.error, a), a);
    for (const auto& w : watched)
      if (w.id == r.id) {
        v.AddMember("watch", watched_to_json(w, a), a);
        break;
      }
    arr.PushBack(v, a);
  }
  doc.AddMember("results", arr, a);
  doc.AddMember("exitCode", exit_code, a);
  return doc;
}

rapidjson::Document list_document(std::span<const platform::Campaign* const> campaigns) {
  rapidjson::Document doc(rapidjson::kObjectType);
  auto& a = doc.GetAllocator();
  rapidjson::Value arr(rapidjson::kArrayType);
  for (const auto* c : campaigns) arr.PushBack(rapidjson::Value(*c->object, a), a);
  doc.AddMember("campaigns", arr, a);
  doc.AddMember("total", static_cast<std::uint64_t>(campaigns.size()), a);
  return doc;
}

}  // namespace cxsched::app
