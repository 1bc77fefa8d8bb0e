#include "kube/labels/label_selector_parser.h"

#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <utility>

#include "kube/labels/label_validation.h"
#include "kube/labels/selector_error.h"

namespace coffer::kube {
namespace {

enum class Token {
  EndOfString,
  ClosedPar,
  Comma,
  DoesNotExist,
  DoubleEquals,
  Equals,
  GreaterThan,
  Identifier,
  In,
  LessThan,
  NotEquals,
  NotIn,
  OpenPar,
};

struct ScannedItem {
  Token token;
  std::string literal;
};

bool is_whitespace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

bool is_special_symbol(char c) {
  return c == '=' || c == '!' || c == '(' || c == ')' || c == ',' || c == '>' || c == '<';
}

std::optional<Token> literal_token(std::string_view text) {
  static const std::pair<std::string_view, Token> kLiterals[] = {
      {")", Token::ClosedPar},     {",", Token::Comma},    {"!", Token::DoesNotExist},
      {"==", Token::DoubleEquals}, {"=", Token::Equals},   {">", Token::GreaterThan},
      {"in", Token::In},           {"<", Token::LessThan}, {"!=", Token::NotEquals},
      {"notin", Token::NotIn},     {"(", Token::OpenPar},
  };
  for (const auto& [literal, token] : kLiterals) {
    if (literal == text) return token;
  }
  return std::nullopt;
}

// The Kubernetes lexer: a NUL byte ends the input, like the end of the string.
std::vector<ScannedItem> scan(std::string_view text) {
  if (auto nul = text.find('\0'); nul != std::string_view::npos) text = text.substr(0, nul);
  std::vector<ScannedItem> items;
  std::size_t pos = 0;
  for (;;) {
    while (pos < text.size() && is_whitespace(text[pos])) ++pos;
    if (pos == text.size()) {
      items.push_back({Token::EndOfString, ""});
      return items;
    }
    if (is_special_symbol(text[pos])) {
      // Longest run of special symbols that still forms a token ("!=", "==").
      std::size_t end = pos + 1;
      std::optional<Token> token = literal_token(text.substr(pos, 1));
      while (end < text.size() && is_special_symbol(text[end])) {
        auto longer = literal_token(text.substr(pos, end + 1 - pos));
        if (!longer) break;
        token = longer;
        ++end;
      }
      items.push_back({*token, std::string(text.substr(pos, end - pos))});
      pos = end;
      continue;
    }
    std::size_t end = pos;
    while (end < text.size() && !is_whitespace(text[end]) && !is_special_symbol(text[end])) ++end;
    std::string word(text.substr(pos, end - pos));
    Token token = Token::Identifier;
    if (word == "in") token = Token::In;
    if (word == "notin") token = Token::NotIn;
    items.push_back({token, std::move(word)});
    pos = end;
  }
}

// Keywords are identifiers where a key or a value is expected ("in=notin" is valid).
enum class Context { KeyAndOperator, Values };

class Parser {
 public:
  explicit Parser(std::string_view text) : items_(scan(text)) {}

  std::vector<LabelRequirement> parse() {
    std::vector<LabelRequirement> requirements;
    for (;;) {
      auto [token, literal] = lookahead(Context::Values);
      if (token == Token::EndOfString) return requirements;
      if (token != Token::Identifier && token != Token::DoesNotExist) {
        throw SelectorError("found '" + literal + "', expected: !, identifier, or 'end of string'");
      }
      try {
        requirements.push_back(parse_requirement());
      } catch (const SelectorError& error) {
        throw SelectorError(std::string("unable to parse requirement: ") + error.what());
      }
      auto [next, next_literal] = consume(Context::Values);
      if (next == Token::EndOfString) return requirements;
      if (next != Token::Comma) {
        throw SelectorError("found '" + next_literal + "', expected: ',' or 'end of string'");
      }
      auto [after, after_literal] = lookahead(Context::Values);
      if (after != Token::Identifier && after != Token::DoesNotExist) {
        throw SelectorError("found '" + after_literal + "', expected: identifier after ','");
      }
    }
  }

 private:
  std::pair<Token, std::string> lookahead(Context context) const {
    const ScannedItem& item = items_[std::min(position_, items_.size() - 1)];
    return {effective(item.token, context), item.literal};
  }

  std::pair<Token, std::string> consume(Context context) {
    auto result = lookahead(context);
    if (position_ < items_.size() - 1) ++position_;
    return result;
  }

  static Token effective(Token token, Context context) {
    if (context == Context::Values && (token == Token::In || token == Token::NotIn)) {
      return Token::Identifier;
    }
    return token;
  }

