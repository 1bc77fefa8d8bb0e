#include "kubesim/table/human_duration.h"

#include <cstdint>

namespace coffer::kubesim {

std::string human_duration(std::chrono::system_clock::duration d) {
  // Truncation toward zero, as Go's int(d.Seconds()).
  const int64_t seconds = std::chrono::duration_cast<std::chrono::seconds>(d).count();
  auto n = [](int64_t v) { return std::to_string(v); };
  if (seconds < -1) return "<invalid>";
  if (seconds < 0) return "0s";
  if (seconds < 2 * 60) return n(seconds) + "s";
  const int64_t minutes = seconds / 60;
  if (minutes < 10) {
    const int64_t s = seconds % 60;
    return s == 0 ? n(minutes) + "m" : n(minutes) + "m" + n(s) + "s";
  }
  if (minutes < 3 * 60) return n(minutes) + "m";
  const int64_t hours = seconds / 3600;
  if (hours < 8) {
    const int64_t m = minutes % 60;
    return m == 0 ? n(hours) + "h" : n(hours) + "h" + n(m) + "m";
  }
  if (hours < 48) return n(hours) + "h";
  if (hours < 24 * 8) {
    const int64_t h = hours % 24;
    return h == 0 ? n(hours / 24) + "d" : n(hours / 24) + "d" + n(h) + "h";
  }
  if (hours < 24 * 365 * 2) return n(hours / 24) + "d";
  if (hours < 24 * 365 * 8) {
    const int64_t days = (hours / 24) % 365;
    const int64_t years = hours / 24 / 365;
    return days == 0 ? n(years) + "y" : n(years) + "y" + n(days) + "d";
  }
  return n(hours / 24 / 365) + "y";
}

}  // namespace coffer::kubesim
