#include <cxsched/ops/validate.hpp>

#include <cxsched/schedule/format.hpp>
#include <cxsched/util/expected.hpp>
#include <cxsched/util/json.hpp>
#include <cxsched/util/text.hpp>

#include <algorithm>
#include <map>

namespace cxsched::ops {

namespace {

using rapidjson::Value;

// Past this many, unreadable platform campaigns are counted, not each named.
constexpr std::size_t kMaxUnreadableWarnings = 20;

// The "name" of a spec as written, read leniently so that invalid specs can
// still be named in reports.
std::string written_name(std::string_view text) {
  auto doc = util::read_json(text, false);
  if (!doc || !doc->IsObject()) return {};
  auto name = util::get_string(*doc, "name").value_or("");
  return util::valid_utf8(name) ? std::string(name) : std::string();
}

// Marks every spec after the first that names the same campaign as invalid:
// names are unique per tenant, so `create` could make only one of them.
void flag_duplicate_names(std::vector<SpecResult>& specs) {
  std::map<std::string, std::size_t> first;
  for (std::size_t i = 0; i < specs.size(); ++i) {
    auto& s = specs[i];
    if (s.name.empty()) continue;
    auto [it, inserted] = first.emplace(s.name, i);
    if (inserted) continue;
    s.parsed.problems.push_back(
        {"name", s.name,
         "also the name of " + specs[it->second].parsed.source +
             "; campaign names are unique, so only one of them can be created"});
    s.parsed.schedule.reset();
  }
}

// Asks the platform for the definition of each valid spec; what it cannot
// hold makes the spec invalid.
Result<void> define_specs(std::span<const SpecText> texts, std::vector<SpecResult>& specs,
                          platform::Platform& platform) {
  for (std::size_t i = 0; i < specs.size(); ++i) {
    auto& s = specs[i];
    if (!s.parsed.schedule) continue;
    TRY_ASSIGN(auto defined, platform.define(texts[i].text, *s.parsed.schedule));
    if (!defined.problems.empty()) {
      for (auto& p : defined.problems) s.parsed.problems.push_back(std::move(p));
      s.parsed.schedule.reset();
      continue;
    }
    s.definition = std::move(defined.definition);
  }
  return {};
}

Value string_value(std::string_view text, rapidjson::Document::AllocatorType& a) {
  return Value(text.data(), static_cast<rapidjson::SizeType>(text.size()), a);
}

Value local_span(const schedule::Interval& i, const date::time_zone* zone,
                 rapidjson::Document::AllocatorType& a) {
  Value v(rapidjson::kObjectType);
  v.AddMember("start", string_value(schedule::format_local(i.start, zone), a), a);
  v.AddMember("end", string_value(schedule::format_local(i.end, zone), a), a);
  return v;
}

}  // namespace

std::size_t ValidationReport::invalid_count() const {
  return static_cast<std::size_t>(
      std::count_if(specs.begin(), specs.end(), [](const SpecResult& s) { return !s.valid(); }));
}

std::size_t ValidationReport::conflicting_count() const {
  std::vector<bool> in_conflict(specs.size(), false);
  for (const auto& c : conflicts) {
    in_conflict[c.spec] = true;
    if (c.other_kind == OtherKind::spec) in_conflict[c.other] = true;
  }
  return static_cast<std::size_t>(std::count(in_conflict.begin(), in_conflict.end(), true));
}

Verdict ValidationReport::verdict() const {
  if (invalid_count() > 0) return Verdict::invalid;
  if (!conflicts.empty()) return Verdict::conflict;
  return Verdict::ok;
}

const platform::Campaign* ValidationReport::existing_campaign(std::size_t i) const {
  if (i >= specs.size() || !specs[i].existing) return nullptr;
  return &platform[*specs[i].existing];
}

Result<ValidationReport> validate_specs(std::span<const SpecText> specs,
                                        const ValidateOptions& options,
                                        platform::Platform* platform) {
  if (!options.offline && platform == nullptr)
    return fail(ErrorKind::internal, "validate: no platform connection and not offline");

  platform::ListOptions list_options;
  list_options.limits = options.list_limits;
  // The first page of campaigns is asked for now and read once the specs
  // are: the platform works on it meanwhile.
  if (!options.offline) platform->expect_listing(list_options);

  ValidationReport report;
  report.offline = options.offline;
  report.scope = options.scope;
  report.specs.reserve(specs.size());
  for (const auto& s : specs) {
    SpecResult r;
    r.parsed = schedule::parse_spec(s.text, s.source, options.spec);
    r.name = r.parsed.schedule ? r.parsed.schedule->name : written_name(s.text);
    report.specs.push_back(std::move(r));
  }
  flag_duplicate_names(report.specs);
  if (platform) TRY(define_specs(specs, report.specs, *platform));

  std::vector<schedule::Schedule> news;
  std::vector<std::size_t> news_spec;  // index into report.specs of each new schedule
  for (std::size_t i = 0; i < report.specs.size(); ++i) {
    if (!report.specs[i].parsed.schedule) continue;
    news.push_back(*report.specs[i].parsed.schedule);
    news_spec.push_back(i);
  }

  std::optional<schedule::ConflictSweep> sweep;
  if (!options.offline && !news.empty()) {
    if (options.progress) options.progress("listing campaigns on the platform");
    std::map<std::string, std::size_t, std::less<>> spec_by_name;
    for (std::size_t i = 0; i < report.specs.size(); ++i)
      if (!report.specs[i].name.empty()) spec_by_name.emplace(report.specs[i].name, i);
    schedule::Seconds span_start = news.front().start;
    schedule::Seconds span_end = news.front().end;
    for (const auto& n : news) {
      span_start = std::min(span_start, n.start);
      span_end = std::max(span_end, n.end);
    }

    std::size_t unreadable = 0;
    // Each campaign kept is swept against the specs as it is read.
    sweep.emplace(news, options.scope);
    auto read = platform->for_each_campaign(list_options, [&](const platform::Listed& c)
                                                              -> Result<void> {
      if (auto it = spec_by_name.find(c.name()); it != spec_by_name.end()) {
        TRY_ASSIGN(auto kept, c.keep());
        report.specs[it->second].existing = report.platform.size();
        report.platform.push_back(std::move(kept));
      }
      // A blocking campaign whose own dates miss every spec's is counted
      // without reading its schedule (on a long list, most of them).
      if (auto stretch = c.blocking_stretch();
          stretch && (stretch->end <= span_start || stretch->start >= span_end)) {
        ++report.checked;
        return {};
      }
      auto s = c.occupied();
      if (!s) {
        if (++unreadable <= kMaxUnreadableWarnings)
          report.warnings.push_back(s.error().message + "; not checked for conflicts");
        return {};
      }
      if (!*s) return {};  // occupies nothing
      ++report.checked;
      if ((*s)->end <= span_start || (*s)->start >= span_end) return {};  // cannot meet any spec
      if (std::none_of(news.begin(), news.end(), [&](const schedule::Schedule& n) {
            return schedule::in_scope(n, **s, options.scope);
          }))
        return {};
      report.existing.push_back(std::move(**s));
      sweep->add(report.existing.back(), report.existing.size() - 1);
      return {};
    });
    TRY(read);
    if (unreadable > kMaxUnreadableWarnings)
      report.warnings.push_back("and " + std::to_string(unreadable - kMaxUnreadableWarnings) +
                                " more platform campaigns whose schedule cannot be read");
    // What else on the platform limits each spec: said once each.
    for (std::size_t i = 0; i < report.specs.size(); ++i) {
      if (!report.specs[i].definition) continue;
      TRY_ASSIGN(auto advice, platform->advise(*report.specs[i].definition,
                                               report.existing_campaign(i)));
      for (auto& w : advice)
        if (std::find(report.warnings.begin(), report.warnings.end(), w) == report.warnings.end())
          report.warnings.push_back(std::move(w));
    }
  }

  if (news.empty()) return report;
  if (options.progress)
    options.progress("checking " + std::to_string(news.size()) + " schedules against " +
                     std::to_string(report.checked) + " campaigns");
  auto found = sweep ? std::move(*sweep).finish()
                    : schedule::find_conflicts(news, report.existing, options.scope);
  for (const auto& c : found) {
    SpecConflict out;
    out.spec = news_spec[c.a];
    if (c.b < news.size()) {
      out.other_kind = OtherKind::spec;
      out.other = news_spec[c.b];
    } else {
      out.other_kind = OtherKind::platform;
      out.other = c.b - news.size();
      if (report.existing[out.other].name == report.specs[out.spec].name) continue;
    }
    out.first = c.first;
    out.overlaps = c.overlaps;
    out.overlap_seconds = c.overlap_seconds;
    report.conflicts.push_back(out);
  }
  return report;
}

std::string_view to_string(schedule::ConflictScope scope) {
  switch (scope) {
    case schedule::ConflictScope::all: return "all";
    case schedule::ConflictScope::queue: return "queue";
    case schedule::ConflictScope::skill: return "skill";
  }
  return "all";
}

Result<schedule::ConflictScope> parse_conflict_scope(std::string_view text) {
  if (text == "all") return schedule::ConflictScope::all;
  if (text == "queue") return schedule::ConflictScope::queue;
  if (text == "skill") return schedule::ConflictScope::skill;
  return fail(ErrorKind::usage,
              "--conflict-scope: '" + std::string(text) + "' is not one of all, queue, skill");
}

Result<schedule::DstPolicy> parse_dst_policy(std::string_view text) {
  if (text == "reject") return schedule::DstPolicy::reject;
  if (text == "shift-forward") return schedule::DstPolicy::shift_forward;
  if (text == "earliest") return schedule::DstPolicy::earliest;
  if (text == "latest") return schedule::DstPolicy::latest;
  return fail(ErrorKind::usage, "--dst-policy: '" + std::string(text) +
                                    "' is not one of reject, shift-forward, earliest, latest");
}

rapidjson::Document report_to_json(const ValidationReport& report) {
  rapidjson::Document doc(rapidjson::kObjectType);
  auto& a = doc.GetAllocator();
  const Verdict verdict = report.verdict();
  doc.AddMember("valid", verdict == Verdict::ok, a);
  doc.AddMember("verdict",
                rapidjson::StringRef(verdict == Verdict::ok         ? "ok"
                                     : verdict == Verdict::conflict ? "conflict"
                                                                    : "invalid"),
                a);
  doc.AddMember("offline", report.offline, a);
  doc.AddMember("scope", string_value(to_string(report.scope), a), a);
  doc.AddMember("checkedAgainst", static_cast<std::uint64_t>(report.checked), a);

  Value specs(rapidjson::kArrayType);
  for (std::size_t i = 0; i < report.specs.size(); ++i) {
    const auto& s = report.specs[i];
    Value o(rapidjson::kObjectType);
    o.AddMember("source", string_value(s.parsed.source, a), a);
    o.AddMember("name", string_value(s.name, a), a);
    o.AddMember("valid", s.valid(), a);
    Value problems(rapidjson::kArrayType);
    for (const auto& p : s.parsed.problems) {
      Value po(rapidjson::kObjectType);
      po.AddMember("field", string_value(p.field, a), a);
      po.AddMember("value", string_value(p.value, a), a);
      po.AddMember("message", string_value(p.message, a), a);
      problems.PushBack(po, a);
    }
    o.AddMember("problems", problems, a);
    if (const auto* c = report.existing_campaign(i)) {
      o.AddMember("existingId", string_value(c->id, a), a);
      o.AddMember("existingStatus", string_value(c->status, a), a);
    }
    specs.PushBack(o, a);
  }
  doc.AddMember("specs", specs, a);

  Value conflicts(rapidjson::kArrayType);
  for (const auto& c : report.conflicts) {
    const auto& spec = report.specs[c.spec];
    const date::time_zone* spec_zone = spec.parsed.schedule ? spec.parsed.schedule->zone : nullptr;
    Value o(rapidjson::kObjectType);
    Value sv(rapidjson::kObjectType);
    sv.AddMember("source", string_value(spec.parsed.source, a), a);
    sv.AddMember("name", string_value(spec.name, a), a);
    o.AddMember("spec", sv, a);
    Value ov(rapidjson::kObjectType);
    const date::time_zone* other_zone = nullptr;
    if (c.other_kind == OtherKind::spec) {
      const auto& other = report.specs[c.other];
      ov.AddMember("source", string_value(other.parsed.source, a), a);
      ov.AddMember("name", string_value(other.name, a), a);
      other_zone = other.parsed.schedule ? other.parsed.schedule->zone : nullptr;
    } else {
      const auto& other = report.existing[c.other];
      ov.AddMember("id", string_value(other.id, a), a);
      ov.AddMember("name", string_value(other.name, a), a);
      ov.AddMember("status", string_value(other.status, a), a);
      other_zone = other.zone;
    }
    o.AddMember("other", ov, a);
    Value first(rapidjson::kObjectType);
    first.AddMember("startUtc", string_value(schedule::format_utc(c.first.start), a), a);
    first.AddMember("endUtc", string_value(schedule::format_utc(c.first.end), a), a);
    first.AddMember("specLocal", local_span(c.first, spec_zone, a), a);
    first.AddMember("otherLocal", local_span(c.first, other_zone, a), a);
    o.AddMember("firstOverlap", first, a);
    o.AddMember("overlaps", static_cast<std::uint64_t>(c.overlaps), a);
    o.AddMember("overlapSeconds", static_cast<std::int64_t>(c.overlap_seconds), a);
    conflicts.PushBack(o, a);
  }
  doc.AddMember("conflicts", conflicts, a);

  Value warnings(rapidjson::kArrayType);
  for (const auto& w : report.warnings) warnings.PushBack(string_value(w, a), a);
  doc.AddMember("warnings", warnings, a);
  return doc;
}

}  // namespace cxsched::ops
