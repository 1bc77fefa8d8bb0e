#include "kubesim/registry/version_priority.h"

#include <algorithm>
#include <cstdint>

namespace coffer::kubesim {
namespace {

enum class Level { kAlpha = 0, kBeta = 1, kGa = 2 };

struct KubeVersion {
  Level level = Level::kGa;
  uint64_t major = 0;
  uint64_t minor = 0;
};

// Parses a run of decimal digits at `pos`; fails on an empty run or one too long to compare.
bool parse_number(std::string_view s, size_t& pos, uint64_t& out) {
  size_t start = pos;
  out = 0;
  while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
    if (pos - start >= 18) return false;
    out = out * 10 + uint64_t(s[pos] - '0');
    ++pos;
  }
  return pos > start;
}

// Recognises v<major>, v<major>alpha<minor> and v<major>beta<minor>.
bool parse_kube_version(std::string_view v, KubeVersion& out) {
  if (v.size() < 2 || v[0] != 'v') return false;
  size_t pos = 1;
  if (!parse_number(v, pos, out.major)) return false;
  if (pos == v.size()) {
    out.level = Level::kGa;
    return true;
  }
  std::string_view rest = v.substr(pos);
  if (rest.starts_with("alpha")) {
    out.level = Level::kAlpha;
    pos += 5;
  } else if (rest.starts_with("beta")) {
    out.level = Level::kBeta;
    pos += 4;
  } else {
    return false;
  }
  if (!parse_number(v, pos, out.minor)) return false;
  return pos == v.size();
}

template <typename T>
int three_way(T a, T b) {
  return a < b ? -1 : (a > b ? 1 : 0);
}

}  // namespace

int compare_version_priority(std::string_view a, std::string_view b) {
  if (a == b) return 0;
  KubeVersion ka, kb;
  bool a_kube = parse_kube_version(a, ka);
  bool b_kube = parse_kube_version(b, kb);
  if (!a_kube && !b_kube) return a < b ? 1 : -1;  // alphabetical: earlier name wins
  if (!a_kube) return -1;
  if (!b_kube) return 1;
  if (ka.level != kb.level) return three_way(int(ka.level), int(kb.level));
  if (ka.major != kb.major) return three_way(ka.major, kb.major);
  return three_way(ka.minor, kb.minor);
}

void sort_by_version_priority(std::vector<std::string>& versions) {
  std::stable_sort(versions.begin(), versions.end(), [](const std::string& x, const std::string& y) {
    return compare_version_priority(x, y) > 0;
  });
}

}  // namespace coffer::kubesim
