#pragma once
// What kubesim knows about one served resource (one group/version/resource): the facts that
// discovery publishes and that the API machinery needs to route, store and validate requests.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace coffer::kubesim {

struct ResourceType {
  std::string group;       // "" for the core group
  std::string version;     // "v1"
  std::string resource;    // plural, lower case: "deployments"
  std::string kind;        // "Deployment"
  std::string list_kind;   // "DeploymentList"
  std::string singular;    // "deployment"
  bool namespaced = true;
  std::vector<std::string> short_names;
  std::vector<std::string> verbs;       // create delete deletecollection get list patch update watch
  std::vector<std::string> categories;  // "all" for the kinds `kubectl get all` shows
  bool has_status = false;              // the /status subresource
  bool has_scale = false;               // the /scale subresource (autoscaling/v1 Scale)
  // JSON paths of the scale subresource for custom resources (".spec.replicas" ...).
  std::string scale_spec_replicas_path = ".spec.replicas";
  std::string scale_status_replicas_path = ".status.replicas";
  std::string scale_label_selector_path;
  bool custom = false;                  // served from a CustomResourceDefinition
  std::string crd_name;                 // "widgets.example.com" when custom
  nlohmann::json crd_schema;            // openAPIV3Schema of this version when custom (or null)
  nlohmann::json crd_printer_columns;   // additionalPrinterColumns of this version (array or null)
  // When the group's discovery is backed by an aggregated APIService with no running backend,
  // the group is listed in /apis but its discovery answers 503.
  bool unavailable = false;

  // "deployments.apps", or "pods" for the core group: the storage key of the resource, shared by
  // every version of it.
  std::string group_resource() const { return group.empty() ? resource : resource + "." + group; }
  // "apps/v1" or "v1".
  std::string api_version() const { return group.empty() ? version : group + "/" + version; }
  bool has_verb(std::string_view verb) const;
};

}  // namespace coffer::kubesim
