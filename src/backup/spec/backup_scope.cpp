#include "backup/spec/backup_scope.h"

#include "kube/client/resource_lookup.h"

#include <algorithm>
#include <set>
#include <string_view>

#include "common/text.h"
#include "kube/client/resource_lookup.h"
#include "kube/labels/label_validation.h"

namespace coffer::backup {
namespace {

using kube::ApiResource;
using kube::go_quote;

const std::string kNamespaces = "namespaces";

bool eligible(const ApiResource& r) {
  return r.has_verb("list") && r.has_verb("create") && r.has_verb("get") && r.has_verb("delete");
}

// Cohabiting resources (pkg/backup/backup.go cohabitatingResources): the same objects served by two
// groups. Velero lists the first one it meets and skips the other; with "extensions" sorted last
// and the core group first, the survivor is always the second group of each pair here.
struct Cohabitant {
  const char* resource;
  const char* dropped_group;
  const char* kept_group;
};
constexpr Cohabitant kCohabitants[] = {
    {"deployments", "extensions", "apps"},
    {"daemonsets", "extensions", "apps"},
    {"replicasets", "extensions", "apps"},
    {"networkpolicies", "extensions", "networking.k8s.io"},
    {"events", "events.k8s.io", ""},
};

int core_priority(const std::string& name) {
  if (name == "pods") return 0;
  if (name == "persistentvolumeclaims") return 1;
  if (name == "persistentvolumes") return 2;
  return 3;
}

bool has_glob_syntax(std::string_view s) { return s.find_first_of("*?[{") != std::string_view::npos; }

// An include/exclude list after resolution, with Velero's globStringSet semantics: `entries` are the
// distinct strings after mapping (resolved "resource.group" names, or the text as written when it
// did not resolve), each matched as a glob; "*" is kept as a flag.
struct Filter {
  std::set<std::string> entries;
  bool star = false;
  std::vector<Glob> globs;  // entries that are not plain names

  void add(const std::string& entry) {
    if (!entries.insert(entry).second) return;
    if (entry == "*") {
      star = true;
      return;
    }
    if (has_glob_syntax(entry) || entry.find('\\') != std::string::npos) {
      try {
        globs.emplace_back(entry);
      } catch (const GlobError&) {
        // Velero's glob.Compile fails and the entry matches nothing.
      }
    }
  }
  bool empty() const { return entries.empty(); }
  bool only_star() const { return entries.size() == 1 && star; }
  bool matches(const std::string& name) const {
    if (star || entries.count(name) > 0) return true;
    return std::any_of(globs.begin(), globs.end(), [&](const Glob& g) { return g.matches(name); });
  }
};

// Resolution of user-written resource names against discovery.
class Resolver {
 public:
  Resolver(const std::vector<ApiResource>& types, const std::vector<ApiResource>& served,
           const std::map<std::string, std::string>& aliases)
      : types_(types), served_(served), aliases_(aliases) {}

  enum class Status { Resolved, Unserved, NotEligible, Never };
  struct Result {
    Status status = Status::Unserved;
    std::string group_resource;  // for Resolved / Never / NotEligible
    bool namespaced = false;
  };

  Result resolve(const std::string& text) const {
    const ApiResource* found = kube::lookup_resource(served_, text);
    Result result;
    if (found == nullptr) return result;
    std::string gr = found->group_resource();
    if (auto alias = aliases_.find(gr); alias != aliases_.end()) gr = alias->second;
    const auto& never = BackupScope::never_backed_up();
    result.group_resource = gr;
    result.namespaced = found->namespaced;
    if (std::find(never.begin(), never.end(), gr) != never.end()) {
      result.status = Status::Never;
    } else if (std::none_of(types_.begin(), types_.end(),
                            [&](const ApiResource& t) { return t.group_resource() == gr; })) {
      result.status = Status::NotEligible;
    } else {
      result.status = Status::Resolved;
    }
    return result;
  }

