#include "kubesim/pki/atomic_file.h"

#include <atomic>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace coffer::kubesim {
namespace {
std::atomic<unsigned> temp_counter{0};

[[noreturn]] void fail(const std::filesystem::path& file, const char* step, int err) {
  throw std::runtime_error(file.string() + ": " + step + ": " + std::strerror(err));
}
}  // namespace

void write_file_atomically(const std::filesystem::path& file, std::string_view content,
                           mode_t mode) {
  std::filesystem::path dir = file.parent_path();
  if (dir.empty()) dir = ".";
  const std::filesystem::path temp =
      dir / ("." + file.filename().string() + ".tmp-" + std::to_string(::getpid()) + "-" +
             std::to_string(temp_counter.fetch_add(1)));
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) fail(file, "create temporary file", errno);
  auto abandon = [&](const char* step) {
    int err = errno;
    ::close(fd);
    ::unlink(temp.c_str());
    fail(file, step, err);
  };
  // The umask may have cleared bits of `mode` at creation; set it exactly.
  if (::fchmod(fd, mode) != 0) abandon("chmod");
  const char* data = content.data();
  size_t left = content.size();
  while (left > 0) {
    ssize_t n = ::write(fd, data, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      abandon("write");
    }
    data += n;
    left -= size_t(n);
  }
  if (::fsync(fd) != 0) abandon("fsync");
  if (::close(fd) != 0) {
    int err = errno;
    ::unlink(temp.c_str());
    fail(file, "close", err);
  }
  if (::rename(temp.c_str(), file.c_str()) != 0) {
    int err = errno;
    ::unlink(temp.c_str());
    fail(file, "rename", err);
  }
}
}  // namespace coffer::kubesim
