#include <cxsched/api/definition.hpp>
#include <cxsched/ops/lifecycle.hpp>
#include <cxsched/util/json.hpp>

#include "api/campaign_fixtures.hpp"
#include "api/fake_platform.hpp"

#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <vector>

using namespace cxsched;
using namespace std::chrono_literals;
using http::testing::FakeTransport;
using ops::CreateOutcomeKind;
using ops::SpecText;
using testing::platform_json;
using testing::spec_json;

namespace {

std::string list_body(const std::vector<std::string>& campaigns) {
  std::string s = R"({"entities":[)";
  for (std::size_t i = 0; i < campaigns.size(); ++i) s += (i ? "," : "") + campaigns[i];
  return s + R"(],"pageNumber":1,"pageCount":1})";
}

std::string header_of(const http::Request& r, std::string_view name) {
  for (const auto& [k, v] : r.headers)
    if (k == name) return v;
  return {};
}

struct Fixture : api::testing::FakePlatform {
  explicit Fixture(std::chrono::milliseconds budget = 10min) : FakePlatform(budget, 3) {}

  std::vector<http::Request> posts() const {
    std::vector<http::Request> out;
    for (const auto& s : transport.sent())
      if (s.request.method == "POST" &&
          FakeTransport::path_of(s.request.url) == std::string_view("/api/v2/campaigns"))
        out.push_back(s.request);
    return out;
  }

  Result<ops::CreateReport> create(std::vector<SpecText> specs, ops::CreateOptions o = {}) {
    return ops::create_campaigns(specs, o, &platform, clock);
  }
};

}  // namespace

TEST_CASE("create POSTs a new spec with its idempotency key after validating") {
  Fixture f;
  f.transport.respond("GET", "/api/v2/campaigns", 200, list_body({}));
  f.transport.handle("POST", "/api/v2/campaigns", [](const http::Request&) -> Result<http::Response> {
    return http::Response{201, {}, R"({"id":"c-9","name":"Promo","status":"SCHEDULED"})"};
  });
  std::vector<std::string> progress;
  ops::CreateOptions o;
  o.on_result = [&](const ops::CreateResult& r, std::size_t i, std::size_t n) {
    progress.push_back(std::to_string(i + 1) + "/" + std::to_string(n) + " " + ops::to_string(r.outcome));
  };
  auto r = f.create({{"promo.json", spec_json("Promo")}}, o);
  REQUIRE(r);
  REQUIRE(r->results.size() == 1);
  const auto& res = r->results[0];
  CHECK(res.outcome == CreateOutcomeKind::created);
  CHECK(res.id == "c-9");
  CHECK(res.status == "SCHEDULED");
  CHECK_FALSE(r->failure());
  auto posts = f.posts();
  REQUIRE(posts.size() == 1);
  CHECK(header_of(posts[0], "Idempotency-Key") == res.idempotency_key);
  CHECK(res.idempotency_key == *api::idempotency_key(posts[0].body));
  CHECK(posts[0].body == res.payload);
  CHECK(progress == std::vector<std::string>{"1/1 created"});
  f.transport.check_all_used();
}

TEST_CASE("create of a campaign that already exists sends no POST") {
  Fixture f;
  SECTION("with the same definition it is reported and is a success") {
    f.transport.respond("GET", "/api/v2/campaigns", 200,
                        list_body({platform_json("c-1", "Promo", "SCHEDULED")}));
    auto r = f.create({{"promo.json", spec_json("Promo")}});
    REQUIRE(r);
    CHECK(r->results[0].outcome == CreateOutcomeKind::exists);
    CHECK(r->results[0].id == "c-1");
    CHECK_FALSE(r->failure());
  }
  SECTION("with another definition it is a conflict listing the differences") {
    f.transport.respond("GET", "/api/v2/campaigns", 200,
                        list_body({platform_json("c-1", "Promo", "SCHEDULED", "0.02")}));
    auto r = f.create({{"promo.json", spec_json("Promo", "0.025")}});
    REQUIRE(r);
    const auto& res = r->results[0];
    CHECK(res.outcome == CreateOutcomeKind::differs);
    REQUIRE(res.differences.size() == 1);
    CHECK(res.differences[0].to_string() == "dialerSettings.dropRate: platform 0.02, spec 0.025");
    REQUIRE(res.error);
    CHECK(res.error->message.find("dialerSettings.dropRate: platform 0.02, spec 0.025") !=
          std::string::npos);
    CHECK(r->failure() == ErrorKind::conflict);
  }
  CHECK(f.posts().empty());
  f.transport.check_all_used();
}

