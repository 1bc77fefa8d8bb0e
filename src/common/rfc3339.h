#pragma once
// RFC 3339 timestamps as Kubernetes writes them: "2026-11-24T11:35:00Z" (metav1.Time, seconds)
// and "2026-11-24T11:35:00.123456Z" (metav1.MicroTime, used by managedFields-free fields like
// Lease renewTime). parse_rfc3339 accepts both and numeric offsets; throws std::invalid_argument.
#include <chrono>
#include <string>
#include <string_view>

namespace coffer {
using SystemTime = std::chrono::system_clock::time_point;
std::string format_rfc3339(SystemTime t);
std::string format_rfc3339_micro(SystemTime t);
SystemTime parse_rfc3339(std::string_view text);
// t in UTC with a strftime format, e.g. "%Y%m%d%H%M%S" -> "20261124213000" (seconds, truncated).
std::string format_utc(SystemTime t, const char* strftime_format);
}  // namespace coffer
