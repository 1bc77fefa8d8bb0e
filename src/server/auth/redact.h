#pragma once
// Redaction of known secret values (passwords, tokens, access keys) from text that is about to be
// logged or returned in an error message.
#include <string>
#include <vector>

namespace coffer::auth {

// Replaces every occurrence of each non-empty secret with "***". Overlapping or adjacent
// occurrences (of the same or different secrets) become a single "***", so no fragment of a
// secret survives. Only exact byte matches are found: encoded forms (base64, URL-escaped) of a
// secret must be passed as secrets of their own.
std::string redact_secrets(std::string text, const std::vector<std::string>& secrets);

}  // namespace coffer::auth
