#include "kube/client/discovery.h"

#include <atomic>
#include <mutex>
#include <set>
#include <thread>

namespace coffer::kube {
namespace {

struct GroupVersion {
  std::string group, version;
  bool preferred = false;
  std::string path() const { return group.empty() ? "/api/" + version : "/apis/" + group + "/" + version; }
  std::string text() const { return group.empty() ? version : group + "/" + version; }
};

std::vector<std::string> strings(const nlohmann::json& j, const char* key) {
  std::vector<std::string> out;
  if (j.contains(key) && j[key].is_array())
    for (const auto& v : j[key])
      if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}

}  // namespace

std::vector<ApiResource> DiscoveryResult::preferred() const {
  std::vector<ApiResource> out;
  for (const auto& r : resources)
    if (r.preferred) out.push_back(r);
  return out;
}

DiscoveryResult discover(KubeClient& client, int parallel) {
  DiscoveryResult result;
  std::vector<GroupVersion> gvs;

  nlohmann::json core = client.get_json("/api");
  auto core_versions = strings(core, "versions");
  for (std::size_t i = 0; i < core_versions.size(); ++i) gvs.push_back({"", core_versions[i], i == 0});

  nlohmann::json groups = client.get_json("/apis");
  for (const auto& g : groups.value("groups", nlohmann::json::array())) {
    std::string name = g.value("name", "");
    std::string preferred = g.contains("preferredVersion") ? g["preferredVersion"].value("version", "") : "";
    for (const auto& v : g.value("versions", nlohmann::json::array())) {
      std::string version = v.value("version", "");
      gvs.push_back({name, version, version == preferred});
    }
  }

  try {
    auto v = client.get_json("/version");
    result.version.git_version = v.value("gitVersion", "");
    result.version.major = v.value("major", "");
    result.version.minor = v.value("minor", "");
  } catch (const ApiError& e) {
    result.warnings.push_back(std::string("GET /version failed: ") + e.what());
  }

  std::vector<std::vector<ApiResource>> per_gv(gvs.size());
  std::vector<std::string> errors(gvs.size());
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t i = next++; i < gvs.size(); i = next++) {
      const GroupVersion& gv = gvs[i];
      try {
        nlohmann::json list = client.get_json(gv.path());
        for (const auto& r : list.value("resources", nlohmann::json::array())) {
          std::string name = r.value("name", "");
          if (name.empty() || name.find('/') != std::string::npos) continue;  // subresource
          ApiResource a;
          a.group = r.contains("group") && r["group"].is_string() && !r["group"].get<std::string>().empty()
                        ? r["group"].get<std::string>() : gv.group;
          a.version = r.contains("version") && r["version"].is_string() && !r["version"].get<std::string>().empty()
                          ? r["version"].get<std::string>() : gv.version;
          a.name = name;
          a.singular = r.value("singularName", "");
          a.kind = r.value("kind", "");
          a.namespaced = r.value("namespaced", false);
          a.verbs = strings(r, "verbs");
          a.short_names = strings(r, "shortNames");
          a.categories = strings(r, "categories");
          a.preferred = gv.preferred;
          per_gv[i].push_back(std::move(a));
        }
      } catch (const ApiError& e) {
        errors[i] = "discovery of " + gv.text() + " failed, its resources are skipped: " + e.what();
      } catch (const std::exception& e) {
        errors[i] = "discovery of " + gv.text() + " failed, its resources are skipped: " + e.what();
      }
    }
  };
  std::vector<std::thread> threads;
  int n = std::max(1, std::min<int>(parallel, static_cast<int>(gvs.size())));
  for (int i = 0; i < n; ++i) threads.emplace_back(worker);
  for (auto& t : threads) t.join();

  for (std::size_t i = 0; i < gvs.size(); ++i) {
    if (!errors[i].empty()) result.warnings.push_back(errors[i]);
    for (auto& r : per_gv[i]) result.resources.push_back(std::move(r));
  }
  return result;
}

}  // namespace coffer::kube
