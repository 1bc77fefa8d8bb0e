#include "backup/archive/tar_gz.h"

#include <archive.h>
#include <archive_entry.h>
#include <gtest/gtest.h>
#include <locale.h>
#include <stdlib.h>
#include <time.h>
#include <zlib.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "storage/filesystem_store.h"

namespace coffer::backup {
namespace {

namespace fs = std::filesystem;
using Entries = std::vector<std::pair<std::string, std::string>>;

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kSanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif
#else
constexpr bool kSanitized = false;
#endif

class MemoryWriter : public storage::ObjectWriter {
 public:
  void write(std::string_view data) override {
    data_.append(data);
    ++writes_;
  }
  void commit() override {}
  void abort() noexcept override {}
  std::uint64_t bytes_written() const override { return data_.size(); }
  const std::string& data() const { return data_; }
  int writes() const { return writes_; }

 private:
  std::string data_;
  int writes_ = 0;
};

// Counts bytes and drops them (timing without memory traffic of a growing buffer).
class NullWriter : public storage::ObjectWriter {
 public:
  void write(std::string_view data) override { n_ += data.size(); }
  void commit() override {}
  void abort() noexcept override {}
  std::uint64_t bytes_written() const override { return n_; }

 private:
  std::uint64_t n_ = 0;
};

// Throws on write number `fail_at` (0-based) and every later one.
class FailingWriter : public storage::ObjectWriter {
 public:
  explicit FailingWriter(int fail_at) : fail_at_(fail_at) {}
  void write(std::string_view data) override {
    if (calls_++ >= fail_at_) throw storage::StorageError("disk full (simulated)");
    n_ += data.size();
  }
  void commit() override {}
  void abort() noexcept override {}
  std::uint64_t bytes_written() const override { return n_; }

 private:
  int fail_at_;
  int calls_ = 0;
  std::uint64_t n_ = 0;
};

// Serves a string in reads of at most `step` bytes.
class StringReader : public storage::ObjectReader {
 public:
  explicit StringReader(std::string data, std::size_t step = 7919)
      : data_(std::move(data)), step_(step) {}
  std::size_t read(char* buffer, std::size_t n) override {
    std::size_t k = std::min({n, step_, data_.size() - pos_});
    std::memcpy(buffer, data_.data() + pos_, k);
    pos_ += k;
    return k;
  }

