#pragma once
// WorkQueue: keys waiting for a controller's reconcile, each at most once. A key is ready now
// or due later; adding a key that is already ready, or due sooner, does nothing. Ready keys are
// served first in, first out. Not thread-safe (the manager thread owns it).
#include <chrono>
#include <compare>
#include <cstddef>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>

namespace coffer::kubesim::controllers {

struct WorkItem {
  size_t controller = 0;  // index of the controller in the manager
  std::string key;
  auto operator<=>(const WorkItem&) const = default;
};

class WorkQueue {
 public:
  using Clock = std::chrono::steady_clock;

  void add(WorkItem item, Clock::time_point due);
  // Moves every item due by `now` to the ready list, then pops the first ready one.
  std::optional<WorkItem> pop(Clock::time_point now);
  std::optional<Clock::time_point> next_due() const;
  bool has_ready() const { return !ready_.empty(); }
  size_t size() const { return ready_.size() + due_.size(); }
  void clear();

 private:
  void promote(Clock::time_point now);

  std::deque<WorkItem> ready_;
  std::set<WorkItem> is_ready_;
  std::map<WorkItem, Clock::time_point> due_;           // delayed item → when
  std::multimap<Clock::time_point, WorkItem> by_time_;  // when → delayed item
};

}  // namespace coffer::kubesim::controllers
