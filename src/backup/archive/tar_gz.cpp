#include "backup/archive/tar_gz.h"

#include <archive.h>
#include <archive_entry.h>
#include <locale.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <ctime>
#include <deque>
#include <exception>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

namespace coffer::backup {
namespace {

// zlib takes uInt lengths; feed larger buffers in slices of this size.
constexpr std::size_t kZlibSlice = std::size_t(1) << 30;

std::string zlib_message(const z_stream& zs, int rc) {
  if (zs.msg) return zs.msg;
  switch (rc) {
    case Z_MEM_ERROR: return "out of memory";
    case Z_BUF_ERROR: return "unexpected end of data";
    case Z_DATA_ERROR: return "corrupt data";
    case Z_STREAM_ERROR: return "invalid parameters";
    default: return "zlib error " + std::to_string(rc);
  }
}

// One reusable gzip encoder (a deflate state is ~300 KB; workers keep theirs for all chunks).
class Deflater {
 public:
  explicit Deflater(int level) {
    int rc = deflateInit2(&zs_, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
    if (rc != Z_OK) throw std::runtime_error("gzip: cannot initialise deflate: " + zlib_message(zs_, rc));
  }
  ~Deflater() { deflateEnd(&zs_); }
  Deflater(const Deflater&) = delete;
  Deflater& operator=(const Deflater&) = delete;

  // Replaces out with one complete gzip member holding in.
  void compress(std::string_view in, std::string& out) {
    int rc = deflateReset(&zs_);
    if (rc != Z_OK) throw std::runtime_error("gzip: deflateReset failed: " + zlib_message(zs_, rc));
    std::size_t bound = in.size() <= kZlibSlice ? deflateBound(&zs_, uLong(in.size()))
                                                : in.size() + in.size() / 1000 + 1024;
    out.resize(bound);
    std::size_t produced = 0;
    for (;;) {
      std::size_t in_slice = std::min(in.size(), kZlibSlice);
      zs_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
      zs_.avail_in = uInt(in_slice);
      if (out.size() - produced < 64) out.resize(out.size() * 2);
      std::size_t out_slice = std::min(out.size() - produced, kZlibSlice);
      zs_.next_out = reinterpret_cast<Bytef*>(out.data() + produced);
      zs_.avail_out = uInt(out_slice);
      bool last = in_slice == in.size();
      rc = deflate(&zs_, last ? Z_FINISH : Z_NO_FLUSH);
      if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR)
        throw std::runtime_error("gzip: deflate failed: " + zlib_message(zs_, rc));
      in.remove_prefix(in_slice - zs_.avail_in);
      produced += out_slice - zs_.avail_out;
      if (rc == Z_STREAM_END) break;
    }
    out.resize(produced);
  }

 private:
  z_stream zs_{};
};

// libarchive converts path names through the current locale's charset, and in the C locale its
// pax writer crashes on a UTF-8 path it cannot convert. Entries that need the pax writer are
// written with a UTF-8 LC_CTYPE installed for this thread only (uselocale), so the path is
// stored as UTF-8 in the pax header as Go's archive/tar does.
class Utf8LocaleScope {
 public:
  // required: throw when the system has no UTF-8 locale; otherwise carry on in the current one.
  explicit Utf8LocaleScope(bool required) {
    static const locale_t utf8 = [] {
      for (const char* name : {"C.UTF-8", "C.utf8", "en_US.UTF-8", "en_US.utf8"})
        if (locale_t l = newlocale(LC_CTYPE_MASK, name, locale_t(0))) return l;
      return locale_t(0);
    }();
    if (!utf8) {
      if (required)
        throw std::runtime_error("tar: no UTF-8 locale (C.UTF-8) available to write a non-ASCII path");
      return;
    }
    previous_ = uselocale(utf8);
  }
  ~Utf8LocaleScope() {
    if (previous_) uselocale(previous_);
  }
  Utf8LocaleScope(const Utf8LocaleScope&) = delete;
  Utf8LocaleScope& operator=(const Utf8LocaleScope&) = delete;

