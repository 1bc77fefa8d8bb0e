#pragma once
// Stopping long engine runs (backups, restores) when their job is cancelled: the engine checks a
// std::stop_token at safe points and unwinds with Cancelled, which it reports as a failure whose
// reason says the run was cancelled.
#include <stdexcept>
#include <stop_token>
#include <string>

namespace coffer {

class Cancelled : public std::runtime_error {
 public:
  Cancelled() : std::runtime_error("cancelled") {}
};

inline void throw_if_cancelled(const std::stop_token& stop) {
  if (stop.stop_requested()) throw Cancelled();
}

}  // namespace coffer
