#include "storage/object_store.h"

#include <algorithm>

#include <string_view>

#include "common/text.h"
#include "storage/filesystem_store.h"

namespace coffer::storage {

namespace {

// Skips `offset` bytes of an underlying reader, then yields at most `length` bytes (0: no limit).
class RangeReader final : public ObjectReader {
 public:
  RangeReader(std::unique_ptr<ObjectReader> in, std::uint64_t offset, std::uint64_t length)
      : in_(std::move(in)), skip_(offset), left_(length), limited_(length > 0) {}
  std::size_t read(char* buffer, std::size_t n) override {
    while (skip_ > 0) {
      char scratch[16384];
      std::size_t got = in_->read(scratch, static_cast<std::size_t>(std::min<std::uint64_t>(skip_, sizeof scratch)));
      if (got == 0) return 0;
      skip_ -= got;
    }
    if (limited_) {
      if (left_ == 0) return 0;
      n = static_cast<std::size_t>(std::min<std::uint64_t>(n, left_));
    }
    std::size_t got = in_->read(buffer, n);
    if (limited_) left_ -= got;
    return got;
  }

 private:
  std::unique_ptr<ObjectReader> in_;
  std::uint64_t skip_, left_;
  bool limited_;
};

}  // namespace

std::optional<ObjectInfo> ObjectStore::head(const std::string& key) {
  check_key(key);
  for (auto& info : list(key))
    if (info.key == key) return info;
  return std::nullopt;
}

std::unique_ptr<ObjectReader> ObjectStore::open_read_range(const std::string& key, std::uint64_t offset,
                                                           std::uint64_t length) {
  return std::make_unique<RangeReader>(open_read(key), offset, length);
}

void ObjectStore::remove_many(const std::vector<std::string>& keys) {
  std::vector<std::string> failed;
  std::string first_error;
  for (const auto& key : keys) {
    try {
      remove(key);
    } catch (const StorageError& e) {
      failed.push_back(key);
      if (first_error.empty()) first_error = e.what();
    }
  }
  if (!failed.empty()) {
    std::string list;
    for (const auto& k : failed) list += (list.empty() ? "" : ", ") + k;
    throw StorageError("could not remove " + std::to_string(failed.size()) + " object(s) (" + list + "): " + first_error);
  }
}

std::unique_ptr<ObjectWriter> ObjectStore::open_write_new(const std::string& key) {
  throw StorageError("create-only writes are not supported by " + describe() + " (object '" + key + "')");
}

bool ObjectStore::put_if_absent(const std::string& key, std::string_view data) {
  auto writer = open_write_new(key);
  writer->write(data);
  try {
    writer->commit();
  } catch (const ObjectExists&) {
    return false;
  }
  return true;
}

void ObjectStore::put(const std::string& key, std::string_view data) {
  auto writer = open_write(key);
  writer->write(data);
  writer->commit();
}

std::string ObjectStore::get(const std::string& key) {
  auto reader = open_read(key);
  std::string out;
  std::size_t used = 0;
  std::size_t step = 64 * 1024;
  for (;;) {
    if (out.size() - used < step) out.resize(used + step);
    std::size_t n = reader->read(out.data() + used, out.size() - used);
    if (n == 0) break;
    used += n;
    if (step < (std::size_t(8) << 20)) step *= 2;
  }
  out.resize(used);
  return out;
}

namespace {
// The key with control characters escaped, safe to put in a message.
std::string printable(std::string_view s) {
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) {
      out += "\\x";
      out += hex[u >> 4];
      out += hex[u & 15];
    } else {
      out += c;
    }
  }
  return out;
}

[[noreturn]] void bad_key(const std::string& key, std::string_view rule) {
  throw StorageError("invalid object key '" + printable(key) + "': " + std::string(rule));
}
}  // namespace

void check_key(const std::string& key) {
  if (key.empty()) bad_key(key, "a key must not be empty");
  if (key.find('\0') != std::string::npos) bad_key(key, "a key must not contain a NUL byte");
  if (key.front() == '/') bad_key(key, "a key must not start with '/'");
  if (key.back() == '/') bad_key(key, "a key must not end with '/'");
  if (key.find("//") != std::string::npos) bad_key(key, "a key must not contain \"//\"");
  // ".." (and ".") as a path segment would escape or alias the location root.
  std::size_t start = 0;
  for (;;) {
    std::size_t end = key.find('/', start);
    std::string_view seg(key.data() + start, (end == std::string::npos ? key.size() : end) - start);
    if (seg == "..") bad_key(key, "a key must not contain \"..\"");
    if (seg == ".") bad_key(key, "a key must not contain a \".\" segment");
    if (end == std::string::npos) break;
    start = end + 1;
  }
}

namespace {
// Drops "user:password@" from scheme://user:password@host/... so credentials never reach a
// message. Conservative: everything up to the last '@' goes (a password may hold '/').
std::string redact_url(const std::string& url) {
  std::size_t sep = url.find("://");
  std::size_t from = sep == std::string::npos ? 0 : sep + 3;
  std::size_t at = url.rfind('@');
  if (at == std::string::npos || at < from) return printable(url);
  return printable(url.substr(0, from) + "***@" + url.substr(at + 1));
}
}  // namespace

std::unique_ptr<ObjectStore> open_location(const std::string& url) {
  std::size_t sep = url.find("://");
  if (sep == std::string::npos || sep == 0)
    throw StorageError("invalid location URL '" + redact_url(url) +
                       "': expected <scheme>://..., e.g. file:///var/lib/coffer/backups");
  std::string scheme = to_lower(std::string_view(url).substr(0, sep));
  std::string rest = url.substr(sep + 3);
  if (scheme == "file") {
    if (rest.empty() || rest.front() != '/')
      throw StorageError("invalid file location '" + redact_url(url) +
                         "': expected file:///absolute/path (three slashes: an empty host "
                         "followed by an absolute path; relative paths and hosts are not "
                         "supported)");
    if (rest.find('\0') != std::string::npos)
      throw StorageError("invalid file location '" + redact_url(url) +
                         "': the path contains a NUL byte");
    return std::make_unique<FilesystemStore>(rest);
  }
  if (scheme == "s3" || scheme == "azure" || scheme == "gs")
    throw StorageError("unsupported location scheme '" + scheme +
                       "' for open_location, which opens file:// locations only; "
                       "open_store (storage/factory) opens every scheme");
  throw StorageError("unsupported location scheme '" + printable(scheme) +
                     "': expected file://, s3://, azure:// or gs://");
}

}  // namespace coffer::storage