 private:
  locale_t previous_ = locale_t(0);
};

struct ArchiveWriteFree {
  void operator()(archive* a) const { archive_write_free(a); }
};
struct ArchiveReadFree {
  void operator()(archive* a) const { archive_read_free(a); }
};
struct EntryFree {
  void operator()(archive_entry* e) const { archive_entry_free(e); }
};

}  // namespace

// ------------------------------------------------------------------------------------------------
// gzip helpers

std::string gzip_compress(std::string_view data, int level) {
  if (level < 0 || level > 9) throw std::invalid_argument("gzip: level must be 0..9");
  Deflater d(level);
  std::string out;
  d.compress(data, out);
  return out;
}

std::string gzip_decompress(std::string_view data) {
  if (data.size() < 2 || uint8_t(data[0]) != 0x1f || uint8_t(data[1]) != 0x8b)
    throw std::runtime_error("gzip: not gzip data (bad magic)");
  z_stream zs{};
  int rc = inflateInit2(&zs, 15 + 16);
  if (rc != Z_OK) throw std::runtime_error("gzip: cannot initialise inflate: " + zlib_message(zs, rc));
  struct End {
    z_stream* zs;
    ~End() { inflateEnd(zs); }
  } end{&zs};
  std::string out;
  out.resize(std::max<std::size_t>(data.size() * 4, 4096));
  std::size_t produced = 0;
  for (;;) {
    std::size_t in_slice = std::min(data.size(), kZlibSlice);
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    zs.avail_in = uInt(in_slice);
    if (out.size() == produced) out.resize(out.size() * 2);
    std::size_t out_slice = std::min(out.size() - produced, kZlibSlice);
    zs.next_out = reinterpret_cast<Bytef*>(out.data() + produced);
    zs.avail_out = uInt(out_slice);
    rc = inflate(&zs, Z_NO_FLUSH);
    data.remove_prefix(in_slice - zs.avail_in);
    produced += out_slice - zs.avail_out;
    if (rc == Z_STREAM_END) {
      if (data.empty()) break;
      // Another member follows (RFC 1952 §2.2); anything else is garbage.
      if (data.size() < 2 || uint8_t(data[0]) != 0x1f || uint8_t(data[1]) != 0x8b)
        throw std::runtime_error("gzip: trailing garbage after the last member");
      rc = inflateReset(&zs);
      if (rc != Z_OK) throw std::runtime_error("gzip: inflateReset failed: " + zlib_message(zs, rc));
      continue;
    }
    if (rc == Z_OK) continue;
    if (rc == Z_BUF_ERROR && zs.avail_out == 0) continue;  // output full: grow and go on
    if (rc == Z_BUF_ERROR && data.empty()) throw std::runtime_error("gzip: truncated data");
    throw std::runtime_error("gzip: corrupt data: " + zlib_message(zs, rc));
  }
  out.resize(produced);
  return out;
}

// ------------------------------------------------------------------------------------------------
// TarGzWriter
//
// Threads: the producer (the caller of add_file/finish) runs libarchive, whose write callback
// only appends to the chunk being filled. After each libarchive call the producer hands full
// chunks to the workers and writes finished members to `out` in order, itself; so `out` is only
// ever used from the caller's thread and its exceptions surface from add_file/finish directly.
// Workers touch a Job's buffers only between taking it from `queue` and setting `done` (both
// under `mu`); the producer touches them only after seeing `done`.

namespace {
struct Job {
  std::string in;   // tar bytes
  std::string out;  // the gzip member
  bool done = false;
  std::exception_ptr error;
};
}  // namespace

struct TarGzWriter::Impl {
  storage::ObjectWriter& out;
  TarGzOptions options;
  std::size_t max_in_flight;

  std::string path_buffer;

  // Producer-only state.
  std::string current;                    // chunk being filled
  std::vector<std::string> full;          // filled, not yet submitted
  std::vector<std::string> spare_chunks;  // recycled buffers
  std::vector<std::unique_ptr<Job>> spare_jobs;
  std::deque<std::unique_ptr<Job>> in_flight;  // submitted, in output order
  std::exception_ptr callback_error;
  std::exception_ptr failed;
  bool discard = false;
  bool finished = false;
  std::uint64_t entries = 0, tar_bytes = 0, gz_bytes = 0;

