#include "backup/spec/go_duration.h"

#include <cstdint>

namespace coffer::backup {
namespace {

constexpr std::uint64_t kTwo63 = std::uint64_t{1} << 63;

// The quoting of Go's time package (time.quote): '"' and '\' escaped, every byte outside printable
// ASCII written as \xNN.
std::string time_quote(std::string_view s) {
  static const char* hex = "0123456789abcdef";
  std::string out = "\"";
  for (char ch : s) {
    auto b = static_cast<unsigned char>(ch);
    if (b >= 0x80 || b < 0x20) {
      out += "\\x";
      out += hex[b >> 4];
      out += hex[b & 0xF];
    } else {
      if (ch == '"' || ch == '\\') out += '\\';
      out += ch;
    }
  }
  return out + "\"";
}

[[noreturn]] void invalid(std::string_view original) {
  throw DurationError("time: invalid duration " + time_quote(original));
}

std::uint64_t unit_nanoseconds(std::string_view unit) {
  if (unit == "ns") return 1;
  if (unit == "us" || unit == "\xC2\xB5s" /* U+00B5 */ || unit == "\xCE\xBCs" /* U+03BC */) return 1000;
  if (unit == "ms") return 1000000;
  if (unit == "s") return 1000000000ULL;
  if (unit == "m") return 60ULL * 1000000000ULL;
  if (unit == "h") return 3600ULL * 1000000000ULL;
  return 0;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Writes the fraction v / 10^precision (".12", no trailing zeros, nothing when zero) in front of
// `out` and returns v / 10^precision.
std::uint64_t prepend_fraction(std::string& out, std::uint64_t v, int precision) {
  bool print = false;
  std::string digits;
  for (int i = 0; i < precision; ++i) {
    std::uint64_t digit = v % 10;
    print = print || digit != 0;
    if (print) digits.insert(digits.begin(), static_cast<char>('0' + digit));
    v /= 10;
  }
  if (print) out.insert(0, "." + digits);
  return v;
}

}  // namespace

std::chrono::nanoseconds parse_go_duration(std::string_view text) {
  const std::string_view original = text;
  std::string_view s = text;
  bool negative = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s == "0") return std::chrono::nanoseconds(0);
  if (s.empty()) invalid(original);

  std::uint64_t total = 0;
  while (!s.empty()) {
    if (!(s[0] == '.' || is_digit(s[0]))) invalid(original);

    // Integer part: [0-9]*
    std::uint64_t v = 0;
    std::size_t i = 0;
    for (; i < s.size() && is_digit(s[i]); ++i) {
      if (v > kTwo63 / 10) invalid(original);
      v = v * 10 + static_cast<std::uint64_t>(s[i] - '0');
      if (v > kTwo63) invalid(original);
    }
    bool pre = i > 0;
    s.remove_prefix(i);

    // Fraction: (\.[0-9]*)? -- digits beyond int64 precision are ignored, not an error.
    std::uint64_t f = 0;
    double scale = 1;
    bool post = false;
    if (!s.empty() && s[0] == '.') {
      s.remove_prefix(1);
      bool overflow = false;
      std::size_t j = 0;
      for (; j < s.size() && is_digit(s[j]); ++j) {
        if (overflow) continue;
        if (f > (kTwo63 - 1) / 10) {
          overflow = true;
          continue;
        }
        std::uint64_t y = f * 10 + static_cast<std::uint64_t>(s[j] - '0');
        if (y > kTwo63) {
          overflow = true;
          continue;
        }
        f = y;
        scale *= 10;
      }
      post = j > 0;
      s.remove_prefix(j);
    }
    if (!pre && !post) invalid(original);  // no digits, e.g. ".s"

    // Unit: everything up to the next '.' or digit.
    std::size_t u = 0;
    while (u < s.size() && !(s[u] == '.' || is_digit(s[u]))) ++u;
    if (u == 0) throw DurationError("time: missing unit in duration " + time_quote(original));
    std::string_view unit_text = s.substr(0, u);
    s.remove_prefix(u);
    std::uint64_t unit = unit_nanoseconds(unit_text);
    if (unit == 0) {
      throw DurationError("time: unknown unit " + time_quote(unit_text) + " in duration " +
                          time_quote(original));
    }
    if (v > kTwo63 / unit) invalid(original);
    v *= unit;
    if (f > 0) {
      // float64, as Go does, so that fractions of hours are nanosecond-accurate.
      v += static_cast<std::uint64_t>(static_cast<double>(f) * (static_cast<double>(unit) / scale));
      if (v > kTwo63) invalid(original);
    }
    if (v > kTwo63 - total) invalid(original);  // total + v > 2^63
    total += v;
  }
  if (negative) {
    // -2^63 is representable; two's complement negation of the unsigned magnitude.
    return std::chrono::nanoseconds(static_cast<std::int64_t>(~total + 1));
  }
  if (total > kTwo63 - 1) invalid(original);
  return std::chrono::nanoseconds(static_cast<std::int64_t>(total));
}

std::string format_go_duration(std::chrono::nanoseconds d) {
  const std::int64_t count = d.count();
  const bool negative = count < 0;
  std::uint64_t u = static_cast<std::uint64_t>(count);
  if (negative) u = ~u + 1;

  std::string out;
  if (u < 1000000000ULL) {
    // Less than a second: a smaller unit, with a fraction ("1.5ms", "300ns", "0s").
    int precision = 0;
    if (u == 0) return "0s";
    if (u < 1000ULL) {
      out = "ns";
    } else if (u < 1000000ULL) {
      precision = 3;
      out = "\xC2\xB5s";  // U+00B5, as Go writes it
    } else {
      precision = 6;
      out = "ms";
    }
    u = prepend_fraction(out, u, precision);
    out.insert(0, std::to_string(u));
  } else {
    out = "s";
    u = prepend_fraction(out, u, 9);  // u is now whole seconds
    out.insert(0, std::to_string(u % 60));
    u /= 60;
    if (u > 0) {  // whole minutes
      out.insert(0, std::to_string(u % 60) + "m");
      u /= 60;
      if (u > 0) out.insert(0, std::to_string(u) + "h");  // hours: days differ in length
    }
  }
  if (negative) out.insert(0, "-");
  return out;
}

}  // namespace coffer::backup
