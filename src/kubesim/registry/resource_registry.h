#pragma once
// The set of resources kubesim serves: the built-in groups of a Kubernetes 1.30-era API server
// plus resources added at run time from CustomResourceDefinitions and APIServices.
// Thread-safe; lookups return copies so callers never hold references into a changing table.
#include <cstdint>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include "kubesim/registry/resource_type.h"

namespace coffer::kubesim {

struct GroupVersions {
  std::string group;
  std::vector<std::string> versions;  // most preferred first
  std::string preferred_version;
  bool unavailable = false;           // aggregated API without a running backend
  std::vector<std::string> unavailable_versions;  // which versions those are
};

// A consistent copy of the whole table, taken under one lock (for building discovery documents).
struct RegistrySnapshot {
  uint64_t generation = 0;
  std::vector<GroupVersions> groups;  // as groups(): discovery order, core group excluded
  std::vector<ResourceType> types;    // as all()
};

class ResourceRegistry {
 public:
  ResourceRegistry();  // loaded with the built-in resources

  std::optional<ResourceType> find(std::string_view group, std::string_view version,
                                   std::string_view resource) const;
  std::optional<ResourceType> find_kind(std::string_view group, std::string_view version,
                                        std::string_view kind) const;
  // The preferred version's entry for a group/resource ("deployments.apps" style lookup).
  std::optional<ResourceType> find_preferred(std::string_view group,
                                             std::string_view resource) const;
  // The resources of one group/version, in alphabetical order of their plural names.
  std::vector<ResourceType> resources_of(std::string_view group, std::string_view version) const;
  std::vector<ResourceType> all() const;
  // Groups in discovery order (legacy core group excluded), each with its versions: built-in
  // groups in the order a 1.30 server lists them, then CRD groups alphabetically, then groups
  // that only aggregated APIServices provide, alphabetically.
  std::vector<GroupVersions> groups() const;
  // Bumps whenever the table changes (CRDs, APIServices), so discovery caches can be keyed by it.
  uint64_t generation() const;
  // True when group/version is served by an aggregated API whose backend is down (answer 503).
  bool is_unavailable(std::string_view group, std::string_view version) const;
  // The versions served for a group ("" for the core group), most preferred first.
  std::vector<std::string> versions_of(std::string_view group) const;
  RegistrySnapshot snapshot() const;

  // Replaces every resource that CRD `crd_name` contributes (empty `types` removes them). The
  // entries are stored with custom=true and crd_name set; an entry whose group/version/resource a
  // built-in already serves is ignored (the built-in wins). Versions of CRD groups are ordered
  // by Kubernetes' version priority (see version_priority.h); several CRDs may share a group.
  void set_custom_resources(const std::string& crd_name, std::vector<ResourceType> types);
  // Marks group/version as served by an aggregated API; available=false makes it answer 503.
  // The group shows in groups() (after the CRD groups) even when no resources are known for it;
  // entries of an unavailable group/version are returned with unavailable=true.
  void set_aggregated_group(const std::string& group, const std::string& version, bool available);
  void remove_aggregated_group(const std::string& group, const std::string& version);

 private:
  mutable std::shared_mutex mu_;
  std::vector<ResourceType> types_;
  struct Aggregated { std::string group, version; bool available; };
  std::vector<Aggregated> aggregated_;
  uint64_t generation_ = 1;

  // Helpers that expect mu_ to be held (shared or exclusive).
  bool unavailable_locked(std::string_view group, std::string_view version) const;
  std::vector<std::string> versions_locked(std::string_view group) const;
  std::vector<GroupVersions> groups_locked() const;
  std::vector<ResourceType> all_locked() const;
};

// The built-in table (resource_registry_builtin.cpp).
std::vector<ResourceType> builtin_resource_types();

}  // namespace coffer::kubesim
