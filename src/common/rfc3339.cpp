#include "common/rfc3339.h"

#include <cstdio>
#include <ctime>
#include <stdexcept>

namespace coffer {
namespace {
std::string format(SystemTime t, bool micro) {
  auto secs = std::chrono::time_point_cast<std::chrono::seconds>(t);
  if (secs > t) secs -= std::chrono::seconds(1);
  std::time_t tt = std::chrono::system_clock::to_time_t(secs);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[64];
  if (micro) {
    long us = long(std::chrono::duration_cast<std::chrono::microseconds>(t - secs).count());
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%06ldZ", tm.tm_year + 1900,
                  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, us);
  } else {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900,
                  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
  }
  return buf;
}

int digits(std::string_view s, size_t pos, size_t n) {
  if (pos + n > s.size()) throw std::invalid_argument("timestamp too short: " + std::string(s));
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') throw std::invalid_argument("bad timestamp: " + std::string(s));
    v = v * 10 + (s[i] - '0');
  }
  return v;
}
}  // namespace

std::string format_rfc3339(SystemTime t) { return format(t, false); }

std::string format_utc(SystemTime t, const char* strftime_format) {
  std::time_t tt = std::chrono::system_clock::to_time_t(std::chrono::floor<std::chrono::seconds>(t));
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[128];
  std::size_t n = std::strftime(buf, sizeof buf, strftime_format, &tm);
  return std::string(buf, n);
}
std::string format_rfc3339_micro(SystemTime t) { return format(t, true); }

SystemTime parse_rfc3339(std::string_view s) {
  std::tm tm{};
  tm.tm_year = digits(s, 0, 4) - 1900;
  tm.tm_mon = digits(s, 5, 2) - 1;
  tm.tm_mday = digits(s, 8, 2);
  tm.tm_hour = digits(s, 11, 2);
  tm.tm_min = digits(s, 14, 2);
  tm.tm_sec = digits(s, 17, 2);
  if (s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') ||
      s[13] != ':' || s[16] != ':')
    throw std::invalid_argument("bad timestamp: " + std::string(s));
  size_t pos = 19;
  long long frac_us = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    int n = 0;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      if (n < 6) frac_us = frac_us * 10 + (s[pos] - '0');
      ++n;
      ++pos;
    }
    for (; n < 6; ++n) frac_us *= 10;
  }
  long offset = 0;
  if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
    ++pos;
  } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
    int sign = s[pos] == '+' ? 1 : -1;
    offset = sign * (digits(s, pos + 1, 2) * 3600L + digits(s, pos + 4, 2) * 60L);
    pos += 6;
  } else {
    throw std::invalid_argument("timestamp without zone: " + std::string(s));
  }
  if (pos != s.size()) throw std::invalid_argument("trailing data in timestamp: " + std::string(s));
  std::time_t tt = timegm(&tm) - offset;
  return std::chrono::system_clock::from_time_t(tt) + std::chrono::microseconds(frac_us);
}
}  // namespace coffer
