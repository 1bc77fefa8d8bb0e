#include "backup/spec/glob.h"

#include <cstdint>
#include <vector>

#include "kube/labels/label_validation.h"

namespace coffer::backup {

namespace glob_detail {

// The compiled pattern: a small NFA over Unicode code points, run as a Pike VM (every live state
// advanced in lock-step), so matching is O(pattern x text) without backtracking.
struct Program {
  struct Class {
    bool negate = false;
    bool is_range = false;
    char32_t lo = 0, hi = 0;
    std::u32string chars;
    bool contains(char32_t c) const {
      bool in = is_range ? (c >= lo && c <= hi) : chars.find(c) != std::u32string::npos;
      return in != negate;
    }
  };
  enum class Op { Char, AnyChar, NonSeparator, Class, Split, Jump, Match };
  struct Inst {
    Op op;
    char32_t c = 0;
    std::size_t arg1 = 0;  // class index, or first branch / jump target
    std::size_t arg2 = 0;  // second branch
  };
  std::vector<Inst> program;
  std::vector<Class> classes;
  std::u32string separators;
  bool literal = true;
};

}  // namespace glob_detail

struct Glob::Node : glob_detail::Program {};

namespace {

using Node = glob_detail::Program;
constexpr char32_t kInvalid = 0xFFFD;

// Decodes one UTF-8 sequence at s[i]; invalid bytes come back as U+FFFD with length 1 and ok=false
// (Go's utf8.DecodeRuneInString).
char32_t decode_utf8(std::string_view s, std::size_t& i, bool& ok) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char b0 = byte(i);
  ok = true;
  if (b0 < 0x80) {
    ++i;
    return b0;
  }
  std::size_t len = 0;
  char32_t cp = 0, min = 0;
  if ((b0 & 0xE0) == 0xC0) { len = 2; cp = b0 & 0x1F; min = 0x80; }
  else if ((b0 & 0xF0) == 0xE0) { len = 3; cp = b0 & 0x0F; min = 0x800; }
  else if ((b0 & 0xF8) == 0xF0) { len = 4; cp = b0 & 0x07; min = 0x10000; }
  if (len == 0 || i + len > s.size()) {
    ok = false;
    ++i;
    return kInvalid;
  }
  for (std::size_t k = 1; k < len; ++k) {
    unsigned char b = byte(i + k);
    if ((b & 0xC0) != 0x80) {
      ok = false;
      ++i;
      return kInvalid;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    ok = false;
    ++i;
    return kInvalid;
  }
  i += len;
  return cp;
}

std::string encode_utf8(char32_t c) {
  std::string out;
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
  return out;
}

// Syntax tree of a pattern.
struct Element;
using Sequence = std::vector<Element>;
struct Element {
  enum class Kind { Text, Any, Super, Single, Class, AnyOf } kind;
  std::u32string text;
  Node::Class cls;
  std::vector<Sequence> alternatives;
};

class Parser {
 public:
  Parser(std::string_view pattern, std::u32string chars, bool strict)
      : pattern_(pattern), p_(std::move(chars)), strict_(strict) {}

  Sequence parse() { return sequence(0); }

 private:
  [[noreturn]] void fail(const std::string& problem) const {
    throw GlobError("invalid glob " + kube::go_quote(pattern_) + ": " + problem);
  }
  bool eof() const { return pos_ >= p_.size(); }

  Sequence sequence(int depth) {
    Sequence out;
    while (!eof()) {
      char32_t c = p_[pos_];
      if (depth > 0 && (c == ',' || c == '}')) return out;  // the caller consumes it
      if (c == '{') {
        ++pos_;
        Element e{Element::Kind::AnyOf, {}, {}, alternatives(depth + 1)};
        out.push_back(std::move(e));
      } else if (c == '[') {
        ++pos_;
        out.push_back(Element{Element::Kind::Class, {}, character_class(), {}});
      } else if (c == '?') {
        ++pos_;
        out.push_back(Element{Element::Kind::Single, {}, {}, {}});
      } else if (c == '*') {
        ++pos_;
        Element::Kind kind = Element::Kind::Any;
        if (!eof() && p_[pos_] == '*') {  // "**" (super-asterisk): crosses separators
          ++pos_;
          kind = Element::Kind::Super;
        }
        out.push_back(Element{kind, {}, {}, {}});
      } else {
        std::u32string text = this->text(depth > 0);
        if (!text.empty()) {
          if (!out.empty() && out.back().kind == Element::Kind::Text) {
            out.back().text += text;
          } else {
            out.push_back(Element{Element::Kind::Text, std::move(text), {}, {}});
          }
        }
      }
    }
    return out;
  }