TEST_CASE("create refuses before any POST") {
  Fixture f;
  SECTION("an invalid spec, even among valid ones") {
    f.transport.respond("GET", "/api/v2/campaigns", 200, list_body({}));
    auto r = f.create({{"ok.json", spec_json("Ok")}, {"bad.json", spec_json("Bad", "1.5")}});
    REQUIRE(r);
    CHECK(r->refused == ops::Verdict::invalid);
    CHECK(r->results[0].outcome == CreateOutcomeKind::skipped);
    CHECK(r->results[1].outcome == CreateOutcomeKind::invalid);
    CHECK(r->failure() == ErrorKind::invalid_spec);
  }
  SECTION("a schedule conflicting with an ACTIVE campaign") {
    f.transport.respond("GET", "/api/v2/campaigns", 200,
                        list_body({platform_json("c-1", "Other", "ACTIVE")}));
    auto r = f.create({{"promo.json", spec_json("Promo")}});
    REQUIRE(r);
    CHECK(r->refused == ops::Verdict::conflict);
    CHECK(r->results[0].outcome == CreateOutcomeKind::conflict);
    CHECK(r->failure() == ErrorKind::conflict);
  }
  CHECK(f.posts().empty());
}

TEST_CASE("create with --force-conflicts creates despite a conflict") {
  Fixture f;
  f.transport.respond("GET", "/api/v2/campaigns", 200,
                      list_body({platform_json("c-1", "Other", "ACTIVE")}));
  f.transport.respond("POST", "/api/v2/campaigns", 201, R"({"id":"c-2","status":"SCHEDULED"})");
  ops::CreateOptions o;
  o.force_conflicts = true;
  auto r = f.create({{"promo.json", spec_json("Promo")}}, o);
  REQUIRE(r);
  CHECK_FALSE(r->refused);
  CHECK(r->results[0].outcome == CreateOutcomeKind::created);
  CHECK_FALSE(r->validation.conflicts.empty());
  f.transport.check_all_used();
}

TEST_CASE("A dry run builds the payloads and sends no POST") {
  Fixture f;
  f.transport.respond("GET", "/api/v2/campaigns", 200, list_body({}));
  ops::CreateOptions o;
  o.dry_run = true;
  o.activate = true;
  auto r = f.create({{"promo.json", spec_json("Promo")}}, o);
  REQUIRE(r);
  CHECK(r->results[0].outcome == CreateOutcomeKind::would_create);
  CHECK_FALSE(r->results[0].payload.empty());
  CHECK_FALSE(r->results[0].activation);
  CHECK(f.transport.sent().size() == 2);  // token + list
  f.transport.check_all_used();
}

