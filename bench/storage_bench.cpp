// storage-bench: upload and download through each storage backend, against local disk in the
// same run.
//
//   storage-bench --location URL [--location URL ...] [--bytes 1073741824] [--runs 3] [--dir DIR]
//
// For every run: the baseline writes --bytes to a file in --dir (1 MiB writes, fsync) and reads
// it back; then, for each location, the same bytes go through ObjectStore::open_write (1 MiB
// writes, commit) and come back through open_read (1 MiB reads). Prints medians as JSON: MB/s
// per backend and direction, the ratio to the disk baseline, and the peak RSS growth of this
// process during each backend's runs (memory is bounded by part size x parallelism).
// bench/storage-bench.sh starts s3rver and Azurite on loopback and runs this with their URLs.
#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "bench_support.h"
#include "storage/factory/location_factory.h"

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using namespace coffer;

namespace {

constexpr std::size_t kChunk = 1 << 20;

std::string chunk_data() {
  // Incompressible-looking bytes (no backend compresses, but keep it honest).
  std::string s(kChunk, '\0');
  std::uint64_t x = 88172645463325252ULL;
  for (auto& c : s) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    c = static_cast<char>(x);
  }
  return s;
}

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

long peak_rss_kib() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
  return 0;
}

void reset_peak_rss() {
  std::ofstream("/proc/self/clear_refs") << "5";  // resets VmHWM to the current RSS
}

std::pair<double, double> disk_round_trip(const fs::path& dir, std::size_t bytes, const std::string& chunk) {
  fs::path file = dir / "baseline.bin";
  auto t0 = Clock::now();
  int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) throw std::runtime_error("cannot create " + file.string());
  for (std::size_t done = 0; done < bytes; done += kChunk)
    if (::write(fd, chunk.data(), std::min(kChunk, bytes - done)) < 0) throw std::runtime_error("write failed");
  ::fsync(fd);
  ::close(fd);
  double w = seconds_since(t0);
  t0 = Clock::now();
  fd = ::open(file.c_str(), O_RDONLY);
  std::string buf(kChunk, '\0');
  std::size_t total = 0;
  for (ssize_t n; (n = ::read(fd, buf.data(), buf.size())) > 0;) total += static_cast<std::size_t>(n);
  ::close(fd);
  double r = seconds_since(t0);
  fs::remove(file);
  if (total != bytes) throw std::runtime_error("baseline read back " + std::to_string(total) + " bytes");
  return {w, r};
}

std::pair<double, double> store_round_trip(storage::ObjectStore& store, const std::string& key, std::size_t bytes,
                                           const std::string& chunk) {
  auto t0 = Clock::now();
  auto w = store.open_write(key);
  for (std::size_t done = 0; done < bytes; done += kChunk) w->write(std::string_view(chunk).substr(0, std::min(kChunk, bytes - done)));
  w->commit();
  double up = seconds_since(t0);
  t0 = Clock::now();
  auto r = store.open_read(key);
  std::string buf(kChunk, '\0');
  std::size_t total = 0;
  for (std::size_t n; (n = r->read(buf.data(), buf.size())) > 0;) total += n;
  double down = seconds_since(t0);
  store.remove(key);
  if (total != bytes) throw std::runtime_error(store.describe() + ": read back " + std::to_string(total) + " bytes");
  return {up, down};
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> locations;
  std::size_t bytes = std::size_t(1) << 30;
  int runs = 3;
  fs::path dir = fs::temp_directory_path();
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--location") locations.push_back(argv[i + 1]);
    else if (a == "--bytes") bytes = std::stoull(argv[i + 1]);
    else if (a == "--runs") runs = std::stoi(argv[i + 1]);
    else if (a == "--dir") dir = argv[i + 1];
  }
  const std::string chunk = chunk_data();
  std::vector<double> disk_w, disk_r;
  std::map<std::string, std::vector<double>> up, down;
  std::map<std::string, long> rss_growth;
  std::vector<std::unique_ptr<storage::ObjectStore>> stores;
  for (const auto& url : locations) stores.push_back(storage::open_store(url));
  for (int run = 0; run < runs; ++run) {
    auto [w, r] = disk_round_trip(dir, bytes, chunk);
    disk_w.push_back(w);
    disk_r.push_back(r);
    for (std::size_t i = 0; i < stores.size(); ++i) {
      long before = peak_rss_kib();
      reset_peak_rss();
      before = std::min(before, peak_rss_kib());
      auto [u, d] = store_round_trip(*stores[i], "bench/object-" + std::to_string(run), bytes, chunk);
      up[locations[i]].push_back(u);
      down[locations[i]].push_back(d);
      rss_growth[locations[i]] = std::max(rss_growth[locations[i]], peak_rss_kib() - before);
      std::cerr << "run " << run << " " << stores[i]->describe() << ": up " << u << " s, down " << d << " s\n";
    }
  }
  double mb = static_cast<double>(bytes) / 1e6;
  nlohmann::json out = {{"bytes", bytes},
                        {"runs", runs},
                        {"disk_write_mb_s", mb / bench::median(disk_w)},
                        {"disk_read_mb_s", mb / bench::median(disk_r)}};
  for (std::size_t i = 0; i < stores.size(); ++i) {
    const auto& url = locations[i];
    out["backends"].push_back({{"location", stores[i]->describe()},
                               {"upload_mb_s", mb / bench::median(up[url])},
                               {"download_mb_s", mb / bench::median(down[url])},
                               {"upload_time_over_disk_write", bench::median(up[url]) / bench::median(disk_w)},
                               {"download_time_over_disk_read", bench::median(down[url]) / bench::median(disk_r)},
                               {"peak_rss_growth_mib", rss_growth[url] / 1024.0}});
  }
  std::cout << out.dump(2) << std::endl;
  return 0;
}
