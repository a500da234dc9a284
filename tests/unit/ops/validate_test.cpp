#include <cxsched/ops/validate.hpp>
#include <cxsched/schedule/format.hpp>
#include <cxsched/util/json.hpp>

#include "api/fake_platform.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace cxsched;
using ops::OtherKind;
using ops::SpecText;
using ops::Verdict;

namespace {

// A campaign object (spec or platform campaign): February 2027 in New York,
// one window on the given days.
struct Camp {
  std::string name = "Spec_A";
  std::string days = R"("MON","TUE","WED","THU","FRI")";
  std::string start = "09:00", end = "17:00";
  std::string from = "2027-02-01T08:00:00-05:00", to = "2027-02-26T18:00:00-05:00";
  std::string zone = "America/New_York";
  std::string queue = "queue_abc123";
  std::string id, status;  // platform campaigns only

  std::string json() const {
    std::string s = "{";
    if (!id.empty()) s += R"("id":")" + id + R"(","status":")" + status + R"(",)";
    s += R"("name":")" + name + R"(","campaignType":"PREDICTIVE",)";
    s += R"("startDate":")" + from + R"(","endDate":")" + to + R"(","timezone":")" + zone + R"(",)";
    s += R"("executionWindows":[{"days":[)" + days + R"(],"start":")" + start + R"(","end":")" +
         end + R"("}],)";
    s += R"("dialerSettings":{"maxAttempts":3,"retryInterval":3600,"dropRate":0.03},)";
    s += R"("routingSettings":{"queueId":")" + queue +
         R"(","skillRequirement":"compliance_agent","overflowStrategy":"WRAPUP"}})";
    return s;
  }
};

Camp on_platform(std::string id, std::string name, std::string status) {
  Camp c;
  c.id = std::move(id);
  c.name = std::move(name);
  c.status = std::move(status);
  return c;
}

std::string page(const std::vector<Camp>& campaigns, int number, int count) {
  std::string s = R"({"entities":[)";
  for (std::size_t i = 0; i < campaigns.size(); ++i) s += (i ? "," : "") + campaigns[i].json();
  s += R"(],"pageSize":500,"pageNumber":)" + std::to_string(number) +
       R"(,"pageCount":)" + std::to_string(count);
  if (number < count)
    s += R"(,"nextUri":"/api/v2/campaigns?pageSize=500&pageNumber=)" + std::to_string(number + 1) +
         '"';
  return s + "}";
}

std::string list_target(int number) {
  return "/api/v2/campaigns?pageSize=500&pageNumber=" + std::to_string(number);
}

struct Fixture : api::testing::FakePlatform {

  // Serves the platform's campaigns as pages of the given sizes.
  void serve(const std::vector<std::vector<Camp>>& pages) {
    for (std::size_t i = 0; i < pages.size(); ++i)
      transport.respond("GET", list_target(static_cast<int>(i) + 1), 200,
                        page(pages[i], static_cast<int>(i) + 1, static_cast<int>(pages.size())));
  }

  std::size_t list_requests() const { return transport.count("GET", "/api/v2/campaigns"); }

  Result<ops::ValidationReport> run(const std::vector<SpecText>& specs, ops::ValidateOptions o = {}) {
    return ops::validate_specs(specs, o, &platform);
  }
};

SpecText text(const Camp& c, std::string source = "spec.json") { return {std::move(source), c.json()}; }

bool has_problem(const ops::SpecResult& s, const std::string& field) {
  for (const auto& p : s.parsed.problems)
    if (p.field == field) return true;
  return false;
}

}  // namespace

TEST_CASE("offline validation checks every spec and never touches the platform") {
  Fixture f;
  Camp bad;
  bad.end = "21:30";
  Camp good;
  good.name = "Spec_B";
  ops::ValidateOptions o;
  o.offline = true;
  SECTION("with an API at hand") {
    auto r = f.run({text(bad, "a.json"), text(good, "b.json")}, o);
    REQUIRE(r);
    CHECK(f.transport.sent().empty());
    CHECK(r->offline);
    CHECK(r->verdict() == Verdict::invalid);
    CHECK(r->invalid_count() == 1);
    CHECK(has_problem(r->specs[0], "executionWindows[0].end"));
    CHECK(r->specs[1].valid());
    // The definition needs no listing: a platform at hand gives it even offline.
    REQUIRE(r->specs[1].definition);
    CHECK_FALSE(r->specs[1].definition->body.empty());
  }
  SECTION("without one") {
    auto r = ops::validate_specs(std::vector<SpecText>{text(good)}, o, nullptr);
    REQUIRE(r);
    CHECK(r->verdict() == Verdict::ok);
    CHECK(r->platform.empty());
  }
  SECTION("overlapping specs still conflict with each other") {
    Camp other = good;
    other.name = "Spec_C";
    auto r = ops::validate_specs(std::vector<SpecText>{text(good, "b.json"), text(other, "c.json")},
                                 o, nullptr);
    REQUIRE(r);
    REQUIRE(r->conflicts.size() == 1);
    CHECK(r->conflicts[0].other_kind == OtherKind::spec);
    CHECK(r->verdict() == Verdict::conflict);
    CHECK(r->conflicting_count() == 2);
  }
}

