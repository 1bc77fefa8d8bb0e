#pragma once

// ObjectStore: the one interface the engines use to read and write a storage location (Velero's
// BackupStorageLocation root: bucket + prefix). Keys are relative to the location root and use
// '/' ("backups/b1/velero-backup.json"); a key never starts with '/', never contains "..", "//"
// or a NUL byte -- such keys throw StorageError (checked by check_key()).
//
// Writes are atomic: open_write() returns a writer; nothing is visible under the key until
// commit() returns; abort() (or destroying an uncommitted writer) leaves no trace, and an
// existing object under the key is untouched until commit() replaces it.
//
// Backends: filesystem (file:///abs/path) here, S3 (storage/s3), Azure Blob (storage/azure) and
// Google Cloud Storage (storage/gcs). Open one
// with open_store(url) (storage/factory/location_factory.h). Credentials never appear in
// describe(), errors or logs.

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace coffer::storage {

class StorageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class ObjectNotFound : public StorageError {
 public:
  using StorageError::StorageError;
};

// A create-only write (open_write_new / put_if_absent) found the key already taken.
class ObjectExists : public StorageError {
 public:
  using StorageError::StorageError;
};

struct ObjectInfo {
  std::string key;
  std::uint64_t size = 0;
  std::int64_t modified_unix = 0;
};

class ObjectWriter {
 public:
  virtual ~ObjectWriter() = default;
  virtual void write(std::string_view data) = 0;  // throws StorageError
  virtual void commit() = 0;                      // makes the object visible; throws StorageError
  virtual void abort() noexcept = 0;
  virtual std::uint64_t bytes_written() const = 0;
};

class ObjectReader {
 public:
  virtual ~ObjectReader() = default;
  // Reads up to n bytes; returns 0 at the end. Throws StorageError.
  virtual std::size_t read(char* buffer, std::size_t n) = 0;
};

class ObjectStore {
 public:
  virtual ~ObjectStore() = default;

  virtual std::unique_ptr<ObjectWriter> open_write(const std::string& key) = 0;
  virtual std::unique_ptr<ObjectReader> open_read(const std::string& key) = 0;  // ObjectNotFound
  virtual bool exists(const std::string& key) = 0;
  // Every object whose key starts with prefix (recursively), sorted by key.
  virtual std::vector<ObjectInfo> list(const std::string& prefix) = 0;
  // The distinct "directories" directly below prefix (which must be "" or end with '/'), each
  // returned with its trailing '/', sorted: list_common_prefixes("backups/") -> {"backups/b1/", ...}.
  virtual std::vector<std::string> list_common_prefixes(const std::string& prefix) = 0;
  virtual void remove(const std::string& key) = 0;  // missing key: no error
  // The location as a URL without credentials, e.g. "file:///var/backups/coffer".
  virtual std::string describe() const = 0;

  // Optional capabilities; the defaults are built on the calls above (backends override them
  // with their native, cheaper forms).
  // Size and time of one object, or nullopt when it does not exist.
  virtual std::optional<ObjectInfo> head(const std::string& key);
  // Bytes [offset, offset+length) of an object (length 0: to the end). ObjectNotFound.
  virtual std::unique_ptr<ObjectReader> open_read_range(const std::string& key, std::uint64_t offset,
                                                        std::uint64_t length);
  // Removes every key; missing keys are no error. Throws one StorageError naming every key that
  // could not be removed (the others are removed).
  virtual void remove_many(const std::vector<std::string>& keys);
  // Like open_write, but commit() throws ObjectExists instead of replacing an existing object,
  // atomically (two writers racing: exactly one wins). The default throws StorageError: not
  // supported by this backend.
  virtual std::unique_ptr<ObjectWriter> open_write_new(const std::string& key);

  // Conveniences built on the above.
  void put(const std::string& key, std::string_view data);
  std::string get(const std::string& key);  // ObjectNotFound
  // Writes data unless the key exists; false when it existed (nothing changed).
  bool put_if_absent(const std::string& key, std::string_view data);
};

// Throws StorageError when key is not a valid object key (see above); names the key and the rule.
void check_key(const std::string& key);

// Opens a file:///absolute/path location (the directory is created if missing). Every other
// scheme goes through open_store() in storage/factory/location_factory.h.
std::unique_ptr<ObjectStore> open_location(const std::string& url);

}  // namespace coffer::storage
