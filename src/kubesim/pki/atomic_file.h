#pragma once
// Whole-file replacement that readers never observe half-written: the content goes to a
// temporary file in the same directory (created with `mode`, fsync'ed) which is then renamed
// over `file`. The parent directory must exist. Throws std::runtime_error naming the file.
#include <filesystem>
#include <string_view>

#include <sys/types.h>

namespace coffer::kubesim {
void write_file_atomically(const std::filesystem::path& file, std::string_view content,
                           mode_t mode);
}  // namespace coffer::kubesim