TEST_CASE("validation online needs an API") {
  auto r = ops::validate_specs(std::vector<SpecText>{text(Camp{})}, ops::ValidateOptions{}, nullptr);
  REQUIRE_FALSE(r);
  CHECK(r.error().kind == ErrorKind::internal);
}

TEST_CASE("an invalid spec is still named, and every problem of every spec is kept") {
  Fixture f;
  Camp a;
  a.zone = "America/New_Yrok";
  Camp b;
  b.name = "Spec_B";
  b.start = "07:00";
  b.queue = "";
  ops::ValidateOptions o;
  o.offline = true;
  auto r = f.run({text(a, "a.json"), text(b, "b.json"), {"c.json", "{not json"}}, o);
  REQUIRE(r);
  REQUIRE(r->specs.size() == 3);
  CHECK(r->specs[0].name == "Spec_A");
  CHECK(has_problem(r->specs[0], "timezone"));
  CHECK(r->specs[1].name == "Spec_B");
  CHECK(has_problem(r->specs[1], "executionWindows[0].start"));
  CHECK(has_problem(r->specs[1], "routingSettings.queueId"));
  CHECK(r->specs[2].name.empty());
  CHECK(has_problem(r->specs[2], "$"));
  CHECK(r->invalid_count() == 3);
}

TEST_CASE("conflicts are found on every page of the platform's campaigns") {
  Fixture f;
  Camp blocker = on_platform("c-late", "Late_Blocker", "ACTIVE");
  blocker.days = R"("MON")";
  blocker.start = "12:00";
  blocker.end = "13:00";
  Camp harmless = on_platform("c-early", "Elsewhere", "ACTIVE");
  harmless.from = "2026-01-05T08:00:00-05:00";
  harmless.to = "2026-01-30T18:00:00-05:00";
  f.serve({{harmless}, {on_platform("c-draft", "Draft", "DRAFT")}, {blocker}});

  auto r = f.run({text(Camp{})});
  REQUIRE(r);
  CHECK(f.list_requests() == 3);
  CHECK(r->platform.empty());     // none named like the spec: nothing kept whole
  CHECK(r->checked == 2);         // the ACTIVE ones
  CHECK(r->existing.size() == 1);  // "Elsewhere" ends before the spec begins: not kept
  REQUIRE(r->conflicts.size() == 1);
  const auto& c = r->conflicts[0];
  CHECK(c.other_kind == OtherKind::platform);
  CHECK(r->existing[c.other].id == "c-late");
  CHECK(schedule::format_utc(c.first.start) == "2027-02-01T17:00:00Z");
  CHECK(schedule::format_utc(c.first.end) == "2027-02-01T18:00:00Z");
  CHECK(c.overlaps == 4);  // the Mondays of February 1..26
  CHECK(c.overlap_seconds == 4 * 3600);
  CHECK(r->verdict() == Verdict::conflict);
  f.transport.check_all_used();
}

TEST_CASE("only ACTIVE, ACTIVATING and SCHEDULED campaigns block") {
  Fixture f;
  std::vector<Camp> all;
  for (const char* s : {"DRAFT", "PAUSED", "COMPLETED", "FAILED", "CANCELED"})
    all.push_back(on_platform(std::string("c-") + s, std::string("Old_") + s, s));
  SECTION("others never conflict") {
    f.serve({all});
    auto r = f.run({text(Camp{})});
    REQUIRE(r);
    CHECK(r->existing.empty());
    CHECK(r->verdict() == Verdict::ok);
  }
  SECTION("ACTIVATING does") {
    all.push_back(on_platform("c-act", "Starting", "ACTIVATING"));
    f.serve({all});
    auto r = f.run({text(Camp{})});
    REQUIRE(r);
    REQUIRE(r->conflicts.size() == 1);
    CHECK(r->existing[r->conflicts[0].other].status == "ACTIVATING");
  }
}