  // Shared with the workers.
  std::mutex mu;
  std::condition_variable work_cv, done_cv;
  std::deque<Job*> queue;
  bool stop = false;
  std::vector<std::thread> workers;

  // Two libarchive writers feed the same byte stream (a tar is just its entries in sequence
  // followed by two zero blocks): plain ustar for the common entry, and pax-restricted for the
  // rare one ustar cannot express (long or non-ASCII path, size >= 8 GiB). The output is what
  // pax-restricted alone would write -- it also emits a bare ustar header when it can -- but the
  // ustar writer is about 3x cheaper per entry, which matters for 600k small items. Only
  // `ustar` writes the end-of-archive blocks.
  // Declared last, so destroyed first: archive_write_free() may still call write_callback,
  // which needs the members above.
  std::unique_ptr<archive_entry, EntryFree> entry;
  std::unique_ptr<archive, ArchiveWriteFree> pax;
  std::unique_ptr<archive, ArchiveWriteFree> ustar;

  Impl(storage::ObjectWriter& o, TarGzOptions opt) : out(o), options(opt) {
    if (options.level < 1 || options.level > 9)
      throw std::invalid_argument("TarGzWriter: level must be 1..9, got " +
                                  std::to_string(options.level));
    if (options.threads < 1 || options.threads > 256)
      throw std::invalid_argument("TarGzWriter: threads must be 1..256, got " +
                                  std::to_string(options.threads));
    if (options.chunk_bytes < 512 || options.chunk_bytes > (std::size_t(1) << 30))
      throw std::invalid_argument("TarGzWriter: chunk_bytes must be 512..1 GiB");
    max_in_flight = std::size_t(options.threads) * 2;
    current.reserve(options.chunk_bytes);

    entry.reset(archive_entry_new());
    ustar.reset(archive_write_new());
    pax.reset(archive_write_new());
    if (!entry || !ustar || !pax) throw std::runtime_error("tar: out of memory");
    Utf8LocaleScope utf8(false);  // libarchive fixes an archive's charset when first used
    check(ustar.get(), archive_write_set_format_ustar(ustar.get()), "setting the tar format", {});
    check(pax.get(), archive_write_set_format_pax_restricted(pax.get()), "setting the tar format",
          {});
    for (archive* a : {ustar.get(), pax.get()}) {
      // No libarchive blocking: every write goes straight to our callback, and the archive
      // ends right after the two 512-byte end blocks, as Go's archive/tar writes it (no
      // padding to a 10240-byte record).
      check(a, archive_write_set_bytes_per_block(a, 0), "setting the block size", {});
      check(a, archive_write_set_bytes_in_last_block(a, 1), "setting the block size", {});
      check(a, archive_write_open(a, this, nullptr, &Impl::write_callback, nullptr),
            "opening the archive", {});
    }

    // Each worker owns a deflate state created here, so a zlib failure surfaces from the
    // constructor.
    std::vector<std::shared_ptr<Deflater>> deflaters;
    for (int i = 0; i < options.threads; ++i)
      deflaters.push_back(std::make_shared<Deflater>(options.level));
    try {
      for (auto& d : deflaters) workers.emplace_back([this, d] { work(*d); });
    } catch (...) {
      stop_workers();
      throw;
    }
  }

  ~Impl() {
    stop_workers();
    discard = true;  // archive_write_free() below would otherwise emit the trailer
  }

  void stop_workers() {
    {
      std::lock_guard<std::mutex> lock(mu);
      stop = true;
    }
    work_cv.notify_all();
    for (auto& t : workers)
      if (t.joinable()) t.join();
  }

  void work(Deflater& deflater) {
    for (;;) {
      Job* job;
      {
        std::unique_lock<std::mutex> lock(mu);
        work_cv.wait(lock, [&] { return stop || !queue.empty(); });
        if (stop) return;
        job = queue.front();
        queue.pop_front();
      }
      try {
        deflater.compress(job->in, job->out);
      } catch (...) {
        job->error = std::current_exception();
      }
      {
        std::lock_guard<std::mutex> lock(mu);
        job->done = true;
      }
      done_cv.notify_all();
    }
  }

