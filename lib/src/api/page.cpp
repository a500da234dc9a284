#include "api/page.hpp"

#include <cxsched/api/campaigns.hpp>
#include <cxsched/schedule/spec.hpp>
#include <cxsched/schedule/conflict.hpp>
#include <cxsched/schedule/format.hpp>
#include <cxsched/util/expected.hpp>
#include <cxsched/util/json.hpp>
#include <cxsched/util/text.hpp>

#include "api/answers.hpp"

#include <algorithm>
#include <bit>
#include <cctype>
#include <charconv>

namespace cxsched::api::detail {

namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;

// Each thread reads its pages with its own parser, whose buffers grow to the
// largest page it has read and are then reused.
simdjson::dom::parser& thread_parser() {
  thread_local simdjson::dom::parser parser;
  return parser;
}

// Why `body` is not a page, in the words of the project's one JSON reader
// (line, column, reason), which refuses whatever simdjson refuses; simdjson's
// own words in the unlikely case it accepts.
Error not_json(std::string_view url, const std::string& body, simdjson::error_code code) {
  std::string why;
  if (body.empty()) {
    why = "empty body, expected JSON";
  } else if (auto doc = util::read_json(body); !doc) {
    auto [line, column] = util::line_column(body, doc.error().offset);
    why = "not valid JSON at line " + std::to_string(line) + ", column " + std::to_string(column) +
          ": " + doc.error().reason;
  } else {
    why = std::string("not JSON we read: ") + simdjson::error_message(code);
  }
  const std::string head = util::excerpt(body, 80);
  return {ErrorKind::internal, "GET " + path_of(url) + " answered 200 but the body: " + why +
                                   (head.empty() ? "" : " (starts with: " + head + ")")};
}

void copy_into(element e, rapidjson::Value& out, rapidjson::Document::AllocatorType& a);

void copy_object(simdjson::dom::object object, rapidjson::Value& out,
                 rapidjson::Document::AllocatorType& a) {
  out.SetObject();
  for (auto field : object) {
    rapidjson::Value key(field.key.data(), static_cast<rapidjson::SizeType>(field.key.size()), a);
    rapidjson::Value v;
    copy_into(field.value, v, a);
    out.AddMember(key, v, a);
  }
}

// `e` copied into `out`, every string copied into `a`. Recursion is bounded
// by the parser's depth limit (util::kMaxJsonDepth).
void copy_into(element e, rapidjson::Value& out, rapidjson::Document::AllocatorType& a) {
  // Each get() below is of the type e has: none fails.
  switch (e.type()) {
    case element_type::ARRAY: {
      simdjson::dom::array items;
      if (e.get(items)) return;
      out.SetArray();
      for (element item : items) {
        rapidjson::Value v;
        copy_into(item, v, a);
        out.PushBack(v, a);
      }
      return;
    }
    case element_type::OBJECT: {
      simdjson::dom::object object;
      if (!e.get(object)) copy_object(object, out, a);
      return;
    }
    case element_type::INT64: {
      std::int64_t i = 0;
      if (!e.get(i)) out.SetInt64(i);
      return;
    }
    case element_type::UINT64: {
      std::uint64_t u = 0;
      if (!e.get(u)) out.SetUint64(u);
      return;
    }
    case element_type::DOUBLE: {
      double d = 0;
      if (!e.get(d)) out.SetDouble(d);
      return;
    }
    case element_type::STRING: {
      std::string_view text;
      if (!e.get(text)) out.SetString(text.data(), static_cast<rapidjson::SizeType>(text.size()), a);
      return;
    }
    case element_type::BOOL: {
      bool b = false;
      if (!e.get(b)) out.SetBool(b);
      return;
    }
    case element_type::NULL_VALUE: out.SetNull(); return;
  }
}

rapidjson::Document document_of(simdjson::dom::object object) {
  rapidjson::Document doc;
  copy_object(object, doc, doc.GetAllocator());
  return doc;
}

}  // namespace

