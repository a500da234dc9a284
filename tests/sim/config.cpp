#include "config.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "json.hpp"

namespace cxsched::sim {

const std::vector<std::string>& endpoint_names() {
  static const std::vector<std::string> names{
      "token",          "campaigns.list", "campaigns.get", "campaigns.create", "campaigns.activate",
      "analytics.query"};
  return names;
}

bool is_endpoint_name(const std::string& name, const std::vector<std::string>& names) {
  return name == "*" || std::find(names.begin(), names.end(), name) != names.end();
}

std::vector<Client> default_clients() {
  return {{"demo-client",
           "demo-secret",
           {"campaign:read", "campaign:write", "analytics:campaign:read"}},
          {"readonly-client", "readonly-secret", {"campaign:read"}}};
}

namespace {

std::optional<std::string> read_positive_int(const rapidjson::Value& obj, const char* key,
                                             int& out) {
  const auto* v = member(obj, key);
  if (v == nullptr) return std::nullopt;
  if (!v->IsInt() || v->GetInt() < 0) return std::string{key} + " must be a non-negative integer";
  out = v->GetInt();
  return std::nullopt;
}

}  // namespace

std::optional<std::string> load_config_file(const std::filesystem::path& path, SimConfig& config,
                                            const std::vector<std::string>& names) {
  std::ifstream in(path);
  if (!in) return "cannot read config file " + path.string();
  std::stringstream ss;
  ss << in.rdbuf();
  rapidjson::Document doc;
  if (!parse_json(ss.str(), doc) || !doc.IsObject())
    return "config file " + path.string() + " is not a JSON object";

  if (const auto* clients = member(doc, "clients")) {
    if (!clients->IsArray()) return "clients must be an array";
    config.clients.clear();
    for (const auto& c : clients->GetArray()) {
      auto id = string_member(c, "id");
      auto secret = string_member(c, "secret");
      if (!id || !secret) return "each client needs string id and secret";
      Client client{*id, *secret, {}};
      if (const auto* scopes = member(c, "scopes")) {
        if (!scopes->IsArray()) return "client scopes must be an array of strings";
        for (const auto& s : scopes->GetArray()) {
          if (!s.IsString()) return "client scopes must be an array of strings";
          client.scopes.emplace_back(s.GetString());
        }
      }
      config.clients.push_back(std::move(client));
    }
  }
  int value = 0;
  if (member(doc, "tokenTtlSeconds")) {
    if (auto err = read_positive_int(doc, "tokenTtlSeconds", value)) return err;
    config.token_ttl = std::chrono::seconds{value};
  }
  if (member(doc, "activationDelayMs")) {
    if (auto err = read_positive_int(doc, "activationDelayMs", value)) return err;
    config.activation_delay = std::chrono::milliseconds{value};
  }
  if (member(doc, "maxPageSize")) {
    if (auto err = read_positive_int(doc, "maxPageSize", value)) return err;
    if (value < 1) return "maxPageSize must be at least 1";
    config.max_page_size = value;
  }
  if (const auto* queues = member(doc, "queues")) {
    if (!queues->IsArray()) return "queues must be an array of strings";
    std::vector<std::string> list;
    for (const auto& q : queues->GetArray()) {
      if (!q.IsString()) return "queues must be an array of strings";
      list.emplace_back(q.GetString());
    }
    config.queues = std::move(list);
  }
  if (const auto* limits = member(doc, "rateLimits")) {
    if (!limits->IsObject()) return "rateLimits must be an object";
    for (const auto& m : limits->GetObject()) {
      std::string name = m.name.GetString();
      if (!is_endpoint_name(name, names)) return "rateLimits: unknown endpoint " + name;
      int requests = 0;
      int per = 0;
      if (auto err = read_positive_int(m.value, "requests", requests)) return err;
      if (auto err = read_positive_int(m.value, "perSeconds", per)) return err;
      if (requests < 1 || per < 1)
        return "rateLimits." + name + " needs requests and perSeconds >= 1";
      config.rate_limits[name] = RateLimit{requests, std::chrono::seconds{per}};
    }
  }
  return std::nullopt;
}

std::optional<std::string> parse_rate_limit_flag(const std::string& text, SimConfig& config,
                                                 const std::vector<std::string>& names) {
  auto eq = text.find('=');
  auto slash = text.find('/', eq == std::string::npos ? 0 : eq);
  if (eq == std::string::npos || slash == std::string::npos)
    return "--rate-limit expects ENDPOINT=N/SECONDS, got '" + text + "'";
  std::string name = text.substr(0, eq);
  if (!is_endpoint_name(name, names)) return "--rate-limit: unknown endpoint '" + name + "'";
  try {
    std::size_t used = 0;
    std::string n_text = text.substr(eq + 1, slash - eq - 1);
    std::string s_text = text.substr(slash + 1);
    int requests = std::stoi(n_text, &used);
    if (used != n_text.size()) throw std::invalid_argument("n");
    int per = std::stoi(s_text, &used);
    if (used != s_text.size()) throw std::invalid_argument("s");
    if (requests < 1 || per < 1) throw std::invalid_argument("range");
    config.rate_limits[name] = RateLimit{requests, std::chrono::seconds{per}};
  } catch (const std::exception&) {
    return "--rate-limit expects ENDPOINT=N/SECONDS with N, SECONDS >= 1, got '" + text + "'";
  }
  return std::nullopt;
}

}  // namespace cxsched::sim
