#include "storage/s3/sigv4.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include <algorithm>
#include <ctime>
#include <stdexcept>

#include "common/rfc3339.h"
#include "common/text.h"

namespace coffer::storage::s3 {
namespace {

constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256";

bool is_unreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

// Trimmed, with CR/LF/TAB turned into spaces and runs of spaces collapsed.
std::string canonical_header_value(std::string_view v) {
  std::string out;
  out.reserve(v.size());
  bool space = false;
  for (char c : v) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

void set_header(Params& headers, std::string name, std::string value) {
  for (auto it = headers.begin(); it != headers.end();) {
    if (to_lower(it->first) == name) {
      it = headers.erase(it);
    } else {
      ++it;
    }
  }
  headers.emplace_back(std::move(name), std::move(value));
}

struct CanonicalHeaders {
  std::string block;        // "name:value\n" lines
  std::string signed_list;  // "a;b;c"
};

CanonicalHeaders canonicalize_headers(const Params& headers) {
  std::vector<std::pair<std::string, std::string>> lowered;
  lowered.reserve(headers.size());
  for (const auto& [name, value] : headers) {
    std::string lname = to_lower(trim(name));
    std::string cvalue = canonical_header_value(value);
    auto same = std::find_if(lowered.begin(), lowered.end(),
                             [&lname](const auto& h) { return h.first == lname; });
    if (same != lowered.end()) {
      same->second += "," + cvalue;  // repeated headers: values joined with ','
    } else {
      lowered.emplace_back(std::move(lname), std::move(cvalue));
    }
  }
  std::sort(lowered.begin(), lowered.end());
  CanonicalHeaders out;
  for (const auto& [name, value] : lowered) {
    out.block += name + ":" + value + "\n";
    if (!out.signed_list.empty()) out.signed_list += ';';
    out.signed_list += name;
  }
  return out;
}

bool has_host(const Params& headers) {
  return std::any_of(headers.begin(), headers.end(),
                     [](const auto& h) { return to_lower(h.first) == "host"; });
}

std::string scope_string(std::string_view date, const Scope& scope) {
  return std::string(date) + "/" + scope.region + "/" + scope.service + "/aws4_request";
}

// Fills everything but authorization.
Signature compute(const SignRequest& req, const Credentials& creds, const Scope& scope,
                  const std::string& date_time) {
  if (!has_host(req.headers)) throw std::invalid_argument("sigv4: the host header is required");
  if (req.path.empty() || req.path[0] != '/') {
    throw std::invalid_argument("sigv4: the path must start with '/'");
  }
  Signature s;
  CanonicalHeaders ch = canonicalize_headers(req.headers);
  s.signed_headers = ch.signed_list;
  s.canonical_request = req.method + "\n" + encode_path(req.path) + "\n" +
                        canonical_query(req.query) + "\n" + ch.block + "\n" + ch.signed_list +
                        "\n" + req.payload_hash;
  std::string date = date_time.substr(0, 8);
  s.string_to_sign = std::string(kAlgorithm) + "\n" + date_time + "\n" + scope_string(date, scope) +
                     "\n" + sha256_hex(s.canonical_request);
  s.signature =
      hex_encode(hmac_sha256(signing_key(creds.secret_key, date, scope), s.string_to_sign));
  return s;
}

}  // namespace

std::string uri_encode(std::string_view s, bool encode_slash) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size() + s.size() / 2);
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if (is_unreserved(c) || (c == '/' && !encode_slash)) {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string canonical_query(const Params& query) {
  std::vector<std::pair<std::string, std::string>> encoded;
  encoded.reserve(query.size());
  for (const auto& [name, value] : query) {
    encoded.emplace_back(uri_encode(name, true), uri_encode(value, true));
  }
  std::sort(encoded.begin(), encoded.end());
  std::string out;
  for (const auto& [name, value] : encoded) {
    if (!out.empty()) out += '&';
    out += name;
    out += '=';
    out += value;
  }
  return out;
}

std::string hex_encode(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (char ch : bytes) {
    auto c = static_cast<unsigned char>(ch);
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out;
}

std::string sha256_hex(std::string_view data) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  if (EVP_Digest(data.data(), data.size(), digest, nullptr, EVP_sha256(), nullptr) != 1) {
    throw std::runtime_error("sigv4: SHA-256 failed");
  }
  return hex_encode(std::string_view(reinterpret_cast<const char*>(digest), sizeof digest));
}

std::string hmac_sha256(std::string_view key, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
           reinterpret_cast<const unsigned char*>(data.data()), data.size(), out,
           &len) == nullptr) {
    throw std::runtime_error("sigv4: HMAC-SHA256 failed");
  }
  return std::string(reinterpret_cast<const char*>(out), len);
}

std::string signing_key(std::string_view secret, std::string_view date, const Scope& scope) {
  std::string k = hmac_sha256("AWS4" + std::string(secret), date);
  k = hmac_sha256(k, scope.region);
  k = hmac_sha256(k, scope.service);
  return hmac_sha256(k, "aws4_request");
}

std::string amz_date(SystemTime t) { return format_utc(t, "%Y%m%dT%H%M%SZ"); }

Signature sign_request(SignRequest& req, const Credentials& creds, const Scope& scope,
                       SystemTime now) {
  std::string date_time = amz_date(now);
  set_header(req.headers, "x-amz-date", date_time);
  if (scope.service == "s3") set_header(req.headers, "x-amz-content-sha256", req.payload_hash);
  if (!creds.session_token.empty()) {
    set_header(req.headers, "x-amz-security-token", creds.session_token);
  }
  Signature s = compute(req, creds, scope, date_time);
  s.authorization = std::string(kAlgorithm) + " Credential=" + creds.access_key + "/" +
                    scope_string(date_time.substr(0, 8), scope) +
                    ",SignedHeaders=" + s.signed_headers + ",Signature=" + s.signature;
  return s;
}

std::string presign_url(const std::string& base_url, SignRequest req, const Credentials& creds,
                        const Scope& scope, SystemTime now, std::int64_t expires_seconds,
                        Signature* details) {
  if (expires_seconds < 1 || expires_seconds > 7 * 24 * 3600) {
    throw std::invalid_argument("sigv4: presigned URLs expire after 1 second to 7 days");
  }
  std::string date_time = amz_date(now);
  if (req.payload_hash.empty()) req.payload_hash = std::string(kUnsignedPayload);
  req.query.emplace_back("X-Amz-Algorithm", std::string(kAlgorithm));
  req.query.emplace_back("X-Amz-Credential",
                         creds.access_key + "/" + scope_string(date_time.substr(0, 8), scope));
  req.query.emplace_back("X-Amz-Date", date_time);
  req.query.emplace_back("X-Amz-Expires", std::to_string(expires_seconds));
  if (!creds.session_token.empty())
    req.query.emplace_back("X-Amz-Security-Token", creds.session_token);
  req.query.emplace_back("X-Amz-SignedHeaders", canonicalize_headers(req.headers).signed_list);
  Signature s = compute(req, creds, scope, date_time);
  std::string url = base_url + encode_path(req.path) + "?" + canonical_query(req.query) +
                    "&X-Amz-Signature=" + s.signature;
  if (details != nullptr) *details = std::move(s);
  return url;
}

}  // namespace coffer::storage::s3
