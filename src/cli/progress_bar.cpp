#include "cli/progress_bar.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>

namespace coffer::cli {

ProgressBar::ProgressBar(std::FILE* out, bool enabled)
    : out_(out), enabled_(enabled), tty_(::isatty(::fileno(out)) == 1) {}

std::string ProgressBar::with_commas(std::uint64_t n) {
  std::string s = std::to_string(n);
  for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) s.insert(static_cast<std::size_t>(i), ",");
  return s;
}

std::string ProgressBar::render(std::uint64_t done, std::uint64_t total, double rate, const std::string& label, int width) {
  std::string line;
  if (total > 0) {
    double frac = std::min(1.0, static_cast<double>(done) / static_cast<double>(total));
    if (width > 0) {
      int filled = static_cast<int>(std::floor(frac * width));
      line = "[" + std::string(static_cast<std::size_t>(filled), '=');
      if (filled < width) line += ">" + std::string(static_cast<std::size_t>(width - filled - 1), ' ');
      line += "] ";
    }
    line += with_commas(done) + "/" + with_commas(total) + " items";
    char pct[16];
    std::snprintf(pct, sizeof pct, " %5.1f%%", frac * 100);
    line += pct;
  } else {
    line = with_commas(done) + " items";
  }
  line += "  " + with_commas(static_cast<std::uint64_t>(rate)) + " items/s";
  if (!label.empty()) line += "  " + label;
  return line;
}

void ProgressBar::update(std::uint64_t done, std::uint64_t total, const std::string& label) {
  if (!enabled_) return;
  std::lock_guard lock(mu_);
  auto now = std::chrono::steady_clock::now();
  double secs = std::chrono::duration<double>(now - start_).count();
  double rate = secs > 0.05 ? static_cast<double>(done) / secs : 0;
  if (tty_) {
    std::fprintf(out_, "\r\033[K%s", render(done, total, rate, label, 30).c_str());
    std::fflush(out_);
    drawn_ = true;
  } else if (now - last_plain_ >= std::chrono::seconds(5)) {
    last_plain_ = now;
    std::fprintf(out_, "progress: %s\n", render(done, total, rate, label, 0).c_str());
    std::fflush(out_);
  }
}

void ProgressBar::finish() {
  std::lock_guard lock(mu_);
  if (enabled_ && tty_ && drawn_) {
    std::fprintf(out_, "\n");
    std::fflush(out_);
  }
  drawn_ = false;
}

}  // namespace coffer::cli
