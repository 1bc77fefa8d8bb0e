#pragma once

// RestorePlan: which backed-up items a restore touches, in which order, at which API version --
// decided from the spec, the backup's items and the target's discovery, before anything is
// written (velero-format.md §5.1-5.3).
//
// Selection
//   - namespaces: the include/exclude globs match the namespaces found in the backup; the mapping
//     gives each its target namespace;
//   - resources: include/exclude names are resolved against the target's discovery like kubectl
//     (short name, plural, singular, kind, optionally ".group"); a name the target does not serve
//     is matched as written (a glob) against the backup's "resource.group" names, so a custom
//     resource whose CRD comes with the restore can still be named; never restored: nodes,
//     events, Velero's own objects, CSINodes, VolumeAttachments;
//   - cluster-scoped items: includeClusterResources true -> all that pass the resource filter;
//     false -> none; unset -> all when every namespace is included, otherwise only the related
//     ones: PVs claimed by restored PVCs and CRDs of restored custom resources;
//   - Namespace objects: restored for every target namespace that receives items (and for
//     selected namespaces that pass the label selector), so labels and annotations come back;
//     a namespace with no Namespace object in the backup is created blank by the engine;
//   - labelSelector / orLabelSelectors on the item's labels; includedItems (Coffer) keeps only
//     the named items (plus their Namespace objects and related cluster items).
// Skipped with a reason (listed in the results, nothing written):
//   - items owned (controller ownerReference) by an item the restore also restores: the
//     controller recreates them, so the target holds each workload exactly once (Coffer's
//     choice; Velero restores them and relies on adoption);
//   - completed Pods (Succeeded/Failed) and Jobs (completionTime set), mirror Pods (as Velero);
//   - Endpoints of Services with a selector and EndpointSlices managed by the EndpointSlice
//     controller: the controllers rebuild them from the restored Pods;
//   - the kube-root-ca.crt ConfigMap: every cluster publishes its own CA in every namespace.
// Failed before writing: entries that are not a JSON object, larger than the item limit, or whose
//   name/namespace disagree with their path. An entry duplicated in the archive is a warning; the
//   first copy is used.
// Order: CRDs (tier 0), then Velero's high-priority list one resource per tier, then every other
//   resource (one tier), then the low-priority list; the engine runs tiers in order and the items
//   of a tier concurrently.
// Version: per resource, the target's preferred version when the backup holds it, else the
//   backup's preferred version when the target serves it, else the first version (in the target's
//   order) both have; otherwise the item fails as not served.

#include <map>
#include <set>
#include <string>
#include <vector>

#include "backup/reader/backup_reader.h"
#include "kube/client/api_resource.h"
#include "restore/spec/restore_spec.h"

namespace coffer::restore {

enum class PlanVerdict { Restore, Skip, Fail };

struct PlannedItem {
  std::string group_resource;    // as in the tarball: "deployments.apps", "pods"
  std::string source_namespace;  // "" for cluster-scoped
  std::string target_namespace;
  std::string name;              // the backed-up name (a Namespace object's target name is mapped)
  std::string version;           // API version chosen ("v1"); "" until resolved
  kube::ApiResource target;      // the target's type at that version; name empty when not served
  std::string json;              // the backed-up object (raw), at the chosen version
  std::string backup_version;    // the version `json` is at (first: the legacy path's, the source's preferred)
  std::vector<std::pair<std::string, std::string>> other_versions;  // (version, raw JSON) copies
  PlanVerdict verdict = PlanVerdict::Restore;
  std::string reason;            // for Skip and Fail
  bool keep_status = false;      // restoreStatus selects this resource (or the item's annotation)
};

struct RestorePlan {
  std::vector<PlannedItem> items;
  std::vector<std::vector<std::size_t>> tiers;  // indexes of Restore items; tiers[0] = CRDs
  std::set<std::string> target_namespaces;      // namespaces that receive namespaced items
  std::map<std::string, std::size_t> namespace_items;  // target namespace -> its Namespace item
  std::set<std::string> restored_pv_names;
  std::vector<std::string> warnings;
  std::vector<std::string> errors;  // contradictions found against the backup (no write happens)
};

struct PlanLimits {
  std::uint64_t max_item_bytes = 16u << 20;  // the API server's own limit is ~3 MiB (etcd 1.5 MiB)
};

// entries: every item entry of the tarball (legacy paths and versioned copies), as read with
// ItemFilter{include_versioned_copies = true, max_item_bytes = limits.max_item_bytes}.
RestorePlan plan_restore(const RestoreSpec& spec, std::vector<backup::BackupItem> entries,
                         const std::vector<kube::ApiResource>& target_types, const PlanLimits& limits = {});

// (Re)resolves version and target type of every Restore item against discovery (after CRDs were
// created); items whose type is still not served fail with the reason.
void resolve_target_types(RestorePlan& plan, const std::vector<kube::ApiResource>& target_types);

// Velero's default restore priorities, as group-resources.
const std::vector<std::string>& high_priority_resources();
const std::vector<std::string>& low_priority_resources();

}  // namespace coffer::restore