TEST_CASE("An ambiguous POST is sent again only once a lookup finds no campaign") {
  Fixture f;
  f.transport.respond("GET", "/api/v2/campaigns", 200, list_body({}));  // validation
  const std::string created_body = platform_json("c-6", "Promo", "SCHEDULED");
  SECTION("it committed (each status and a dropped connection): created, one POST") {
    SECTION("500") { f.transport.respond("POST", "/api/v2/campaigns", 500); }
    SECTION("502") { f.transport.respond("POST", "/api/v2/campaigns", 502); }
    SECTION("503 with Retry-After") {
      f.transport.respond("POST", "/api/v2/campaigns", 503, "", {{"Retry-After", "1"}});
    }
    SECTION("504") { f.transport.respond("POST", "/api/v2/campaigns", 504); }
    SECTION("429") {
      f.transport.respond("POST", "/api/v2/campaigns", 429, "", {{"Retry-After", "1"}});
    }
    SECTION("dropped connection") {
      f.transport.respond_error("POST", "/api/v2/campaigns",
                                Error{ErrorKind::unavailable, "Empty reply from server"});
    }
    f.transport.respond("GET", "/api/v2/campaigns", 200,
                        list_body({platform_json("c-5", "Promo", "SCHEDULED")}));
    auto r = f.create({{"promo.json", spec_json("Promo")}});
    REQUIRE(r);
    CHECK(r->results[0].outcome == CreateOutcomeKind::created);
    CHECK(r->results[0].id == "c-5");
    CHECK_FALSE(r->failure());
    CHECK(f.posts().size() == 1);
  }
  SECTION("it did not: POSTed again with the same key after the lookup, created") {
    f.transport.respond("POST", "/api/v2/campaigns", 502);
    f.transport.respond("GET", "/api/v2/campaigns", 200, list_body({}));
    f.transport.respond("POST", "/api/v2/campaigns", 201, created_body);
    auto r = f.create({{"promo.json", spec_json("Promo")}});
    REQUIRE(r);
    CHECK(r->results[0].outcome == CreateOutcomeKind::created);
    CHECK(r->results[0].id == "c-6");
    auto posts = f.posts();
    REQUIRE(posts.size() == 2);
    for (const auto& p : posts)
      CHECK(header_of(p, "Idempotency-Key") == r->results[0].idempotency_key);
    // POST, lookup, POST: never two POSTs in a row.
    auto sent = f.transport.sent();
    std::vector<std::string> order;
    for (const auto& x : sent)
      if (x.request.url.find("/oauth/") == std::string::npos) order.push_back(x.request.method);
    CHECK(order == std::vector<std::string>{"GET", "POST", "GET", "POST"});
  }
  SECTION("a replayed answer to our own second POST is still ours") {
    f.transport.respond("POST", "/api/v2/campaigns", 500);
    f.transport.respond("GET", "/api/v2/campaigns", 200, list_body({}));
    f.transport.respond("POST", "/api/v2/campaigns", 201, created_body,
                        {{"Idempotent-Replayed", "true"}});
    auto r = f.create({{"promo.json", spec_json("Promo")}});
    REQUIRE(r);
    CHECK(r->results[0].outcome == CreateOutcomeKind::created);
  }
  SECTION("a replayed answer to a first POST is another run's campaign: exists") {
    f.transport.respond("POST", "/api/v2/campaigns", 201, created_body,
                        {{"Idempotent-Replayed", "true"}});
    auto r = f.create({{"promo.json", spec_json("Promo")}});
    REQUIRE(r);
    CHECK(r->results[0].outcome == CreateOutcomeKind::exists);
    CHECK(r->results[0].id == "c-6");
  }
  SECTION("a 409 after our own lost POST: created") {
    f.transport.respond_error("POST", "/api/v2/campaigns",
                              Error{ErrorKind::unavailable, "Empty reply from server"});
    f.transport.respond("GET", "/api/v2/campaigns", 200, list_body({}));
    f.transport.respond("POST", "/api/v2/campaigns", 409,
                        R"({"code":"duplicate_name","message":"exists","existingId":"c-6"})");
    f.transport.respond("GET", "/api/v2/campaigns/c-6", 200, created_body);
    auto r = f.create({{"promo.json", spec_json("Promo")}});
    REQUIRE(r);
    CHECK(r->results[0].outcome == CreateOutcomeKind::created);
  }
  SECTION("it never goes through: unavailable, bounded, later specs not attempted") {
    f.transport.handle("POST", "/api/v2/campaigns",
                       [](const http::Request&) -> Result<http::Response> {
                         return http::Response{500, {}, "{}"};
                       },
                       -1);
    f.transport.handle("GET", "/api/v2/campaigns",
                       [](const http::Request&) -> Result<http::Response> {
                         return http::Response{200, {}, list_body({})};
                       },
                       -1);
    auto r = f.create({{"a.json", spec_json("A")},
                       {"b.json", spec_json("B", "0.03", "2027-03-01T08:00:00-05:00",
                                            "2027-03-20T18:00:00-04:00")}});
    REQUIRE(r);
    CHECK(r->results[0].outcome == CreateOutcomeKind::failed);
    REQUIRE(r->results[0].error);
    CHECK(r->results[0].error->kind == ErrorKind::unavailable);
    CHECK_THAT(r->results[0].error->message, Catch::Contains("re-running is safe"));
    CHECK(r->results[1].outcome == CreateOutcomeKind::skipped);
    CHECK(r->failure() == ErrorKind::unavailable);
    CHECK(f.posts().size() == 4);
    for (const auto& p : f.posts()) CHECK(p.body == r->results[0].payload);
  }
  f.transport.check_all_used();
}

