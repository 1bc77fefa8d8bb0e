#include "storage/location_validation.h"

#include <algorithm>

#include "common/random_id.h"
#include "common/text.h"

namespace coffer::storage {

const std::vector<std::string>& velero_top_level_dirs() {
  static const std::vector<std::string> dirs = {"backups", "restores", "restic", "metadata", "plugins", "kopia"};
  return dirs;
}

LocationStatus validate_location(ObjectStore& store, bool read_only) {
  LocationStatus s;
  std::vector<std::string> top;
  try {
    top = store.list_common_prefixes("");
    s.checks.push_back("listed");
  } catch (const std::exception& e) {
    s.message = std::string("cannot list the location: ") + e.what() +
                " (check the endpoint, the bucket name and the credentials)";
    return s;
  }
  std::vector<std::string> foreign;
  for (auto p : top) {
    if (!p.empty() && p.back() == '/') p.pop_back();
    const auto& allowed = velero_top_level_dirs();
    if (std::find(allowed.begin(), allowed.end(), p) == allowed.end()) foreign.push_back(p);
  }
  if (!foreign.empty()) {
    if (foreign.size() > 3) foreign.resize(3);
    s.message = "the location holds top-level directories Velero does not allow (" + join(foreign, ", ") +
                "); use a prefix of its own for the backups, or move those directories away";
    return s;
  }
  s.checks.push_back("layout");
  if (read_only) {
    s.available = true;
    return s;
  }
  std::string key = "metadata/.coffer-probe-" + random_alnum(12);
  std::string content = "coffer location probe " + key + "\n";
  try {
    store.put(key, content);
    s.checks.push_back("probe written");
  } catch (const std::exception& e) {
    s.message = std::string("cannot write to the location: ") + e.what() +
                " (check write permissions, or mark the location read-only)";
    return s;
  }
  try {
    std::string back = store.get(key);
    if (back != content) {
      s.message = "the probe object " + key + " read back differently from what was written";
      store.remove(key);
      return s;
    }
    s.checks.push_back("probe read");
    store.remove(key);
    s.checks.push_back("probe deleted");
  } catch (const std::exception& e) {
    s.message = std::string("the probe object ") + key + " could not be read back or deleted: " + e.what();
    return s;
  }
  s.available = true;
  return s;
}

}  // namespace coffer::storage
