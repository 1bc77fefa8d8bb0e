#include "kubesim/controllers/namespace_controller.h"

#include "kubesim/controllers/object_helpers.h"

namespace coffer::kubesim::controllers {
namespace {

constexpr const char* kRootCaName = "kube-root-ca.crt";
constexpr const char* kRootCaDescription =
    "Contains a CA bundle that can be used to verify the kube-apiserver when using internal "
    "endpoints such as the internal service IP or kubernetes.default.svc. No other usage is "
    "guaranteed across distributions of Kubernetes clusters.";

}  // namespace

NamespaceController::NamespaceController(ControllerHost& host)
    : Controller(host, "namespace-controller", "kube-controller-manager",
                 "system:serviceaccount:kube-system:namespace-controller") {}

void NamespaceController::observe(const ObservedEvent& event) {
  const StoredObject& o = event.object();
  if (o.resource == "namespaces") {
    observe_namespace(event);
    return;
  }
  if (o.ns.empty()) return;
  if (event.deleted() && terminating_.count(o.ns)) {
    enqueue(o.ns);
    return;
  }
  bool managed = (o.resource == "serviceaccounts" && o.name == "default") ||
                 (o.resource == "configmaps" && o.name == kRootCaName);
  if (managed && !event.initial() && active_.count(o.ns)) enqueue(o.ns);
}

void NamespaceController::observe_namespace(const ObservedEvent& event) {
  const std::string& name = event.object().name;
  if (event.deleted()) {
    active_.erase(name);
    terminating_.erase(name);
    return;
  }
  if (is_terminating(event.json())) {
    active_.erase(name);
    terminating_.insert(name);
  } else {
    terminating_.erase(name);
    active_.insert(name);
  }
  enqueue(name);
}

void NamespaceController::resync() {
  for (const auto& ns : terminating_) enqueue(ns);
}

void NamespaceController::reconcile(const std::string& key) {
  auto ns = read(types().namespaces, "", key);
  if (!ns) return;
  if (!is_terminating(*ns)) {
    ensure_contents(key);
    return;
  }
  if (delete_contents(key) > 0) {
    enqueue(key, std::chrono::milliseconds(500));
    return;
  }
  finalize(*ns);
}

void NamespaceController::ensure_contents(const std::string& ns) {
  if (!core().store().get(types().serviceaccounts.group_resource(), ns, "default"))
    create_if_absent(types().serviceaccounts, ns, {{"metadata", {{"name", "default"}}}});
  const std::string& ca = core().settings().ca_cert_pem;
  json data = {{"ca.crt", ca}};
  if (!core().store().get(types().configmaps.group_resource(), ns, kRootCaName)) {
    create_if_absent(types().configmaps, ns,
                     {{"metadata",
                       {{"name", kRootCaName},
                        {"annotations", {{"kubernetes.io/description", kRootCaDescription}}}}},
                      {"data", data}});
    return;
  }
  modify(types().configmaps, ns, kRootCaName, [&](json& cm) {
    bool changed = set_annotation(cm, "kubernetes.io/description", kRootCaDescription);
    if (cm.value("data", json()) != data) {
      cm["data"] = data;
      changed = true;
    }
    return changed;
  });
}

size_t NamespaceController::delete_contents(const std::string& ns) {
  size_t remaining = 0;
  DeleteOptions background;
  background.propagation_policy = "Background";
  for (const auto& resource : core().store().resources()) {
    auto [group, plural] = split_group_resource(resource);
    auto rt = core().registry().find_preferred(group, plural);
    if (!rt || !rt->namespaced) continue;
    auto page = core().store().list(resource, ns, "", 0, nullptr);
    for (const auto& object : page.items) {
      if (object->json.find("\"deletionTimestamp\"") != std::string::npos) {
        ++remaining;  // waiting for its finalizers
        continue;
      }
      try {
        if (!core().remove(*rt, ns, object->name, background).gone) ++remaining;
      } catch (const ApiError& e) {
        if (e.code() == 404 || e.code() == 405) continue;  // gone, or not deletable at all
        if (e.code() != 409) throw;
        ++remaining;
      }
    }
  }
  return remaining;
}

void NamespaceController::finalize(const json& namespace_object) {
  const json& finalizers = at_path(namespace_object, {"spec", "finalizers"});
  if (!finalizers.is_array()) return;
  json kept = json::array();
  for (const auto& f : finalizers)
    if (f != "kubernetes") kept.push_back(f);
  if (kept.size() == finalizers.size()) return;
  json body = namespace_object;
  body["spec"]["finalizers"] = kept;
  core().update(types().namespaces, "", name_of(namespace_object), body, write_options(),
                Subresource::Finalize);
}

}  // namespace coffer::kubesim::controllers
