#pragma once

// A page of the campaign list, read with simdjson: a page is read whole and
// checked (JSON syntax, UTF-8, depth) at several GB/s, and a campaign on it
// becomes a RapidJSON document, the form the rest of the adapter reads, only
// when its caller asks for more than its id, name, status and dates. On a
// list of 10,000 campaigns that is the few whose dates meet the specs'
// (README, Performance). Beside it, the page number in a page's URL.

#include <cxsched/platform/platform.hpp>
#include <cxsched/util/error.hpp>

#include <simdjson.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace cxsched::api::detail {

class ListPage {
 public:
  ListPage() = default;

  // Reads `body`, the 200 answer to GET `url` (the page keeps its own copy of
  // every string, not the body). Errors (ErrorKind::internal):
  // not JSON (line, column and reason, with the start of the body), not an
  // object with an "entities" array.
  // `reuse`: the document of a page already consumed, whose memory is then
  // reused (fresh memory costs a page fault per 4 KiB).
  static Result<ListPage> read(std::string_view url, std::string body,
                               std::unique_ptr<simdjson::dom::document> reuse = nullptr);

  // The document, for reading another page into; this page is then empty.
  std::unique_ptr<simdjson::dom::document> release();

  // A top-level member: a whole number (util::get_int's rule), a string.
  std::optional<std::int64_t> integer(std::string_view key) const;
  std::optional<std::string_view> text(std::string_view key) const;

  simdjson::dom::array entities() const { return entities_; }
  std::size_t size() const { return entities_.size(); }
  // How many pages this page says there are: pageCount, or total over the
  // pageSize the server used.
  std::optional<std::int64_t> page_count() const;

 private:
  std::unique_ptr<simdjson::dom::document> doc_;
  simdjson::dom::object root_;
  simdjson::dom::array entities_;
};

// What the first page of a listing says of the others, read from its end
// without reading its campaigns: the members after the array that ends
// there (the entities), those that say where the listing goes (pageNumber,
// pageSize, pageCount, total, nextUri), read as ListPage reads them; the
// page's size is the pageSize it states. The pages after the first are
// asked for on this, while the first is read whole, which takes
// milliseconds. A forecast only: the page read whole must say the same
// (Lister::read_concurrently), and what the end does not say plainly (a
// string with escapes, a member that is an object, no array before the
// members) gives no forecast at all.
class PageTail {
 public:
  // nullopt when the end of `body` cannot be read so.
  static std::optional<PageTail> read(std::string_view body);

  std::optional<std::int64_t> integer(std::string_view key) const;
  std::optional<std::string_view> text(std::string_view key) const;
  std::size_t size() const { return size_; }
  std::optional<std::int64_t> page_count() const;

 private:
  std::size_t size_ = 0;
  std::optional<std::int64_t> page_number_, page_size_, page_count_, total_;
  std::optional<std::string> next_uri_;
};

// The pageNumber in the query of a page's URL, when it is a number.
std::optional<std::int64_t> page_number_in(std::string_view url);

// `url` with the value of its pageNumber parameter replaced by `number`
// (the URL has one).
std::string with_page_number(std::string_view url, std::int64_t number);

// One entity of a page as platform::Listed, valid while its page is. The
// strings the listing reads of every campaign are found in one pass over the
// object (the first of a repeated key, as RapidJSON's FindMember).
class ListedEntity final : public platform::Listed {
 public:
  explicit ListedEntity(simdjson::dom::object object);

  std::string_view id() const override { return id_; }
  std::string_view name() const override { return name_; }
  std::string_view status() const override { return status_; }
  Result<std::optional<schedule::Schedule>> occupied() const override;
  std::optional<platform::Stretch> blocking_stretch() const override;
  Result<platform::Campaign> keep() const override;

 private:
  simdjson::dom::object object_;
  std::string_view id_, name_, status_, start_, end_;  // "" when absent or not a string
};

}  // namespace cxsched::api::detail
