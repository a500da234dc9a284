// create: validate, then for each spec compare, create, activate, and watch
// them all, through the platform interface.
#include <cxsched/ops/lifecycle.hpp>
#include <cxsched/schedule/format.hpp>
#include <cxsched/util/expected.hpp>
#include <set>

namespace cxsched::ops {

namespace {

// The platform itself failed: nothing more can be done on it this run.
bool ends_platform(const Error& e) {
  return e.kind == ErrorKind::unavailable || e.kind == ErrorKind::auth;
}

CreateOutcomeKind outcome_of(const Error& e) {
  switch (e.kind) {
    case ErrorKind::invalid_spec: return CreateOutcomeKind::invalid;
    case ErrorKind::conflict: return CreateOutcomeKind::conflict;
    default: return CreateOutcomeKind::failed;
  }
}

class Creator {
 public:
  Creator(const CreateOptions& options, platform::Platform& platform, util::Clock& clock,
          CreateReport& report)
      : options_(options), platform_(platform), clock_(clock), report_(report) {}

  void run() {
    const auto& v = report_.validation;
    auto& results = report_.results;
    for (std::size_t i = 0; i < results.size(); ++i) {
      auto& r = results[i];
      const auto& definition = *v.specs[i].definition;
      if (down_) {
        r.outcome = CreateOutcomeKind::skipped;
        r.error = Error{down_->kind, "not attempted: " + down_->message};
      } else if (const auto* existing = v.existing_campaign(i)) {
        settle(r, definition, *existing, CreateOutcomeKind::exists);
      } else if (options_.dry_run) {
        r.outcome = CreateOutcomeKind::would_create;
      } else {
        create(r, definition);
      }
      if (options_.activate && !options_.dry_run && !down_ &&
          (r.outcome == CreateOutcomeKind::created || r.outcome == CreateOutcomeKind::exists))
        activate(r);
      if (options_.on_result) options_.on_result(r, i, results.size());
    }
    if (options_.wait && options_.activate && !options_.dry_run) wait();
  }

 private:
  // `same` when the platform holds the definition, else differs (a conflict).
  void settle(CreateResult& r, const platform::Definition& definition, const platform::Campaign& c,
              CreateOutcomeKind same) {
    r.id = c.id;
    r.status = c.status;
    auto diffs = platform_.compare(definition, c);
    if (!diffs) {
      r.outcome = CreateOutcomeKind::failed;
      r.error = diffs.error();
      if (ends_platform(diffs.error())) down_ = diffs.error();
      return;
    }
    if (diffs->empty()) {
      r.outcome = same;
      return;
    }
    r.outcome = CreateOutcomeKind::differs;
    r.differences = std::move(*diffs);
    std::string msg =
        "campaign '" + r.name + "' (" + c.id + ") exists on the platform with another definition:";
    for (const auto& d : r.differences) msg += "\n  " + d.to_string();
    r.error = Error{ErrorKind::conflict, std::move(msg)};
  }

  void create(CreateResult& r, const platform::Definition& definition) {
    auto created = platform_.create(definition);
    if (!created) {
      r.outcome = outcome_of(created.error());
      r.error = created.error();
      if (ends_platform(created.error())) down_ = created.error();
      return;
    }
    const auto& c = created->campaign;
    switch (created->how) {
      case platform::Creation::made:
        r.outcome = CreateOutcomeKind::created;
        r.id = c.id;
        r.status = c.status;
        return;
      case platform::Creation::found_after_write:
        return settle(r, definition, c, CreateOutcomeKind::created);
      case platform::Creation::found_existing:
        return settle(r, definition, c, CreateOutcomeKind::exists);
    }
  }

  void activate(CreateResult& r) {
    const std::string id = r.id;
    auto one = activate_campaigns(platform_, std::span<const std::string>(&id, 1));
    r.activation = std::move(one.front());
    if (r.activation->error) {
      r.error = r.activation->error;
      if (!r.activation->status.empty()) r.status = r.activation->status;
      if (ends_platform(*r.error)) down_ = r.error;
    } else if (r.activation->activation == platform::Activation::accepted) {
      r.status = "ACTIVATING";
    }
  }

  void wait() {
    std::vector<std::string> ids;
    std::vector<std::size_t> index;
    for (std::size_t i = 0; i < report_.results.size(); ++i) {
      const auto& r = report_.results[i];
      if (r.activation && r.activation->ok()) {
        ids.push_back(r.id);
        index.push_back(i);
      }
    }
    if (ids.empty()) return;
    auto watched = watch_campaigns(platform_, clock_, ids, *options_.wait, options_.watch_observer);
    if (!watched) {
      for (auto i : index) report_.results[i].error = watched.error();
      return;
    }
    for (std::size_t k = 0; k < index.size(); ++k) {
      auto& r = report_.results[index[k]];
      auto& w = (*watched)[k];
      if (!w.status.empty()) r.status = w.status;
      const std::string who = "campaign '" + r.name + "' (" + r.id + ")";
      switch (w.outcome) {
        case WatchOutcome::reached:
        case WatchOutcome::pending: break;
        case WatchOutcome::terminal:
          r.error = Error{
              ErrorKind::terminal_status,
              who + " ended " + w.status + (w.status_reason.empty() ? "" : ": " + w.status_reason)};
          break;
        case WatchOutcome::timeout:
          r.error = Error{ErrorKind::deadline, who + " was still " + w.status + " at the deadline"};
          break;
        case WatchOutcome::unavailable:
        case WatchOutcome::error:
          r.error = w.error.value_or(Error{ErrorKind::internal, who + ": the watch failed"});
          break;
      }
      r.watch = std::move(w);
    }
  }