  LabelRequirement parse_requirement() {
    bool negated = false;
    auto [token, key] = consume(Context::Values);
    if (token == Token::DoesNotExist) {
      negated = true;
      std::tie(token, key) = consume(Context::Values);
    }
    if (token != Token::Identifier) throw SelectorError("found '" + key + "', expected: identifier");
    if (auto errors = qualified_name_errors(key); !errors.empty()) {
      std::string detail;
      for (std::size_t i = 0; i < errors.size(); ++i) detail += (i ? "; " : "") + errors[i];
      // The parser validates with no field path, which Go prints as "<nil>".
      throw SelectorError("<nil>: Invalid value: " + go_quote(key) + ": " + detail);
    }
    Token next = lookahead(Context::Values).first;
    if (negated) return LabelRequirement(key, LabelOperator::DoesNotExist, {});
    if (next == Token::EndOfString || next == Token::Comma) {
      return LabelRequirement(key, LabelOperator::Exists, {});
    }
    LabelOperator op = parse_operator();
    std::vector<std::string> values;
    if (op == LabelOperator::In || op == LabelOperator::NotIn) {
      values = parse_values();
    } else {
      values = parse_exact_value();
    }
    return LabelRequirement(key, op, std::move(values));
  }

  LabelOperator parse_operator() {
    auto [token, literal] = consume(Context::KeyAndOperator);
    switch (token) {
      case Token::In:
        return LabelOperator::In;
      case Token::Equals:
        return LabelOperator::Equals;
      case Token::DoubleEquals:
        return LabelOperator::DoubleEquals;
      case Token::GreaterThan:
        return LabelOperator::GreaterThan;
      case Token::LessThan:
        return LabelOperator::LessThan;
      case Token::NotIn:
        return LabelOperator::NotIn;
      case Token::NotEquals:
        return LabelOperator::NotEquals;
      default:
        throw SelectorError("found '" + literal + "', expected: in, notin, =, ==, !=, gt, lt");
    }
  }

  // "(" values ")"; the result is a set (sorted, without duplicates).
  std::vector<std::string> parse_values() {
    auto [token, literal] = consume(Context::Values);
    if (token != Token::OpenPar) throw SelectorError("found '" + literal + "' expected: '('");
    std::tie(token, literal) = lookahead(Context::Values);
    if (token == Token::ClosedPar) {
      consume(Context::Values);
      return {""};
    }
    if (token != Token::Identifier && token != Token::Comma) {
      throw SelectorError("found '" + literal + "', expected: ',', ')' or identifier");
    }
    std::set<std::string> values = parse_identifier_list();
    if (consume(Context::Values).first != Token::ClosedPar) {
      throw SelectorError("found '" + literal + "', expected: ')'");
    }
    return {values.begin(), values.end()};
  }

  // Identifiers separated by commas; an empty slot (",," or a leading/trailing ",") is "".
  std::set<std::string> parse_identifier_list() {
    std::set<std::string> values;
    for (;;) {
      auto [token, literal] = consume(Context::Values);
      if (token == Token::Identifier) {
        values.insert(literal);
        auto [next, next_literal] = lookahead(Context::Values);
        if (next == Token::Comma) continue;
        if (next == Token::ClosedPar) return values;
        throw SelectorError("found '" + next_literal + "', expected: ',' or ')'");
      }
      if (token != Token::Comma) {
        throw SelectorError("found '" + literal + "', expected: ',', or identifier");
      }
      if (values.empty()) values.insert("");
      Token next = lookahead(Context::Values).first;
      if (next == Token::ClosedPar) {
        values.insert("");
        return values;
      }
      if (next == Token::Comma) {
        consume(Context::Values);
        values.insert("");
      }
    }
  }

  std::vector<std::string> parse_exact_value() {
    Token next = lookahead(Context::Values).first;
    if (next == Token::EndOfString || next == Token::Comma) return {""};
    auto [token, literal] = consume(Context::Values);
    if (token != Token::Identifier) throw SelectorError("found '" + literal + "', expected: identifier");
    return {literal};
  }

  std::vector<ScannedItem> items_;
  std::size_t position_ = 0;
};

}  // namespace

std::vector<LabelRequirement> parse_label_requirements(std::string_view text) {
  std::vector<LabelRequirement> requirements = Parser(text).parse();
  std::stable_sort(requirements.begin(), requirements.end(),
                   [](const LabelRequirement& a, const LabelRequirement& b) { return a.key() < b.key(); });
  return requirements;
}

}  // namespace coffer::kube
