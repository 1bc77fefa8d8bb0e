#pragma once

// Errors thrown by the patch functions (merge_patch.h, json_patch.h, strategic_merge_patch.h).
//   PatchError       -- the patch is malformed or cannot be applied. path() is the JSON pointer of
//                       the offending place ("" for the whole document); what() is
//                       "<path>: <message>", or just the message when the path is empty.
//   PatchTestFailed  -- a JSON patch "test" operation found a different value.

#include <stdexcept>
#include <string>

namespace coffer::kube {

class PatchError : public std::invalid_argument {
 public:
  explicit PatchError(const std::string& message, std::string path = "")
      : std::invalid_argument(path.empty() ? message : path + ": " + message), path_(std::move(path)) {}

  const std::string& path() const noexcept { return path_; }

 private:
  std::string path_;
};

class PatchTestFailed : public PatchError {
 public:
  using PatchError::PatchError;
};

}  // namespace coffer::kube
