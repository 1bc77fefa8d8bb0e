#include "kube/labels/label_validation.h"

#include <cstdio>

namespace coffer::kube {
namespace {

constexpr std::size_t kNameMaxLength = 63;
constexpr std::size_t kLabelValueMaxLength = 63;
constexpr std::size_t kSubdomainMaxLength = 253;

constexpr const char* kNameFormat = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
constexpr const char* kNameMessage =
    "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
    "alphanumeric character";
constexpr const char* kLabelValueFormat = "(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?";
constexpr const char* kLabelValueMessage =
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', "
    "and must start and end with an alphanumeric character";
constexpr const char* kSubdomainFormat = "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
constexpr const char* kSubdomainMessage =
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or "
    "'.', and must start and end with an alphanumeric character";

bool is_alphanumeric(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool is_lower_alphanumeric(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

// ([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]
bool matches_name_grammar(std::string_view s) {
  if (s.empty() || !is_alphanumeric(s.front()) || !is_alphanumeric(s.back())) return false;
  for (char c : s) {
    if (!is_alphanumeric(c) && c != '-' && c != '_' && c != '.') return false;
  }
  return true;
}

// [a-z0-9]([-a-z0-9]*[a-z0-9])?
bool matches_dns_label_grammar(std::string_view s) {
  if (s.empty() || !is_lower_alphanumeric(s.front()) || !is_lower_alphanumeric(s.back())) return false;
  for (char c : s) {
    if (!is_lower_alphanumeric(c) && c != '-') return false;
  }
  return true;
}

bool matches_subdomain_grammar(std::string_view s) {
  for (;;) {
    std::size_t dot = s.find('.');
    if (!matches_dns_label_grammar(s.substr(0, dot))) return false;
    if (dot == std::string_view::npos) return true;
    s.remove_prefix(dot + 1);
  }
}

std::string max_length_error(std::size_t length) {
  return "must be no more than " + std::to_string(length) + " bytes";
}

std::string regex_error(const char* message, const char* format,
                        std::initializer_list<const char*> examples) {
  std::string out = message;
  out += " (e.g. ";
  bool first = true;
  for (const char* example : examples) {
    if (!first) out += " or ";
    first = false;
    out += "'";
    out += example;
    out += "', ";
  }
  out += "regex used for validation is '";
  out += format;
  out += "')";
  return out;
}

}  // namespace

std::vector<std::string> dns1123_subdomain_errors(std::string_view value) {
  std::vector<std::string> errors;
  if (value.size() > kSubdomainMaxLength) errors.push_back(max_length_error(kSubdomainMaxLength));
  if (!matches_subdomain_grammar(value)) {
    errors.push_back(regex_error(kSubdomainMessage, kSubdomainFormat, {"example.com"}));
  }
  return errors;
}

std::vector<std::string> qualified_name_errors(std::string_view value) {
  std::vector<std::string> errors;
  std::string_view name = value;
  std::size_t slash = value.find('/');
  if (slash != std::string_view::npos) {
    if (value.find('/', slash + 1) != std::string_view::npos) {
      errors.push_back("a valid label key " +
                       regex_error(kNameMessage, kNameFormat, {"MyName", "my.name", "123-abc"}) +
                       " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
      return errors;
    }
    std::string_view prefix = value.substr(0, slash);
    name = value.substr(slash + 1);
    if (prefix.empty()) {
      errors.push_back("prefix part must be non-empty");
    } else {
      for (const std::string& message : dns1123_subdomain_errors(prefix)) {
        errors.push_back("prefix part " + message);
      }
    }
  }
  if (name.empty()) {
    errors.push_back("name part must be non-empty");
  } else if (name.size() > kNameMaxLength) {
    errors.push_back("name part " + max_length_error(kNameMaxLength));
  }
  if (!matches_name_grammar(name)) {
    errors.push_back("name part " + regex_error(kNameMessage, kNameFormat, {"MyName", "my.name", "123-abc"}));
  }
  return errors;
}

std::vector<std::string> label_value_errors(std::string_view value) {
  std::vector<std::string> errors;
  if (value.size() > kLabelValueMaxLength) errors.push_back(max_length_error(kLabelValueMaxLength));
  if (!value.empty() && !matches_name_grammar(value)) {
    errors.push_back(regex_error(kLabelValueMessage, kLabelValueFormat, {"MyValue", "my_value", "12345"}));
  }
  return errors;
}

std::string go_quote(std::string_view value) {
  std::string out = "\"";
  for (char c : value) {
    auto byte = static_cast<unsigned char>(c);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (byte < 0x20 || byte == 0x7f) {
          char buffer[8];
          std::snprintf(buffer, sizeof buffer, "\\x%02x", byte);
          out += buffer;
        } else {
          out += c;
        }
    }
  }
  out += "\"";
  return out;
}

}  // namespace coffer::kube
