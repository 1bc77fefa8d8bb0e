#include "common/unified_diff.h"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace coffer {
namespace {

std::vector<std::string_view> lines_of(std::string_view text) {
  std::vector<std::string_view> out;
  while (!text.empty()) {
    std::size_t nl = text.find('\n');
    if (nl == std::string_view::npos) {
      out.push_back(text);
      break;
    }
    out.push_back(text.substr(0, nl));
    text.remove_prefix(nl + 1);
  }
  return out;
}

struct Op {
  char kind;  // ' ', '-', '+'
  std::string_view line;
};

// Edit script through the LCS table (suffix lengths), preferring deletions before insertions.
std::vector<Op> edit_script(const std::vector<std::string_view>& a, const std::vector<std::string_view>& b,
                            std::size_t max_lines) {
  std::vector<Op> ops;
  if (a.size() > max_lines || b.size() > max_lines) {
    for (auto l : a) ops.push_back({'-', l});
    for (auto l : b) ops.push_back({'+', l});
    return ops;
  }
  const std::size_t n = a.size(), m = b.size();
  std::vector<std::uint32_t> lcs((n + 1) * (m + 1), 0);
  auto at = [&](std::size_t i, std::size_t j) -> std::uint32_t& { return lcs[i * (m + 1) + j]; };
  for (std::size_t i = n; i-- > 0;)
    for (std::size_t j = m; j-- > 0;)
      at(i, j) = a[i] == b[j] ? at(i + 1, j + 1) + 1 : std::max(at(i + 1, j), at(i, j + 1));
  std::size_t i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] == b[j]) {
      ops.push_back({' ', a[i]});
      ++i, ++j;
    } else if (i < n && (j == m || at(i + 1, j) >= at(i, j + 1))) {
      ops.push_back({'-', a[i++]});
    } else {
      ops.push_back({'+', b[j++]});
    }
  }
  return ops;
}

}  // namespace

std::string unified_diff(std::string_view from, std::string_view to, std::string_view from_label,
                         std::string_view to_label, std::size_t max_lines) {
  if (from == to) return "";
  const auto a = lines_of(from), b = lines_of(to);
  const std::vector<Op> ops = edit_script(a, b, max_lines);
  constexpr std::size_t kContext = 3;
  std::string out = "--- " + std::string(from_label) + "\n+++ " + std::string(to_label) + "\n";
  std::size_t k = 0;
  while (k < ops.size()) {
    // Find the next change; the hunk starts kContext lines before it.
    std::size_t change = k;
    while (change < ops.size() && ops[change].kind == ' ') ++change;
    if (change == ops.size()) break;
    std::size_t start = change >= k + kContext ? change - kContext : k;
    // Extend the hunk while the gap of unchanged lines between changes is <= 2*kContext.
    std::size_t end = change;
    for (std::size_t p = change; p < ops.size();) {
      if (ops[p].kind != ' ') {
        end = p + 1;
        ++p;
        continue;
      }
      std::size_t q = p;
      while (q < ops.size() && ops[q].kind == ' ') ++q;
      if (q == ops.size() || q - p > 2 * kContext) break;
      p = q;
    }
    std::size_t stop = std::min(ops.size(), end + kContext);
    // Line numbers: count the lines of each side before `start`.
    std::size_t a_line = 0, b_line = 0;
    for (std::size_t p = 0; p < start; ++p) {
      if (ops[p].kind != '+') ++a_line;
      if (ops[p].kind != '-') ++b_line;
    }
    std::size_t a_count = 0, b_count = 0;
    std::string body;
    for (std::size_t p = start; p < stop; ++p) {
      if (ops[p].kind != '+') ++a_count;
      if (ops[p].kind != '-') ++b_count;
      body += ops[p].kind;
      body.append(ops[p].line);
      body += '\n';
    }
    auto range = [](std::size_t line, std::size_t count) {
      std::size_t first = count == 0 ? line : line + 1;
      return std::to_string(first) + (count == 1 ? "" : "," + std::to_string(count));
    };
    out += "@@ -" + range(a_line, a_count) + " +" + range(b_line, b_count) + " @@\n" + body;
    k = stop;
  }
  return out;
}

}  // namespace coffer