  static la_ssize_t write_callback(archive* a, void* client, const void* buffer, size_t length) {
    auto* self = static_cast<Impl*>(client);
    try {
      self->append(static_cast<const char*>(buffer), length);
    } catch (...) {
      if (!self->callback_error) self->callback_error = std::current_exception();
      archive_set_error(a, ENOMEM, "buffering tar output failed");
      return -1;
    }
    return la_ssize_t(length);
  }

  void append(const char* p, std::size_t n) {
    if (discard) return;
    tar_bytes += n;
    while (n > 0) {
      std::size_t take = std::min(n, options.chunk_bytes - current.size());
      current.append(p, take);
      p += take;
      n -= take;
      if (current.size() == options.chunk_bytes) {
        full.push_back(std::move(current));
        current = take_spare_chunk();
      }
    }
  }

  std::string take_spare_chunk() {
    std::string s;
    if (!spare_chunks.empty()) {
      s = std::move(spare_chunks.back());
      spare_chunks.pop_back();
    }
    s.clear();
    s.reserve(options.chunk_bytes);
    return s;
  }

  void check(archive* a, int rc, const char* what, std::string_view path) {
    if (rc >= ARCHIVE_WARN) return;
    if (callback_error) std::rethrow_exception(callback_error);
    const char* msg = archive_error_string(a);
    std::string where = path.empty() ? "" : " for '" + std::string(path) + "'";
    throw std::runtime_error("tar: " + std::string(what) + where + " failed: " +
                             (msg ? msg : "unknown libarchive error"));
  }

  // Hands filled chunks to the workers.
  void drain() {
    if (full.empty()) return;
    for (auto& chunk : full) submit(std::move(chunk));
    full.clear();
  }

  void submit(std::string chunk) {
    while (in_flight.size() >= max_in_flight) write_front();
    std::unique_ptr<Job> job;
    if (!spare_jobs.empty()) {
      job = std::move(spare_jobs.back());
      spare_jobs.pop_back();
    } else {
      job = std::make_unique<Job>();
    }
    job->in = std::move(chunk);
    job->done = false;
    job->error = nullptr;
    Job* raw = job.get();
    in_flight.push_back(std::move(job));
    {
      std::lock_guard<std::mutex> lock(mu);
      queue.push_back(raw);
    }
    work_cv.notify_one();
    // Pass on whatever is already compressed, without waiting.
    while (!in_flight.empty() && front_done()) write_front();
  }

  bool front_done() {
    std::lock_guard<std::mutex> lock(mu);
    return in_flight.front()->done;
  }

  // Waits for the oldest chunk and writes its member to out.
  void write_front() {
    Job* job = in_flight.front().get();
    {
      std::unique_lock<std::mutex> lock(mu);
      done_cv.wait(lock, [&] { return job->done; });
    }
    std::unique_ptr<Job> owned = std::move(in_flight.front());
    in_flight.pop_front();
    if (owned->error) std::rethrow_exception(owned->error);
    out.write(owned->out);
    gz_bytes += owned->out.size();
    spare_chunks.push_back(std::move(owned->in));
    owned->in = std::string();
    spare_jobs.push_back(std::move(owned));
  }

  // Whether a plain ustar header represents the entry exactly: ASCII path that fits the
  // 100-byte name field, or splits at a '/' into prefix (<= 155) and name (<= 100) the way
  // libarchive splits it; size below 8 GiB (11 octal digits).
  static bool ustar_can_hold(std::string_view path, std::size_t size) {
    if (size >= (std::uint64_t(1) << 33)) return false;
    for (char c : path)
      if (static_cast<unsigned char>(c) >= 0x80) return false;
    if (path.size() <= 100) return true;
    std::size_t slash = path.find('/', path.size() - 101);
    if (slash == 0) slash = path.find('/', 1);
    return slash != std::string_view::npos && slash + 1 < path.size() && slash <= 155;
  }

