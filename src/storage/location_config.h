#pragma once

// LocationConfig: where a storage location is, in one form for every backend, built either from
// a location URL (the CLI's --location) or from the fields of a Velero BackupStorageLocation
// (what the control plane stores). Credentials are separate (location_credentials.h) and never
// part of a LocationConfig, its describe() or its errors.
//
// URLs:
//   file:///absolute/path
//   s3://bucket[/prefix][?region=R&endpoint=URL&force-path-style=true&insecure-skip-tls-verify=true&profile=P]
//   azure://container[/prefix][?account=A&endpoint=URL&resource-group=G]
//   gs://bucket[/prefix]
// Velero's rules (velero-format.md §1.1): leading and trailing '/' are trimmed from the bucket
// and the prefix; a '/' inside the bucket name is refused with advice to move it into the prefix
// (AWS multi-region access point ARNs excepted).
//
// BSL fields map as Velero reads them: provider aws | velero.io/aws | azure | velero.io/azure |
// gcp | velero.io/gcp (and our "filesystem", whose bucket is the root path); config keys
// region, s3Url, s3ForcePathStyle, insecureSkipTLSVerify, profile, storageAccount,
// resourceGroup, subscriptionId, ... are kept verbatim in `config`; objectStorage.caCert is
// base64 PEM; accessMode ReadOnly makes the location read-only.

#include <map>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

namespace coffer::storage {

class LocationConfigError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

enum class Provider { Filesystem, Aws, Azure, Gcp };

std::string provider_name(Provider p);  // "filesystem", "aws", "azure", "gcp"

struct LocationConfig {
  Provider provider = Provider::Filesystem;
  std::string bucket;  // bucket (aws, gcp), container (azure), absolute root path (filesystem)
  std::string prefix;  // no leading or trailing '/'
  std::map<std::string, std::string> config;  // Velero BSL config keys (region, s3Url, ...)
  std::string ca_cert_pem;
  bool read_only = false;

  std::string config_value(const std::string& key, const std::string& fallback = "") const;
  bool config_flag(const std::string& key) const;  // "true"/"1"/"yes" (case-insensitive)

  // The location as a URL without credentials, e.g. "s3://backups/prod?region=eu-west-1".
  std::string describe() const;
};

// Throws LocationConfigError naming the part of the URL and the expected form.
LocationConfig parse_location_url(const std::string& url);

// From a Velero BackupStorageLocation .spec (or the whole object; .spec is used when present).
// Throws LocationConfigError naming the field ("spec.objectStorage.bucket: ...").
LocationConfig location_from_bsl(const nlohmann::json& bsl);

}  // namespace coffer::storage
