#pragma once

// ProgressBar: one self-rewriting line on a terminal ("[=====>    ] 12,345/300,000 items 4.1%
// 52,000 items/s"), or, when the stream is not a terminal, a plain line every few seconds so logs
// of scripted runs still show progress. Thread-safe.

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <mutex>
#include <string>

namespace coffer::cli {

class ProgressBar {
 public:
  explicit ProgressBar(std::FILE* out, bool enabled = true);
  // done/total items; total 0 = unknown. label is shown after the figures (e.g. the phase).
  void update(std::uint64_t done, std::uint64_t total, const std::string& label);
  void finish();  // ends the line on a terminal
  bool is_terminal() const { return tty_; }

  static std::string with_commas(std::uint64_t n);
  static std::string render(std::uint64_t done, std::uint64_t total, double rate, const std::string& label, int width);

 private:
  std::FILE* out_;
  bool enabled_;
  bool tty_;
  bool drawn_ = false;
  std::mutex mu_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_plain_ = start_;  // first plain line after 5 s
};

}  // namespace coffer::cli
