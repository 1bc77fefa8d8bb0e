#include "storage/filesystem_store.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <string_view>
#include <system_error>

#include "common/random_id.h"

namespace coffer::storage {
namespace {

constexpr std::string_view kTempMarker = ".tmp-";
constexpr std::size_t kTempRandomLength = 10;
constexpr std::size_t kMaxTempBaseLength = 200;  // keeps ".<base>.tmp-<random>" under NAME_MAX
constexpr std::size_t kWriteBuffer = 256 * 1024;

std::string errno_text(int e) { return std::error_code(e, std::generic_category()).message(); }

[[noreturn]] void fail(const std::string& what, const std::string& key, const std::string& path,
                       int e) {
  throw StorageError("filesystem store: " + what + " '" + key + "' (" + path +
                     "): " + errno_text(e));
}

std::string join_path(const std::string& root, std::string_view rel) {
  if (rel.empty()) return root;
  std::string out = root;
  if (out.empty() || out.back() != '/') out += '/';
  out += rel;
  return out;
}

std::string_view base_name(std::string_view key) {
  std::size_t slash = key.rfind('/');
  return slash == std::string_view::npos ? key : key.substr(slash + 1);
}

// mkdir -p; returns 0 or the errno (ENOTDIR when a component exists as a file).
int make_dirs(const std::string& dir) {
  struct stat st {};
  if (::stat(dir.c_str(), &st) == 0) return S_ISDIR(st.st_mode) ? 0 : ENOTDIR;
  if (::mkdir(dir.c_str(), 0777) == 0) return 0;
  int e = errno;
  if (e == ENOENT) {
    std::string parent = dir;
    while (parent.size() > 1 && parent.back() == '/') parent.pop_back();
    std::size_t slash = parent.rfind('/');
    if (slash == std::string::npos || slash == 0) return e;
    parent.resize(slash);
    if (int pe = make_dirs(parent)) return pe;
    if (::mkdir(dir.c_str(), 0777) == 0) return 0;
    e = errno;
  }
  if (e == EEXIST) {  // lost a race, or a file is in the way
    if (::stat(dir.c_str(), &st) == 0) return S_ISDIR(st.st_mode) ? 0 : ENOTDIR;
    return errno;
  }
  return e;
}

// Removes the now-empty directories holding key, innermost first, never the root itself.
void prune_empty_parents(const std::string& root, const std::string& key) {
  std::size_t pos = key.rfind('/');
  while (pos != std::string::npos && pos > 0) {
    if (::rmdir(join_path(root, std::string_view(key).substr(0, pos)).c_str()) != 0) return;
    pos = key.rfind('/', pos - 1);
  }
}

// A prefix for list()/list_common_prefixes(): like a key, but may be empty, end with '/' and
// end in a partial segment.
void check_prefix(const std::string& prefix) {
  if (prefix.empty()) return;
  auto bad = [&](std::string_view rule) {
    throw StorageError("invalid object key prefix '" + prefix + "': " + std::string(rule));
  };
  if (prefix.find('\0') != std::string::npos) bad("a prefix must not contain a NUL byte");
  if (prefix.front() == '/') bad("a prefix must not start with '/'");
  if (prefix.find("//") != std::string::npos) bad("a prefix must not contain \"//\"");
  std::size_t start = 0;
  for (;;) {
    std::size_t end = prefix.find('/', start);
    if (end == std::string::npos) break;  // the last, partial segment only filters names
    std::string_view seg(prefix.data() + start, end - start);
    if (seg == ".." || seg == ".") bad("a prefix must not contain \"..\" or \".\" segments");
    start = end + 1;
  }
}

class FileWriter final : public ObjectWriter {
 public:
  FileWriter(std::string root, std::string key, std::string final_path, std::string temp_path,
             int fd, bool create_only)
      : root_(std::move(root)),
        key_(std::move(key)),
        final_path_(std::move(final_path)),
        temp_path_(std::move(temp_path)),
        fd_(fd),
        create_only_(create_only) {}
  ~FileWriter() override { abort(); }

  void write(std::string_view data) override {
    require_open("write to");
    if (buffer_.size() + data.size() <= kWriteBuffer) {
      if (buffer_.capacity() < kWriteBuffer) buffer_.reserve(kWriteBuffer);
      buffer_.append(data);
    } else {
      flush();
      if (data.size() >= kWriteBuffer) {
        write_fully(data);
      } else {
        if (buffer_.capacity() < kWriteBuffer) buffer_.reserve(kWriteBuffer);
        buffer_.append(data);
      }
    }
    written_ += data.size();
  }