  // After '{': pattern-list up to the matching '}' (or the end of the pattern: gobwas closes an
  // unclosed '{' implicitly).
  std::vector<Sequence> alternatives(int depth) {
    std::vector<Sequence> out;
    for (;;) {
      out.push_back(sequence(depth));
      if (eof()) {
        if (strict_) fail("missing '}'");
        return out;
      }
      char32_t c = p_[pos_++];
      if (c == '}') return out;
      // c == ',': next alternative
    }
  }

  // Literal text up to the next special character; '\' escapes the following character.
  std::u32string text(bool in_terms) {
    std::u32string out;
    while (!eof()) {
      char32_t c = p_[pos_];
      if (c == '\\') {
        ++pos_;
        if (eof()) {
          if (strict_) fail("trailing '\\' escapes nothing");
          break;  // a trailing backslash is dropped
        }
        out += p_[pos_++];
        continue;
      }
      if (c == '?' || c == '*' || c == '[' || c == '{') break;
      if (in_terms && (c == '}' || c == ',')) break;
      out += c;
      ++pos_;
    }
    return out;
  }

  // After '[': "[!" optional, then either "lo-hi" or a list of characters, then ']'.
  Node::Class character_class() {
    Node::Class cls;
    if (eof()) fail("missing ']'");
    if (p_[pos_] == '!') {
      cls.negate = true;
      ++pos_;
      if (eof()) fail("missing ']'");
    }
    if (pos_ + 1 < p_.size() && p_[pos_ + 1] == '-') {
      cls.is_range = true;
      cls.lo = p_[pos_];
      pos_ += 2;
      if (eof()) fail("missing ']'");
      cls.hi = p_[pos_++];
      if (eof()) fail("missing ']'");
      if (p_[pos_] != ']') {
        fail("a character class holds one range or a list of characters, not both: expected ']' after \"" +
             encode_utf8(cls.lo) + "-" + encode_utf8(cls.hi) + "\"");
      }
      ++pos_;
      if (cls.hi < cls.lo) {
        fail("range \"" + encode_utf8(cls.lo) + "-" + encode_utf8(cls.hi) + "\" is reversed");
      }
      if (cls.lo == 0 || cls.hi == 0) fail("invalid character class");
      return cls;
    }
    while (!eof() && p_[pos_] != ']') {
      if (p_[pos_] == '\\') {
        ++pos_;
        if (eof()) break;
      }
      cls.chars += p_[pos_++];
    }
    if (eof()) fail("missing ']'");
    ++pos_;  // ']'
    if (cls.chars.empty()) fail("empty character class");
    return cls;
  }

  std::string_view pattern_;
  std::u32string p_;
  bool strict_;
  std::size_t pos_ = 0;
};

class Compiler {
 public:
  explicit Compiler(Node& node) : node_(node) {}

  void compile(const Sequence& sequence) {
    emit_sequence(sequence);
    emit({Node::Op::Match});
  }

 private:
  std::size_t emit(Node::Inst inst) {
    node_.program.push_back(inst);
    return node_.program.size() - 1;
  }

