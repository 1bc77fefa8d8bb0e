#pragma once
// Standard base64 (RFC 4648 §4) with padding. decode() throws std::invalid_argument on bad input
// and accepts unpadded input, as Kubernetes' []byte JSON fields and kubeconfig *-data fields do.
#include <string>
#include <string_view>

namespace coffer {
std::string base64_encode(std::string_view bytes);
std::string base64_decode(std::string_view text);
// URL-safe alphabet (RFC 4648 §5), without padding: for tokens that travel in URLs.
std::string base64url_encode(std::string_view bytes);
std::string base64url_decode(std::string_view text);
}  // namespace coffer
