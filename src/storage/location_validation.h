#pragma once

// validate_location(): is a storage location usable? What Velero's BSL controller checks, plus a
// write probe:
//   1. it can be listed (reachable, credentials valid, bucket exists);
//   2. no top-level prefix other than Velero's reserved set (backups, restores, restic, metadata,
//      plugins, kopia) -- Velero marks such a location Unavailable, so Coffer does too;
//   3. unless the location is read-only: a probe object under metadata/ can be written, read back
//      byte for byte and deleted.
// The result is Available, or Unavailable with a message that says what failed and how to fix it.

#include <string>
#include <vector>

#include "storage/object_store.h"

namespace coffer::storage {

struct LocationStatus {
  bool available = false;
  std::string message;  // empty when available
  std::vector<std::string> checks;  // what was checked, in order ("listed", "probe written", ...)
};

LocationStatus validate_location(ObjectStore& store, bool read_only);

const std::vector<std::string>& velero_top_level_dirs();

}  // namespace coffer::storage
