#include "kubesim/controllers/volume_files.h"

namespace coffer::kubesim::controllers {

namespace fs = std::filesystem;

void copy_directory_atomically(const fs::path& from, const fs::path& to) {
  fs::path partial = to;
  partial += ".partial";
  fs::remove_all(partial);
  fs::create_directories(partial);
  if (fs::is_directory(from))
    fs::copy(from, partial, fs::copy_options::recursive | fs::copy_options::copy_symlinks);
  fs::rename(partial, to);
}

int64_t directory_size(const fs::path& dir) {
  std::error_code ec;
  int64_t total = 0;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code size_ec;
    if (it->is_regular_file(size_ec)) total += static_cast<int64_t>(it->file_size(size_ec));
  }
  return total;
}

}  // namespace coffer::kubesim::controllers