TEST_CASE("the platform campaign of the same name is the spec's own, not a conflict") {
  Fixture f;
  Camp mine = on_platform("c-mine", "Spec_A", "SCHEDULED");
  Camp theirs = on_platform("c-theirs", "Other", "SCHEDULED");
  theirs.days = R"("FRI")";
  f.serve({{mine, theirs}});
  Camp b;
  b.name = "Spec_B";
  b.days = R"("SAT")";
  b.start = "10:00";
  b.end = "12:00";
  auto r = f.run({text(Camp{}, "a.json"), text(b, "b.json")});
  REQUIRE(r);
  REQUIRE(r->specs[0].existing);
  CHECK(r->existing_campaign(0)->id == "c-mine");
  CHECK(r->existing_campaign(1) == nullptr);
  CHECK(r->platform.size() == 1);  // of the platform, only the same-name campaign is kept whole
  REQUIRE(r->conflicts.size() == 1);
  CHECK(r->conflicts[0].spec == 0);
  CHECK(r->existing[r->conflicts[0].other].id == "c-theirs");
  auto doc = ops::report_to_json(*r);
  CHECK(std::string(doc["specs"][0]["existingId"].GetString()) == "c-mine");
  CHECK_FALSE(doc["specs"][1].HasMember("existingId"));
}

TEST_CASE("a platform campaign that cannot be read is a warning, not a failure") {
  Fixture f;
  Camp broken = on_platform("c-broken", "Broken_Zone", "ACTIVE");
  broken.zone = "Mars/Olympus_Mons";
  Camp blocker = on_platform("c-ok", "Blocker", "ACTIVE");
  f.serve({{broken, blocker}});
  auto r = f.run({text(Camp{})});
  REQUIRE(r);
  REQUIRE(r->warnings.size() == 1);
  CHECK_THAT(r->warnings[0], Catch::Contains("c-broken") && Catch::Contains("Broken_Zone"));
  CHECK(r->existing.size() == 1);
  CHECK(r->conflicts.size() == 1);
}

TEST_CASE("a blocking campaign whose dates miss every spec's is counted, its schedule not read") {
  Fixture f;
  // Both unreadable (an unknown zone); the first ends before the spec
  // starts, the second starts after it ends, the third lies inside it.
  Camp before = on_platform("c-before", "Before", "ACTIVE");
  before.zone = "Mars/Olympus_Mons";
  before.from = "2027-01-04T08:00:00-05:00";
  before.to = "2027-02-01T08:00:00-05:00";  // ends as the spec starts: they cannot meet
  Camp after = on_platform("c-after", "After", "SCHEDULED");
  after.zone = "Mars/Olympus_Mons";
  after.from = "2027-02-26T18:00:00-05:00";
  after.to = "2027-03-26T18:00:00-05:00";
  Camp inside = on_platform("c-inside", "Inside", "ACTIVE");
  inside.zone = "Mars/Olympus_Mons";
  f.serve({{before, after, inside}});
  auto r = f.run({text(Camp{})});
  REQUIRE(r);
  CHECK(r->checked == 2);  // the two whose dates were read; the third cannot be
  REQUIRE(r->warnings.size() == 1);
  CHECK_THAT(r->warnings[0], Catch::Contains("c-inside"));
  CHECK(r->existing.empty());
}

TEST_CASE("two specs naming the same campaign make the later one invalid") {
  Camp a;
  Camp b;
  b.days = R"("SAT")";
  b.start = "10:00";
  b.end = "12:00";
  ops::ValidateOptions o;
  o.offline = true;
  auto r = ops::validate_specs(std::vector<SpecText>{text(a, "a.json"), text(b, "b.json")}, o,
                               nullptr);
  REQUIRE(r);
  CHECK(r->specs[0].valid());
  REQUIRE(has_problem(r->specs[1], "name"));
  CHECK_THAT(r->specs[1].parsed.problems.back().message, Catch::Contains("a.json"));
  CHECK_FALSE(r->specs[1].parsed.schedule);
  CHECK_FALSE(r->specs[1].definition);
  CHECK(r->verdict() == Verdict::invalid);
}

TEST_CASE("the conflict scope decides which campaigns are compared") {
  Fixture f;
  Camp other_queue = on_platform("c-q2", "Other_Queue", "ACTIVE");
  other_queue.queue = "queue_other";
  f.serve({{other_queue}});
  ops::ValidateOptions o;
  SECTION("all") {
    auto r = f.run({text(Camp{})}, o);
    REQUIRE(r);
    CHECK(r->conflicts.size() == 1);
  }
  SECTION("queue") {
    o.scope = schedule::ConflictScope::queue;
    auto r = f.run({text(Camp{})}, o);
    REQUIRE(r);
    CHECK(r->conflicts.empty());
    CHECK(r->checked == 1);
    CHECK(r->existing.empty());  // another queue: never compared, so not kept
    CHECK(r->verdict() == Verdict::ok);
  }
}

