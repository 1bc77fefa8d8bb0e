#pragma once
// Kubernetes' priority order of API versions within one group (the "kube-aware" order used for
// CRD and aggregated groups): GA before beta before alpha; within a level the higher major
// version, then the higher minor version, comes first ("v2" > "v1" > "v2beta1" > "v1beta2" >
// "v1alpha1"). Versions that are not of the form vN, vNalphaM or vNbetaM come after every
// kube-like version, in alphabetical order.
#include <string>
#include <string_view>
#include <vector>

namespace coffer::kubesim {

// > 0 when `a` is preferred over `b`, < 0 when `b` is preferred, 0 when they are equal.
int compare_version_priority(std::string_view a, std::string_view b);

// Sorts `versions` most preferred first (duplicates are kept).
void sort_by_version_priority(std::vector<std::string>& versions);

}  // namespace coffer::kubesim
