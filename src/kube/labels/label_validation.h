#pragma once

// Kubernetes syntax checks for label keys and values (k8s.io/apimachinery validation/content).
// Each function returns the problems found, worded as the apiserver words them, or an empty list
// when the value is valid. No regular expressions: the grammars are checked by hand.
//
//   qualified name (label key): [prefix/]name, prefix a DNS-1123 subdomain (<= 253 bytes),
//                               name <= 63 bytes of [A-Za-z0-9_.-], alphanumeric at both ends.
//   label value:                empty, or <= 63 bytes with the same grammar as a name.
//   DNS-1123 subdomain:         <= 253 bytes, dot-separated [a-z0-9]([-a-z0-9]*[a-z0-9])? labels.

#include <string>
#include <string_view>
#include <vector>

namespace coffer::kube {

std::vector<std::string> qualified_name_errors(std::string_view value);
std::vector<std::string> label_value_errors(std::string_view value);
std::vector<std::string> dns1123_subdomain_errors(std::string_view value);

// Go's %q rendering of a string (as used in apiserver field errors): "a \"b\"\n" style quoting.
std::string go_quote(std::string_view value);

}  // namespace coffer::kube
