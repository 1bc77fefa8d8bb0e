#pragma once
// apimachinery's duration.HumanDuration, the AGE format of `kubectl get`: "95s" under two
// minutes, "3m12s" under ten minutes, "45m" under three hours, "3h5m" under eight hours,
// "26h" under two days, "3d4h" under eight days, "245d" under two years, "3y45d" under eight
// years, then "9y". Slightly negative durations (clock skew up to -1s) print "0s", more
// negative ones "<invalid>".
#include <chrono>
#include <string>

namespace coffer::kubesim {
std::string human_duration(std::chrono::system_clock::duration d);
}  // namespace coffer::kubesim