  void emit_sequence(const Sequence& sequence) {
    for (const Element& e : sequence) {
      switch (e.kind) {
        case Element::Kind::Text:
          for (char32_t c : e.text) emit({Node::Op::Char, c});
          break;
        case Element::Kind::Single:
          node_.literal = false;
          emit({Node::Op::NonSeparator});
          break;
        case Element::Kind::Class:
          node_.literal = false;
          node_.classes.push_back(e.cls);
          emit({Node::Op::Class, 0, node_.classes.size() - 1});
          break;
        case Element::Kind::Any:
        case Element::Kind::Super: {
          // L1: split L2, L3; L2: any; jump L1; L3:
          node_.literal = false;
          std::size_t split = emit({Node::Op::Split});
          node_.program[split].arg1 = split + 1;
          emit({e.kind == Element::Kind::Super ? Node::Op::AnyChar : Node::Op::NonSeparator});
          emit({Node::Op::Jump, 0, split});
          node_.program[split].arg2 = node_.program.size();
          break;
        }
        case Element::Kind::AnyOf: {
          node_.literal = false;
          std::vector<std::size_t> jumps;
          for (std::size_t i = 0; i < e.alternatives.size(); ++i) {
            std::size_t split = 0;
            bool last = i + 1 == e.alternatives.size();
            if (!last) {
              split = emit({Node::Op::Split});
              node_.program[split].arg1 = split + 1;
            }
            emit_sequence(e.alternatives[i]);
            if (!last) {
              jumps.push_back(emit({Node::Op::Jump}));
              node_.program[split].arg2 = node_.program.size();
            }
          }
          for (std::size_t j : jumps) node_.program[j].arg1 = node_.program.size();
          break;
        }
      }
    }
  }

  Node& node_;
};

// Adds state pc and everything reachable from it without consuming input.
void add_state(const Node& node, std::vector<std::size_t>& list, std::vector<std::size_t>& mark,
               std::size_t generation, std::size_t pc) {
  if (mark[pc] == generation) return;
  mark[pc] = generation;
  const Node::Inst& inst = node.program[pc];
  if (inst.op == Node::Op::Jump) {
    add_state(node, list, mark, generation, inst.arg1);
  } else if (inst.op == Node::Op::Split) {
    add_state(node, list, mark, generation, inst.arg1);
    add_state(node, list, mark, generation, inst.arg2);
  } else {
    list.push_back(pc);
  }
}

}  // namespace

Glob::Glob(std::string_view pattern, GlobOptions options) : pattern_(pattern) {
  std::u32string chars;
  for (std::size_t i = 0; i < pattern.size();) {
    bool ok = true;
    char32_t c = decode_utf8(pattern, i, ok);
    if (!ok) {
      // The message must stay valid UTF-8 itself: every non-ASCII byte as \xNN.
      std::string quoted = "\"";
      for (char ch : pattern) {
        auto b = static_cast<unsigned char>(ch);
        if (b >= 0x80 || b < 0x20) {
          static const char* hex = "0123456789abcdef";
          quoted += "\\x";
          quoted += hex[b >> 4];
          quoted += hex[b & 0xF];
        } else {
          if (ch == '"' || ch == '\\') quoted += '\\';
          quoted += ch;
        }
      }
      throw GlobError("invalid glob " + quoted + "\": not valid UTF-8");
    }
    chars += c;
  }
  Sequence sequence = Parser(pattern, std::move(chars), options.strict).parse();
  auto node = std::make_shared<Glob::Node>();
  node->separators = std::move(options.separators);
  Compiler(*node).compile(sequence);
  root_ = std::move(node);
}

bool Glob::is_literal() const { return root_->literal; }

bool Glob::matches(std::string_view text) const {
  const Node& node = *root_;
  std::vector<std::size_t> mark(node.program.size(), 0);
  std::size_t generation = 1;
  std::vector<std::size_t> current, next;
  add_state(node, current, mark, generation, 0);
  for (std::size_t i = 0; i < text.size() && !current.empty();) {
    bool ok = true;
    char32_t c = decode_utf8(text, i, ok);
    ++generation;
    next.clear();
    for (std::size_t pc : current) {
      const Node::Inst& inst = node.program[pc];
      bool step = false;
      switch (inst.op) {
        case Node::Op::Char: step = inst.c == c; break;
        case Node::Op::AnyChar: step = true; break;
        case Node::Op::NonSeparator: step = node.separators.find(c) == std::u32string::npos; break;
        case Node::Op::Class: step = node.classes[inst.arg1].contains(c); break;
        default: break;
      }
      if (step) add_state(node, next, mark, generation, pc + 1);
    }
    current.swap(next);
  }
  for (std::size_t pc : current) {
    if (node.program[pc].op == Node::Op::Match) return true;
  }
  return false;
}

}  // namespace coffer::backup
