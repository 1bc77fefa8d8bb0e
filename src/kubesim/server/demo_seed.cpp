#include "kubesim/server/demo_seed.h"

#include "common/yaml_json.h"

namespace coffer::kubesim {
namespace {
constexpr const char* kDemo = R"(
apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {environment: production}}
---
apiVersion: v1
kind: Namespace
metadata: {name: shop-staging, labels: {environment: staging}}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: storefront-settings, namespace: shop, labels: {app: storefront}}
data: {currency: EUR, featureFlags: "checkout-v2,wishlist"}
---
apiVersion: v1
kind: Secret
metadata: {name: payments-api-key, namespace: shop, labels: {app: payments}}
type: Opaque
stringData: {apiKey: demo-not-a-real-key}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: storefront, namespace: shop, labels: {app: storefront}}
spec:
  replicas: 3
  selector: {matchLabels: {app: storefront}}
  template:
    metadata: {labels: {app: storefront}}
    spec:
      containers:
      - name: web
        image: nginx:1.27
        ports: [{containerPort: 80}]
        envFrom: [{configMapRef: {name: storefront-settings}}]
---
apiVersion: v1
kind: Service
metadata: {name: storefront, namespace: shop, labels: {app: storefront}}
spec:
  selector: {app: storefront}
  ports: [{port: 80, targetPort: 80}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: payments, namespace: shop, labels: {app: payments}}
spec:
  replicas: 2
  selector: {matchLabels: {app: payments}}
  template:
    metadata: {labels: {app: payments}}
    spec:
      containers:
      - name: api
        image: ghcr.io/example/payments:2.4.1
        env: [{name: API_KEY, valueFrom: {secretKeyRef: {name: payments-api-key, key: apiKey}}}]
---
apiVersion: v1
kind: Service
metadata: {name: orders-db, namespace: shop, labels: {app: orders-db}}
spec:
  clusterIP: None
  selector: {app: orders-db}
  ports: [{port: 5432}]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: orders-db, namespace: shop, labels: {app: orders-db}}
spec:
  serviceName: orders-db
  replicas: 2
  selector: {matchLabels: {app: orders-db}}
  template:
    metadata: {labels: {app: orders-db}}
    spec:
      containers:
      - name: postgres
        image: postgres:16
        volumeMounts: [{name: data, mountPath: /var/lib/postgresql/data}]
  volumeClaimTemplates:
  - metadata: {name: data}
    spec:
      accessModes: [ReadWriteOnce]
      resources: {requests: {storage: 1Gi}}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: storefront-settings, namespace: shop-staging, labels: {app: storefront}}
data: {currency: EUR, featureFlags: "checkout-v3"}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: storefront, namespace: shop-staging, labels: {app: storefront}}
spec:
  replicas: 1
  selector: {matchLabels: {app: storefront}}
  template:
    metadata: {labels: {app: storefront}}
    spec:
      containers: [{name: web, image: "nginx:1.27"}]
)";
}  // namespace

int seed_demo_workloads(ApiCore& core) {
  int created = 0;
  WriteOptions opts;
  opts.field_manager = "kubesim-demo";
  for (auto& doc : parse_yaml_documents(kDemo)) {
    std::string api_version = doc["apiVersion"];
    std::string group = api_version.find('/') == std::string::npos ? "" : api_version.substr(0, api_version.find('/'));
    std::string version = api_version.substr(api_version.find('/') + 1);
    auto rt = core.registry().find_kind(group, version, doc["kind"].get<std::string>());
    if (!rt) continue;
    std::string ns = doc["metadata"].value("namespace", "");
    if (core.find_json(*rt, ns, doc["metadata"]["name"])) continue;
    core.create(*rt, ns, doc, opts);
    ++created;
  }
  return created;
}
}  // namespace coffer::kubesim