  void commit() override {
    require_open("commit");
    flush();
    if (::fsync(fd_) != 0) fail_and_discard("syncing", errno);
    int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) fail_and_discard("closing", errno);
    if (create_only_) {
      if (::link(temp_path_.c_str(), final_path_.c_str()) != 0) {
        int e = errno;
        if (e == EEXIST) {
          discard();
          state_ = State::kFailed;
          throw ObjectExists("object '" + key_ + "' already exists; it was left unchanged");
        }
        fail_and_discard("linking", e);
      }
      ::unlink(temp_path_.c_str());
    } else if (::rename(temp_path_.c_str(), final_path_.c_str()) != 0) {
      fail_and_discard("renaming", errno);
    }
    state_ = State::kCommitted;
    // Make the rename durable. Best effort: the object is already visible and complete.
    std::string dir = final_path_.substr(0, final_path_.rfind('/') + 1);
    int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
      (void)::fsync(dfd);
      ::close(dfd);
    }
  }

  void abort() noexcept override {
    if (state_ != State::kOpen) return;
    discard();
    state_ = State::kAborted;
  }

  std::uint64_t bytes_written() const override { return written_; }

 private:
  enum class State { kOpen, kCommitted, kAborted, kFailed };

  void require_open(const char* what) {
    if (state_ == State::kOpen) return;
    static const char* names[] = {"open", "committed", "aborted", "failed"};
    throw StorageError(std::string("filesystem store: cannot ") + what + " object '" + key_ +
                       "': the writer is already " + names[static_cast<int>(state_)]);
  }

  void flush() {
    if (buffer_.empty()) return;
    write_fully(buffer_);
    buffer_.clear();
  }

  void write_fully(std::string_view data) {
    while (!data.empty()) {
      ssize_t n = ::write(fd_, data.data(), data.size());
      if (n < 0) {
        if (errno == EINTR) continue;
        fail_and_discard("writing", errno);
      }
      data.remove_prefix(static_cast<std::size_t>(n));
    }
  }

  void discard() noexcept {
    if (fd_ >= 0) {
      ::close(fd_);
      fd_ = -1;
    }
    ::unlink(temp_path_.c_str());
    buffer_.clear();
    buffer_.shrink_to_fit();
    prune_empty_parents(root_, key_);
  }

  [[noreturn]] void fail_and_discard(const char* what, int e) {
    discard();
    state_ = State::kFailed;
    fail(std::string(what), key_, temp_path_, e);
  }

  std::string root_, key_, final_path_, temp_path_;
  int fd_;
  bool create_only_;
  State state_ = State::kOpen;
  std::string buffer_;
  std::uint64_t written_ = 0;
};

class FileReader final : public ObjectReader {
 public:
  // Reads from offset; limit 0 = to the end.
  FileReader(std::string key, std::string path, int fd, std::uint64_t offset = 0, std::uint64_t limit = 0)
      : key_(std::move(key)), path_(std::move(path)), fd_(fd), pos_(offset), left_(limit), limited_(limit > 0) {}
  ~FileReader() override { ::close(fd_); }

  std::size_t read(char* buffer, std::size_t n) override {
    if (limited_) {
      if (left_ == 0) return 0;
      n = static_cast<std::size_t>(std::min<std::uint64_t>(n, left_));
    }
    for (;;) {
      ssize_t got = ::pread(fd_, buffer, n, static_cast<off_t>(pos_));
      if (got >= 0) {
        pos_ += static_cast<std::uint64_t>(got);
        if (limited_) left_ -= static_cast<std::uint64_t>(got);
        return static_cast<std::size_t>(got);
      }
      if (errno != EINTR) fail("reading", key_, path_, errno);
    }
  }

 private:
  std::string key_, path_;
  int fd_;
  std::uint64_t pos_, left_;
  bool limited_;
};

struct DirCloser {
  void operator()(DIR* d) const { ::closedir(d); }
};
using DirPtr = std::unique_ptr<DIR, DirCloser>;

enum class Kind { kOther, kFile, kDir };

// Classifies one directory entry; symbolic links are followed to files but not to directories
// (no cycles). Fills st for files.
Kind classify(DIR* dir, const dirent* e, struct stat& st) {
  if (e->d_type == DT_DIR) return Kind::kDir;
  if (e->d_type != DT_REG && e->d_type != DT_LNK && e->d_type != DT_UNKNOWN) return Kind::kOther;
  if (::fstatat(::dirfd(dir), e->d_name, &st, 0) != 0) return Kind::kOther;  // vanished
  if (S_ISREG(st.st_mode)) return Kind::kFile;
  if (S_ISDIR(st.st_mode) && e->d_type == DT_UNKNOWN) return Kind::kDir;
  return Kind::kOther;
}

