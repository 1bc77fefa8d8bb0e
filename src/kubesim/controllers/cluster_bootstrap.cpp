#include "kubesim/controllers/cluster_bootstrap.h"

#include <arpa/inet.h>

#include <iostream>

#include "common/rfc3339.h"
#include "kubesim/controllers/object_helpers.h"

namespace coffer::kubesim::controllers {
namespace {

constexpr int kNodeCount = 3;
const char* const kZones[] = {"zone-a", "zone-b", "zone-c"};

WriteOptions options_for(const std::string& manager) {
  WriteOptions o;
  o.field_manager = manager;
  o.user = "system:" + manager;
  o.field_validation = "Ignore";
  return o;
}

// Creates `body` unless an object of that name exists; returns the stored object either way
// (nullopt when creation was refused).
std::optional<json> ensure(ApiCore& core, const ResourceType& rt, const std::string& ns,
                           json body, const std::string& manager) {
  const std::string name = name_of(body);
  if (auto existing = core.find_json(rt, ns, name)) return existing;
  body["apiVersion"] = rt.api_version();
  body["kind"] = rt.kind;
  try {
    return core.create(rt, rt.namespaced ? ns : "", std::move(body), options_for(manager));
  } catch (const ApiError& e) {
    if (e.code() == 409) return core.find_json(rt, ns, name);
    std::cerr << "kubesim controllers: cannot create " << rt.group_resource() << " " << name
              << ": " << e.what() << "\n";
    return std::nullopt;
  }
}

std::string node_name(int i) { return "kubesim-node-" + std::to_string(i); }

json node_status(int i, const std::string& now) {
  json resources = {{"cpu", "4"},
                    {"ephemeral-storage", "104857600Ki"},
                    {"hugepages-1Gi", "0"},
                    {"hugepages-2Mi", "0"},
                    {"memory", "16Gi"},
                    {"pods", "110"}};
  auto condition = [&](const char* type, const char* status, const char* reason,
                       const char* message) {
    return json{{"type", type},       {"status", status},   {"lastHeartbeatTime", now},
                {"lastTransitionTime", now}, {"reason", reason}, {"message", message}};
  };
  std::string name = node_name(i);
  return {
      {"capacity", resources},
      {"allocatable", resources},
      {"conditions",
       json::array({condition("MemoryPressure", "False", "KubeletHasSufficientMemory",
                              "kubelet has sufficient memory available"),
                    condition("DiskPressure", "False", "KubeletHasNoDiskPressure",
                              "kubelet has no disk pressure"),
                    condition("PIDPressure", "False", "KubeletHasSufficientPID",
                              "kubelet has sufficient PID available"),
                    condition("Ready", "True", "KubeletReady", "kubelet is posting ready status")})},
      {"addresses", json::array({{{"type", "InternalIP"}, {"address", "10.0.0." + std::to_string(i)}},
                                 {{"type", "Hostname"}, {"address", name}}})},
      {"daemonEndpoints", {{"kubeletEndpoint", {{"Port", 10250}}}}},
      {"nodeInfo",
       {{"architecture", "amd64"},
        {"bootID", hex_digest("boot-" + name, 8) + "-" + hex_digest("b1" + name, 4) + "-" +
                       hex_digest("b2" + name, 4) + "-" + hex_digest("b3" + name, 4) + "-" +
                       hex_digest("b4" + name, 12)},
        {"containerRuntimeVersion", "containerd://1.7.18"},
        {"kernelVersion", "6.1.0-kubesim-amd64"},
        {"kubeProxyVersion", "v1.30.0"},
        {"kubeletVersion", "v1.30.0"},
        {"machineID", hex_digest("machine-" + name, 32)},
        {"operatingSystem", "linux"},
        {"osImage", "Debian GNU/Linux 12 (bookworm)"},
        {"systemUUID", hex_digest("uuid-" + name, 8) + "-" + hex_digest("u1" + name, 4) + "-" +
                           hex_digest("u2" + name, 4) + "-" + hex_digest("u3" + name, 4) + "-" +
                           hex_digest("u4" + name, 12)}}},
  };
}

json node_object(int i) {
  std::string name = node_name(i);
  json labels = {{"beta.kubernetes.io/arch", "amd64"},
                 {"beta.kubernetes.io/os", "linux"},
                 {"kubernetes.io/arch", "amd64"},
                 {"kubernetes.io/hostname", name},
                 {"kubernetes.io/os", "linux"},
                 {"topology.kubernetes.io/region", "kubesim"},
                 {"topology.kubernetes.io/zone", kZones[(i - 1) % 3]},
                 {"topology.hostpath.csi/node", name}};
  if (i == 1) labels["node-role.kubernetes.io/control-plane"] = "";
  std::string cidr = "10.244." + std::to_string((i - 1) * 64) + ".0/18";
  return {{"metadata",
           {{"name", name},
            {"labels", labels},
            {"annotations",
             {{"node.alpha.kubernetes.io/ttl", "0"},
              {"volumes.kubernetes.io/controller-managed-attach-detach", "true"},
              {"csi.volume.kubernetes.io/nodeid",
               json{{kHostpathDriver, name}}.dump()}}}}},
          {"spec", {{"podCIDR", cidr}, {"podCIDRs", json::array({cidr})},
                    {"providerID", "kubesim://" + name}}}};
}

void ensure_node(ApiCore& core, const KnownTypes& types, int i) {
  auto node = ensure(core, types.nodes, "", node_object(i), "kubelet");
  if (!node) return;
  if (!at_path(*node, {"status", "conditions"}).is_array()) {
    json body = *node;
    body["status"] = node_status(i, now_rfc3339());
    try {
      node = core.update(types.nodes, "", node_name(i), body, options_for("kubelet"),
                         Subresource::Status);
    } catch (const ApiError& e) {
      std::cerr << "kubesim controllers: cannot set status of node " << node_name(i) << ": "
                << e.what() << "\n";
      return;
    }
  }
  json owner = owner_reference(*node, false);
  ensure(core, types.leases, "kube-node-lease",
         {{"metadata",
           {{"name", node_name(i)}, {"namespace", "kube-node-lease"},
            {"ownerReferences", json::array({owner})}}},
          {"spec",
           {{"holderIdentity", node_name(i)},
            {"leaseDurationSeconds", 40},
            {"renewTime", format_rfc3339_micro(std::chrono::system_clock::now())}}}},
         "kubelet");
  ensure(core, types.csinodes, "",
         {{"metadata", {{"name", node_name(i)}, {"ownerReferences", json::array({owner})}}},
          {"spec",
           {{"drivers", json::array({{{"name", kHostpathDriver},
                                      {"nodeID", node_name(i)},
                                      {"topologyKeys", json::array({"topology.hostpath.csi/node"})}}})}}}},
         "kubelet");
}

void ensure_storage(ApiCore& core, const KnownTypes& types) {
  ensure(core, types.storageclasses, "",
         {{"metadata",
           {{"name", core.settings().default_storage_class.empty()
                         ? std::string("standard")
                         : core.settings().default_storage_class},
            {"annotations", {{"storageclass.kubernetes.io/is-default-class", "true"}}}}},
          {"provisioner", kHostpathDriver},
          {"reclaimPolicy", "Delete"},
          {"volumeBindingMode", "Immediate"},
          {"allowVolumeExpansion", true}},
         "kube-controller-manager");
  ensure(core, types.volumesnapshotclasses, "",
         {{"metadata",
           {{"name", kDefaultSnapshotClass},
            {"annotations", {{"snapshot.storage.kubernetes.io/is-default-class", "true"}}}}},
          {"driver", kHostpathDriver},
          {"deletionPolicy", "Delete"}},
         "kube-controller-manager");
  ensure(core, types.csidrivers, "",
         {{"metadata", {{"name", kHostpathDriver}}},
          {"spec",
           {{"attachRequired", false},
            {"podInfoOnMount", true},
            {"volumeLifecycleModes", json::array({"Persistent", "Ephemeral"})},
            {"fsGroupPolicy", "File"},
            {"storageCapacity", false},
            {"requiresRepublish", false},
            {"seLinuxMount", false}}}},
         "kube-controller-manager");
}

void ensure_kubernetes_service(ApiCore& core, const KnownTypes& types) {
  std::string ip = first_service_ip(core.settings().service_cidr);
  if (ip.empty()) return;
  ensure(core, types.services, "default",
         {{"metadata",
           {{"name", "kubernetes"}, {"namespace", "default"},
            {"labels", {{"component", "apiserver"}, {"provider", "kubernetes"}}}}},
          {"spec",
           {{"type", "ClusterIP"},
            {"clusterIP", ip},
            {"clusterIPs", json::array({ip})},
            {"ipFamilies", json::array({"IPv4"})},
            {"ipFamilyPolicy", "SingleStack"},
            {"sessionAffinity", "None"},
            {"internalTrafficPolicy", "Cluster"},
            {"ports", json::array({{{"name", "https"}, {"port", 443}, {"protocol", "TCP"},
                                    {"targetPort", 6443}}})}}}},
         "kube-apiserver");
  json port = {{"name", "https"}, {"port", 6443}, {"protocol", "TCP"}};
  ensure(core, types.endpoints, "default",
         {{"metadata",
           {{"name", "kubernetes"}, {"namespace", "default"},
            {"labels", {{"endpointslice.kubernetes.io/skip-mirror", "true"}}}}},
          {"subsets", json::array({{{"addresses", json::array({{{"ip", "10.0.0.1"}}})},
                                    {"ports", json::array({port})}}})}},
         "kube-apiserver");
  ensure(core, types.endpointslices, "default",
         {{"metadata",
           {{"name", "kubernetes"}, {"namespace", "default"},
            {"labels", {{"kubernetes.io/service-name", "kubernetes"}}}}},
          {"addressType", "IPv4"},
          {"endpoints", json::array({{{"addresses", json::array({"10.0.0.1"})},
                                      {"conditions", {{"ready", true}}}}})},
          {"ports", json::array({port})}},
         "kube-apiserver");
}

}  // namespace

std::string first_service_ip(const std::string& cidr) {
  size_t slash = cidr.find('/');
  std::string base = cidr.substr(0, slash);
  int bits = 32;
  try {
    if (slash != std::string::npos) bits = std::stoi(cidr.substr(slash + 1));
  } catch (const std::exception&) {
    return "";
  }
  in_addr addr{};
  if (inet_pton(AF_INET, base.c_str(), &addr) != 1 || bits < 0 || bits > 30) return "";
  uint32_t mask = bits == 0 ? 0 : ~uint32_t(0) << (32 - bits);
  uint32_t first = (ntohl(addr.s_addr) & mask) + 1;
  in_addr out{htonl(first)};
  char text[INET_ADDRSTRLEN];
  inet_ntop(AF_INET, &out, text, sizeof text);
  return text;
}

void ensure_cluster_objects(ApiCore& core, const KnownTypes& types) {
  for (const char* ns : {"default", "kube-system", "kube-public", "kube-node-lease"})
    ensure(core, types.namespaces, "", {{"metadata", {{"name", ns}}}}, "kube-apiserver");
  for (int i = 1; i <= kNodeCount; ++i) ensure_node(core, types, i);
  ensure_storage(core, types);
  ensure_kubernetes_service(core, types);
}

}  // namespace coffer::kubesim::controllers
