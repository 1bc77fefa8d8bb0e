#pragma once
// Random identifiers from the OS CSPRNG (OpenSSL RAND_bytes).
#include <string>

namespace coffer {
std::string random_uuid();                    // RFC 4122 version 4, lower-case
std::string random_alnum(size_t length);      // [a-z0-9], e.g. generateName suffixes
std::string random_token(size_t bytes = 32);  // URL-safe base64, for bearer tokens
}  // namespace coffer