Result<ListPage> ListPage::read(std::string_view url, std::string body,
                                std::unique_ptr<simdjson::dom::document> reuse) {
  ListPage page;
  // simdjson reads up to SIMDJSON_PADDING bytes past the end: the transport
  // leaves room for them, and this reserve is then free.
  body.reserve(body.size() + simdjson::SIMDJSON_PADDING);
  // Parser and document grow to a power of two, so pages of about the same
  // size reuse them as they are (simdjson would resize them to each size).
  const std::size_t capacity = std::bit_ceil(std::max<std::size_t>(body.size(), 4096));
  auto& parser = thread_parser();
  page.doc_ = reuse ? std::move(reuse) : std::make_unique<simdjson::dom::document>();
  if (parser.capacity() < body.size() || parser.max_depth() != util::kMaxJsonDepth) {
    if (auto e = parser.allocate(capacity, util::kMaxJsonDepth))
      return std::unexpected(not_json(url, body, e));
  }
  if (page.doc_->capacity() < body.size()) {
    if (auto e = page.doc_->allocate(capacity)) return std::unexpected(not_json(url, body, e));
  }
  element root;
  if (auto e = parser
                   .parse_into_document(*page.doc_, reinterpret_cast<const std::uint8_t*>(body.data()),
                                        body.size(), false)
                   .get(root))
    return std::unexpected(not_json(url, body, e));
  if (root.get_object().get(page.root_) || page.root_["entities"].get_array().get(page.entities_)) {
    return fail(ErrorKind::internal, "GET " + path_of(url) + ": the answer has no \"entities\" array: " +
                                         util::excerpt(body, 80));
  }
  return page;
}

namespace {

// pageCount, or total over pageSize, of a page or its tail.
template <class P>
std::optional<std::int64_t> page_count_of(const P& page) {
  if (auto count = page.integer("pageCount")) return *count;
  auto total = page.integer("total");
  auto size = page.integer("pageSize");
  if (total && size && *size > 0 && *total >= 0) return (*total + *size - 1) / *size;
  return std::nullopt;
}

bool json_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

}  // namespace

std::optional<std::int64_t> ListPage::page_count() const {
  return page_count_of(*this);
}

std::optional<PageTail> PageTail::read(std::string_view body) {
  // Backwards from the end: `}`, then members `"key":value` separated by
  // commas, until the `]` that closes the array before them (the entities,
  // on every server we know of) or anything else, which ends the forecast.
  // A value is a string without escapes, a number, true, false or null;
  // a key has no escapes either. The first member of a repeated key, as the
  // page's lookup finds it, is the last one met here.
  std::size_t i = body.size();
  const auto skip_space = [&] {
    while (i > 0 && json_space(body[i - 1])) --i;
  };
  // The string that ends at i (on its closing quote), without its quotes.
  const auto string_before = [&]() -> std::optional<std::string_view> {
    if (i < 2 || body[i - 1] != '"') return std::nullopt;
    const auto open = body.rfind('"', i - 2);
    if (open == std::string_view::npos) return std::nullopt;
    const auto text = body.substr(open + 1, i - 2 - open);
    if (text.find('\\') != std::string_view::npos) return std::nullopt;
    i = open;
    return text;
  };
  skip_space();
  if (i == 0 || body[i - 1] != '}') return std::nullopt;
  --i;
  PageTail tail;
  constexpr int kMostMembers = 32;
  for (int member = 0; member < kMostMembers; ++member) {
    skip_space();
    std::optional<std::string_view> text;
    std::optional<std::int64_t> number;
    if (i > 0 && body[i - 1] == '"') {
      text = string_before();
      if (!text) return std::nullopt;
    } else {
      const std::size_t end = i;
      while (i > 0 && (std::isalnum(static_cast<unsigned char>(body[i - 1])) ||
                       body[i - 1] == '-' || body[i - 1] == '+' || body[i - 1] == '.'))
        --i;
      const auto word = body.substr(i, end - i);
      if (word.empty()) return std::nullopt;
      std::int64_t n = 0;
      double d = 0;
      if (auto [p, ec] = std::from_chars(word.data(), word.data() + word.size(), n);
          ec == std::errc{} && p == word.data() + word.size())
        number = n;
      else if (auto [q, ec2] = std::from_chars(word.data(), word.data() + word.size(), d);
               ec2 == std::errc{} && q == word.data() + word.size())
        number = util::whole_int64(d);
    }
    skip_space();
    if (i == 0 || body[i - 1] != ':') return std::nullopt;
    --i;
    skip_space();
    const auto key = string_before();
    if (!key) return std::nullopt;
    if (*key == "pageNumber")
      tail.page_number_ = number;
    else if (*key == "pageSize")
      tail.page_size_ = number;
    else if (*key == "pageCount")
      tail.page_count_ = number;
    else if (*key == "total")
      tail.total_ = number;
    else if (*key == "nextUri")
      tail.next_uri_ = text ? std::optional<std::string>(*text) : std::nullopt;
    skip_space();
    if (i == 0 || body[i - 1] != ',') return std::nullopt;
    --i;
    skip_space();
    if (i > 0 && body[i - 1] == ']') {
      // The campaigns a page holds: as many as it says it was asked for
      // (the page read whole must agree).
      if (!tail.page_size_ || *tail.page_size_ <= 0) return std::nullopt;
      tail.size_ = static_cast<std::size_t>(*tail.page_size_);
      return tail;
    }
  }
  return std::nullopt;
}

