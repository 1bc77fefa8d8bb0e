#include "storage/location_credentials.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "common/text.h"

namespace coffer::storage {
namespace {

std::string read_file(const std::string& path, const std::string& what) {
  std::ifstream in(path);
  if (!in) throw CredentialsError(what + " " + path + " cannot be read");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string unquote(std::string v) {
  if (v.size() >= 2 && ((v.front() == '"' && v.back() == '"') || (v.front() == '\'' && v.back() == '\'')))
    v = v.substr(1, v.size() - 2);
  return v;
}

}  // namespace

EnvLookup process_env() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* v = std::getenv(name.c_str());
    if (!v) return std::nullopt;
    return std::string(v);
  };
}

AwsCredentials parse_aws_credentials_file(const std::string& text, const std::string& profile, const std::string& source) {
  std::string want = profile.empty() ? "default" : profile;
  std::string section;
  bool found = false;
  AwsCredentials c;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    std::string t(trim(line));
    if (t.empty() || t[0] == '#' || t[0] == ';') continue;
    if (t.front() == '[' && t.back() == ']') {
      section = std::string(trim(std::string_view(t).substr(1, t.size() - 2)));
      // The config file writes "[profile x]"; accept it here too.
      if (section.rfind("profile ", 0) == 0) section = std::string(trim(std::string_view(section).substr(8)));
      if (section == want) found = true;
      continue;
    }
    if (section != want) continue;
    auto eq = t.find('=');
    if (eq == std::string::npos) continue;
    std::string key = to_lower(trim(std::string_view(t).substr(0, eq)));
    std::string value = unquote(std::string(trim(std::string_view(t).substr(eq + 1))));
    if (key == "aws_access_key_id") c.access_key_id = value;
    else if (key == "aws_secret_access_key") c.secret_access_key = value;
    else if (key == "aws_session_token") c.session_token = value;
  }
  if (!found) throw CredentialsError(source + ": no [" + want + "] profile");
  if (c.access_key_id.empty()) throw CredentialsError(source + ": profile [" + want + "] has no aws_access_key_id");
  if (c.secret_access_key.empty())
    throw CredentialsError(source + ": profile [" + want + "] has no aws_secret_access_key");
  return c;
}

AwsCredentials aws_credentials_from_env(const EnvLookup& env, const std::string& profile) {
  auto id = env("AWS_ACCESS_KEY_ID"), secret = env("AWS_SECRET_ACCESS_KEY");
  if (profile.empty() && id && secret && !id->empty() && !secret->empty()) {
    AwsCredentials c{*id, *secret, env("AWS_SESSION_TOKEN").value_or("")};
    return c;
  }
  std::string file;
  if (auto f = env("AWS_SHARED_CREDENTIALS_FILE"); f && !f->empty()) file = *f;
  else if (auto home = env("HOME"); home && !home->empty()) file = *home + "/.aws/credentials";
  else
    throw CredentialsError("no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_SHARED_CREDENTIALS_FILE");
  std::string p = profile.empty() ? env("AWS_PROFILE").value_or("") : profile;
  return parse_aws_credentials_file(read_file(file, "AWS credentials file"), p, "AWS credentials file " + file);
}

AzureCredentials parse_azure_env_file(const std::string& text, const std::string& source) {
  AzureCredentials c;
  std::istringstream in(text);
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    std::string t(trim(line));
    if (t.empty() || t[0] == '#') continue;
    if (t.rfind("export ", 0) == 0) t = std::string(trim(std::string_view(t).substr(7)));
    auto eq = t.find('=');
    if (eq == std::string::npos)
      throw CredentialsError(source + ": line " + std::to_string(n) + " is not KEY=VALUE");
    std::string key(trim(std::string_view(t).substr(0, eq)));
    c.values[key] = unquote(std::string(trim(std::string_view(t).substr(eq + 1))));
  }
  auto get = [&](const char* k) { return c.values.count(k) ? c.values[k] : std::string(); };
  c.account_key = get("AZURE_STORAGE_ACCOUNT_ACCESS_KEY");
  if (c.account_key.empty()) c.account_key = get("AZURE_STORAGE_KEY");
  c.storage_account = get("AZURE_STORAGE_ACCOUNT");
  c.sas_token = get("AZURE_STORAGE_SAS_TOKEN");
  if (!c.sas_token.empty() && c.sas_token.front() == '?') c.sas_token.erase(0, 1);
  bool aad = !get("AZURE_CLIENT_ID").empty() && !get("AZURE_TENANT_ID").empty();
  if (c.account_key.empty() && c.sas_token.empty() && !aad)
    throw CredentialsError(source + ": needs AZURE_STORAGE_ACCOUNT_ACCESS_KEY (Shared Key), AZURE_STORAGE_SAS_TOKEN, "
                                    "or AZURE_TENANT_ID with AZURE_CLIENT_ID and AZURE_CLIENT_SECRET");
  return c;
}

AzureCredentials azure_credentials_from_env(const EnvLookup& env) {
  if (auto f = env("AZURE_CREDENTIALS_FILE"); f && !f->empty())
    return parse_azure_env_file(read_file(*f, "Azure credentials file"), "Azure credentials file " + *f);
  std::string text;
  for (const char* k : {"AZURE_STORAGE_ACCOUNT_ACCESS_KEY", "AZURE_STORAGE_KEY", "AZURE_STORAGE_ACCOUNT",
                        "AZURE_STORAGE_SAS_TOKEN", "AZURE_TENANT_ID", "AZURE_CLIENT_ID", "AZURE_CLIENT_SECRET",
                        "AZURE_SUBSCRIPTION_ID", "AZURE_RESOURCE_GROUP", "AZURE_CLOUD_NAME"})
    if (auto v = env(k); v && !v->empty()) text += std::string(k) + "=" + *v + "\n";
  return parse_azure_env_file(text, "environment");
}

GcpServiceAccount parse_gcp_service_account(const std::string& json_text, const std::string& source) {
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(json_text);
  } catch (const nlohmann::json::exception&) {
    throw CredentialsError(source + ": not valid JSON; give the service account key file as downloaded");
  }
  if (!j.is_object()) throw CredentialsError(source + ": not a JSON object");
  auto field = [&](const char* k) -> std::string {
    return j.contains(k) && j[k].is_string() ? j[k].get<std::string>() : std::string();
  };
  if (field("type") != "service_account")
    throw CredentialsError(source + ": \"type\" must be \"service_account\" (user credentials are not supported)");
  GcpServiceAccount sa;
  sa.client_email = field("client_email");
  sa.private_key_pem = field("private_key");
  sa.private_key_id = field("private_key_id");
  sa.project_id = field("project_id");
  if (!field("token_uri").empty()) sa.token_uri = field("token_uri");
  if (sa.client_email.empty()) throw CredentialsError(source + ": \"client_email\" is missing");
  if (sa.private_key_pem.find("PRIVATE KEY-----") == std::string::npos)
    throw CredentialsError(source + ": \"private_key\" is missing or is not a PEM private key");
  return sa;
}

GcpServiceAccount gcp_credentials_from_env(const EnvLookup& env) {
  auto f = env("GOOGLE_APPLICATION_CREDENTIALS");
  if (!f || f->empty())
    throw CredentialsError("no GCP credentials: set GOOGLE_APPLICATION_CREDENTIALS to a service account key file");
  return parse_gcp_service_account(read_file(*f, "GCP service account key"), "GCP service account key " + *f);
}

}  // namespace coffer::storage
