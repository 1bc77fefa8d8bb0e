#pragma once

// Glob patterns for namespace filters, with the semantics of github.com/gobwas/glob (what Velero
// compiles namespace includes/excludes with, no separators): '*' any run of characters, '?' one
// character, '[abc]' '[a-z]' '[!abc]' character classes, '{a,b}' alternatives, '\' escapes.
//
// Details that follow gobwas exactly (matching is per Unicode code point; the whole text must match):
//   - '**' is the same as '*' (there are no separators);
//   - a class holds EITHER one range "[a-z]" / "[!a-z]" OR a list of characters "[abc-]"; "[a-z0-9]"
//     is an error, '-' is literal in a list, '!' only negates in the first position;
//   - '\' escapes the next character (also inside lists and alternatives); a trailing '\' is dropped;
//   - ',' and '}' are literal outside '{...}', ']' is literal outside a class;
//   - an unclosed '{' is closed implicitly at the end of the pattern ("{a,b" matches "a" or "b");
//   - errors: unclosed '[' ("missing ']'"), empty class "[]" / "[!]", "[a-z0-9]", reversed ranges
//     "[z-a]", invalid UTF-8.
// Velero (1.18) additionally refuses some of these in namespace filters ('{', '}', ',', '!', '**');
// validate_spec() reports that, this class does not.

#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

namespace coffer::backup {

class GlobError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

class Glob {
 public:
  explicit Glob(std::string_view pattern);  // throws GlobError naming the problem
  bool matches(std::string_view text) const;
  const std::string& pattern() const { return pattern_; }
  bool is_literal() const;  // no special characters: matches exactly one string

 private:
  std::string pattern_;
  struct Node;
  std::shared_ptr<const Node> root_;
};

}  // namespace coffer::backup