  static bool valid_utf8(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
      auto c = static_cast<unsigned char>(s[i]);
      if (c < 0x80) {
        ++i;
        continue;
      }
      std::size_t len = c >= 0xf0 && c <= 0xf4 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 && c < 0xe0 ? 2 : 0;
      if (len == 0 || c > 0xf4 || i + len > s.size()) return false;
      std::uint32_t cp = c & (0x7f >> len);
      for (std::size_t k = 1; k < len; ++k) {
        auto cc = static_cast<unsigned char>(s[i + k]);
        if ((cc & 0xc0) != 0x80) return false;
        cp = (cp << 6) | (cc & 0x3f);
      }
      if ((len == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
          (len == 4 && (cp < 0x10000 || cp > 0x10ffff)))
        return false;
      i += len;
    }
    return true;
  }

  void throw_if_unusable() {
    if (failed) std::rethrow_exception(failed);
    if (finished) throw std::logic_error("TarGzWriter: the archive is already finished");
  }

  void add_file(std::string_view path, std::string_view data) {
    throw_if_unusable();
    if (path.empty() || path.find('\0') != std::string_view::npos || !valid_utf8(path))
      throw std::invalid_argument("tar: invalid entry path '" + std::string(path) +
                                  "' (must be non-empty UTF-8 without NUL)");
    try {
      archive_entry* e = entry.get();
      path_buffer.assign(path);
      archive_entry_clear(e);
      const bool plain = ustar_can_hold(path, data.size());
      archive* a = plain ? ustar.get() : pax.get();
      // ASCII for ustar; for pax the bytes are UTF-8, the charset of the locale installed
      // while the header is written.
      archive_entry_copy_pathname(e, path_buffer.c_str());
      archive_entry_set_filetype(e, AE_IFREG);
      archive_entry_set_perm(e, 0755);
      archive_entry_set_size(e, la_int64_t(data.size()));
      archive_entry_set_mtime(e, std::time(nullptr), 0);
      if (plain) {
        check(a, archive_write_header(a, e), "writing the tar header", path);
      } else {
        Utf8LocaleScope utf8(true);
        check(a, archive_write_header(a, e), "writing the tar header", path);
      }
      drain();
      while (!data.empty()) {
        std::size_t n = std::min(data.size(), options.chunk_bytes);
        la_ssize_t wrote = archive_write_data(a, data.data(), n);
        if (wrote < 0) check(a, int(wrote), "writing tar data", path);
        if (std::size_t(wrote) != n)
          throw std::runtime_error("tar: short write of data for '" + std::string(path) + "'");
        data.remove_prefix(n);
        drain();
      }
      check(a, archive_write_finish_entry(a), "finishing the tar entry", path);
      drain();
      ++entries;
    } catch (...) {
      failed = std::current_exception();
      throw;
    }
  }

  void finish() {
    if (failed) std::rethrow_exception(failed);
    if (finished) return;
    try {
      check(ustar.get(), archive_write_close(ustar.get()), "closing the archive", {});
      if (!current.empty()) full.push_back(std::move(current));
      current = std::string();
      drain();
      while (!in_flight.empty()) write_front();
      finished = true;
    } catch (...) {
      failed = std::current_exception();
      throw;
    }
  }
};

TarGzWriter::TarGzWriter(storage::ObjectWriter& out, TarGzOptions options)
    : impl_(std::make_unique<Impl>(out, options)) {}
TarGzWriter::~TarGzWriter() = default;
void TarGzWriter::add_file(std::string_view path, std::string_view data) { impl_->add_file(path, data); }
void TarGzWriter::finish() { impl_->finish(); }
std::uint64_t TarGzWriter::entries() const { return impl_->entries; }
std::uint64_t TarGzWriter::uncompressed_bytes() const { return impl_->tar_bytes; }
std::uint64_t TarGzWriter::compressed_bytes() const { return impl_->gz_bytes; }

// ------------------------------------------------------------------------------------------------
// TarGzReader

// The gzip layer is decoded here with zlib rather than by libarchive's gzip filter: libarchive
// does not verify the members' CRC-32 and length, and a backup reader must notice a corrupt
// object. zlib checks both for every member; libarchive only parses the tar framing.
struct TarGzReader::Impl {
  std::unique_ptr<storage::ObjectReader> in;
  std::vector<char> in_buffer = std::vector<char>(std::size_t(256) << 10);
  std::vector<char> out_buffer = std::vector<char>(std::size_t(1) << 20);
  z_stream zs{};
  bool zs_ready = false;
  bool input_eof = false;
  bool in_member = false;
  std::uint64_t members = 0;
  std::uint64_t tar_bytes = 0;
  std::exception_ptr read_error;  // from the ObjectReader: rethrown as is
  std::string gzip_error;         // corrupt gzip layer: reported with the entry it hit
  bool used = false;

