#pragma once

// BackupScope: the spec (backup_spec.h) applied to one cluster's discovery -- which resource types
// are listed, in which namespaces, with which label selectors, and which related cluster-scoped
// items (PVs of backed-up PVCs, CRDs of backed-up custom resources, ...) may join. The rules are
// Velero's (pkg/util/collections/includes_excludes.go GlobalIncludesExcludes /
// ScopeIncludesExcludes, pkg/backup/item_collector.go, pkg/backup/item_backupper.go
// itemInclusionChecks, pkg/discovery/helper.go, docs resource-filtering.md).
//
// Type selection:
//   - only resources whose verbs include list, create, get and delete; one entry per
//     group-resource, at the group's preferred version (else the first version listed);
//     cohabiting duplicates collapsed to the type Velero lists first
//     (extensions/deployments,daemonsets,replicasets,networkpolicies -> apps/networking.k8s.io;
//     events.k8s.io/events -> core events) -- always, so a filter naming the collapsed twin
//     ("deployments.extensions") selects the survivor;
//   - never: volumesnapshots.snapshot.storage.k8s.io, volumesnapshotcontents.snapshot.storage.k8s.io
//     (Velero's implicit auto-excludes) -- listed in never_backed_up(). (Velero >= 1.17 appends
//     them to the spec's excludes, which makes a filter-less backup look "filtered" to its own
//     full-backup test; they are not counted as user excludes here.)
//   - resource names in every filter are resolved against discovery like Velero's RESTMapper:
//     short name, then plural, singular or kind, each optionally ".group", case-insensitive,
//     first match in type order; "*" = all. A name that does not resolve stays as written and,
//     like in Velero, is matched as a gobwas glob against "resource.group" names (so
//     "*.example.com" works); an include that matches nothing is a warning
//     "spec.includedResources: \"foo\" is not served by the cluster" and does NOT turn into
//     "include everything".
//   - old filters (used when includedResources, excludedResources or includeClusterResources is
//     set): a type passes the resource filter when it is not excluded and includedResources is
//     empty, "*" (which wins over any other entry), or names it. Namespace-scoped types: listed
//     when they pass. Cluster-scoped types (namespaces included):
//       includeClusterResources false -> none at all, not even the namespace objects;
//       true  -> listed directly when they pass the resource filter, otherwise related-only
//                unless excluded;
//       unset -> listed directly when they pass AND all namespaces are included (no
//                namespace_set, includes empty or "*", no namespace excludes -- Velero checks only
//                the namespace filter); with specific namespaces they are related-only when they
//                pass, and not backed up at all when they do not (Velero's ShouldExclude). The
//                namespaces type is exempt from the all-namespaces condition.
//   - new scoped filters (also when no resource filter is set at all), combined with the
//     resource policy's includeExcludePolicy as Velero's CombineWithPolicy does (a policy entry
//     is added only when the spec's own include and exclude lists do not already match it):
//     an entry resolving to a type of the other scope is dropped (with a warning) -- as in
//     Velero, a list whose entries are all dropped counts as empty. Namespace-scoped types:
//     excluded ("*" = all) -> no; include list empty, "*" or naming the type -> direct.
//     Cluster-scoped types: excluded ("*" = all) -> not at all; otherwise direct when both
//     cluster lists are empty, all namespaces are included and the namespace-scoped filter
//     includes everything (no excludes, include empty or "*") -- a full backup -- or when
//     includedClusterScopedResources is "*" or names the type; otherwise related-only.
//   - the namespaces resource: under the new filters it is direct unless excluded by
//     excluded(Cluster)ScopedResources; under the old filters it follows the resource filter
//     (includeClusterResources false, an includedResources list without it, or an exclude drop
//     it). Which namespace objects are written is the engine's job (Velero: the included
//     namespaces -- or, for an all-namespaces backup with a selector, those whose labels match
//     -- plus the namespaces of backed-up items). Namespaced types are never related-only.
//   - order (velero-format.md §2, pkg/discovery/helper.go sortResources): discovery order --
//     groups in the order discovery lists them, the core group first, "extensions" last; within
//     the core group pods, persistentvolumeclaims, persistentvolumes first, then the other core
//     types in discovery order; within other groups discovery order. orderedResources does not
//     change type order (the engine puts the listed items first within their type; Velero keys
//     it by the plural resource name, a key matching no type's plural name is a warning).
//
// Namespaces: include_namespace() applies namespace_set (if set), the exclude globs (which win)
// and the include globs (empty = "*"); the engine also drops namespaces labelled
// velero.io/exclude-from-backup=true (Velero adds those to the excludes -- which, in Velero, also
// makes the backup count as not-all-namespaces for the cluster-scoped rule above).

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "backup/spec/backup_spec.h"
#include "backup/spec/glob.h"
#include "kube/client/api_resource.h"
#include "kube/labels/label_selector.h"

namespace coffer::backup {

enum class TypeMode {
  Direct,       // list it and back up every matching item
  RelatedOnly,  // do not list; items join only when related to a backed-up item
};

struct TypePlan {
  kube::ApiResource resource;  // the preferred version
  TypeMode mode = TypeMode::Direct;
};

class BackupScope {
 public:
  // spec must be valid (validate_spec() empty); it is not checked again, but invalid globs and
  // selectors do not throw: an invalid namespace glob is ignored and an invalid label selector
  // selects nothing, each with a warning. Warnings (unknown included resources, entries of the
  // wrong scope, orderedResources keys that match no type, ...) are appended to `warnings`.
  BackupScope(const BackupSpec& spec, const std::vector<kube::ApiResource>& discovered,
              std::vector<std::string>& warnings);

  const std::vector<TypePlan>& types() const { return types_; }
  // Plan for a group-resource ("persistentvolumes", "customresourcedefinitions.apiextensions.k8s.io"),
  // or nullptr when that type is not backed up at all (neither direct nor related).
  const TypePlan* plan_for(const std::string& group_resource) const;

  bool include_namespace(const std::string& ns) const;
  // True when every namespace is included (no namespace_set, includes "*" only, no excludes):
  // namespaced types can then be listed cluster-wide in one LIST.
  bool all_namespaces() const { return all_namespaces_; }

  // The labelSelector query strings to LIST with: {""} when no selector; one for labelSelector;
  // one per orLabelSelectors entry (items are de-duplicated by the engine). Each is
  // kube::LabelSelector::to_string() of the parsed selector ("" for an empty selector {}).
  // When both are set (an invalid spec) the orLabelSelectors win, as in Velero's item collector.
  const std::vector<std::string>& label_selector_queries() const { return selector_queries_; }
  // Whether an item's labels satisfy the selectors (for related items, which are fetched by name:
  // Velero applies no selector to them, so the engine does not call this for related items; it
  // is used for namespaces listed without a selector and by tests).
  bool matches_selectors(const std::map<std::string, std::string>& labels) const;

  static const std::vector<std::string>& never_backed_up();

 private:
  std::vector<TypePlan> types_;
  std::map<std::string, std::size_t> index_;
  std::vector<Glob> ns_includes_;
  std::vector<Glob> ns_excludes_;
  std::optional<std::vector<std::string>> namespace_set_;
  bool all_namespaces_ = true;
  bool include_nothing_ = false;  // every include pattern was invalid
  std::vector<std::string> selector_queries_;
  std::vector<kube::LabelSelector> selectors_;
  bool use_selectors_ = false;  // false: no selector, everything matches
};

}  // namespace coffer::backup
