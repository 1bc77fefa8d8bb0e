#pragma once

// RFC 6901 JSON pointers: "" is the whole document, "/a/0/b~1c" is a -> 0 -> "b/c".
//   parse_json_pointer   -- splits and unescapes (~1 -> '/', ~0 -> '~'); throws PatchError for a
//                           pointer that does not start with '/' or has a '~' not followed by 0 or 1.
//   escape_json_pointer_token / append_json_pointer -- the reverse, for building paths in messages.

#include <string>
#include <string_view>
#include <vector>

namespace coffer::kube {

std::vector<std::string> parse_json_pointer(std::string_view pointer);
std::string escape_json_pointer_token(std::string_view token);
std::string append_json_pointer(std::string_view pointer, std::string_view token);

}  // namespace coffer::kube
