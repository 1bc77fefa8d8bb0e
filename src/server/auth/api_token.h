#pragma once
// API tokens (and web UI session tokens) for the coffer control plane.
//
// A token looks like   coffer_<id>_<secret>
//   id:     12 characters [a-z0-9] (common/random_id.h random_alnum), not secret: the lookup key
//   secret: 32 random bytes, base64url without padding (43 characters; may itself contain '_')
// The server stores only id and token_digest(secret) (SHA-256, lower-case hex). A database leak
// therefore does not reveal usable tokens, and since the secret has 256 bits of entropy a fast
// hash is sufficient (no salt or slow KDF needed, unlike passwords).
//
// Session tokens for the web UI login use the same mechanism: issue_token() at login, store
// (id, digest, user, expiry) in a sessions table, and send `display` as the cookie value.
#include <optional>
#include <string>
#include <string_view>

namespace coffer::auth {

inline constexpr std::string_view kTokenPrefix = "coffer_";
inline constexpr size_t kTokenIdLength = 12;
inline constexpr size_t kTokenSecretLength = 43;  // base64url of 32 bytes
inline constexpr size_t kTokenLength = kTokenPrefix.size() + kTokenIdLength + 1 + kTokenSecretLength;

struct IssuedToken {
  std::string id;       // store (lookup key; may be shown in token lists)
  std::string secret;   // never store; store token_digest(secret) instead
  std::string display;  // the full token "coffer_<id>_<secret>": show to the user once
};

struct ParsedToken {
  std::string id;
  std::string secret;
};

IssuedToken issue_token();

// SHA-256 of the secret as 64 lower-case hex characters: what the server stores.
std::string token_digest(std::string_view secret);

// Splits a presented token into id and secret. nullopt unless it has exactly the shape issue_token()
// produces (prefix, lengths, alphabets, separator). Callers strip "Bearer " first.
std::optional<ParsedToken> parse_token(std::string_view token);

// Constant-time check of a presented secret against a stored digest. False for malformed digests.
bool token_matches(std::string_view secret, std::string_view stored_digest);

}  // namespace coffer::auth
