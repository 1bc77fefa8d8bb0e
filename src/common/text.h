#pragma once
// Small string helpers shared by every module.
#include <string>
#include <string_view>
#include <vector>

namespace coffer {
std::vector<std::string> split(std::string_view s, char sep);  // keeps empty fields
std::string_view trim(std::string_view s);
std::string to_lower(std::string_view s);
std::string join(const std::vector<std::string>& parts, std::string_view sep);
// Percent-decoding of a URL query component ('+' is a space there) or path segment.
std::string url_decode(std::string_view s, bool plus_is_space);
std::string url_encode(std::string_view s);
}  // namespace coffer
