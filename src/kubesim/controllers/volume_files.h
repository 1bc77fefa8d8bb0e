#pragma once
// Filesystem work behind simulated volumes and snapshots.
#include <cstdint>
#include <filesystem>

namespace coffer::kubesim::controllers {

// Makes `to` a copy of the directory `from` (empty if `from` does not exist). The copy is made
// under a temporary name and renamed, so `to` never holds a partial copy. Throws
// std::filesystem::filesystem_error.
void copy_directory_atomically(const std::filesystem::path& from, const std::filesystem::path& to);

// Total size of the regular files under `dir` (0 if it does not exist).
int64_t directory_size(const std::filesystem::path& dir);

}  // namespace coffer::kubesim::controllers
