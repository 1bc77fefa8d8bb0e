#pragma once
// EndpointsController: for every Service with a selector, the Endpoints object of the same name
// (ready pod IPs in addresses, unready ones in notReadyAddresses, with nodeName and targetRef;
// ports with target ports resolved) and one EndpointSlice "<service>-<random>" owned by the
// Service (labels kubernetes.io/service-name and endpointslice.kubernetes.io/managed-by,
// ready/serving/terminating conditions, zone). Endpoints of deleted Services are deleted.
// Keys: "ns/name" of services.
#include <map>
#include <set>
#include <string>

#include "kubesim/controllers/controller.h"
#include "kubesim/store/object_store.h"

namespace coffer::kubesim::controllers {

class EndpointsController : public Controller {
 public:
  explicit EndpointsController(ControllerHost& host);
  std::vector<std::string> watched_resources() const override { return {"services", "pods"}; }
  void observe(const ObservedEvent& event) override;
  void reconcile(const std::string& key) override;

 private:
  struct Endpoint {
    std::string ip, node, pod_name, pod_uid, hostname, zone;
    bool ready = false, terminating = false;
  };
  std::vector<Endpoint> endpoints_for(const nlohmann::json& service, const Labels& selector,
                                      nlohmann::json& ports);
  void write_endpoints(const nlohmann::json& service, const std::vector<Endpoint>& endpoints,
                       const nlohmann::json& ports);
  void write_slice(const nlohmann::json& service, const std::vector<Endpoint>& endpoints,
                   const nlohmann::json& ports);

  std::map<std::string, std::map<std::string, Labels>> selectors_;  // ns → service → selector
  std::map<std::string, std::set<std::string>> members_;  // "ns/service" → pods published
};

}  // namespace coffer::kubesim::controllers
