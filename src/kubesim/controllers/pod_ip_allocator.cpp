#include "kubesim/controllers/pod_ip_allocator.h"

#include <arpa/inet.h>

namespace coffer::kubesim::controllers {

std::optional<uint32_t> PodIpAllocator::parse_ip(const std::string& text) {
  in_addr addr{};
  if (inet_pton(AF_INET, text.c_str(), &addr) != 1) return std::nullopt;
  return ntohl(addr.s_addr);
}

std::string PodIpAllocator::format_ip(uint32_t ip) {
  in_addr addr{htonl(ip)};
  char text[INET_ADDRSTRLEN];
  inet_ntop(AF_INET, &addr, text, sizeof text);
  return text;
}

std::optional<uint32_t> PodIpAllocator::take(Range& range) {
  if (range.last < range.first) return std::nullopt;
  uint64_t size = uint64_t(range.last) - range.first + 1;
  if (range.cursor < range.first || range.cursor > range.last) range.cursor = range.first;
  for (uint64_t tried = 0; tried < size; ++tried) {
    uint32_t candidate = range.cursor;
    range.cursor = candidate == range.last ? range.first : candidate + 1;
    uint32_t low = candidate & 0xFFu;
    if (low == 0 || low == 255) continue;  // keep .0 and .255 out, as humans expect
    if (used_.insert(candidate).second) return candidate;
  }
  return std::nullopt;
}

std::optional<std::string> PodIpAllocator::allocate(const std::string& node_cidr) {
  if (!node_cidr.empty()) {
    auto it = node_ranges_.find(node_cidr);
    if (it == node_ranges_.end()) {
      Range range;
      size_t slash = node_cidr.find('/');
      auto base = parse_ip(node_cidr.substr(0, slash));
      int bits = -1;
      try {
        if (slash != std::string::npos) bits = std::stoi(node_cidr.substr(slash + 1));
      } catch (const std::exception&) {
      }
      if (base && bits >= 8 && bits <= 30) {
        uint32_t mask = ~uint32_t(0) << (32 - bits);
        range.first = (*base & mask) + 2;  // .1 is the node's gateway
        range.last = (*base | ~mask) - 1;
        range.cursor = range.first;
      } else {
        range.first = 1;
        range.last = 0;  // empty
      }
      it = node_ranges_.emplace(node_cidr, range).first;
    }
    if (auto ip = take(it->second)) return format_ip(*ip);
  }
  if (auto ip = take(overflow_)) return format_ip(*ip);
  return std::nullopt;
}

void PodIpAllocator::reserve(const std::string& ip) {
  if (auto parsed = parse_ip(ip)) used_.insert(*parsed);
}

void PodIpAllocator::release(const std::string& ip) {
  if (auto parsed = parse_ip(ip)) used_.erase(*parsed);
}

bool PodIpAllocator::in_use(const std::string& ip) const {
  auto parsed = parse_ip(ip);
  return parsed && used_.count(*parsed);
}

}  // namespace coffer::kubesim::controllers