 private:
  std::string data_;
  std::size_t step_;
  std::size_t pos_ = 0;
};

class ThrowingReader : public storage::ObjectReader {
 public:
  std::size_t read(char*, std::size_t) override {
    throw storage::StorageError("connection reset (simulated)");
  }
};

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "coffer-archive-XXXXXX").string();
    if (!::mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// A Kubernetes-looking JSON object of roughly `target` bytes.
std::string fake_item(std::mt19937_64& rng, int i, std::size_t target = 1500) {
  static const char* hex = "0123456789abcdef";
  auto rand_hex = [&](int n) {
    std::string s;
    for (int k = 0; k < n; ++k) s += hex[rng() % 16];
    return s;
  };
  std::string name = "app-" + std::to_string(i) + "-" + rand_hex(5);
  std::string ns = "team-" + std::to_string(i % 37);
  std::string s = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + name +
                  "\",\"namespace\":\"" + ns + "\",\"uid\":\"" + rand_hex(8) + "-" + rand_hex(4) +
                  "-" + rand_hex(4) + "-" + rand_hex(4) + "-" + rand_hex(12) +
                  "\",\"resourceVersion\":\"" + std::to_string(100000 + rng() % 900000) +
                  "\",\"creationTimestamp\":\"2026-05-" + std::to_string(10 + i % 18) + "T1" +
                  std::to_string(i % 10) + ":0" + std::to_string(i % 6) +
                  ":00Z\",\"labels\":{\"app.kubernetes.io/name\":\"" + name +
                  "\",\"app.kubernetes.io/part-of\":\"shop\",\"tier\":\"backend\"},"
                  "\"managedFields\":[{\"manager\":\"kubectl-client-side-apply\",\"operation\":"
                  "\"Update\",\"apiVersion\":\"v1\",\"time\":\"2026-05-12T10:00:00Z\","
                  "\"fieldsType\":\"FieldsV1\",\"fieldsV1\":{\"f:data\":{\".\":{},\"f:config.yaml\":"
                  "{}}}}]},\"data\":{\"config.yaml\":\"";
  while (s.size() + 40 < target) {
    s += "key" + std::to_string(rng() % 1000) + ": value-" + rand_hex(6) + "\\n";
  }
  s += "\"}}";
  return s;
}

Entries sample_entries(std::size_t chunk_bytes) {
  std::mt19937_64 rng(42);
  Entries out;
  out.emplace_back("metadata/version", "1.1.0\n");
  for (int i = 0; i < 1500; ++i) {
    std::string item = fake_item(rng, i, 200 + (i * 37) % 3000);
    out.emplace_back("resources/configmaps/namespaces/team-" + std::to_string(i % 37) + "/cm-" +
                         std::to_string(i) + ".json",
                     item);
    if (i % 3 == 0)
      out.emplace_back("resources/configmaps/v1-preferredversion/namespaces/team-" +
                           std::to_string(i % 37) + "/cm-" + std::to_string(i) + ".json",
                       item);
  }
  out.emplace_back("resources/secrets/namespaces/ns/" + std::string(235, 'x') + ".json", "{}");
  EXPECT_GE(out.back().first.size(), 250u);
  out.emplace_back("resources/namespaces/cluster/empty.json", "");
  out.emplace_back("resources/widgets.example.com/cluster/gr\xc3\xbc\xc3\x9f" "e-\xe5\x90\x8d.json",
                   "{\"utf8\":true}");
  std::string big;
  while (big.size() < chunk_bytes * 3 + 777) big += fake_item(rng, int(big.size()), 4000);
  big.resize(chunk_bytes * 3 + 777);
  out.emplace_back("resources/big.example.com/cluster/big.json", big);
  out.emplace_back("resources/pods/namespaces/a/after-big.json", "{\"kind\":\"Pod\"}");
  return out;
}

std::string write_archive(const Entries& entries, TarGzOptions options,
                          std::uint64_t* tar_bytes = nullptr) {
  MemoryWriter out;
  TarGzWriter w(out, options);
  for (const auto& [path, data] : entries) w.add_file(path, data);
  w.finish();
  EXPECT_EQ(w.entries(), entries.size());
  EXPECT_EQ(w.compressed_bytes(), out.data().size());
  EXPECT_EQ(w.uncompressed_bytes() % 512, 0u);
  if (tar_bytes) *tar_bytes = w.uncompressed_bytes();
  return out.data();
}

Entries read_archive(const std::string& gz, std::size_t step = 7919) {
  Entries out;
  TarGzReader r(std::make_unique<StringReader>(gz, step));
  r.for_each([&](const std::string& path, std::uint64_t size,
                 const std::function<std::string()>& read_data) {
    std::string data = read_data();
    EXPECT_EQ(data.size(), size) << path;
    out.emplace_back(path, std::move(data));
    return true;
  });
  return out;
}

// Number of gzip members in data (each inflated on its own).
int count_members(std::string_view data) {
  int members = 0;
  while (!data.empty()) {
    z_stream zs{};
    EXPECT_EQ(inflateInit2(&zs, 31), Z_OK);
    std::string sink(1 << 16, '\0');
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    zs.avail_in = uInt(data.size());
    int rc;
    do {
      zs.next_out = reinterpret_cast<Bytef*>(sink.data());
      zs.avail_out = uInt(sink.size());
      rc = inflate(&zs, Z_NO_FLUSH);
    } while (rc == Z_OK);
    EXPECT_EQ(rc, Z_STREAM_END);
    data.remove_prefix(data.size() - zs.avail_in);
    inflateEnd(&zs);
    if (rc != Z_STREAM_END) return -1;
    ++members;
  }
  return members;
}

std::string run(const std::string& command, int* status = nullptr) {
  std::string out;
  FILE* p = ::popen(command.c_str(), "r");
  if (!p) return out;
  char buf[4096];
  while (std::size_t n = std::fread(buf, 1, sizeof buf, p)) out.append(buf, n);
  int rc = ::pclose(p);
  if (status) *status = rc;
  return out;
}

std::string write_to_store(const std::string& dir, const Entries& entries, TarGzOptions options) {
  storage::FilesystemStore store(dir);
  auto w = store.open_write("backups/b1/b1.tar.gz");
  TarGzWriter tgz(*w, options);
  for (const auto& [path, data] : entries) tgz.add_file(path, data);
  tgz.finish();
  w->commit();
  return store.path_of("backups/b1/b1.tar.gz");
}

TEST(Gzip, RoundTripIncludingMultiMember) {
  EXPECT_EQ(gzip_decompress(gzip_compress("")), "");
  EXPECT_EQ(gzip_decompress(gzip_compress("hello, world\n", 9)), "hello, world\n");
  std::mt19937_64 rng(7);
  std::string random_bytes;
  for (int i = 0; i < 300000; ++i) random_bytes += char(rng());
  EXPECT_EQ(gzip_decompress(gzip_compress(random_bytes, 1)), random_bytes);
  std::string text;
  for (int i = 0; i < 200; ++i) text += fake_item(rng, i);
  std::string gz = gzip_compress(text);
  EXPECT_LT(gz.size(), text.size() / 3);
  EXPECT_EQ(gzip_decompress(gz), text);
  std::string multi = gzip_compress("first;") + gzip_compress("") + gzip_compress(text, 1) +
                      gzip_compress(random_bytes, 6);
  EXPECT_EQ(count_members(multi), 4);
  EXPECT_EQ(gzip_decompress(multi), "first;" + text + random_bytes);
}

TEST(Gzip, CorruptInputThrows) {
  std::string gz = gzip_compress(std::string(10000, 'a') + "tail");
  EXPECT_THROW(gzip_decompress(""), std::runtime_error);
  EXPECT_THROW(gzip_decompress("plain text"), std::runtime_error);
  EXPECT_THROW(gzip_decompress(gz.substr(0, gz.size() - 5)), std::runtime_error);  // truncated
  EXPECT_THROW(gzip_decompress(gz + "garbage"), std::runtime_error);
  std::string bad = gz;
  bad[bad.size() - 6] ^= 0x55;  // CRC mismatch
  EXPECT_THROW(gzip_decompress(bad), std::runtime_error);
  std::string mangled = gz;
  mangled[12] ^= 0x7f;
  EXPECT_THROW(gzip_decompress(mangled), std::runtime_error);
}

TEST(TarGz, RoundTripManyEntries) {
  TarGzOptions options;
  options.chunk_bytes = 64 * 1024;
  options.threads = 3;
  Entries entries = sample_entries(options.chunk_bytes);
  std::uint64_t tar_bytes = 0;
  std::string gz = write_archive(entries, options, &tar_bytes);
  EXPECT_GT(count_members(gz), 10);  // one member per chunk
  std::string tar = gzip_decompress(gz);
  EXPECT_EQ(tar.size(), tar_bytes);
  // Go-style ending: two zero blocks, no padding to a 10240-byte record.
  EXPECT_EQ(tar.substr(tar.size() - 1024), std::string(1024, '\0'));
  EXPECT_NE(tar.substr(tar.size() - 1536, 512), std::string(512, '\0'));
  EXPECT_EQ(read_archive(gz), entries);
  EXPECT_EQ(read_archive(gz, 1000), entries);  // small reads from the ObjectReader
}

TEST(TarGz, EmptyArchive) {
  MemoryWriter out;
  TarGzWriter w(out, {});
  w.finish();
  w.finish();  // idempotent
  EXPECT_EQ(w.entries(), 0u);
  EXPECT_EQ(gzip_decompress(out.data()), std::string(1024, '\0'));
  EXPECT_TRUE(read_archive(out.data()).empty());
  EXPECT_THROW(w.add_file("x", "y"), std::logic_error);
}

TEST(TarGz, ThreadCountDoesNotChangeContent) {
  TarGzOptions one{1, 1, 32 * 1024};
  TarGzOptions four{1, 4, 32 * 1024};
  Entries entries = sample_entries(one.chunk_bytes);
  std::string a = write_archive(entries, one);
  std::string b = write_archive(entries, four);
  EXPECT_EQ(read_archive(a), entries);
  EXPECT_EQ(read_archive(b), entries);
  // Same chunking, same level: the tar streams differ at most in header mtimes.
  std::string ta = gzip_decompress(a), tb = gzip_decompress(b);
  ASSERT_EQ(ta.size(), tb.size());
  EXPECT_EQ(count_members(a), count_members(b));
}

TEST(TarGz, ReadableBySystemTarAndGzip) {
  TempDir dir;
  TarGzOptions options{1, 2, 64 * 1024};
  Entries entries = sample_entries(options.chunk_bytes);
  std::string file = write_to_store(dir.path(), entries, options);
  int status = -1;
  run("gzip -t '" + file + "' 2>&1", &status);
  EXPECT_EQ(status, 0);
  std::string listing = run("tar -tzvf '" + file + "' 2>&1", &status);
  EXPECT_EQ(status, 0) << listing;
  std::istringstream lines(listing);
  std::string line;
  std::size_t count = 0;
  while (std::getline(lines, line)) {
    ++count;
    EXPECT_EQ(line.rfind("-rwxr-xr-x ", 0), 0u) << line;
  }
  EXPECT_EQ(count, entries.size());
  EXPECT_NE(listing.find(std::string(235, 'x') + ".json"), std::string::npos);
  // Extract one entry after the big one and the long-named one with tar itself.
  std::string got = run("tar -xzOf '" + file + "' resources/pods/namespaces/a/after-big.json");
  EXPECT_EQ(got, "{\"kind\":\"Pod\"}");
  got = run("tar -xzOf '" + file + "' resources/big.example.com/cluster/big.json");
  EXPECT_EQ(got, entries[entries.size() - 2].second);
}

TEST(TarGz, ReadableByPythonTarfileWithModes0755AndRegularFilesOnly) {
  TempDir dir;
  TarGzOptions options{1, 2, 64 * 1024};
  Entries entries = sample_entries(options.chunk_bytes);
  std::string file = write_to_store(dir.path(), entries, options);
  std::string script =
      "import sys, tarfile, time\n"
      "now = time.time()\n"
      "with tarfile.open(sys.argv[1], 'r:gz') as t:\n"
      "    for m in t:\n"
      "        data = t.extractfile(m).read() if m.isreg() else b''\n"
      "        ok = m.isreg() and len(data) == m.size and abs(m.mtime - now) < 600\n"
      "        print('%s %o %d %s' % ('reg' if ok else 'BAD', m.mode, m.size, m.name))\n";
  std::string py = dir.path() + "/check.py";
  {
    storage::FilesystemStore scripts(dir.path());
    scripts.put("check.py", script);
  }
  int status = -1;
  std::string output = run("PYTHONIOENCODING=utf-8 /usr/bin/python3 '" + py + "' '" + file + "' 2>&1", &status);
  ASSERT_EQ(status, 0) << output;
  std::istringstream lines(output);
  std::string line;
  std::size_t i = 0;
  while (std::getline(lines, line)) {
    ASSERT_LT(i, entries.size());
    std::string expected = "reg 755 " + std::to_string(entries[i].second.size()) + " " +
                           entries[i].first;
    EXPECT_EQ(line, expected);
    ++i;
  }
  EXPECT_EQ(i, entries.size());
}

TEST(TarGz, OutputErrorsSurfaceFromAddFileOrFinish) {
  // Fails on the first write: with small chunks that happens inside add_file.
  {
    FailingWriter out(0);
    TarGzWriter w(out, {1, 2, 4096});
    std::mt19937_64 rng(1);
    bool thrown = false;
    try {
      for (int i = 0; i < 1000; ++i) w.add_file("f" + std::to_string(i), fake_item(rng, i));
      w.finish();
    } catch (const storage::StorageError& e) {
      thrown = true;
      EXPECT_NE(std::string(e.what()).find("disk full"), std::string::npos);
    }
    EXPECT_TRUE(thrown);
    EXPECT_THROW(w.add_file("again", "x"), storage::StorageError);  // the first error, again
    EXPECT_THROW(w.finish(), storage::StorageError);
  }
  // Fails only once everything is flushed: finish() reports it.
  {
    FailingWriter out(0);
    TarGzWriter w(out, {1, 4, 1 << 20});
    w.add_file("a", "small");
    EXPECT_THROW(w.finish(), storage::StorageError);
  }
  // Fails on a later write, with the writer destroyed without finish(): no hang, no leak.
  {
    FailingWriter out(3);
    TarGzWriter w(out, {1, 2, 1024});
    std::mt19937_64 rng(2);
    EXPECT_THROW(
        {
          for (int i = 0; i < 1000; ++i) w.add_file("f" + std::to_string(i), fake_item(rng, i));
        },
        storage::StorageError);
  }
}

TEST(TarGz, AbandonedWriterJoinsCleanly) {
  MemoryWriter out;
  {
    TarGzWriter w(out, {1, 3, 1024});
    std::mt19937_64 rng(3);
    for (int i = 0; i < 200; ++i) w.add_file("f" + std::to_string(i), fake_item(rng, i));
  }
  SUCCEED();
}

TEST(TarGz, InvalidOptionsAndPaths) {
  MemoryWriter out;
  EXPECT_THROW(TarGzWriter(out, {0, 1, 1 << 20}), std::invalid_argument);
  EXPECT_THROW(TarGzWriter(out, {1, 0, 1 << 20}), std::invalid_argument);
  EXPECT_THROW(TarGzWriter(out, {1, 1, 10}), std::invalid_argument);
  TarGzWriter w(out, {});
  EXPECT_THROW(w.add_file("", "x"), std::invalid_argument);
  EXPECT_THROW(w.add_file(std::string("a\0b", 3), "x"), std::invalid_argument);
  EXPECT_THROW(w.add_file("bad-\xff-utf8", "x"), std::invalid_argument);
  EXPECT_THROW(w.add_file("overlong-\xc0\xaf", "x"), std::invalid_argument);
  EXPECT_THROW(w.add_file("truncated-\xe5\x90", "x"), std::invalid_argument);
  w.add_file("ok", "x");  // the writer is still usable after a rejected argument
  w.finish();
  EXPECT_EQ(read_archive(out.data()), (Entries{{"ok", "x"}}));
}

TEST(TarGzReader, StopsEarlyAndSkipsUnreadData) {
  TarGzOptions options{1, 2, 16 * 1024};
  Entries entries = sample_entries(options.chunk_bytes);
  std::string gz = write_archive(entries, options);
  std::vector<std::string> seen;
  TarGzReader r(std::make_unique<StringReader>(gz));
  r.for_each([&](const std::string& path, std::uint64_t size,
                 const std::function<std::string()>& read_data) {
    seen.push_back(path);
    if (seen.size() == 5) {
      EXPECT_EQ(read_data(), entries[4].second);
      EXPECT_EQ(read_data(), entries[4].second);  // a second call gives the same bytes
      EXPECT_EQ(size, entries[4].second.size());
    }
    return seen.size() < 10;
  });
  ASSERT_EQ(seen.size(), 10u);
  EXPECT_EQ(seen[9], entries[9].first);
  EXPECT_THROW(r.for_each([](auto&&...) { return true; }), std::logic_error);
}

TEST(TarGzReader, CorruptArchivesAndReadErrors) {
  TarGzOptions options{1, 2, 16 * 1024};
  Entries entries = sample_entries(options.chunk_bytes);
  std::string gz = write_archive(entries, options);
  auto visit_all = [](const std::string&, std::uint64_t,
                      const std::function<std::string()>& read_data) {
    read_data();
    return true;
  };
  {
    TarGzReader r(std::make_unique<StringReader>(gz.substr(0, gz.size() / 2)));
    EXPECT_THROW(r.for_each(visit_all), std::runtime_error);
  }
  {
    std::string bad = gz;
    for (std::size_t i = bad.size() / 3; i < bad.size() / 3 + 64; ++i) bad[i] ^= 0x5a;
    TarGzReader r(std::make_unique<StringReader>(bad));
    EXPECT_THROW(r.for_each(visit_all), std::runtime_error);
  }
  {
    TarGzReader r(std::make_unique<StringReader>("this is not an archive at all"));
    EXPECT_THROW(r.for_each(visit_all), std::runtime_error);
  }
  {
    TarGzReader r(std::make_unique<ThrowingReader>());
    EXPECT_THROW(r.for_each(visit_all), storage::StorageError);
  }
}

TEST(TarGzReader, ReadsArchivesMadeBySystemTar) {
  TempDir dir;
  fs::create_directories(dir.path() + "/src/resources/pods/namespaces/ns1");
  {
    storage::FilesystemStore store(dir.path());
    store.put("src/metadata/version", "1.1.0\n");
    store.put("src/resources/pods/namespaces/ns1/p.json", "{\"kind\":\"Pod\"}");
  }
  int status = -1;
  run("cd '" + dir.path() + "/src' && tar -czf ../sys.tar.gz metadata resources", &status);
  ASSERT_EQ(status, 0);
  storage::FilesystemStore store(dir.path());
  std::map<std::string, std::string> files;
  TarGzReader r(store.open_read("sys.tar.gz"));
  r.for_each([&](const std::string& path, std::uint64_t,
                 const std::function<std::string()>& read_data) {
    files[path] = read_data();
    return true;
  });
  EXPECT_EQ(files, (std::map<std::string, std::string>{
                       {"metadata/version", "1.1.0\n"},
                       {"resources/pods/namespaces/ns1/p.json", "{\"kind\":\"Pod\"}"}}));
}

// The tar framing: plain ustar headers, a pax header only for paths ustar cannot hold, and
// byte-for-byte what libarchive's pax-restricted writer alone produces (mtimes aside).
TEST(TarGz, FramingMatchesPaxRestricted) {
  Entries entries = {
      {"metadata/version", "1.1.0\n"},
      {"resources/secrets/namespaces/ns/" + std::string(235, 's') + ".json", "{}"},
      {"resources/configmaps/namespaces/" + std::string(60, 'n') + "/" + std::string(60, 'c') +
           ".json",
       "{\"a\":1}"},  // 132 chars: ustar prefix + name
      {"resources/widgets.example.com/cluster/caf\xc3\xa9.json", "{}"},
      {"resources/pods/namespaces/a/" + std::string(150, 'p') + "/x.json", ""},
      {"resources/pods/cluster/" + std::string(1000, 'q') + ".json", std::string(2000, 'z')},
  };
  std::string tar = gzip_decompress(write_archive(entries, {1, 2, 4096}));

  std::string expected;
  {
    // In the C locale libarchive's pax writer cannot convert the UTF-8 path (and crashes).
    locale_t utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", locale_t(0));
    ASSERT_TRUE(utf8);
    locale_t previous = uselocale(utf8);
    archive* a = archive_write_new();
    archive_write_set_format_pax_restricted(a);
    archive_write_set_bytes_per_block(a, 0);
    archive_write_set_bytes_in_last_block(a, 1);
    auto cb = [](archive*, void* client, const void* buf, size_t n) -> la_ssize_t {
      static_cast<std::string*>(client)->append(static_cast<const char*>(buf), n);
      return la_ssize_t(n);
    };
    archive_write_open(a, &expected, nullptr, cb, nullptr);
    archive_entry* e = archive_entry_new();
    for (const auto& [path, data] : entries) {
      archive_entry_clear(e);
      archive_entry_update_pathname_utf8(e, path.c_str());
      archive_entry_set_filetype(e, AE_IFREG);
      archive_entry_set_perm(e, 0755);
      archive_entry_set_size(e, la_int64_t(data.size()));
      archive_entry_set_mtime(e, 0, 0);
      ASSERT_GE(archive_write_header(a, e), ARCHIVE_WARN) << archive_error_string(a);
      archive_write_data(a, data.data(), data.size());
    }
    archive_entry_free(e);
    archive_write_close(a);
    archive_write_free(a);
    uselocale(previous);
    freelocale(utf8);
  }
  ASSERT_EQ(tar.size(), expected.size());
  // Walk the headers; compare each block with mtime (136..148) and checksum (148..156) masked.
  std::vector<char> types;
  for (std::size_t off = 0; off + 1024 < tar.size();) {
    std::string h = tar.substr(off, 512), x = expected.substr(off, 512);
    char type = h[156];
    types.push_back(type);
    EXPECT_EQ(h.substr(257, 6), std::string("ustar\0", 6));
    for (std::string* b : {&h, &x}) b->replace(136, 20, 20, ' ');
    if (type == 'x') {
      // The pax header's own name embeds the process id in libarchive; only compare the body.
      h.replace(0, 100, 100, ' ');
      x.replace(0, 100, 100, ' ');
    }
    EXPECT_EQ(h, x) << "header at " << off;
    std::size_t size = std::stoull(tar.substr(off + 124, 12), nullptr, 8);
    std::size_t body = (size + 511) / 512 * 512;
    EXPECT_EQ(tar.substr(off + 512, body), expected.substr(off + 512, body)) << off;
    off += 512 + body;
  }
  EXPECT_EQ(types, (std::vector<char>{'0', 'x', '0', '0', 'x', '0', 'x', '0', 'x', '0'}));
  EXPECT_EQ(read_archive(gzip_compress(tar)), entries);
}

TEST(TarGzReader, DetectsCorruptDataAndTrailingGarbage) {
  TarGzOptions options{1, 2, 16 * 1024};
  Entries entries = sample_entries(options.chunk_bytes);
  std::string gz = write_archive(entries, options);
  auto visit_all = [](const std::string&, std::uint64_t,
                      const std::function<std::string()>& read_data) {
    read_data();
    return true;
  };
  auto fails = [&](const std::string& data) {
    TarGzReader r(std::make_unique<StringReader>(data));
    try {
      r.for_each(visit_all);
    } catch (const std::runtime_error& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  // A gzip member whose CRC does not match its data: stored (level-0) member with one byte of
  // content flipped, so inflate itself succeeds and only the CRC can tell.
  {
    std::string tar = gzip_decompress(gz);
    std::string stored = gzip_compress(tar, 0);
    std::size_t pos = stored.size() / 2;
    stored[pos] = char(stored[pos] ^ 0x01);
    std::string msg = fails(stored);
    EXPECT_NE(msg.find("check"), std::string::npos) << msg;  // "incorrect data check"
  }
  EXPECT_NE(fails(gz + "trailing garbage"), "");
  EXPECT_NE(fails(gzip_compress("hello, not a tar")), "");
  EXPECT_NE(fails(""), "");
  // The last member's CRC is verified even though libarchive stops at the end blocks.
  {
    std::string bad = gz;
    bad[bad.size() - 6] = char(bad[bad.size() - 6] ^ 0x20);
    EXPECT_NE(fails(bad), "");
  }
}

// Throughput of the writer on ~100 MB of ~1.5 KB JSON items at level 1 (printed, not
// asserted; the sanitizer build uses 20 MB).
TEST(TarGz, WriterThroughput) {
  const std::size_t total = kSanitized ? (20u << 20) : (100u << 20);
  std::mt19937_64 rng(11);
  std::vector<std::string> items;
  for (int i = 0; i < 4096; ++i) items.push_back(fake_item(rng, i, 1200 + rng() % 600));
  std::vector<std::string> paths;
  for (int i = 0; i < 4096; ++i)
    paths.push_back("resources/configmaps/namespaces/team-" + std::to_string(i % 37) + "/cm-" +
                    std::to_string(i) + ".json");
  for (int threads : {1, 2}) {
    NullWriter out;
    TarGzWriter w(out, {1, threads, 1 << 20});
    timespec cpu0{}, cpu1{}, own0{}, own1{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu0);
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &own0);
    auto start = std::chrono::steady_clock::now();
    std::size_t bytes = 0, n = 0;
    while (bytes < total) {
      const std::string& item = items[n % items.size()];
      w.add_file(paths[n % paths.size()], item);
      bytes += item.size();
      ++n;
    }
    w.finish();
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu1);
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &own1);
    double cpu = double(cpu1.tv_sec - cpu0.tv_sec) + double(cpu1.tv_nsec - cpu0.tv_nsec) / 1e9;
    double producer =
        double(own1.tv_sec - own0.tv_sec) + double(own1.tv_nsec - own0.tv_nsec) / 1e9;
    // CPU seconds tell more than wall time on a busy machine: MB per CPU-second is what one
    // core sustains, so two idle cores give at most twice that.
    std::printf("[ timing ] level 1, threads=%d: %zu entries, %.1f MB JSON -> %.1f MB tar -> "
                "%.1f MB gz in %.2f s wall, %.2f s CPU = %.0f MB/s of JSON wall (%.0f MB/s of "
                "tar), %.0f MB JSON per CPU-second; producer thread (tar framing) %.2f s CPU = "
                "%.2f us/entry\n",
                threads, n, bytes / 1e6, w.uncompressed_bytes() / 1e6, w.compressed_bytes() / 1e6,
                secs, cpu, bytes / 1e6 / secs, w.uncompressed_bytes() / 1e6 / secs,
                bytes / 1e6 / cpu, producer, producer / double(n) * 1e6);
  }
}

}  // namespace
}  // namespace coffer::backup
