#pragma once
// Sample workloads for `kubesim --seed demo` (and the project's demo): two application
// namespaces, production and staging, with Deployments, a StatefulSet with volumes, Services,
// ConfigMaps and Secrets. Created through ApiCore, so they behave like user-applied objects.
#include "kubesim/api/api_core.h"

namespace coffer::kubesim {
// Creates whatever of the demo set is missing; returns how many objects it created.
int seed_demo_workloads(ApiCore& core);
}  // namespace coffer::kubesim
