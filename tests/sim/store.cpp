#include "store.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "auth.hpp"
#include "json.hpp"

namespace cxsched::sim {

using namespace std::chrono_literals;

std::string_view Campaign::id() const {
  return string_view_member(doc, "id");
}
std::string_view Campaign::name() const {
  return string_view_member(doc, "name");
}
std::string_view Campaign::status() const {
  return string_view_member(doc, "status");
}

void Campaign::set(const char* key, const std::string& value) {
  set_member(doc, key, value);
}

CampaignStore::CampaignStore(std::optional<std::filesystem::path> state_file)
    : state_file_(std::move(state_file)) {}

std::optional<std::string> CampaignStore::load() {
  if (!state_file_ || !std::filesystem::exists(*state_file_)) return std::nullopt;
  std::ifstream in(*state_file_);
  if (!in) return "cannot read state file " + state_file_->string();
  std::stringstream ss;
  ss << in.rdbuf();
  rapidjson::Document doc;
  if (!parse_json(ss.str(), doc) || !doc.IsObject() || !doc.HasMember("campaigns") ||
      !doc["campaigns"].IsArray())
    return "state file " + state_file_->string() + " is not a {\"campaigns\": [...]} document";
  campaigns_.clear();
  for (const auto& c : doc["campaigns"].GetArray()) {
    if (!c.IsObject() || string_view_member(c, "id").empty()) continue;
    rapidjson::Document copy;
    copy.CopyFrom(c, copy.GetAllocator());
    put(std::move(copy));
  }
  if (const auto* pending = member(doc, "pendingActivations"); pending && pending->IsArray()) {
    for (const auto& p : pending->GetArray()) {
      auto id = string_member(p, "id");
      auto due = string_member(p, "due");
      auto parsed = due ? parse_date_time(*due) : std::nullopt;
      Campaign* c = id ? find(*id) : nullptr;
      if (c == nullptr || !parsed || !parsed->offset) continue;
      const auto* fail = member(p, "fail");
      c->pending = PendingActivation{parsed->utc(), fail && fail->IsBool() && fail->GetBool(),
                                     string_member(p, "reason").value_or("")};
    }
  }
  return std::nullopt;
}

std::optional<std::string> CampaignStore::save() const {
  if (!state_file_) return std::nullopt;
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  w.StartObject();
  w.Key("campaigns");
  w.StartArray();
  for (const auto& c : campaigns_) c->doc.Accept(w);
  w.EndArray();
  w.Key("pendingActivations");
  w.StartArray();
  for (const auto& c : campaigns_) {
    if (!c->pending) continue;
    w.StartObject();
    w.Key("id");
    w.String(c->id().data(), static_cast<rapidjson::SizeType>(c->id().size()));
    w.Key("due");
    w.String(format_utc(c->pending->due, true).c_str());
    w.Key("fail");
    w.Bool(c->pending->fail);
    w.Key("reason");
    w.String(c->pending->reason.c_str());
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();

  auto tmp = *state_file_;
  tmp += ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return "cannot write " + tmp.string();
    out.write(buf.GetString(), static_cast<std::streamsize>(buf.GetSize()));
    out.flush();
    if (!out) return "cannot write " + tmp.string();
  }
  std::error_code ec;
  std::filesystem::rename(tmp, *state_file_, ec);
  if (ec) return "cannot replace " + state_file_->string() + ": " + ec.message();
  return std::nullopt;
}

Campaign* CampaignStore::find(std::string_view id) {
  auto it = by_id_.find(std::string{id});
  return it == by_id_.end() ? nullptr : it->second;
}

const Campaign* CampaignStore::find(std::string_view id) const {
  auto it = by_id_.find(std::string{id});
  return it == by_id_.end() ? nullptr : it->second;
}

Campaign* CampaignStore::find_by_name(std::string_view name) {
  for (auto& c : campaigns_)
    if (c->name() == name) return c.get();
  return nullptr;
}

Campaign& CampaignStore::put(rapidjson::Document doc) {
  std::string id{string_view_member(doc, "id")};
  if (Campaign* existing = find(id)) {
    existing->doc = std::move(doc);
    existing->pending.reset();
    return *existing;
  }
  campaigns_.push_back(std::make_unique<Campaign>());
  campaigns_.back()->doc = std::move(doc);
  by_id_[id] = campaigns_.back().get();
  return *campaigns_.back();
}

std::size_t CampaignStore::clear() {
  auto n = campaigns_.size();
  campaigns_.clear();
  by_id_.clear();
  return n;
}

bool CampaignStore::due(SysMillis now) const {
  return std::any_of(campaigns_.begin(), campaigns_.end(),
                     [&](const auto& c) { return c->pending && c->pending->due <= now; });
}

bool CampaignStore::settle(SysMillis now) {
  bool changed = false;
  for (auto& c : campaigns_) {
    if (!c->pending || c->pending->due > now) continue;
    if (c->status() == "ACTIVATING") {
      c->set("status", c->pending->fail ? "FAILED" : "ACTIVE");
      if (c->pending->fail) c->set("statusReason", c->pending->reason);
      c->set("dateModified", format_utc(c->pending->due));
    }
    c->pending.reset();
    changed = true;
  }
  return changed;
}

namespace {

constexpr std::array<const char*, 8> seed_zones{
    "America/New_York", "America/Chicago", "America/Denver",   "America/Los_Angeles",
    "Europe/Berlin",    "Europe/London",   "Australia/Sydney", "Asia/Kolkata"};
constexpr std::array<const char*, 4> seed_types{"PREDICTIVE", "PROGRESSIVE", "PREVIEW",
                                                "AGENTLESS"};
constexpr std::array<const char*, 4> seed_overflow{"WRAPUP", "VOICEMAIL", "DISCONNECT", "REQUEUE"};
constexpr std::array<const char*, 5> seed_skills{"compliance_agent", "collections", "sales",
                                                 "retention", "support_tier2"};

const char* pick_status(Random& r) {
  auto roll = r.below(100);
  if (roll < 30) return "COMPLETED";
  if (roll < 50) return "DRAFT";
  if (roll < 65) return "PAUSED";
  if (roll < 80) return "CANCELED";
  if (roll < 90) return "ACTIVE";
  return "SCHEDULED";
}

void add_string(rapidjson::Value& obj, const char* key, const std::string& value,
                rapidjson::Document::AllocatorType& alloc) {
  obj.AddMember(
      rapidjson::Value(key, alloc),
      rapidjson::Value(value.c_str(), static_cast<rapidjson::SizeType>(value.size()), alloc),
      alloc);
}

void add_window(rapidjson::Value& windows, const std::vector<const char*>& days, const char* start,
                const char* end, rapidjson::Document::AllocatorType& alloc) {
  rapidjson::Value w(rapidjson::kObjectType);
  rapidjson::Value d(rapidjson::kArrayType);
  for (const char* day : days) d.PushBack(rapidjson::Value(day, alloc), alloc);
  w.AddMember("days", d, alloc);
  add_string(w, "start", start, alloc);
  add_string(w, "end", end, alloc);
  windows.PushBack(w, alloc);
}

}  // namespace

std::vector<rapidjson::Document> generate_campaigns(int n, std::uint64_t seed,
                                                    date::local_days today) {
  Random r(seed ^ 0x5eedca3a16eULL);
  std::vector<rapidjson::Document> out;
  const std::vector<const char*> weekdays{"MON", "TUE", "WED", "THU", "FRI"};
  for (int i = 1; i <= n; ++i) {
    rapidjson::Document doc(rapidjson::kObjectType);
    auto& alloc = doc.GetAllocator();
    const std::string status = pick_status(r);
    const bool live = status == "ACTIVE" || status == "SCHEDULED";
    const auto* zone = find_zone(seed_zones[r.below(seed_zones.size())]);
    // Dates relative to `today`, so that live campaigns are live on it.
    const auto days = [&r](std::uint64_t below) {
      return date::days{static_cast<int>(r.below(below))};
    };
    date::local_days start_day, end_day;
    if (status == "ACTIVE") {
      start_day = today - date::days{1} - days(60);
      end_day = today + date::days{7} + days(54);
    } else if (status == "SCHEDULED") {
      start_day = today + date::days{1} + days(90);
      end_day = start_day + date::days{7} + days(38);
    } else if (status == "COMPLETED") {
      end_day = today - date::days{1} - days(365);
      start_day = end_day - date::days{7} - days(38);
    } else {
      start_day = today - date::days{540} + days(720);
      end_day = start_day + date::days{7} + days(38);
    }
    const auto start = to_sys_earliest(zone, date::local_seconds{start_day} + 8h);
    const auto end = to_sys_earliest(zone, date::local_seconds{end_day} + 18h);
    const auto created = start - date::days{1 + static_cast<int>(r.below(20))} -
                         std::chrono::minutes{r.below(24 * 60)};

    char name[32];
    std::snprintf(name, sizeof name, "Seed_Campaign_%04d", i);
    char queue[16];
    std::snprintf(queue, sizeof queue, "queue_%02d", static_cast<int>(1 + r.below(live ? 5 : 20)));
    add_string(doc, "id", "c-" + r.hex(24), alloc);
    add_string(doc, "name", name, alloc);
    add_string(doc, "description", "Generated campaign " + std::to_string(i), alloc);
    add_string(doc, "campaignType", seed_types[r.below(seed_types.size())], alloc);
    add_string(doc, "status", status, alloc);
    add_string(doc, "startDate", format_in_zone(start, zone), alloc);
    add_string(doc, "endDate", format_in_zone(end, zone), alloc);
    add_string(doc, "timezone", zone->name(), alloc);

    rapidjson::Value windows(rapidjson::kArrayType);
    switch (r.below(4)) {
      case 0: add_window(windows, weekdays, "09:00", "17:00", alloc); break;
      case 1:
        add_window(windows, weekdays, "08:00", "12:00", alloc);
        add_window(windows, weekdays, "13:00", "17:00", alloc);
        break;
      case 2:
        add_window(windows, weekdays, "10:00", "18:00", alloc);
        add_window(windows, {"SAT"}, "10:00", "14:00", alloc);
        break;
      default: add_window(windows, weekdays, "09:30", "16:30", alloc); break;
    }
    doc.AddMember("executionWindows", windows, alloc);
    rapidjson::Value exclude(rapidjson::kArrayType);
    if (r.below(3) == 0) {
      const auto holiday = date::year_month_day{start_day + date::days{3}};
      exclude.PushBack(rapidjson::Value(date::format("%Y-%m-%d", holiday).c_str(), alloc), alloc);
    }
    doc.AddMember("excludeDates", exclude, alloc);

    rapidjson::Value dialer(rapidjson::kObjectType);
    dialer.AddMember("maxAttempts", static_cast<int>(1 + r.below(5)), alloc);
    dialer.AddMember("retryInterval", static_cast<int>(60 * (5 + r.below(115))), alloc);
    dialer.AddMember("dropRate", static_cast<double>(r.below(4)) / 100.0, alloc);
    doc.AddMember("dialerSettings", dialer, alloc);
    rapidjson::Value routing(rapidjson::kObjectType);
    add_string(routing, "queueId", queue, alloc);
    add_string(routing, "skillRequirement", seed_skills[r.below(seed_skills.size())], alloc);
    add_string(routing, "overflowStrategy", seed_overflow[r.below(seed_overflow.size())], alloc);
    doc.AddMember("routingSettings", routing, alloc);
    add_string(doc, "dateCreated", format_utc(SysMillis{created}), alloc);
    add_string(doc, "dateModified", format_utc(SysMillis{created}), alloc);
    out.push_back(std::move(doc));
  }
  return out;
}

}  // namespace cxsched::sim