  ~Impl() {
    if (zs_ready) inflateEnd(&zs);
  }

  void refill() {
    std::size_t n = in->read(in_buffer.data(), in_buffer.size());
    if (n == 0) {
      input_eof = true;
      return;
    }
    zs.next_in = reinterpret_cast<Bytef*>(in_buffer.data());
    zs.avail_in = uInt(n);
  }

  // Inflates the next piece of the tar stream into out_buffer; 0 at the end of the input.
  std::size_t inflate_some() {
    const std::size_t cap = out_buffer.size();
    zs.next_out = reinterpret_cast<Bytef*>(out_buffer.data());
    zs.avail_out = uInt(cap);
    for (;;) {
      if (zs.avail_out < cap) return cap - zs.avail_out;
      if (zs.avail_in == 0 && !input_eof) refill();
      if (!in_member) {
        if (zs.avail_in == 0) {
          if (members == 0) throw std::runtime_error("the input is empty, not gzip data");
          return 0;
        }
        int rc = inflateReset(&zs);
        if (rc != Z_OK) throw std::runtime_error("inflateReset failed: " + zlib_message(zs, rc));
        in_member = true;
      }
      int rc = inflate(&zs, Z_NO_FLUSH);
      if (rc == Z_STREAM_END) {
        in_member = false;
        ++members;
        continue;
      }
      if (rc == Z_OK) continue;
      if (rc == Z_BUF_ERROR && zs.avail_in == 0) {
        if (input_eof) throw std::runtime_error("truncated gzip data");
        continue;
      }
      throw std::runtime_error("corrupt gzip data (member " + std::to_string(members + 1) +
                               "): " + zlib_message(zs, rc));
    }
  }

  static la_ssize_t read_callback(archive* a, void* client, const void** out) {
    auto* self = static_cast<Impl*>(client);
    try {
      std::size_t n = self->inflate_some();
      self->tar_bytes += n;
      *out = self->out_buffer.data();
      return la_ssize_t(n);
    } catch (const storage::StorageError&) {
      if (!self->read_error) self->read_error = std::current_exception();
    } catch (const std::exception& e) {
      if (self->gzip_error.empty()) self->gzip_error = e.what();
    } catch (...) {
      if (self->gzip_error.empty()) self->gzip_error = "unknown error";
    }
    archive_set_error(a, EIO, "reading the archive failed");
    return -1;
  }