bool is_dot(const char* name) {
  return name[0] == '.' && (name[1] == '\0' || (name[1] == '.' && name[2] == '\0'));
}

// Opens a directory for listing; nullptr when it does not exist (or vanished meanwhile).
DirPtr open_dir(const std::string& path, const std::string& prefix) {
  DIR* d = ::opendir(path.c_str());
  if (d) return DirPtr(d);
  if (errno == ENOENT || errno == ENOTDIR) return nullptr;
  fail("listing", prefix, path, errno);
}

// Appends every object below dir_path (key prefix dir_key, "" or ending in '/') whose
// name starts with name_filter (only applied at this level).
void walk(const std::string& dir_path, const std::string& dir_key, std::string_view name_filter,
          const std::string& prefix, std::vector<ObjectInfo>& out) {
  DirPtr dir = open_dir(dir_path, prefix);
  if (!dir) return;
  for (;;) {
    errno = 0;
    dirent* e = ::readdir(dir.get());
    if (!e) {
      if (errno != 0) fail("listing", prefix, dir_path, errno);
      return;
    }
    if (is_dot(e->d_name)) continue;
    std::string_view name(e->d_name);
    if (name.substr(0, name_filter.size()) != name_filter) continue;
    struct stat st {};
    switch (classify(dir.get(), e, st)) {
      case Kind::kDir:
        walk(join_path(dir_path, name), dir_key + std::string(name) + "/", {}, prefix, out);
        break;
      case Kind::kFile:
        if (FilesystemStore::is_temp_name(name)) break;
        out.push_back(ObjectInfo{dir_key + std::string(name), static_cast<std::uint64_t>(st.st_size),
                                 static_cast<std::int64_t>(st.st_mtim.tv_sec)});
        break;
      case Kind::kOther:
        break;
    }
  }
}

// True when the directory holds at least one object (temporary files do not count).
bool holds_object(const std::string& dir_path, const std::string& prefix) {
  DirPtr dir = open_dir(dir_path, prefix);
  if (!dir) return false;
  while (dirent* e = ::readdir(dir.get())) {
    if (is_dot(e->d_name)) continue;
    struct stat st {};
    switch (classify(dir.get(), e, st)) {
      case Kind::kDir:
        if (holds_object(join_path(dir_path, e->d_name), prefix)) return true;
        break;
      case Kind::kFile:
        if (!FilesystemStore::is_temp_name(e->d_name)) return true;
        break;
      case Kind::kOther:
        break;
    }
  }
  return false;
}

}  // namespace

FilesystemStore::FilesystemStore(const std::string& root) {
  if (root.empty()) throw StorageError("filesystem store: the root directory must not be empty");
  std::error_code ec;
  std::filesystem::path p = std::filesystem::absolute(root, ec);
  if (ec) throw StorageError("filesystem store: invalid root '" + root + "': " + ec.message());
  p = p.lexically_normal();
  root_ = p.string();
  while (root_.size() > 1 && root_.back() == '/') root_.pop_back();
  std::filesystem::create_directories(root_, ec);
  if (ec)
    throw StorageError("filesystem store: cannot create root directory " + root_ + ": " +
                       ec.message());
  if (!std::filesystem::is_directory(root_, ec))
    throw StorageError("filesystem store: root " + root_ + " is not a directory");
}

std::string FilesystemStore::path_of(const std::string& key) const { return join_path(root_, key); }

bool FilesystemStore::is_temp_name(std::string_view name) {
  const std::size_t tail = kTempMarker.size() + kTempRandomLength;
  if (name.size() < 2 + tail || name.front() != '.') return false;
  if (name.substr(name.size() - tail, kTempMarker.size()) != kTempMarker) return false;
  for (char c : name.substr(name.size() - kTempRandomLength))
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) return false;
  return true;
}

std::unique_ptr<ObjectWriter> FilesystemStore::open_write(const std::string& key) {
  return make_writer(key, false);
}

std::unique_ptr<ObjectWriter> FilesystemStore::open_write_new(const std::string& key) {
  return make_writer(key, true);
}

std::unique_ptr<ObjectWriter> FilesystemStore::make_writer(const std::string& key, bool create_only) {
  check_key(key);
  std::string_view base = base_name(key);
  if (is_temp_name(base))
    throw StorageError("invalid object key '" + key +
                       "': names of the form .<name>.tmp-<random> are reserved for the "
                       "filesystem store's temporary files");
  std::string final_path = path_of(key);
  std::string dir = final_path.substr(0, final_path.size() - base.size());
  // A concurrent remove() may prune the parent directory between creating it and creating the
  // temporary file; retry a few times.
  for (int attempt = 0;; ++attempt) {
    if (int e = make_dirs(dir)) fail("creating the directory for", key, dir, e);
    std::string temp_path = dir + "." + std::string(base.substr(0, kMaxTempBaseLength)) +
                            std::string(kTempMarker) + random_alnum(kTempRandomLength);
    int fd = ::open(temp_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd >= 0) return std::make_unique<FileWriter>(root_, key, final_path, temp_path, fd, create_only);
    int e = errno;
    if ((e == ENOENT || e == EEXIST || e == EINTR) && attempt < 8) continue;
    fail("creating a temporary file for", key, temp_path, e);
  }
}

