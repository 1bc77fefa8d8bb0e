#pragma once

// unified_diff: a line diff of two texts in the unified format (`diff -u`, 3 lines of context),
// with "--- from_label" / "+++ to_label" headers and "@@ -a,b +c,d @@" hunks. "" when equal.
// Used to show what a restore would change in an existing object (the preview). The diff is
// minimal (longest common subsequence); inputs of more than max_lines lines on either side give
// one hunk replacing everything, so cost stays bounded.

#include <cstddef>
#include <string>
#include <string_view>

namespace coffer {

std::string unified_diff(std::string_view from, std::string_view to, std::string_view from_label,
                         std::string_view to_label, std::size_t max_lines = 4000);

}  // namespace coffer