 private:
  const std::vector<ApiResource>& types_;
  const std::vector<ApiResource>& served_;
  const std::map<std::string, std::string>& aliases_;
};

}  // namespace

const std::vector<std::string>& BackupScope::never_backed_up() {
  static const std::vector<std::string> list = {
      "volumesnapshots.snapshot.storage.k8s.io",
      "volumesnapshotcontents.snapshot.storage.k8s.io",
  };
  return list;
}

BackupScope::BackupScope(const BackupSpec& spec, const std::vector<kube::ApiResource>& discovered,
                         std::vector<std::string>& warnings) {
  // ---- 1. Discovery: one entry per group-resource, groups in discovery order. ----
  std::vector<std::string> group_order;
  std::vector<ApiResource> served;  // every group-resource, preferred version
  std::map<std::string, std::size_t> served_index;
  for (const ApiResource& r : discovered) {
    if (r.name.empty() || r.name.find('/') != std::string::npos) continue;  // subresources
    if (std::find(group_order.begin(), group_order.end(), r.group) == group_order.end()) {
      group_order.push_back(r.group);
    }
    std::string gr = r.group_resource();
    auto it = served_index.find(gr);
    if (it == served_index.end()) {
      served_index[gr] = served.size();
      served.push_back(r);
    } else if (r.preferred && !served[it->second].preferred) {
      served[it->second] = r;
    }
  }
  // Group rank: core first, then discovery order, "extensions" last.
  auto group_rank = [&](const std::string& group) -> std::size_t {
    if (group.empty()) return 0;
    if (group == "extensions") return group_order.size() + 1;
    return static_cast<std::size_t>(std::find(group_order.begin(), group_order.end(), group) -
                                    group_order.begin()) + 1;
  };
  std::stable_sort(served.begin(), served.end(), [&](const ApiResource& a, const ApiResource& b) {
    std::size_t ra = group_rank(a.group), rb = group_rank(b.group);
    if (ra != rb) return ra < rb;
    if (a.group.empty()) return core_priority(a.name) < core_priority(b.name);
    return false;
  });

  // ---- 2. Backup-able types: verbs, cohabitants, auto-excludes. ----
  std::set<std::string> eligible_names;
  for (const ApiResource& r : served) {
    if (eligible(r)) eligible_names.insert(r.group_resource());
  }
  std::map<std::string, std::string> aliases;  // collapsed twin -> survivor
  for (const Cohabitant& c : kCohabitants) {
    ApiResource kept, dropped;
    kept.group = c.kept_group;
    kept.name = c.resource;
    dropped.group = c.dropped_group;
    dropped.name = c.resource;
    if (eligible_names.count(kept.group_resource()) && eligible_names.count(dropped.group_resource())) {
      aliases[dropped.group_resource()] = kept.group_resource();
    }
  }
  const auto& never = never_backed_up();
  std::vector<ApiResource> candidates;
  for (const ApiResource& r : served) {
    std::string gr = r.group_resource();
    if (!eligible_names.count(gr) || aliases.count(gr)) continue;
    if (std::find(never.begin(), never.end(), gr) != never.end()) continue;
    candidates.push_back(r);
  }
  Resolver resolver(candidates, served, aliases);

  // ---- 3. Namespaces. ----
  namespace_set_ = spec.namespace_set;
  for (const std::string& pattern : spec.included_namespaces) {
    try {
      ns_includes_.emplace_back(pattern);
    } catch (const GlobError& e) {
      warnings.push_back(std::string("spec.includedNamespaces: ") + e.what() + "; the pattern is ignored");
    }
  }
  for (const std::string& pattern : spec.excluded_namespaces) {
    try {
      ns_excludes_.emplace_back(pattern);
    } catch (const GlobError& e) {
      warnings.push_back(std::string("spec.excludedNamespaces: ") + e.what() + "; the pattern is ignored");
    }
  }
  // An include list whose every pattern was invalid must not widen to "all namespaces".
  if (ns_includes_.empty() && !spec.included_namespaces.empty()) include_nothing_ = true;
  const bool includes_everything =
      spec.included_namespaces.empty() ||
      std::all_of(spec.included_namespaces.begin(), spec.included_namespaces.end(),
                  [](const std::string& p) { return p == "*"; });
  all_namespaces_ = !namespace_set_ && spec.excluded_namespaces.empty() && includes_everything;

  // ---- 4. Resource filters. ----
  // Maps a list entry to the string Velero puts in its filter; "" drops the entry.
  auto map_entry = [&](const std::string& path, const std::string& entry, bool is_include,
                       std::optional<bool> scope_namespaced) -> std::string {
    if (entry == "*") return entry;
    Resolver::Result r = resolver.resolve(entry);
    switch (r.status) {
      case Resolver::Status::Resolved:
      case Resolver::Status::Never:
      case Resolver::Status::NotEligible:
        if (scope_namespaced && r.namespaced != *scope_namespaced) {
          warnings.push_back(path + ": " + go_quote(entry) + " is " +
                             (r.namespaced ? "namespace-scoped" : "cluster-scoped") +
                             " and is ignored here, as Velero ignores it (a list left with no entries counts as "
                             "empty); list it in " +
                             (r.namespaced ? "included/excludedNamespaceScopedResources"
                                           : "included/excludedClusterScopedResources"));
          return "";
        }
        if (is_include && r.status == Resolver::Status::Never) {
          warnings.push_back(path + ": " + go_quote(entry) +
                             " is never backed up (Velero only stores the snapshots it creates itself)");
        } else if (is_include && r.status == Resolver::Status::NotEligible) {
          warnings.push_back(path + ": " + go_quote(entry) +
                             " cannot be backed up: it does not support all of list, create, get and delete");
        }
        return r.group_resource;
      case Resolver::Status::Unserved:
        break;
    }
    std::string kept = trim(entry).empty() ? entry : std::string(trim(entry));
    if (is_include) {
      bool matches_something = false;
      if (has_glob_syntax(kept)) {
        try {
          Glob g(kept);
          matches_something = std::any_of(candidates.begin(), candidates.end(),
                                          [&](const ApiResource& t) { return g.matches(t.group_resource()); });
        } catch (const GlobError&) {
        }
      }
      if (!matches_something) warnings.push_back(path + ": " + go_quote(entry) + " is not served by the cluster");
    }
    return kept;
  };
  auto build = [&](const std::string& path, const std::vector<std::string>& list, bool is_include,
                   std::optional<bool> scope_namespaced, bool skip_star) {
    Filter f;
    for (const std::string& entry : list) {
      if (skip_star && entry == "*") continue;  // Velero ignores "*" in excludedResources
      std::string mapped = map_entry(path, entry, is_include, scope_namespaced);
      if (!mapped.empty()) f.add(mapped);
    }
    return f;
  };

  const bool use_old = spec.include_cluster_resources.has_value() || !spec.included_resources.empty() ||
                       !spec.excluded_resources.empty();
  const bool ns_everything = includes_everything && spec.excluded_namespaces.empty() && !namespace_set_;

  std::vector<std::optional<TypeMode>> modes(candidates.size());
  if (use_old) {
    Filter inc = build("spec.includedResources", spec.included_resources, true, std::nullopt, false);
    Filter exc = build("spec.excludedResources", spec.excluded_resources, false, std::nullopt, true);
    const std::optional<bool>& icr = spec.include_cluster_resources;
    auto passes = [&](const std::string& gr) { return !exc.matches(gr) && (inc.empty() || inc.star || inc.matches(gr)); };
    for (std::size_t i = 0; i < candidates.size(); ++i) {
      const ApiResource& t = candidates[i];
      const std::string gr = t.group_resource();
      if (t.namespaced) {
        if (passes(gr)) modes[i] = TypeMode::Direct;
        continue;
      }
      if (icr == false) continue;  // no cluster-scoped type at all, namespaces included
      bool direct = passes(gr) && (icr == true || gr == kNamespaces || ns_everything);
      if (direct) {
        modes[i] = TypeMode::Direct;
      } else if (gr != kNamespaces && !exc.matches(gr) && (icr == true || passes(gr))) {
        modes[i] = TypeMode::RelatedOnly;
      }
    }
  } else {
    Filter ns_inc = build("spec.includedNamespaceScopedResources", spec.included_namespace_scoped_resources, true,
                          true, false);
    Filter ns_exc = build("spec.excludedNamespaceScopedResources", spec.excluded_namespace_scoped_resources,
                          false, true, false);
    Filter cl_inc = build("spec.includedClusterScopedResources", spec.included_cluster_scoped_resources, true,
                          false, false);
    Filter cl_exc = build("spec.excludedClusterScopedResources", spec.excluded_cluster_scoped_resources, false,
                          false, false);
    // CombineWithPolicy: excludes first, then includes; the spec's lists win.
    const IncludeExcludePolicy& policy = spec.include_exclude_policy;
    const std::string base = "resourcePolicy.includeExcludePolicy.";
    auto combine = [&](const std::string& name, const std::vector<std::string>& list, bool is_include,
                       bool namespaced, Filter& target, const Filter& inc, const Filter& exc) {
      for (const std::string& entry : list) {
        std::string mapped = map_entry(base + name, entry, is_include, namespaced);
        if (mapped.empty()) continue;
        if (!inc.matches(mapped) && !exc.matches(mapped)) target.add(mapped);
      }
    };
    combine("excludedNamespaceScopedResources", policy.excluded_namespace_scoped_resources, false, true, ns_exc,
            ns_inc, ns_exc);
    combine("includedNamespaceScopedResources", policy.included_namespace_scoped_resources, true, true, ns_inc,
            ns_inc, ns_exc);
    combine("excludedClusterScopedResources", policy.excluded_cluster_scoped_resources, false, false, cl_exc, cl_inc,
            cl_exc);
    combine("includedClusterScopedResources", policy.included_cluster_scoped_resources, true, false, cl_inc, cl_inc,
            cl_exc);

    const bool ns_scoped_everything = ns_exc.empty() && (ns_inc.empty() || ns_inc.only_star());
    const bool full_backup = cl_inc.empty() && cl_exc.empty() && ns_everything && ns_scoped_everything;
    for (std::size_t i = 0; i < candidates.size(); ++i) {
      const ApiResource& t = candidates[i];
      const std::string gr = t.group_resource();
      if (t.namespaced) {
        if (!ns_exc.matches(gr) && (ns_inc.empty() || ns_inc.matches(gr))) modes[i] = TypeMode::Direct;
        continue;
      }
      if (cl_exc.matches(gr)) continue;
      if (full_backup || cl_inc.matches(gr) || gr == kNamespaces) {
        modes[i] = TypeMode::Direct;
      } else {
        modes[i] = TypeMode::RelatedOnly;
      }
    }
  }
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    if (!modes[i]) continue;
    index_[candidates[i].group_resource()] = types_.size();
    types_.push_back(TypePlan{candidates[i], *modes[i]});
  }

