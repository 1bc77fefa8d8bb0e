#include "server/auth/redact.h"

#include <algorithm>
#include <utility>

namespace coffer::auth {

std::string redact_secrets(std::string text, const std::vector<std::string>& secrets) {
  std::vector<std::pair<size_t, size_t>> spans;  // [begin, end)
  for (const std::string& secret : secrets) {
    if (secret.empty()) continue;
    for (size_t pos = text.find(secret); pos != std::string::npos; pos = text.find(secret, pos + 1))
      spans.emplace_back(pos, pos + secret.size());
  }
  if (spans.empty()) return text;
  std::sort(spans.begin(), spans.end());
  std::string out;
  out.reserve(text.size());
  size_t copied = 0;
  for (size_t i = 0; i < spans.size();) {
    size_t begin = spans[i].first, end = spans[i].second;
    for (++i; i < spans.size() && spans[i].first <= end; ++i) end = std::max(end, spans[i].second);
    out.append(text, copied, begin - copied);
    out += "***";
    copied = end;
  }
  out.append(text, copied, std::string::npos);
  return out;
}

}  // namespace coffer::auth