int FilesystemStore::open_object(const std::string& key, struct stat* st) {
  check_key(key);
  std::string path = path_of(key);
  auto not_found = [&] {
    return ObjectNotFound("object '" + key + "' not found in " + describe());
  };
  if (is_temp_name(base_name(key))) throw not_found();
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    int e = errno;
    if (e == ENOENT || e == ENOTDIR) throw not_found();
    fail("opening", key, path, e);
  }
  if (::fstat(fd, st) != 0 || !S_ISREG(st->st_mode)) {
    ::close(fd);
    throw not_found();
  }
  return fd;
}

std::unique_ptr<ObjectReader> FilesystemStore::open_read(const std::string& key) {
  struct stat st {};
  int fd = open_object(key, &st);
  (void)::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  return std::make_unique<FileReader>(key, path_of(key), fd);
}

std::unique_ptr<ObjectReader> FilesystemStore::open_read_range(const std::string& key, std::uint64_t offset,
                                                               std::uint64_t length) {
  struct stat st {};
  int fd = open_object(key, &st);
  return std::make_unique<FileReader>(key, path_of(key), fd, offset, length);
}

std::optional<ObjectInfo> FilesystemStore::head(const std::string& key) {
  check_key(key);
  if (is_temp_name(base_name(key))) return std::nullopt;
  std::string path = path_of(key);
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    int e = errno;
    if (e == ENOENT || e == ENOTDIR) return std::nullopt;
    fail("checking", key, path, e);
  }
  if (!S_ISREG(st.st_mode)) return std::nullopt;
  return ObjectInfo{key, static_cast<std::uint64_t>(st.st_size), static_cast<std::int64_t>(st.st_mtime)};
}

bool FilesystemStore::exists(const std::string& key) {
  check_key(key);
  if (is_temp_name(base_name(key))) return false;
  std::string path = path_of(key);
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    int e = errno;
    if (e == ENOENT || e == ENOTDIR) return false;
    fail("checking", key, path, e);
  }
  return S_ISREG(st.st_mode);
}

std::vector<ObjectInfo> FilesystemStore::list(const std::string& prefix) {
  check_prefix(prefix);
  std::size_t slash = prefix.rfind('/');
  std::string dir_key = slash == std::string::npos ? std::string() : prefix.substr(0, slash + 1);
  std::string_view partial = std::string_view(prefix).substr(dir_key.size());
  std::vector<ObjectInfo> out;
  walk(path_of(dir_key), dir_key, partial, prefix, out);
  std::sort(out.begin(), out.end(),
            [](const ObjectInfo& a, const ObjectInfo& b) { return a.key < b.key; });
  return out;
}

std::vector<std::string> FilesystemStore::list_common_prefixes(const std::string& prefix) {
  if (!prefix.empty() && prefix.back() != '/')
    throw StorageError("invalid object key prefix '" + prefix +
                       "': list_common_prefixes needs \"\" or a prefix ending with '/'");
  check_prefix(prefix);
  std::vector<std::string> out;
  std::string dir_path = path_of(prefix);
  DirPtr dir = open_dir(dir_path, prefix);
  if (!dir) return out;
  while (dirent* e = ::readdir(dir.get())) {
    if (is_dot(e->d_name)) continue;
    struct stat st {};
    if (classify(dir.get(), e, st) != Kind::kDir) continue;
    if (holds_object(join_path(dir_path, e->d_name), prefix))
      out.push_back(prefix + e->d_name + "/");
  }
  std::sort(out.begin(), out.end());
  return out;
}

void FilesystemStore::remove(const std::string& key) {
  check_key(key);
  if (is_temp_name(base_name(key))) return;
  std::string path = path_of(key);
  if (::unlink(path.c_str()) != 0) {
    int e = errno;
    if (e == ENOENT || e == ENOTDIR) return;
    if (e == EISDIR || e == EPERM) {  // a directory is not an object (Linux reports EISDIR)
      struct stat st {};
      if (::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) return;
    }
    fail("removing", key, path, e);
  }
  prune_empty_parents(root_, key);
}

std::string FilesystemStore::describe() const { return "file://" + root_; }

}  // namespace coffer::storage
