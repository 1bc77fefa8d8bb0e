#include "kubesim/registry/resource_registry.h"

#include <algorithm>
#include <set>
#include <tuple>

#include "kubesim/registry/version_priority.h"

namespace coffer::kubesim {
namespace {

bool contains(const std::vector<std::string>& v, std::string_view s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

bool same_type(const ResourceType& a, const ResourceType& b) {
  auto key = [](const ResourceType& t) {
    return std::tie(t.group, t.version, t.resource, t.kind, t.list_kind, t.singular, t.namespaced,
                    t.short_names, t.verbs, t.categories, t.has_status, t.has_scale,
                    t.scale_spec_replicas_path, t.scale_status_replicas_path,
                    t.scale_label_selector_path, t.custom, t.crd_name, t.unavailable);
  };
  return key(a) == key(b) && a.crd_schema == b.crd_schema &&
         a.crd_printer_columns == b.crd_printer_columns;
}

}  // namespace

ResourceRegistry::ResourceRegistry() : types_(builtin_resource_types()) {}

bool ResourceRegistry::unavailable_locked(std::string_view group, std::string_view version) const {
  for (const auto& a : aggregated_)
    if (a.group == group && a.version == version) return !a.available;
  return false;
}

std::vector<std::string> ResourceRegistry::versions_locked(std::string_view group) const {
  std::vector<std::string> builtin;  // table order
  std::vector<std::string> others;   // CRD and aggregated versions, by version priority
  for (const auto& t : types_) {
    if (t.group != group) continue;
    if (!t.custom) {
      if (!contains(builtin, t.version)) builtin.push_back(t.version);
    } else if (!contains(others, t.version)) {
      others.push_back(t.version);
    }
  }
  for (const auto& a : aggregated_)
    if (a.group == group && !contains(others, a.version)) others.push_back(a.version);
  sort_by_version_priority(others);
  for (auto& v : others)
    if (!contains(builtin, v)) builtin.push_back(std::move(v));
  return builtin;
}

std::vector<GroupVersions> ResourceRegistry::groups_locked() const {
  std::vector<std::string> names;  // built-in groups in table order
  std::set<std::string> custom_groups, aggregated_groups;
  for (const auto& t : types_) {
    if (t.group.empty()) continue;
    if (!t.custom) {
      if (!contains(names, t.group)) names.push_back(t.group);
    } else {
      custom_groups.insert(t.group);
    }
  }
  for (const auto& g : custom_groups)
    if (!contains(names, g)) names.push_back(g);
  for (const auto& a : aggregated_)
    if (!a.group.empty()) aggregated_groups.insert(a.group);
  for (const auto& g : aggregated_groups)
    if (!contains(names, g)) names.push_back(g);

  std::vector<GroupVersions> out;
  out.reserve(names.size());
  for (auto& name : names) {
    GroupVersions gv;
    gv.versions = versions_locked(name);
    if (gv.versions.empty()) continue;
    gv.preferred_version = gv.versions.front();
    for (const auto& v : gv.versions)
      if (unavailable_locked(name, v)) gv.unavailable_versions.push_back(v);
    gv.unavailable = !gv.unavailable_versions.empty();
    gv.group = std::move(name);
    out.push_back(std::move(gv));
  }
  return out;
}

std::vector<ResourceType> ResourceRegistry::all_locked() const {
  std::vector<ResourceType> out = types_;
  for (auto& t : out) t.unavailable = t.unavailable || unavailable_locked(t.group, t.version);
  return out;
}

std::optional<ResourceType> ResourceRegistry::find(std::string_view group, std::string_view version,
                                                   std::string_view resource) const {
  std::shared_lock lock(mu_);
  for (const auto& t : types_) {
    if (t.group == group && t.version == version && t.resource == resource) {
      ResourceType copy = t;
      copy.unavailable = copy.unavailable || unavailable_locked(group, version);
      return copy;
    }
  }
  return std::nullopt;
}

std::optional<ResourceType> ResourceRegistry::find_kind(std::string_view group,
                                                        std::string_view version,
                                                        std::string_view kind) const {
  std::shared_lock lock(mu_);
  for (const auto& t : types_) {
    if (t.group == group && t.version == version && t.kind == kind) {
      ResourceType copy = t;
      copy.unavailable = copy.unavailable || unavailable_locked(group, version);
      return copy;
    }
  }
  return std::nullopt;
}

std::optional<ResourceType> ResourceRegistry::find_preferred(std::string_view group,
                                                             std::string_view resource) const {
  std::shared_lock lock(mu_);
  // Like a RESTMapper: the first version, in preference order, that serves the resource.
  for (const auto& v : versions_locked(group)) {
    for (const auto& t : types_) {
      if (t.group == group && t.version == v && t.resource == resource) {
        ResourceType copy = t;
        copy.unavailable = copy.unavailable || unavailable_locked(group, v);
        return copy;
      }
    }
  }
  return std::nullopt;
}

std::vector<ResourceType> ResourceRegistry::resources_of(std::string_view group,
                                                         std::string_view version) const {
  std::shared_lock lock(mu_);
  std::vector<ResourceType> out;
  bool unavailable = unavailable_locked(group, version);
  for (const auto& t : types_) {
    if (t.group == group && t.version == version) {
      out.push_back(t);
      out.back().unavailable = out.back().unavailable || unavailable;
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const ResourceType& a, const ResourceType& b) {
    return a.resource < b.resource;
  });
  return out;
}

std::vector<ResourceType> ResourceRegistry::all() const {
  std::shared_lock lock(mu_);
  return all_locked();
}

std::vector<GroupVersions> ResourceRegistry::groups() const {
  std::shared_lock lock(mu_);
  return groups_locked();
}

uint64_t ResourceRegistry::generation() const {
  std::shared_lock lock(mu_);
  return generation_;
}

bool ResourceRegistry::is_unavailable(std::string_view group, std::string_view version) const {
  std::shared_lock lock(mu_);
  return unavailable_locked(group, version);
}

std::vector<std::string> ResourceRegistry::versions_of(std::string_view group) const {
  std::shared_lock lock(mu_);
  return versions_locked(group);
}

RegistrySnapshot ResourceRegistry::snapshot() const {
  std::shared_lock lock(mu_);
  RegistrySnapshot s;
  s.generation = generation_;
  s.groups = groups_locked();
  s.types = all_locked();
  return s;
}

void ResourceRegistry::set_custom_resources(const std::string& crd_name,
                                            std::vector<ResourceType> types) {
  std::unique_lock lock(mu_);
  std::vector<ResourceType> incoming;
  for (auto& t : types) {
    t.custom = true;
    t.crd_name = crd_name;
    if (t.list_kind.empty()) t.list_kind = t.kind + "List";
    bool builtin = std::any_of(types_.begin(), types_.end(), [&](const ResourceType& b) {
      return !b.custom && b.group == t.group && b.version == t.version && b.resource == t.resource;
    });
    if (!builtin) incoming.push_back(std::move(t));
  }

  std::vector<ResourceType> current;
  for (const auto& t : types_)
    if (t.custom && t.crd_name == crd_name) current.push_back(t);
  if (current.size() == incoming.size() &&
      std::equal(current.begin(), current.end(), incoming.begin(), same_type)) {
    return;  // nothing changed: keep caches keyed by the generation valid
  }

  std::erase_if(types_, [&](const ResourceType& t) { return t.custom && t.crd_name == crd_name; });
  for (auto& t : incoming) types_.push_back(std::move(t));
  ++generation_;
}

void ResourceRegistry::set_aggregated_group(const std::string& group, const std::string& version,
                                            bool available) {
  std::unique_lock lock(mu_);
  for (auto& a : aggregated_) {
    if (a.group == group && a.version == version) {
      if (a.available == available) return;
      a.available = available;
      ++generation_;
      return;
    }
  }
  aggregated_.push_back({group, version, available});
  ++generation_;
}

void ResourceRegistry::remove_aggregated_group(const std::string& group,
                                               const std::string& version) {
  std::unique_lock lock(mu_);
  auto removed = std::erase_if(aggregated_, [&](const Aggregated& a) {
    return a.group == group && a.version == version;
  });
  if (removed > 0) ++generation_;
}

}  // namespace coffer::kubesim
