#pragma once

// Streaming tar.gz for backup tarballs (velero-format.md §2): regular-file entries only, mode
// 0755, mtime = time of writing, no directory entries; tar framing by libarchive (pax-restricted:
// ustar, with a pax header only when a path is longer than ustar allows, as Go's archive/tar
// does).
//
// TarGzWriter compresses in parallel: the tar byte stream is cut into chunks of
// options.chunk_bytes, each chunk is deflated on a worker thread into its own gzip member, and
// the members are written to the output in order. Concatenated members are one valid gzip file
// (RFC 1952 §2.2), read as one stream by gzip(1), Go's compress/gzip, Python and libarchive.
// Memory is bounded: at most options.threads * 2 chunks are in flight.
//
// TarGzReader walks the entries of such a file (or any tar.gz) from an ObjectReader.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "storage/object_store.h"

namespace coffer::backup {

struct TarGzOptions {
  int level = 1;                         // zlib level 1..9
  int threads = 2;                       // compression workers (>= 1)
  std::size_t chunk_bytes = 1 << 20;     // uncompressed bytes per gzip member
};

class TarGzWriter {
 public:
  // out must outlive the writer; the writer never commits or aborts it.
  TarGzWriter(storage::ObjectWriter& out, TarGzOptions options = {});
  ~TarGzWriter();  // joins the workers; does not write the tar trailer (call finish())
  TarGzWriter(const TarGzWriter&) = delete;
  TarGzWriter& operator=(const TarGzWriter&) = delete;

  // Appends one regular file. Not thread-safe (one producer). Throws std::runtime_error on a
  // libarchive failure and rethrows the first output/compression error.
  void add_file(std::string_view path, std::string_view data);
  // Writes the tar trailer, flushes every chunk and waits until all bytes reached `out`.
  void finish();

  std::uint64_t entries() const;
  std::uint64_t uncompressed_bytes() const;  // tar stream bytes so far
  std::uint64_t compressed_bytes() const;    // bytes handed to `out` so far

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// gzip of a whole buffer (one member), and its inverse; used for the small sidecar files.
std::string gzip_compress(std::string_view data, int level = 6);
std::string gzip_decompress(std::string_view data);  // throws std::runtime_error on corrupt input

class TarGzReader {
 public:
  explicit TarGzReader(std::unique_ptr<storage::ObjectReader> in);
  ~TarGzReader();
  TarGzReader(const TarGzReader&) = delete;
  TarGzReader& operator=(const TarGzReader&) = delete;

  // Calls visit(path, size, read_data) for each entry in archive order; read_data() returns the
  // entry's content (only call it if you need it). visit returns false to stop early.
  // Throws std::runtime_error naming the entry when the archive is corrupt.
  // Entries that are neither regular files nor directories (symbolic and hard links, devices,
  // FIFOs) are never visited: on_other(path, what) is told about each, e.g. "a symbolic link".
  void for_each(const std::function<bool(const std::string& path, std::uint64_t size,
                                         const std::function<std::string()>& read_data)>& visit,
                const std::function<void(const std::string& path, const std::string& what)>& on_other = {});

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace coffer::backup
