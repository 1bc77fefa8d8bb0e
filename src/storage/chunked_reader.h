#pragma once

// ChunkedReader: an ObjectReader that serves read() from one chunk at a time, the chunk fetched
// (a ranged GET in the object-store backends) when the previous one is used up.

#include <algorithm>
#include <cstring>
#include <string>

#include "storage/object_store.h"

namespace coffer::storage {

class ChunkedReader : public ObjectReader {
 public:
  std::size_t read(char* buffer, std::size_t n) final {
    while (used_ == chunk_.size()) {
      if (done_) return 0;
      next_chunk();
    }
    std::size_t len = std::min(n, chunk_.size() - used_);
    std::memcpy(buffer, chunk_.data() + used_, len);
    used_ += len;
    return len;
  }

 protected:
  // Puts the next bytes into chunk (empty on entry; may stay empty); returns false when nothing
  // follows them. Throws StorageError.
  virtual bool fetch_next(std::string& chunk) = 0;

  // Replaces the chunk with the next one. A derived constructor calls it last, for the first
  // chunk, so that opening a missing object throws ObjectNotFound rather than the first read().
  void next_chunk() {
    chunk_.clear();
    used_ = 0;
    done_ = !fetch_next(chunk_);
  }

 private:
  std::string chunk_;
  std::size_t used_ = 0;
  bool done_ = false;
};

}  // namespace coffer::storage
