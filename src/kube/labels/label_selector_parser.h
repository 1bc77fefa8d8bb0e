#pragma once

// Parser for the string form of a label selector (`?labelSelector=`, `kubectl -l`), following the
// lexer and grammar of k8s.io/apimachinery/pkg/labels (Parse):
//
//   selector    := "" | requirement ("," requirement)*
//   requirement := ["!"] key | key ("="|"=="|"!="|">"|"<") [value] | key ("in"|"notin") "(" values ")"
//
// Whitespace (space, tab, CR, LF) separates tokens and is otherwise ignored. "k=" means k equals
// the empty value; "k in ()" and "k in (,a)" hold the empty value. Requirements come back sorted by
// key (stable), as Kubernetes sorts them. Errors throw SelectorError with the apiserver's wording
// ("unable to parse requirement: ...", "found ',', expected: ...").

#include <string_view>
#include <vector>

#include "kube/labels/label_requirement.h"

namespace coffer::kube {

std::vector<LabelRequirement> parse_label_requirements(std::string_view text);

}  // namespace coffer::kube
