#pragma once

#include <rapidjson/document.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "timeutil.hpp"

namespace cxsched::sim {

// An activation in progress: at `due` the campaign turns ACTIVE, or FAILED
// with `reason`.
struct PendingActivation {
  SysMillis due;
  bool fail = false;
  std::string reason;
};

// A stored campaign: the JSON object as served, plus what is not served.
struct Campaign {
  rapidjson::Document doc;
  std::optional<PendingActivation> pending;

  // The campaign's id, name and status (empty when missing); valid until the
  // member changes.
  std::string_view id() const;
  std::string_view name() const;
  std::string_view status() const;
  // Sets a string member, adding it when absent.
  void set(const char* key, const std::string& value);
};

// The campaigns in creation order, optionally persisted to a JSON state file.
class CampaignStore {
 public:
  explicit CampaignStore(std::optional<std::filesystem::path> state_file);

  // Loads the state file when it exists; an error message when it is unreadable.
  std::optional<std::string> load();
  // Writes the state file atomically (temp file + rename); an error message on failure.
  std::optional<std::string> save() const;

  // Finds by id / exact name (the first created); nullptr when absent.
  Campaign* find(std::string_view id);
  const Campaign* find(std::string_view id) const;
  Campaign* find_by_name(std::string_view name);
  // Stores `doc` (an object with a string id), replacing a campaign with the same id.
  Campaign& put(rapidjson::Document doc);
  // Removes every campaign; how many there were.
  std::size_t clear();
  // True when an activation's time has come (settle would change something).
  bool due(SysMillis now) const;
  // Applies every activation whose time has come; true when anything changed.
  bool settle(SysMillis now);

  const std::vector<std::unique_ptr<Campaign>>& all() const { return campaigns_; }

 private:
  std::optional<std::filesystem::path> state_file_;
  std::vector<std::unique_ptr<Campaign>> campaigns_;
  std::unordered_map<std::string, Campaign*> by_id_;
};

// `n` plausible campaigns placed around the local day `today`, the same for
// the same seed and day (see --help): ACTIVE ones started 1-60 days before
// it and end 7-60 days after, SCHEDULED ones start after it, COMPLETED ones
// ended before it, the others anywhere from 18 months before to 6 after.
std::vector<rapidjson::Document> generate_campaigns(int n, std::uint64_t seed,
                                                    date::local_days today);

}  // namespace cxsched::sim