  // ---- 5. orderedResources keys (Velero matches the plural resource name only). ----
  for (const auto& entry : spec.ordered_resources) {
    const std::string& resource = entry.first;
    bool known = std::any_of(types_.begin(), types_.end(), [&](const TypePlan& p) { return p.resource.name == resource; });
    if (!known) {
      warnings.push_back("spec.orderedResources[" + go_quote(resource) + "]: no backed-up resource has the plural name " +
                         go_quote(resource) + "; Velero matches the plural resource name only (e.g. \"pods\", "
                                              "\"deployments\")");
    }
  }

  // ---- 6. Label selectors. ----
  auto parse_selector = [&](const std::string& path, const nlohmann::json& json) -> bool {
    try {
      kube::LabelSelector selector = kube::LabelSelector::from_json(json);
      selector_queries_.push_back(selector.to_string());
      selectors_.push_back(std::move(selector));
      return true;
    } catch (const kube::SelectorError& e) {
      warnings.push_back(path + ": " + e.what() + "; the selector selects nothing");
      return false;
    }
  };
  if (!spec.or_label_selectors.empty()) {
    use_selectors_ = true;
    for (std::size_t i = 0; i < spec.or_label_selectors.size(); ++i) {
      if (spec.or_label_selectors[i].is_null()) {
        warnings.push_back("spec.orLabelSelectors[" + std::to_string(i) + "]: null selector; it selects nothing");
        continue;
      }
      parse_selector("spec.orLabelSelectors[" + std::to_string(i) + "]", spec.or_label_selectors[i]);
    }
  } else if (spec.label_selector && !spec.label_selector->is_null()) {
    use_selectors_ = true;
    parse_selector("spec.labelSelector", *spec.label_selector);
  } else {
    selector_queries_.push_back("");
  }
}

const TypePlan* BackupScope::plan_for(const std::string& group_resource) const {
  auto it = index_.find(group_resource);
  return it == index_.end() ? nullptr : &types_[it->second];
}

bool BackupScope::include_namespace(const std::string& ns) const {
  if (namespace_set_ && std::find(namespace_set_->begin(), namespace_set_->end(), ns) == namespace_set_->end()) {
    return false;
  }
  for (const Glob& g : ns_excludes_) {
    if (g.matches(ns)) return false;
  }
  if (include_nothing_) return false;
  if (ns_includes_.empty()) return true;
  return std::any_of(ns_includes_.begin(), ns_includes_.end(), [&](const Glob& g) { return g.matches(ns); });
}

bool BackupScope::matches_selectors(const std::map<std::string, std::string>& labels) const {
  if (!use_selectors_) return true;
  return std::any_of(selectors_.begin(), selectors_.end(),
                     [&](const kube::LabelSelector& s) { return s.matches(labels); });
}

}  // namespace coffer::backup
