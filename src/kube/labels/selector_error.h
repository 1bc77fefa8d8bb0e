#pragma once

// SelectorError: a label or field selector that cannot be parsed or is invalid. what() is worded
// like the Kubernetes apiserver's message for the same input, so a server can return it verbatim
// in a 400 Status.

#include <stdexcept>

namespace coffer::kube {

class SelectorError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

}  // namespace coffer::kube