TEST_CASE("the platform is not asked when no spec is valid") {
  Fixture f;
  auto r = f.run({{"a.json", "[]"}});
  REQUIRE(r);
  CHECK(f.transport.sent().empty());
  CHECK(r->verdict() == Verdict::invalid);
}

TEST_CASE("platform failures are errors of the call") {
  Fixture f;
  f.transport.respond("GET", "/api/v2/campaigns", 403,
                      R"({"code":"forbidden","message":"missing scope campaign:read"})");
  auto r = f.run({text(Camp{})});
  REQUIRE_FALSE(r);
  CHECK(r.error().kind == ErrorKind::auth);
}

TEST_CASE("progress is reported before the slow steps") {
  Fixture f;
  f.serve({{}});
  std::vector<std::string> lines;
  ops::ValidateOptions o;
  o.progress = [&](std::string_view l) { lines.emplace_back(l); };
  auto r = f.run({text(Camp{})}, o);
  REQUIRE(r);
  REQUIRE(lines.size() == 2);
  CHECK_THAT(lines[0], Catch::Contains("listing"));
}

TEST_CASE("the JSON report has the documented shape") {
  Fixture f;
  Camp blocker = on_platform("c-lon", "London", "SCHEDULED");
  blocker.zone = "Europe/London";
  blocker.from = "2027-02-01T08:00:00Z";
  blocker.to = "2027-02-26T18:00:00Z";
  blocker.start = "14:00";
  blocker.end = "15:00";
  blocker.days = R"("MON")";
  f.serve({{blocker}});
  Camp bad;
  bad.name = "Bad";
  bad.to = "2027-01-01T00:00:00-05:00";
  auto r = f.run({text(Camp{}, "a.json"), text(bad, "bad.json")});
  REQUIRE(r);
  auto doc = ops::report_to_json(*r);
  INFO(util::to_pretty_json(doc));
  CHECK_FALSE(doc["valid"].GetBool());
  CHECK(std::string(doc["verdict"].GetString()) == "invalid");
  CHECK_FALSE(doc["offline"].GetBool());
  CHECK(std::string(doc["scope"].GetString()) == "all");
  CHECK(doc["checkedAgainst"].GetUint64() == 1);
  REQUIRE(doc["specs"].Size() == 2);
  CHECK(doc["specs"][0]["valid"].GetBool());
  CHECK(doc["specs"][0]["problems"].Size() == 0);
  const auto& problem = doc["specs"][1]["problems"][0];
  CHECK(problem.HasMember("field"));
  CHECK(problem.HasMember("value"));
  CHECK(problem.HasMember("message"));
  REQUIRE(doc["conflicts"].Size() == 1);
  const auto& c = doc["conflicts"][0];
  CHECK(std::string(c["spec"]["source"].GetString()) == "a.json");
  CHECK(std::string(c["spec"]["name"].GetString()) == "Spec_A");
  CHECK(std::string(c["other"]["id"].GetString()) == "c-lon");
  CHECK(std::string(c["other"]["status"].GetString()) == "SCHEDULED");
  const auto& first = c["firstOverlap"];
  CHECK(std::string(first["startUtc"].GetString()) == "2027-02-01T14:00:00Z");
  CHECK(std::string(first["endUtc"].GetString()) == "2027-02-01T15:00:00Z");
  CHECK_THAT(std::string(first["specLocal"]["start"].GetString()),
             Catch::StartsWith("2027-02-01T09:00-05:00"));
  CHECK_THAT(std::string(first["otherLocal"]["start"].GetString()),
             Catch::StartsWith("2027-02-01T14:00+00:00"));
  CHECK(c["overlaps"].GetUint64() == 4);
  CHECK(c["overlapSeconds"].GetInt64() == 4 * 3600);
  CHECK(doc["warnings"].IsArray());
}

TEST_CASE("scope and DST policy names parse, and nothing else does") {
  CHECK(ops::parse_conflict_scope("queue").value() == schedule::ConflictScope::queue);
  CHECK(ops::parse_conflict_scope("skill").value() == schedule::ConflictScope::skill);
  CHECK(ops::to_string(schedule::ConflictScope::skill) == "skill");
  CHECK(ops::parse_conflict_scope("Queue").error().kind == ErrorKind::usage);
  CHECK(ops::parse_dst_policy("shift-forward").value() == schedule::DstPolicy::shift_forward);
  CHECK(ops::parse_dst_policy("latest").value() == schedule::DstPolicy::latest);
  CHECK(ops::parse_dst_policy("later").error().kind == ErrorKind::usage);
}
