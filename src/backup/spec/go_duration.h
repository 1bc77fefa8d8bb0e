#pragma once

// Go's time.Duration text form, as Velero writes and reads it ("720h0m0s", "1h30m", "10m", "1.5h",
// "300ms", "-1h"). parse accepts every form time.ParseDuration does (units ns, us, µs, ms, s, m, h;
// a leading sign; fractions); format writes what Duration.String() writes.

#include <chrono>
#include <stdexcept>
#include <string>
#include <string_view>

namespace coffer::backup {

class DurationError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// Throws DurationError("time: invalid duration \"abc\"") like Go.
std::chrono::nanoseconds parse_go_duration(std::string_view text);
std::string format_go_duration(std::chrono::nanoseconds d);

}  // namespace coffer::backup
