#pragma once

// Glob patterns with the semantics of github.com/gobwas/glob v0.2.3 (what Velero compiles namespace
// includes/excludes and resource-modifier conditions with): '*' any run of characters, '?' one
// character, '[abc]' '[a-z]' '[!abc]' character classes, '{a,b}' alternatives, '\' escapes.
//
// Separators (gobwas's glob.Compile(pattern, separators...)): '*' and '?' never match a separator
// character, '**' matches any run including separators; classes and literal text are unaffected
// ("[!a]" matches a separator). Velero uses '.' for resource-modifier groupResource
// ("*.apps" matches "deployments.apps", not "ingresses.networking.k8s.io") and no separators for
// namespaces. Without separators '**' is the same as '*'.
//
// Details that follow gobwas exactly (matching is per Unicode code point; the whole text must match):
//   - a class holds EITHER one range "[a-z]" / "[!a-z]" OR a list of characters "[abc-]"; "[a-z0-9]"
//     is an error, '-' is literal in a list, '!' only negates in the first position;
//   - '\' escapes the next character (also inside lists and alternatives); a trailing '\' is dropped;
//   - ',' and '}' are literal outside '{...}', ']' is literal outside a class;
//   - an unclosed '{' is closed implicitly at the end of the pattern ("{a,b" matches "a" or "b");
//   - errors: unclosed '[' ("missing ']'"), empty class "[]" / "[!]", "[a-z0-9]", reversed ranges
//     "[z-a]", invalid UTF-8.
// GlobOptions::strict additionally rejects the two silent repairs above (an unclosed '{', a trailing
// '\'). Velero (1.18) additionally refuses some patterns in namespace filters ('{', '}', ',', '!',
// '**'); validate_spec() reports that, this class does not.

#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

namespace coffer::backup {

class GlobError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

struct GlobOptions {
  std::u32string separators;  // characters '*' and '?' do not match ('**' does); none by default
  bool strict = false;        // reject an unclosed '{' and a trailing '\' instead of repairing them
};

class Glob {
 public:
  // Throws GlobError: "invalid glob \"<pattern>\": <problem>".
  explicit Glob(std::string_view pattern, GlobOptions options = {});
  bool matches(std::string_view text) const;
  const std::string& pattern() const { return pattern_; }
  bool is_literal() const;  // no special characters: matches exactly one string

 private:
  std::string pattern_;
  struct Node;
  std::shared_ptr<const Node> root_;
};

}  // namespace coffer::backup
