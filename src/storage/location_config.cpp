#include "storage/location_config.h"

#include <algorithm>
#include <vector>

#include "common/base64.h"
#include "common/text.h"

namespace coffer::storage {
namespace {

struct QueryKey {
  const char* url_name;
  const char* config_key;
};

// URL query parameters of each scheme and the BSL config key each one sets.
const std::vector<QueryKey>& query_keys(Provider p) {
  static const std::vector<QueryKey> aws = {{"region", "region"},
                                            {"endpoint", "s3Url"},
                                            {"force-path-style", "s3ForcePathStyle"},
                                            {"insecure-skip-tls-verify", "insecureSkipTLSVerify"},
                                            {"profile", "profile"},
                                            {"sse", "serverSideEncryption"},
                                            {"kms-key-id", "kmsKeyId"}};
  static const std::vector<QueryKey> azure = {{"account", "storageAccount"},
                                              {"endpoint", "storageAccountURI"},
                                              {"resource-group", "resourceGroup"},
                                              {"subscription-id", "subscriptionId"}};
  static const std::vector<QueryKey> gcp = {{"endpoint", "endpoint"}, {"project", "project"}};
  static const std::vector<QueryKey> none;
  switch (p) {
    case Provider::Aws: return aws;
    case Provider::Azure: return azure;
    case Provider::Gcp: return gcp;
    default: return none;
  }
}

std::string scheme_of(Provider p) {
  switch (p) {
    case Provider::Aws: return "s3";
    case Provider::Azure: return "azure";
    case Provider::Gcp: return "gs";
    default: return "file";
  }
}

std::string trim_slashes(std::string s) {
  while (!s.empty() && s.front() == '/') s.erase(s.begin());
  while (!s.empty() && s.back() == '/') s.pop_back();
  return s;
}

// Velero's bucket rule: no '/' inside (an AWS multi-region access point ARN is the exception).
void check_bucket(const std::string& bucket, const std::string& where) {
  if (bucket.empty()) throw LocationConfigError(where + ": the bucket name is empty");
  if (bucket.find('/') != std::string::npos && bucket.rfind("arn:aws:s3:", 0) != 0)
    throw LocationConfigError(where + ": bucket \"" + bucket +
                              "\" contains '/'; put the part after the first '/' in the prefix instead");
}

}  // namespace

std::string provider_name(Provider p) {
  switch (p) {
    case Provider::Aws: return "aws";
    case Provider::Azure: return "azure";
    case Provider::Gcp: return "gcp";
    default: return "filesystem";
  }
}

std::string LocationConfig::config_value(const std::string& key, const std::string& fallback) const {
  auto it = config.find(key);
  return it == config.end() ? fallback : it->second;
}

bool LocationConfig::config_flag(const std::string& key) const {
  std::string v = to_lower(config_value(key));
  return v == "true" || v == "1" || v == "yes";
}

std::string LocationConfig::describe() const {
  if (provider == Provider::Filesystem) return "file://" + bucket + (prefix.empty() ? "" : "/" + prefix);
  std::string out = scheme_of(provider) + "://" + bucket + (prefix.empty() ? "" : "/" + prefix);
  std::string query;
  for (const auto& k : query_keys(provider)) {
    auto it = config.find(k.config_key);
    if (it == config.end() || it->second.empty()) continue;
    query += (query.empty() ? "?" : "&") + std::string(k.url_name) + "=" + url_encode(it->second);
  }
  return out + query + (read_only ? (query.empty() ? "?read-only=true" : "&read-only=true") : "");
}

LocationConfig parse_location_url(const std::string& url) {
  auto sep = url.find("://");
  if (sep == std::string::npos || sep == 0)
    throw LocationConfigError("location \"" + url +
                              "\": expected file:///path, s3://bucket/prefix, azure://container/prefix or gs://bucket/prefix");
  std::string scheme = to_lower(url.substr(0, sep));
  std::string rest = url.substr(sep + 3);
  LocationConfig c;
  if (scheme == "file") c.provider = Provider::Filesystem;
  else if (scheme == "s3") c.provider = Provider::Aws;
  else if (scheme == "azure") c.provider = Provider::Azure;
  else if (scheme == "gs") c.provider = Provider::Gcp;
  else
    throw LocationConfigError("location scheme \"" + scheme +
                              "\" is not supported; use file://, s3://, azure:// or gs://");

  std::string query;
  if (auto q = rest.find('?'); q != std::string::npos) {
    query = rest.substr(q + 1);
    rest = rest.substr(0, q);
  }
  if (c.provider == Provider::Filesystem) {
    if (rest.empty() || rest.front() != '/')
      throw LocationConfigError("location \"" + url + "\": expected file:///absolute/path (three slashes)");
    std::string path = rest;
    while (path.size() > 1 && path.back() == '/') path.pop_back();
    c.bucket = path;
  } else {
    std::string decoded = url_decode(rest, false);
    auto slash = decoded.find('/');
    c.bucket = decoded.substr(0, slash);
    c.prefix = slash == std::string::npos ? "" : trim_slashes(decoded.substr(slash + 1));
    check_bucket(c.bucket, "location \"" + url + "\"");
  }

  for (const auto& part : split(query, '&')) {
    if (part.empty()) continue;
    auto eq = part.find('=');
    std::string key = url_decode(part.substr(0, eq), true);
    std::string value = eq == std::string::npos ? "true" : url_decode(part.substr(eq + 1), true);
    if (key == "read-only") {
      c.read_only = to_lower(value) == "true" || value == "1";
      continue;
    }
    const auto& keys = query_keys(c.provider);
    auto it = std::find_if(keys.begin(), keys.end(), [&](const QueryKey& k) { return key == k.url_name; });
    if (it == keys.end()) {
      std::string allowed = "read-only";
      for (const auto& k : keys) allowed += std::string(", ") + k.url_name;
      throw LocationConfigError("location \"" + url + "\": unknown parameter \"" + key + "\" for " + scheme +
                                "://; allowed: " + allowed);
    }
    c.config[it->config_key] = value;
  }
  return c;
}

LocationConfig location_from_bsl(const nlohmann::json& bsl) {
  const nlohmann::json& spec = bsl.contains("spec") && bsl["spec"].is_object() ? bsl["spec"] : bsl;
  auto str = [](const nlohmann::json& o, const char* key, const std::string& where) -> std::string {
    if (!o.contains(key) || o[key].is_null()) return "";
    if (!o[key].is_string()) throw LocationConfigError(where + ": must be a string");
    return o[key].get<std::string>();
  };
  LocationConfig c;
  std::string provider = to_lower(str(spec, "provider", "spec.provider"));
  if (provider.rfind("velero.io/", 0) == 0) provider = provider.substr(10);
  if (provider == "aws") c.provider = Provider::Aws;
  else if (provider == "azure") c.provider = Provider::Azure;
  else if (provider == "gcp") c.provider = Provider::Gcp;
  else if (provider == "filesystem") c.provider = Provider::Filesystem;
  else if (provider.empty()) throw LocationConfigError("spec.provider: required; use aws, azure, gcp or filesystem");
  else throw LocationConfigError("spec.provider: \"" + provider + "\" is not supported; use aws, azure, gcp or filesystem");

  if (!spec.contains("objectStorage") || !spec["objectStorage"].is_object())
    throw LocationConfigError("spec.objectStorage: required, with at least a bucket");
  const auto& os = spec["objectStorage"];
  std::string bucket = str(os, "bucket", "spec.objectStorage.bucket");
  if (c.provider == Provider::Filesystem) {
    if (bucket.empty() || bucket.front() != '/')
      throw LocationConfigError("spec.objectStorage.bucket: a filesystem location needs an absolute path");
    while (bucket.size() > 1 && bucket.back() == '/') bucket.pop_back();
    c.bucket = bucket;
  } else {
    c.bucket = trim_slashes(bucket);
    check_bucket(c.bucket, "spec.objectStorage.bucket");
  }
  c.prefix = trim_slashes(str(os, "prefix", "spec.objectStorage.prefix"));
  std::string ca = str(os, "caCert", "spec.objectStorage.caCert");
  if (!ca.empty()) {
    try {
      c.ca_cert_pem = base64_decode(ca);
    } catch (const std::exception&) {
      throw LocationConfigError("spec.objectStorage.caCert: not valid base64; give the PEM bundle base64-encoded");
    }
    if (c.ca_cert_pem.find("-----BEGIN CERTIFICATE-----") == std::string::npos)
      throw LocationConfigError("spec.objectStorage.caCert: does not hold a PEM certificate (-----BEGIN CERTIFICATE-----)");
  }
  if (spec.contains("config") && !spec["config"].is_null()) {
    if (!spec["config"].is_object()) throw LocationConfigError("spec.config: must be a map of strings");
    for (const auto& [k, v] : spec["config"].items()) {
      if (!v.is_string()) throw LocationConfigError("spec.config." + k + ": must be a string (quote it)");
      c.config[k] = v.get<std::string>();
    }
  }
  std::string mode = str(spec, "accessMode", "spec.accessMode");
  if (mode == "ReadOnly") c.read_only = true;
  else if (!mode.empty() && mode != "ReadWrite")
    throw LocationConfigError("spec.accessMode: \"" + mode + "\" is not ReadWrite or ReadOnly");
  return c;
}

}  // namespace coffer::storage
