#pragma once

// Credentials for the object-storage backends, in the formats Velero's plugins read (the
// content of the BSL credential Secret) and from each provider's standard environment:
//
//   AWS:   an AWS shared credentials file ([profile] sections with aws_access_key_id,
//          aws_secret_access_key, aws_session_token); or AWS_ACCESS_KEY_ID /
//          AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN; or the file named by
//          AWS_SHARED_CREDENTIALS_FILE (default ~/.aws/credentials) with AWS_PROFILE.
//   Azure: Velero's env file (KEY=VALUE lines: AZURE_STORAGE_ACCOUNT_ACCESS_KEY,
//          AZURE_SUBSCRIPTION_ID, AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET,
//          AZURE_RESOURCE_GROUP, AZURE_CLOUD_NAME, AZURE_STORAGE_SAS_TOKEN); or the same
//          variables in the environment (plus AZURE_STORAGE_KEY, AZURE_STORAGE_ACCOUNT).
//   GCP:   a service-account key JSON (type service_account, client_email, private_key,
//          token_uri); or the file named by GOOGLE_APPLICATION_CREDENTIALS.
//
// Errors (CredentialsError) name the file or variable and the missing field, never a value.

#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>

namespace coffer::storage {

class CredentialsError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// Environment lookup (std::getenv in production, a map in tests).
using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;
EnvLookup process_env();

struct AwsCredentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;
};

// Parses a shared credentials file; profile "" means "default". `source` names the file in errors.
AwsCredentials parse_aws_credentials_file(const std::string& text, const std::string& profile,
                                          const std::string& source = "credentials file");
// Environment variables first, then the shared credentials file. profile "" = AWS_PROFILE or "default".
AwsCredentials aws_credentials_from_env(const EnvLookup& env, const std::string& profile = "");

struct AzureCredentials {
  std::string storage_account;  // may come from the location's storageAccount instead
  std::string account_key;      // Shared Key (base64)
  std::string sas_token;        // without the leading '?'
  std::map<std::string, std::string> values;  // every AZURE_* entry read (tenant, client id, ...)
};

AzureCredentials parse_azure_env_file(const std::string& text, const std::string& source = "credentials file");
AzureCredentials azure_credentials_from_env(const EnvLookup& env);

struct GcpServiceAccount {
  std::string client_email;
  std::string private_key_pem;
  std::string private_key_id;
  std::string token_uri = "https://oauth2.googleapis.com/token";
  std::string project_id;
};

GcpServiceAccount parse_gcp_service_account(const std::string& json_text, const std::string& source = "service account key");
GcpServiceAccount gcp_credentials_from_env(const EnvLookup& env);

}  // namespace coffer::storage
