#pragma once
// PodIpAllocator: unique pod IPs. Each node hands out addresses from its spec.podCIDR; when the
// node has none or it is full, addresses come from an overflow range (10.248.0.0/13). Addresses
// already in use (pods seen at start) are marked with reserve().
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>

namespace coffer::kubesim::controllers {

class PodIpAllocator {
 public:
  // An unused address for a pod on a node whose podCIDR is `node_cidr` ("" if none).
  std::optional<std::string> allocate(const std::string& node_cidr);
  void reserve(const std::string& ip);
  void release(const std::string& ip);
  bool in_use(const std::string& ip) const;

  static std::optional<uint32_t> parse_ip(const std::string& text);
  static std::string format_ip(uint32_t ip);

 private:
  struct Range {
    uint32_t first = 0, last = 0, cursor = 0;
  };
  std::optional<uint32_t> take(Range& range);

  std::set<uint32_t> used_;
  std::map<std::string, Range> node_ranges_;
  Range overflow_{0x0AF80002u, 0x0AFFFFFEu, 0x0AF80002u};  // 10.248.0.2 - 10.255.255.254
};

}  // namespace coffer::kubesim::controllers