TEST_CASE("A 409 duplicate_name is settled by comparing with the existing campaign") {
  Fixture f;
  f.transport.respond("GET", "/api/v2/campaigns", 200, list_body({}));
  f.transport.respond("POST", "/api/v2/campaigns", 409,
                      R"({"code":"duplicate_name","message":"exists","existingId":"c-7"})");
  f.transport.respond("GET", "/api/v2/campaigns/c-7", 200,
                      platform_json("c-7", "Promo", "DRAFT", "0.01"));
  auto r = f.create({{"promo.json", spec_json("Promo")}});
  REQUIRE(r);
  CHECK(r->results[0].outcome == CreateOutcomeKind::differs);
  CHECK(r->results[0].id == "c-7");
  CHECK(r->failure() == ErrorKind::conflict);
  f.transport.check_all_used();
}

TEST_CASE("One spec refused by the platform does not stop the others") {
  Fixture f;
  f.transport.respond("GET", "/api/v2/campaigns", 200, list_body({}));
  f.transport.respond("POST", "/api/v2/campaigns", 400,
                      R"({"code":"invalid_request","message":"bad","details":[{"field":"routingSettings.queueId","message":"unknown queue"}]})");
  f.transport.respond("POST", "/api/v2/campaigns", 201, R"({"id":"c-2","status":"SCHEDULED"})");
  auto r = f.create({{"a.json", spec_json("A")},
                     {"b.json", spec_json("B", "0.03", "2027-03-01T08:00:00-05:00",
                                          "2027-03-20T18:00:00-04:00")}});
  REQUIRE(r);
  CHECK(r->results[0].outcome == CreateOutcomeKind::invalid);
  CHECK(r->results[1].outcome == CreateOutcomeKind::created);
  CHECK(r->failure() == ErrorKind::invalid_spec);
  f.transport.check_all_used();
}

TEST_CASE("create --activate --wait chains activation and the watch") {
  Fixture f;
  f.transport.respond("GET", "/api/v2/campaigns", 200, list_body({}));
  f.transport.respond("POST", "/api/v2/campaigns", 201,
                      R"({"id":"c-1","name":"Promo","status":"SCHEDULED"})");
  f.transport.respond("POST", "/api/v2/campaigns/c-1/activate", 202);
  std::string final_status = "ACTIVE";
  std::string reason;
  SECTION("reaching ACTIVE") {}
  SECTION("ending FAILED") {
    final_status = "FAILED";
    reason = "routing queue 'queue_abc123' does not exist";
  }
  f.transport.respond("GET", "/api/v2/campaigns/c-1", 200,
                      R"({"id":"c-1","name":"Promo","status":"ACTIVATING"})");
  f.transport.respond("GET", "/api/v2/campaigns/c-1", 200,
                      R"({"id":"c-1","name":"Promo","status":")" + final_status +
                          R"(","statusReason":")" + reason + R"("})");
  ops::CreateOptions o;
  o.activate = true;
  o.wait = ops::WatchOptions{};
  o.wait->deadline = f.deadline;
  auto r = f.create({{"promo.json", spec_json("Promo")}}, o);
  REQUIRE(r);
  const auto& res = r->results[0];
  CHECK(res.outcome == CreateOutcomeKind::created);
  REQUIRE(res.activation);
  CHECK(res.activation->activation == api::Activation::accepted);
  REQUIRE(res.watch);
  CHECK(res.status == final_status);
  if (final_status == "ACTIVE") {
    CHECK(res.watch->outcome == ops::WatchOutcome::reached);
    CHECK_FALSE(r->failure());
  } else {
    CHECK(res.watch->outcome == ops::WatchOutcome::terminal);
    REQUIRE(res.error);
    CHECK(res.error->message.find(reason) != std::string::npos);
    CHECK(r->failure() == ErrorKind::terminal_status);
  }
  CHECK(f.transport.sent().size() == 6);  // token, list, POST, activate, 2 GETs
  f.transport.check_all_used();
}

