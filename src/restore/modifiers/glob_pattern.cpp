#include <stdexcept>
#include <string>

#include "restore/modifiers/resource_modifiers.h"

namespace coffer::restore {
namespace {

bool is_regex_special(char c) {
  switch (c) {
    case '\\': case '^': case '$': case '.': case '|': case '?': case '*': case '+':
    case '(': case ')': case '[': case ']': case '{': case '}':
      return true;
    default:
      return false;
  }
}

void append_literal(std::string& out, char c) {
  if (is_regex_special(c)) out += '\\';
  out += c;
}

// Translates the glob into an ECMAScript regular expression matched against the whole text.
std::string glob_to_regex(std::string_view glob, bool separator) {
  const std::string any_run = separator ? "[^.]*" : "[\\s\\S]*";
  const std::string any_one = separator ? "[^.]" : "[\\s\\S]";
  std::string out;
  int brace_depth = 0;
  for (std::size_t i = 0; i < glob.size(); ++i) {
    char c = glob[i];
    switch (c) {
      case '*':
        if (i + 1 < glob.size() && glob[i + 1] == '*') {
          while (i + 1 < glob.size() && glob[i + 1] == '*') ++i;
          out += "[\\s\\S]*";
        } else {
          out += any_run;
        }
        break;
      case '?':
        out += any_one;
        break;
      case '[': {
        std::size_t j = i + 1;
        bool negate = j < glob.size() && glob[j] == '!';
        if (negate) ++j;
        std::size_t close = glob.find(']', j);
        if (close == std::string_view::npos) {
          throw std::invalid_argument("unclosed '[' at position " + std::to_string(i));
        }
        if (close == j) throw std::invalid_argument("empty character class at position " + std::to_string(i));
        out += negate ? "[^" : "[";
        for (std::size_t k = j; k < close; ++k) {
          char m = glob[k];
          if (m == '-' && k != j && k + 1 != close) {
            out += '-';  // a range
          } else if (m == '\\' || m == '^' || m == '[' || m == ']' || m == '-') {
            out += '\\';
            out += m;
          } else {
            out += m;
          }
        }
        out += ']';
        i = close;
        break;
      }
      case '{':
        out += "(?:";
        ++brace_depth;
        break;
      case '}':
        if (brace_depth > 0) {
          out += ')';
          --brace_depth;
        } else {
          append_literal(out, c);
        }
        break;
      case ',':
        if (brace_depth > 0) out += '|';
        else out += ',';
        break;
      case '\\':
        if (i + 1 == glob.size()) throw std::invalid_argument("trailing '\\' escapes nothing");
        append_literal(out, glob[++i]);
        break;
      default:
        append_literal(out, c);
    }
  }
  if (brace_depth > 0) throw std::invalid_argument("unclosed '{'");
  return out;
}

}  // namespace

GlobPattern::GlobPattern(std::string_view pattern, bool dot_is_separator)
    : pattern_(pattern), regex_(glob_to_regex(pattern, dot_is_separator), std::regex::ECMAScript) {}

bool GlobPattern::matches(std::string_view text) const {
  return std::regex_match(text.begin(), text.end(), regex_);
}

}  // namespace coffer::restore
