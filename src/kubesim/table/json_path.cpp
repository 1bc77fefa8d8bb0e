#include "kubesim/table/json_path.h"

#include <cctype>
#include <stdexcept>
#include <string>

namespace coffer::kubesim {
namespace {
using json = nlohmann::json;

struct Filter {
  std::vector<std::string> lhs;  // field names below "@"
  enum class Op { Exists, Eq, Ne } op = Op::Exists;
  json rhs;
};

struct Step {
  enum class Kind { Field, Index, Wildcard, Filter } kind = Kind::Field;
  std::string field;
  long index = 0;
  Filter filter;
};

[[noreturn]] void bad(std::string_view path, const std::string& why) {
  throw std::invalid_argument("unsupported JSONPath \"" + std::string(path) + "\": " + why);
}

class Parser {
 public:
  explicit Parser(std::string_view path) : whole_(path), s_(path) {}

  std::vector<Step> parse() {
    trim(s_);
    if (!s_.empty() && s_.front() == '{') {
      if (s_.back() != '}') bad(whole_, "unbalanced braces");
      s_ = s_.substr(1, s_.size() - 2);
      trim(s_);
    }
    if (!s_.empty() && s_.front() == '$') s_.remove_prefix(1);
    std::vector<Step> steps;
    bool first = true;
    while (pos_ < s_.size()) {
      char c = s_[pos_];
      if (c == '.') {
        ++pos_;
        if (pos_ < s_.size() && s_[pos_] == '.') bad(whole_, "recursive descent");
        if (pos_ < s_.size() && s_[pos_] == '*') {
          ++pos_;
          steps.push_back(Step{Step::Kind::Wildcard, {}, 0, {}});
        } else {
          steps.push_back(field_step(read_name()));
        }
      } else if (c == '[') {
        steps.push_back(bracket());
      } else if (first) {
        steps.push_back(field_step(read_name()));  // "spec.replicas" without a leading dot
      } else {
        bad(whole_, std::string("unexpected '") + c + "'");
      }
      first = false;
    }
    return steps;
  }

