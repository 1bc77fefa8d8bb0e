#include "kubesim/controllers/known_types.h"

namespace coffer::kubesim::controllers {

KnownTypes::KnownTypes(const ApiCore& core)
    : namespaces(core.type("", "namespaces")),
      nodes(core.type("", "nodes")),
      pods(core.type("", "pods")),
      services(core.type("", "services")),
      endpoints(core.type("", "endpoints")),
      configmaps(core.type("", "configmaps")),
      serviceaccounts(core.type("", "serviceaccounts")),
      pvcs(core.type("", "persistentvolumeclaims")),
      pvs(core.type("", "persistentvolumes")),
      leases(core.type("coordination.k8s.io", "leases")),
      endpointslices(core.type("discovery.k8s.io", "endpointslices")),
      deployments(core.type("apps", "deployments")),
      replicasets(core.type("apps", "replicasets")),
      statefulsets(core.type("apps", "statefulsets")),
      daemonsets(core.type("apps", "daemonsets")),
      controllerrevisions(core.type("apps", "controllerrevisions")),
      jobs(core.type("batch", "jobs")),
      cronjobs(core.type("batch", "cronjobs")),
      storageclasses(core.type("storage.k8s.io", "storageclasses")),
      csidrivers(core.type("storage.k8s.io", "csidrivers")),
      csinodes(core.type("storage.k8s.io", "csinodes")),
      volumesnapshots(core.type("snapshot.storage.k8s.io", "volumesnapshots")),
      volumesnapshotcontents(core.type("snapshot.storage.k8s.io", "volumesnapshotcontents")),
      volumesnapshotclasses(core.type("snapshot.storage.k8s.io", "volumesnapshotclasses")) {}

}  // namespace coffer::kubesim::controllers