TEST_CASE("create --wait needs --activate") {
  Fixture f;
  ops::CreateOptions o;
  o.wait = ops::WatchOptions{};
  auto r = f.create({{"promo.json", spec_json("Promo")}}, o);
  REQUIRE_FALSE(r);
  CHECK(r.error().kind == ErrorKind::usage);
  CHECK(f.transport.sent().empty());
}

TEST_CASE("activate treats already active as success and terminal statuses as errors") {
  Fixture f;
  f.transport.respond("POST", "/api/v2/campaigns/a/activate", 202);
  f.transport.respond("POST", "/api/v2/campaigns/b/activate", 200, R"({"id":"b"})");
  f.transport.respond("POST", "/api/v2/campaigns/c/activate", 409,
                      R"({"code":"invalid_state","message":"campaign is FAILED"})");
  f.transport.respond("GET", "/api/v2/campaigns/c", 200,
                      R"({"id":"c","name":"Gone","status":"FAILED","statusReason":"no agents"})");
  f.transport.respond("POST", "/api/v2/campaigns/d/activate", 404, R"({"code":"not_found"})");
  std::vector<std::string> ids = {"a", "b", "c", "d"};
  auto r = ops::activate_campaigns(f.platform, ids);
  REQUIRE(r.size() == 4);
  CHECK(r[0].activation == api::Activation::accepted);
  CHECK(r[1].activation == api::Activation::already_active);
  REQUIRE(r[2].error);
  CHECK(r[2].error->kind == ErrorKind::terminal_status);
  CHECK(r[2].error->message == "campaign 'Gone' (c) is FAILED (no agents) and cannot be activated again");
  CHECK(r[2].status == "FAILED");
  REQUIRE(r[3].error);
  CHECK(r[3].error->kind == ErrorKind::not_found);
  f.transport.check_all_used();
}

TEST_CASE("activate stops sending once the platform is unavailable") {
  Fixture f(1min);
  f.transport.handle("POST", "/api/v2/campaigns/a/activate",
                     [](const http::Request&) -> Result<http::Response> {
                       return http::Response{503, {}, ""};
                     },
                     -1);
  std::vector<std::string> ids = {"a", "b"};
  auto r = ops::activate_campaigns(f.platform, ids);
  REQUIRE(r.size() == 2);
  REQUIRE(r[0].error);
  CHECK(r[0].error->kind == ErrorKind::unavailable);
  REQUIRE(r[1].error);
  CHECK(r[1].error->kind == ErrorKind::unavailable);
  CHECK(r[1].error->message.starts_with("not attempted: "));
  CHECK(f.transport.count("POST", "/api/v2/campaigns/b/activate") == 0);
}

TEST_CASE("validate and create treat a spec carrying statusReason the same") {
  std::string spec = spec_json("Promo");
  spec.insert(spec.size() - 1, R"(,"statusReason":"copied from the platform")");
  Fixture f;
  f.transport.handle("GET", "/api/v2/campaigns",
                     [](const http::Request&) -> Result<http::Response> {
                       return http::Response{200, {}, list_body({})};
                     },
                     -1);
  std::vector<SpecText> specs{{"promo.json", spec}};
  auto validated = ops::validate_specs(specs, {}, &f.platform);
  REQUIRE(validated);
  CHECK(validated->verdict() == ops::Verdict::invalid);
  REQUIRE(validated->specs[0].parsed.problems.size() == 1);
  CHECK(validated->specs[0].parsed.problems[0].field == "statusReason");

  auto created = f.create(specs);
  REQUIRE(created);
  CHECK(created->refused == ops::Verdict::invalid);
  CHECK(created->results[0].outcome == CreateOutcomeKind::invalid);
  CHECK(f.posts().empty());
}