  // Parses the inside of "?( ... )".
  static Filter parse_filter(std::string_view text, std::string_view whole) {
    Filter f;
    trim(text);
    if (text.empty() || text.front() != '@') bad(whole, "filter must start with @");
    size_t i = 1;
    while (i < text.size() && text[i] == '.') {
      ++i;
      std::string name;
      while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i])) &&
             text[i] != '.' && text[i] != '=' && text[i] != '!' && text[i] != '<' && text[i] != '>') {
        if (text[i] == '\\' && i + 1 < text.size()) ++i;
        name += text[i++];
      }
      if (name.empty()) bad(whole, "empty field name in filter");
      f.lhs.push_back(std::move(name));
    }
    std::string_view rest = text.substr(i);
    trim(rest);
    if (rest.empty()) return f;  // existence test
    if (rest.substr(0, 2) == "==") {
      f.op = Filter::Op::Eq;
    } else if (rest.substr(0, 2) == "!=") {
      f.op = Filter::Op::Ne;
    } else {
      bad(whole, "only ==, != and existence filters are supported");
    }
    rest.remove_prefix(2);
    trim(rest);
    if (rest.size() >= 2 && (rest.front() == '"' || rest.front() == '\'') && rest.back() == rest.front()) {
      f.rhs = std::string(rest.substr(1, rest.size() - 2));
    } else {
      f.rhs = json::parse(rest, nullptr, /*allow_exceptions=*/false);
      if (f.rhs.is_discarded() || f.rhs.is_structured()) bad(whole, "bad filter literal");
    }
    return f;
  }

 private:
  static void trim(std::string_view& v) {
    while (!v.empty() && std::isspace(static_cast<unsigned char>(v.front()))) v.remove_prefix(1);
    while (!v.empty() && std::isspace(static_cast<unsigned char>(v.back()))) v.remove_suffix(1);
  }

  static Step field_step(std::string name) {
    Step st;
    st.kind = Step::Kind::Field;
    st.field = std::move(name);
    return st;
  }

  std::string read_name() {
    std::string name;
    while (pos_ < s_.size() && s_[pos_] != '.' && s_[pos_] != '[') {
      if (s_[pos_] == '\\' && pos_ + 1 < s_.size()) ++pos_;
      name += s_[pos_++];
    }
    if (name.empty()) bad(whole_, "empty field name");
    return name;
  }

  Step bracket() {
    ++pos_;  // '['
    if (pos_ >= s_.size()) bad(whole_, "unterminated [");
    Step st;
    char c = s_[pos_];
    if (c == '\'' || c == '"') {
      size_t end = s_.find(c, pos_ + 1);
      if (end == std::string_view::npos) bad(whole_, "unterminated quoted key");
      st = field_step(std::string(s_.substr(pos_ + 1, end - pos_ - 1)));
      pos_ = end + 1;
    } else if (c == '*') {
      st.kind = Step::Kind::Wildcard;
      ++pos_;
    } else if (c == '?') {
      ++pos_;
      if (pos_ >= s_.size() || s_[pos_] != '(') bad(whole_, "expected ( after ?");
      // Find the ')' that closes the filter, skipping quoted literals.
      size_t i = pos_ + 1;
      char quote = 0;
      for (; i < s_.size(); ++i) {
        if (quote) {
          if (s_[i] == quote) quote = 0;
        } else if (s_[i] == '"' || s_[i] == '\'') {
          quote = s_[i];
        } else if (s_[i] == ')') {
          break;
        }
      }
      if (i >= s_.size()) bad(whole_, "unterminated filter");
      st.kind = Step::Kind::Filter;
      st.filter = parse_filter(s_.substr(pos_ + 1, i - pos_ - 1), whole_);
      pos_ = i + 1;
    } else {
      size_t start = pos_;
      if (s_[pos_] == '-') ++pos_;
      while (pos_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[pos_]))) ++pos_;
      if (pos_ == start || (pos_ == start + 1 && s_[start] == '-'))
        bad(whole_, "expected an index, '*', a quoted key or a filter");
      st.kind = Step::Kind::Index;
      st.index = std::stol(std::string(s_.substr(start, pos_ - start)));
    }
    if (pos_ >= s_.size() || s_[pos_] != ']') bad(whole_, "expected ]");
    ++pos_;
    return st;
  }

  std::string_view whole_;
  std::string_view s_;
  size_t pos_ = 0;
};

bool matches(const json& item, const Filter& f) {
  const json* v = &item;
  for (const auto& name : f.lhs) {
    if (!v->is_object()) return false;
    auto it = v->find(name);
    if (it == v->end()) return false;
    v = &*it;
  }
  switch (f.op) {
    case Filter::Op::Exists: return true;
    case Filter::Op::Eq: return *v == f.rhs;
    case Filter::Op::Ne: return *v != f.rhs;
  }
  return false;
}
}  // namespace

std::vector<const json*> find_json_path_all(const json& object, std::string_view path) {
  const std::vector<Step> steps = Parser(path).parse();
  std::vector<const json*> current{&object};
  for (const Step& step : steps) {
    std::vector<const json*> next;
    for (const json* node : current) {
      switch (step.kind) {
        case Step::Kind::Field:
          if (node->is_object()) {
            auto it = node->find(step.field);
            if (it != node->end()) next.push_back(&*it);
          }
          break;
        case Step::Kind::Index:
          if (node->is_array()) {
            long size = long(node->size());
            long i = step.index < 0 ? size + step.index : step.index;
            if (i >= 0 && i < size) next.push_back(&(*node)[size_t(i)]);
          }
          break;
        case Step::Kind::Wildcard:
          if (node->is_structured())
            for (const auto& child : *node) next.push_back(&child);
          break;
        case Step::Kind::Filter:
          if (node->is_array())
            for (const auto& child : *node)
              if (matches(child, step.filter)) next.push_back(&child);
          break;
      }
    }
    current = std::move(next);
  }
  return current;
}

const json* find_json_path(const json& object, std::string_view path) {
  auto all = find_json_path_all(object, path);
  return all.empty() ? nullptr : all.front();
}

}  // namespace coffer::kubesim
