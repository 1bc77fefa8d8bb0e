#pragma once
// BackoffSet: keys a controller keeps retrying on resync (unschedulable pods, claims waiting
// for a volume, snapshots waiting for their claim), each retried after a delay that doubles from
// 1 s up to 60 s, so that many long-unsettled keys cost little. Events that may settle a key
// are expected to enqueue it directly; this is only the safety net.
#include <algorithm>
#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace coffer::kubesim::controllers {

class BackoffSet {
 public:
  using Clock = std::chrono::steady_clock;

  // Adds a key (first retry after 1 s); a key already present keeps its backoff.
  void insert(const std::string& key) { entries_.try_emplace(key, Entry{0, Clock::now() + kFirst}); }
  void erase(const std::string& key) { entries_.erase(key); }
  bool contains(const std::string& key) const { return entries_.count(key) != 0; }
  bool empty() const { return entries_.empty(); }

  // Keys whose retry time has come; each one's next retry is pushed back.
  std::vector<std::string> due(Clock::time_point now = Clock::now()) {
    std::vector<std::string> out;
    for (auto& [key, entry] : entries_) {
      if (entry.next > now) continue;
      out.push_back(key);
      entry.attempts = std::min(entry.attempts + 1, 6);
      entry.next = now + std::min<Clock::duration>(kFirst * (1 << entry.attempts), kMax);
    }
    return out;
  }
  // Every key (for events that may settle all of them at once).
  std::vector<std::string> keys() const {
    std::vector<std::string> out;
    for (const auto& [key, entry] : entries_) out.push_back(key);
    return out;
  }

 private:
  static constexpr std::chrono::seconds kFirst{1};
  static constexpr std::chrono::seconds kMax{60};
  struct Entry {
    int attempts;
    Clock::time_point next;
  };
  std::map<std::string, Entry> entries_;
};

}  // namespace coffer::kubesim::controllers
