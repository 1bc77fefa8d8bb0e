#include "storage/azure/azure_auth.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <ctime>
#include <map>
#include <stdexcept>

#include "common/base64.h"
#include "common/text.h"

namespace coffer::storage::azure {

namespace {

constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// Trims and folds each run of whitespace outside double quotes into one space.
std::string fold_value(std::string_view v) {
  v = trim(v);
  std::string out;
  bool quoted = false;
  bool pending_space = false;
  for (char c : v) {
    if (!quoted && is_space(c)) {
      pending_space = true;
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    if (c == '"') quoted = !quoted;
    out += c;
  }
  return out;
}

std::string header_value(const BlobRequest& r, std::string_view name) {
  for (const auto& [k, v] : r.headers)
    if (to_lower(k) == name) return std::string(trim(v));
  return {};
}

}  // namespace

std::string format_http_date(std::int64_t unix_seconds) {
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d GMT", kDays[tm.tm_wday], tm.tm_mday,
                kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buf;
}

std::int64_t parse_http_date(std::string_view text) {
  std::string s(trim(text));
  char wday[8] = {}, mon[8] = {}, zone[8] = {};
  int day = 0, year = 0, hh = 0, mm = 0, ss = 0;
  if (std::sscanf(s.c_str(), "%3s, %d %3s %d %d:%d:%d %3s", wday, &day, mon, &year, &hh, &mm, &ss, zone) != 8 ||
      std::string_view(zone) != "GMT")
    throw std::invalid_argument("not an RFC 1123 date: '" + s + "'");
  int month = -1;
  for (int i = 0; i < 12; ++i)
    if (std::string_view(mon) == kMonths[i]) month = i;
  if (month < 0 || day < 1 || day > 31 || hh > 23 || mm > 59 || ss > 60)
    throw std::invalid_argument("not an RFC 1123 date: '" + s + "'");
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = month;
  tm.tm_mday = day;
  tm.tm_hour = hh;
  tm.tm_min = mm;
  tm.tm_sec = ss;
  return static_cast<std::int64_t>(timegm(&tm));
}

std::string canonicalized_headers(const std::vector<std::pair<std::string, std::string>>& headers) {
  std::map<std::string, std::string> ms;
  for (const auto& [k, v] : headers) {
    std::string name = to_lower(trim(k));
    if (name.rfind("x-ms-", 0) != 0) continue;
    auto it = ms.find(name);
    if (it == ms.end())
      ms.emplace(name, fold_value(v));
    else
      it->second += "," + fold_value(v);
  }
  std::string out;
  for (const auto& [k, v] : ms) out += k + ":" + v + "\n";
  return out;
}

std::string canonicalized_resource(const std::string& account, const BlobRequest& request) {
  std::string out = "/" + account + (request.path.empty() ? "/" : request.path);
  std::map<std::string, std::vector<std::string>> params;
  for (const auto& [k, v] : request.query) params[to_lower(k)].push_back(v);
  for (auto& [k, values] : params) {
    std::sort(values.begin(), values.end());
    out += "\n" + k + ":" + join(values, ",");
  }
  return out;
}

std::string string_to_sign(const std::string& account, const BlobRequest& r) {
  std::string s = r.method + "\n";
  s += header_value(r, "content-encoding") + "\n";
  s += header_value(r, "content-language") + "\n";
  s += (r.content_length == 0 ? std::string() : std::to_string(r.content_length)) + "\n";
  s += header_value(r, "content-md5") + "\n";
  s += header_value(r, "content-type") + "\n";
  s += header_value(r, "date") + "\n";
  s += header_value(r, "if-modified-since") + "\n";
  s += header_value(r, "if-match") + "\n";
  s += header_value(r, "if-none-match") + "\n";
  s += header_value(r, "if-unmodified-since") + "\n";
  s += header_value(r, "range") + "\n";
  s += canonicalized_headers(r.headers);
  s += canonicalized_resource(account, r);
  return s;
}

namespace {
std::string decode_key(std::string_view base64_key) {
  try {
    std::string key = base64_decode(base64_key);
    if (key.empty()) throw std::invalid_argument("empty");
    return key;
  } catch (const std::invalid_argument&) {
    throw std::invalid_argument("the Azure storage account key is not valid base64");
  }
}

std::string hmac_raw_key(const std::string& key, std::string_view data) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (!HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
            reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac, &len))
    throw std::runtime_error("HMAC-SHA256 failed");
  return base64_encode(std::string_view(reinterpret_cast<const char*>(mac), len));
}
}  // namespace

std::string hmac_sha256_base64(std::string_view base64_key, std::string_view data) {
  return hmac_raw_key(decode_key(base64_key), data);
}

SharedKeySigner::SharedKeySigner(std::string account, std::string base64_key)
    : account_(std::move(account)), key_(decode_key(base64_key)) {}

std::string SharedKeySigner::authorization(const BlobRequest& request) const {
  return "SharedKey " + account_ + ":" + hmac_raw_key(key_, string_to_sign(account_, request));
}

std::string normalize_sas_token(std::string_view token) {
  token = trim(token);
  if (!token.empty() && token.front() == '?') token.remove_prefix(1);
  return std::string(token);
}

std::string encode_path(std::string_view path) {
  std::string out;
  std::size_t start = 0;
  for (;;) {
    std::size_t slash = path.find('/', start);
    out += url_encode(path.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start));
    if (slash == std::string_view::npos) break;
    out += '/';
    start = slash + 1;
  }
  return out;
}

}  // namespace coffer::storage::azure
