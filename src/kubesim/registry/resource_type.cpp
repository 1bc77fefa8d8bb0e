#include "kubesim/registry/resource_type.h"

#include <algorithm>

namespace coffer::kubesim {

bool ResourceType::has_verb(std::string_view verb) const {
  return std::find(verbs.begin(), verbs.end(), verb) != verbs.end();
}

}  // namespace coffer::kubesim
