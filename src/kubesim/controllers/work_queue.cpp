#include "kubesim/controllers/work_queue.h"

namespace coffer::kubesim::controllers {

void WorkQueue::add(WorkItem item, Clock::time_point due) {
  if (is_ready_.count(item)) return;
  auto delayed = due_.find(item);
  if (delayed != due_.end()) {
    if (delayed->second <= due) return;
    auto range = by_time_.equal_range(delayed->second);
    for (auto it = range.first; it != range.second; ++it)
      if (it->second == item) {
        by_time_.erase(it);
        break;
      }
    due_.erase(delayed);
  }
  if (due <= Clock::now()) {
    is_ready_.insert(item);
    ready_.push_back(std::move(item));
    return;
  }
  due_.emplace(item, due);
  by_time_.emplace(due, std::move(item));
}

void WorkQueue::promote(Clock::time_point now) {
  while (!by_time_.empty() && by_time_.begin()->first <= now) {
    WorkItem item = std::move(by_time_.begin()->second);
    by_time_.erase(by_time_.begin());
    due_.erase(item);
    if (is_ready_.insert(item).second) ready_.push_back(std::move(item));
  }
}

std::optional<WorkItem> WorkQueue::pop(Clock::time_point now) {
  promote(now);
  if (ready_.empty()) return std::nullopt;
  WorkItem item = std::move(ready_.front());
  ready_.pop_front();
  is_ready_.erase(item);
  return item;
}

std::optional<WorkQueue::Clock::time_point> WorkQueue::next_due() const {
  if (!ready_.empty()) return Clock::now();
  if (by_time_.empty()) return std::nullopt;
  return by_time_.begin()->first;
}

void WorkQueue::clear() {
  ready_.clear();
  is_ready_.clear();
  due_.clear();
  by_time_.clear();
}

}  // namespace coffer::kubesim::controllers