std::optional<std::int64_t> PageTail::integer(std::string_view key) const {
  if (key == "pageNumber") return page_number_;
  if (key == "pageSize") return page_size_;
  if (key == "pageCount") return page_count_;
  if (key == "total") return total_;
  return std::nullopt;
}

std::optional<std::string_view> PageTail::text(std::string_view key) const {
  if (key == "nextUri" && next_uri_) return std::string_view(*next_uri_);
  return std::nullopt;
}

std::optional<std::int64_t> PageTail::page_count() const {
  return page_count_of(*this);
}

std::optional<std::int64_t> page_number_in(std::string_view url) {
  constexpr std::string_view key = "pageNumber";
  auto q = url.find('?');
  while (q != std::string_view::npos) {
    auto start = q + 1;
    auto end = url.find('&', start);
    auto pair = url.substr(start, end == std::string_view::npos ? url.npos : end - start);
    if (pair.starts_with(key) && pair.size() > key.size() && pair[key.size()] == '=') {
      auto value = pair.substr(key.size() + 1);
      std::int64_t n = 0;
      auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
      if (ec != std::errc{} || p != value.data() + value.size()) return std::nullopt;
      return n;
    }
    q = end;
  }
  return std::nullopt;
}

std::string with_page_number(std::string_view url, std::int64_t number) {
  auto at = url.find("?pageNumber=");
  if (at == std::string_view::npos) at = url.find("&pageNumber=");
  at += std::string_view("&pageNumber=").size();
  auto end = url.find('&', at);
  std::string out(url.substr(0, at));
  out += std::to_string(number);
  if (end != std::string_view::npos) out += url.substr(end);
  return out;
}

std::unique_ptr<simdjson::dom::document> ListPage::release() {
  root_ = {};
  entities_ = {};
  return std::move(doc_);
}

std::optional<std::int64_t> ListPage::integer(std::string_view key) const {
  element e;
  if (root_.at_key(key).get(e)) return std::nullopt;
  std::int64_t i = 0;
  double d = 0;
  if (e.type() == element_type::INT64 && !e.get(i)) return i;
  if (e.type() == element_type::DOUBLE && !e.get(d)) return util::whole_int64(d);
  return std::nullopt;
}

std::optional<std::string_view> ListPage::text(std::string_view key) const {
  std::string_view s;
  if (root_.at_key(key).get_string().get(s)) return std::nullopt;
  return s;
}

ListedEntity::ListedEntity(simdjson::dom::object object) : object_(object) {
  // Each key is told by its length first: a campaign has a dozen keys and
  // the listing reads five of them, on every campaign of every page.
  std::string_view* into[5] = {&id_, &name_, &status_, &start_, &end_};
  bool seen[5] = {};
  std::size_t left = 5;
  for (auto field : object) {
    std::size_t i = 5;
    switch (field.key.size()) {
      case 2: i = field.key == "id" ? 0 : 5; break;
      case 4: i = field.key == "name" ? 1 : 5; break;
      case 6: i = field.key == "status" ? 2 : 5; break;
      case 9: i = field.key == "startDate" ? 3 : 5; break;
      case 7: i = field.key == "endDate" ? 4 : 5; break;
      default: break;
    }
    if (i == 5 || seen[i]) continue;
    seen[i] = true;
    std::string_view s;
    if (!field.value.get(s)) *into[i] = s;
    if (--left == 0) break;
  }
}

Result<std::optional<schedule::Schedule>> ListedEntity::occupied() const {
  if (!schedule::conflicting_status(status_)) return std::optional<schedule::Schedule>{};
  const auto doc = document_of(object_);
  TRY_ASSIGN(auto s, schedule::schedule_from_campaign(doc));
  if (s.id.empty()) s.id = std::string(id_);
  if (s.status.empty()) s.status = std::string(status_);
  return std::optional<schedule::Schedule>(std::move(s));
}

std::optional<platform::Stretch> ListedEntity::blocking_stretch() const {
  if (!schedule::conflicting_status(status_)) return std::nullopt;
  // Only dates that carry their offset: one without is read in the
  // campaign's zone, which only its schedule says.
  auto start = schedule::parse_rfc3339(start_);
  auto end = schedule::parse_rfc3339(end_);
  if (!start || !end) return std::nullopt;
  return platform::Stretch{*start, *end};
}

Result<platform::Campaign> ListedEntity::keep() const {
  // Converted into a scratch document, then copied into one sized to it: a
  // listing may keep 100,000 campaigns.
  return campaign_from_json(static_cast<const rapidjson::Value&>(document_of(object_)));
}

}  // namespace cxsched::api::detail