  [[noreturn]] void fail(archive* a, const std::string& where) {
    if (read_error) std::rethrow_exception(read_error);
    if (!gzip_error.empty()) throw std::runtime_error("tar.gz: " + where + ": " + gzip_error);
    const char* msg = archive_error_string(a);
    throw std::runtime_error("tar.gz: " + where + ": " + (msg ? msg : "unknown libarchive error"));
  }
};

TarGzReader::TarGzReader(std::unique_ptr<storage::ObjectReader> in) : impl_(std::make_unique<Impl>()) {
  if (!in) throw std::invalid_argument("TarGzReader: no input");
  impl_->in = std::move(in);
  int rc = inflateInit2(&impl_->zs, 15 + 16);
  if (rc != Z_OK)
    throw std::runtime_error("tar.gz: cannot initialise inflate: " + zlib_message(impl_->zs, rc));
  impl_->zs_ready = true;
}
TarGzReader::~TarGzReader() = default;

void TarGzReader::for_each(
    const std::function<bool(const std::string& path, std::uint64_t size,
                             const std::function<std::string()>& read_data)>& visit,
    const std::function<void(const std::string& path, const std::string& what)>& on_other) {
  Impl& impl = *impl_;
  if (impl.used) throw std::logic_error("TarGzReader: for_each can only run once");
  impl.used = true;
  std::unique_ptr<archive, ArchiveReadFree> holder(archive_read_new());
  archive* a = holder.get();
  if (!a) throw std::runtime_error("tar.gz: out of memory");
  archive_read_support_format_tar(a);
  if (archive_read_open(a, &impl, nullptr, &Impl::read_callback, nullptr) != ARCHIVE_OK)
    impl.fail(a, "opening the archive");

  // Per-entry state, reached by read_data through one pointer (no allocation per entry).
  struct Current {
    std::string path;
    std::uint64_t size = 0;
    bool size_known = true;
    bool read = false;
    std::string data;
  } cur;
  auto load = [&impl, a](Current& c) {
    if (c.read) return;
    c.data.clear();
    if (c.size_known) {
      c.data.resize(c.size);
      std::size_t got = 0;
      while (got < c.size) {
        la_ssize_t n = archive_read_data(a, c.data.data() + got, c.size - got);
        if (n < 0) impl.fail(a, "reading entry '" + c.path + "'");
        if (n == 0) impl.fail(a, "entry '" + c.path + "' is truncated");
        got += std::size_t(n);
      }
    } else {
      char buf[65536];
      for (;;) {
        la_ssize_t n = archive_read_data(a, buf, sizeof buf);
        if (n < 0) impl.fail(a, "reading entry '" + c.path + "'");
        if (n == 0) break;
        c.data.append(buf, std::size_t(n));
      }
    }
    c.read = true;
  };
  Current* cp = &cur;
  auto* load_ref = &load;
  const std::function<std::string()> read_data = [cp, load_ref] {
    (*load_ref)(*cp);
    return cp->data;
  };

  std::string previous;
  bool stopped = false;
  std::uint64_t entries = 0;
  for (;;) {
    archive_entry* e = nullptr;
    int rc = archive_read_next_header(a, &e);
    if (rc == ARCHIVE_EOF) break;
    // ARCHIVE_RETRY ("Damaged tar archive") would resynchronise silently past lost entries.
    if (rc != ARCHIVE_OK && rc != ARCHIVE_WARN)
      impl.fail(a, previous.empty() ? "reading the first entry"
                                    : "reading the entry after '" + previous + "'");
    ++entries;
    const char* p = archive_entry_pathname_utf8(e);
    if (!p) p = archive_entry_pathname(e);
    cur.path = p ? p : "";
    previous = cur.path;
    const auto type = archive_entry_filetype(e);
    if (type == AE_IFDIR) continue;  // other tools write directory entries
    if (type != AE_IFREG || archive_entry_hardlink(e) != nullptr) {
      if (on_other)
        on_other(cur.path, archive_entry_hardlink(e) ? "a hard link"
                           : type == AE_IFLNK         ? "a symbolic link"
                                                      : "not a regular file");
      continue;
    }
    cur.size_known = archive_entry_size_is_set(e) != 0;
    cur.size = cur.size_known ? std::uint64_t(archive_entry_size(e)) : 0;
    cur.read = false;
    if (!visit(cur.path, cur.size, read_data)) {
      stopped = true;
      break;
    }
  }
  if (stopped) return;
  // libarchive stops at the end-of-archive blocks; inflate the rest so the last member's CRC
  // and length are checked and trailing garbage is noticed.
  try {
    while (impl.inflate_some() > 0) {
    }
  } catch (const storage::StorageError&) {
    throw;
  } catch (const std::exception& ex) {
    throw std::runtime_error("tar.gz: after the last entry" +
                             (previous.empty() ? std::string() : " '" + previous + "'") + ": " +
                             ex.what());
  }
  if (entries == 0 && impl.tar_bytes > 0 && impl.tar_bytes < 1024)
    throw std::runtime_error("tar.gz: the gzip data does not hold a tar archive");
}

}  // namespace coffer::backup
