#include "storage/factory/location_factory.h"

#include "storage/azure/azure_store.h"
#include "storage/gcs/gcs_store.h"
#include "storage/location_credentials.h"
#include "storage/read_only_store.h"
#include "storage/s3/s3_store.h"

namespace coffer::storage {
namespace {

std::unique_ptr<ObjectStore> open_s3(const LocationConfig& c, const std::string& credentials_file) {
  AwsCredentials creds = credentials_file.empty()
                             ? aws_credentials_from_env(process_env(), c.config_value("profile"))
                             : parse_aws_credentials_file(credentials_file, c.config_value("profile"), "AWS credentials");
  s3::S3Config s;
  s.bucket = c.bucket;
  s.prefix = c.prefix;
  s.region = c.config_value("region", "us-east-1");
  s.endpoint = c.config_value("s3Url");
  s.force_path_style = c.config_flag("s3ForcePathStyle");
  s.insecure_skip_tls_verify = c.config_flag("insecureSkipTLSVerify");
  s.ca_pem = c.ca_cert_pem;
  s.access_key = creds.access_key_id;
  s.secret_key = creds.secret_access_key;
  s.session_token = creds.session_token;
  // Velero's AWS plugin keys for server-side encryption.
  s.sse = c.config_value("serverSideEncryption");
  s.sse_kms_key_id = c.config_value("kmsKeyId");
  return std::make_unique<s3::S3Store>(s);
}

std::unique_ptr<ObjectStore> open_azure(const LocationConfig& c, const std::string& credentials_file) {
  AzureCredentials creds = credentials_file.empty() ? azure_credentials_from_env(process_env())
                                                    : parse_azure_env_file(credentials_file, "Azure credentials");
  return std::make_unique<azure::AzureBlobStore>(azure::azure_config_from_location(c, creds));
}

std::unique_ptr<ObjectStore> open_gcs(const LocationConfig& c, const std::string& credentials_file) {
  GcpServiceAccount sa = credentials_file.empty() ? gcp_credentials_from_env(process_env())
                                                  : parse_gcp_service_account(credentials_file, "GCP service account key");
  return std::make_unique<gcs::GcsStore>(gcs::gcs_config_from_location(c, sa));
}

std::unique_ptr<ObjectStore> open_backend(const LocationConfig& config, const std::string& credentials_file) {
  switch (config.provider) {
    case Provider::Filesystem: return open_location("file://" + config.bucket + (config.prefix.empty() ? "" : "/" + config.prefix));
    case Provider::Aws: return open_s3(config, credentials_file);
    case Provider::Azure: return open_azure(config, credentials_file);
    case Provider::Gcp: return open_gcs(config, credentials_file);
  }
  throw StorageError("unknown provider");
}

}  // namespace

std::unique_ptr<ObjectStore> open_store(const LocationConfig& config, const std::string& credentials_file) {
  auto store = open_backend(config, credentials_file);
  if (config.read_only) return std::make_unique<ReadOnlyStore>(std::move(store));
  return store;
}

std::unique_ptr<ObjectStore> open_store(const std::string& url) {
  return open_store(parse_location_url(url));
}

}  // namespace coffer::storage