  const CreateOptions& options_;
  platform::Platform& platform_;
  util::Clock& clock_;
  CreateReport& report_;
  std::optional<Error> down_;
};

// "a.json (Promo): the schedule overlaps c-1 Other (ACTIVE), first 2027-...Z - ...Z"
std::string conflict_message(const ValidationReport& v, std::size_t i) {
  const auto& spec = v.specs[i];
  std::string msg = spec.parsed.source + (spec.name.empty() ? "" : " (" + spec.name + ")") +
                    ": the schedule overlaps";
  for (const auto& c : v.conflicts) {
    if (c.spec != i && !(c.other_kind == OtherKind::spec && c.other == i)) continue;
    std::string other;
    if (c.other_kind == OtherKind::platform) {
      const auto& o = v.existing[c.other];
      other = o.id + " " + o.name + " (" + o.status + ")";
    } else {
      const auto& o = v.specs[c.spec == i ? c.other : c.spec];
      other = o.parsed.source + (o.name.empty() ? "" : " (" + o.name + ")");
    }
    msg += "\n  " + other + ", first " + schedule::format_utc(c.first.start) + " - " +
           schedule::format_utc(c.first.end);
  }
  return msg;
}

}  // namespace

const char* to_string(CreateOutcomeKind kind) noexcept {
  switch (kind) {
    case CreateOutcomeKind::created: return "created";
    case CreateOutcomeKind::exists: return "exists";
    case CreateOutcomeKind::differs: return "differs";
    case CreateOutcomeKind::would_create: return "would-create";
    case CreateOutcomeKind::invalid: return "invalid";
    case CreateOutcomeKind::conflict: return "conflict";
    case CreateOutcomeKind::failed: return "failed";
    case CreateOutcomeKind::skipped: return "skipped";
  }
  return "failed";
}

std::optional<ErrorKind> CreateReport::failure() const {
  if (refused) return *refused == Verdict::invalid ? ErrorKind::invalid_spec : ErrorKind::conflict;
  std::optional<ErrorKind> worst;
  for (const auto& r : results)
    if (r.error) worst = worst ? worse(*worst, r.error->kind) : r.error->kind;
  return worst;
}

Result<CreateReport> create_campaigns(std::span<const SpecText> specs, const CreateOptions& options,
                                      platform::Platform* platform, util::Clock& clock) {
  if (options.wait && !options.activate)
    return fail(ErrorKind::usage, "waiting needs activation (--wait goes with --activate)");
  if (specs.empty()) return fail(ErrorKind::usage, "no spec to create");
  if (!platform) return fail(ErrorKind::internal, "create needs the platform");

  CreateReport report;
  TRY_ASSIGN(report.validation, validate_specs(specs, options.validate, platform));
  const auto& v = report.validation;

  std::set<std::size_t> conflicting;
  for (const auto& c : v.conflicts) {
    conflicting.insert(c.spec);
    if (c.other_kind == OtherKind::spec) conflicting.insert(c.other);
  }

  for (const auto& s : v.specs) {
    CreateResult r;
    r.source = s.parsed.source;
    r.name = s.name;
    if (s.definition) {
      r.payload = s.definition->body;
      r.idempotency_key = s.definition->key;
      r.preview = s.definition->preview;
    }
    report.results.push_back(std::move(r));
  }

  const Verdict verdict = v.verdict();
  if (verdict == Verdict::invalid || (verdict == Verdict::conflict && !options.force_conflicts)) {
    report.refused = verdict;
    for (std::size_t i = 0; i < report.results.size(); ++i) {
      auto& r = report.results[i];
      const auto& s = v.specs[i];
      if (!s.valid()) {
        r.outcome = CreateOutcomeKind::invalid;
        std::string msg = r.source + ": invalid spec";
        for (const auto& p : s.parsed.problems) msg += "\n  " + p.field + ": " + p.message;
        r.error = Error{ErrorKind::invalid_spec, std::move(msg)};
      } else if (conflicting.count(i)) {
        r.outcome = CreateOutcomeKind::conflict;
        r.error = Error{ErrorKind::conflict, conflict_message(v, i)};
      } else {
        r.outcome = CreateOutcomeKind::skipped;
      }
      if (options.on_result) options.on_result(r, i, report.results.size());
    }
    return report;
  }

  Creator(options, *platform, clock, report).run();
  return report;
}

}  // namespace cxsched::ops
