#include "storage/location_config.h"

#include <gtest/gtest.h>

#include "common/base64.h"
#include "storage/location_credentials.h"

namespace coffer::storage {
namespace {

using nlohmann::json;

TEST(LocationUrl, FileS3AzureGs) {
  auto f = parse_location_url("file:///var/backups/coffer/");
  EXPECT_EQ(f.provider, Provider::Filesystem);
  EXPECT_EQ(f.bucket, "/var/backups/coffer");
  EXPECT_EQ(f.describe(), "file:///var/backups/coffer");

  auto s3 = parse_location_url("s3://backups//prod/eu/?region=eu-west-1&endpoint=http%3A%2F%2F127.0.0.1%3A9000&force-path-style=true");
  EXPECT_EQ(s3.provider, Provider::Aws);
  EXPECT_EQ(s3.bucket, "backups");
  EXPECT_EQ(s3.prefix, "prod/eu");
  EXPECT_EQ(s3.config_value("region"), "eu-west-1");
  EXPECT_EQ(s3.config_value("s3Url"), "http://127.0.0.1:9000");
  EXPECT_TRUE(s3.config_flag("s3ForcePathStyle"));
  EXPECT_FALSE(s3.config_flag("insecureSkipTLSVerify"));
  EXPECT_EQ(parse_location_url(s3.describe()).config, s3.config);  // describe() round-trips

  auto az = parse_location_url("azure://velero/cluster-a?account=acct&endpoint=http://127.0.0.1:10000/acct&read-only=true");
  EXPECT_EQ(az.provider, Provider::Azure);
  EXPECT_EQ(az.bucket, "velero");
  EXPECT_EQ(az.prefix, "cluster-a");
  EXPECT_EQ(az.config_value("storageAccount"), "acct");
  EXPECT_EQ(az.config_value("storageAccountURI"), "http://127.0.0.1:10000/acct");
  EXPECT_TRUE(az.read_only);

  auto gs = parse_location_url("gs://my-bucket");
  EXPECT_EQ(gs.provider, Provider::Gcp);
  EXPECT_EQ(gs.prefix, "");
  EXPECT_EQ(gs.describe(), "gs://my-bucket");
}

TEST(LocationUrl, ErrorsNameThePartAndTheFix) {
  auto message = [](const std::string& url) {
    try {
      parse_location_url(url);
    } catch (const LocationConfigError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(message("ftp://x").find("use file://, s3://, azure:// or gs://"), std::string::npos);
  EXPECT_NE(message("file://relative/path").find("file:///absolute/path"), std::string::npos);
  EXPECT_NE(message("s3://?region=x").find("bucket name is empty"), std::string::npos);
  EXPECT_NE(message("s3://b?colour=red").find("unknown parameter \"colour\""), std::string::npos);
  EXPECT_NE(message("s3://b?colour=red").find("force-path-style"), std::string::npos);
  EXPECT_NE(message("gs://b?account=x").find("unknown parameter \"account\""), std::string::npos);
  EXPECT_NE(message("backups"), "no error");
}

TEST(LocationBsl, VeleroFieldsMapAsVeleroReadsThem) {
  auto ca = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
  json bsl = {{"apiVersion", "velero.io/v1"},
              {"kind", "BackupStorageLocation"},
              {"spec",
               {{"provider", "velero.io/aws"},
                {"objectStorage", {{"bucket", "/velero-backups/"}, {"prefix", "/cluster-a/"}, {"caCert", base64_encode(ca)}}},
                {"config", {{"region", "minio"}, {"s3ForcePathStyle", "true"}, {"s3Url", "http://minio:9000"}}},
                {"accessMode", "ReadOnly"}}}};
  auto c = location_from_bsl(bsl);
  EXPECT_EQ(c.provider, Provider::Aws);
  EXPECT_EQ(c.bucket, "velero-backups");
  EXPECT_EQ(c.prefix, "cluster-a");
  EXPECT_EQ(c.ca_cert_pem, ca);
  EXPECT_TRUE(c.read_only);
  EXPECT_TRUE(c.config_flag("s3ForcePathStyle"));
  EXPECT_EQ(c.describe(), "s3://velero-backups/cluster-a?region=minio&endpoint=http%3A%2F%2Fminio%3A9000&force-path-style=true&read-only=true");
}

TEST(LocationBsl, BadFieldsAreNamed) {
  auto message = [](const json& spec) {
    try {
      location_from_bsl(spec);
    } catch (const LocationConfigError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(message({{"objectStorage", {{"bucket", "b"}}}}).find("spec.provider: required"), std::string::npos);
  EXPECT_NE(message({{"provider", "oracle"}, {"objectStorage", {{"bucket", "b"}}}}).find("\"oracle\" is not supported"),
            std::string::npos);
  EXPECT_NE(message({{"provider", "aws"}}).find("spec.objectStorage: required"), std::string::npos);
  EXPECT_NE(message({{"provider", "aws"}, {"objectStorage", {{"bucket", "a/b"}}}}).find("put the part after the first '/' in the prefix"),
            std::string::npos);
  EXPECT_EQ(message({{"provider", "aws"}, {"objectStorage", {{"bucket", "arn:aws:s3::123:accesspoint/x.mrap"}}}}), "no error");
  EXPECT_NE(message({{"provider", "aws"}, {"objectStorage", {{"bucket", "b"}, {"caCert", "!!!"}}}}).find("spec.objectStorage.caCert"),
            std::string::npos);
  EXPECT_NE(message({{"provider", "aws"}, {"objectStorage", {{"bucket", "b"}}}, {"config", {{"region", 5}}}}).find("spec.config.region"),
            std::string::npos);
  EXPECT_NE(message({{"provider", "aws"}, {"objectStorage", {{"bucket", "b"}}}, {"accessMode", "Sometimes"}}).find("spec.accessMode"),
            std::string::npos);
}

EnvLookup env_of(std::map<std::string, std::string> m) {
  return [m](const std::string& k) -> std::optional<std::string> {
    auto it = m.find(k);
    if (it == m.end()) return std::nullopt;
    return it->second;
  };
}

TEST(Credentials, AwsFileProfilesAndEnvironment) {
  std::string file =
      "# Velero's cloud credentials\n[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key=secretdefault\n\n"
      "[profile backup]\naws_access_key_id=AKIDBACKUP\naws_secret_access_key = \"secretbackup\"\naws_session_token=tok\n";
  auto d = parse_aws_credentials_file(file, "");
  EXPECT_EQ(d.access_key_id, "AKIDDEFAULT");
  EXPECT_EQ(d.secret_access_key, "secretdefault");
  auto b = parse_aws_credentials_file(file, "backup");
  EXPECT_EQ(b.secret_access_key, "secretbackup");
  EXPECT_EQ(b.session_token, "tok");
  try {
    parse_aws_credentials_file("[other]\naws_access_key_id=x\naws_secret_access_key=topsecret\n", "", "cloud");
    FAIL();
  } catch (const CredentialsError& e) {
    EXPECT_STREQ(e.what(), "cloud: no [default] profile");
  }
  try {
    parse_aws_credentials_file("[default]\naws_access_key_id=x\n", "");
    FAIL();
  } catch (const CredentialsError& e) {
    EXPECT_NE(std::string(e.what()).find("no aws_secret_access_key"), std::string::npos);
  }
  auto env = aws_credentials_from_env(env_of({{"AWS_ACCESS_KEY_ID", "AKIDENV"}, {"AWS_SECRET_ACCESS_KEY", "s"}}));
  EXPECT_EQ(env.access_key_id, "AKIDENV");
  EXPECT_THROW(aws_credentials_from_env(env_of({})), CredentialsError);
}

TEST(Credentials, AzureEnvFile) {
  auto c = parse_azure_env_file(
      "AZURE_SUBSCRIPTION_ID=sub\nAZURE_RESOURCE_GROUP=rg\nAZURE_CLOUD_NAME=AzurePublicCloud\n"
      "AZURE_STORAGE_ACCOUNT_ACCESS_KEY=\"a2V5\"\n");
  EXPECT_EQ(c.account_key, "a2V5");
  EXPECT_EQ(c.values["AZURE_RESOURCE_GROUP"], "rg");
  auto sas = parse_azure_env_file("export AZURE_STORAGE_SAS_TOKEN=?sv=2021&sig=abc\n");
  EXPECT_EQ(sas.sas_token, "sv=2021&sig=abc");
  try {
    parse_azure_env_file("AZURE_SUBSCRIPTION_ID=sub\n", "cloud");
    FAIL();
  } catch (const CredentialsError& e) {
    EXPECT_NE(std::string(e.what()).find("AZURE_STORAGE_ACCOUNT_ACCESS_KEY"), std::string::npos);
  }
  EXPECT_THROW(parse_azure_env_file("not a pair\n"), CredentialsError);
  auto env = azure_credentials_from_env(env_of({{"AZURE_STORAGE_KEY", "k"}, {"AZURE_STORAGE_ACCOUNT", "acct"}}));
  EXPECT_EQ(env.account_key, "k");
  EXPECT_EQ(env.storage_account, "acct");
}

TEST(Credentials, GcpServiceAccountKey) {
  json key = {{"type", "service_account"},
              {"project_id", "p"},
              {"private_key_id", "kid"},
              {"private_key", "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n"},
              {"client_email", "velero@p.iam.gserviceaccount.com"},
              {"token_uri", "http://127.0.0.1:1/token"}};
  auto sa = parse_gcp_service_account(key.dump());
  EXPECT_EQ(sa.client_email, "velero@p.iam.gserviceaccount.com");
  EXPECT_EQ(sa.token_uri, "http://127.0.0.1:1/token");
  EXPECT_EQ(sa.private_key_id, "kid");
  key["type"] = "authorized_user";
  EXPECT_THROW(parse_gcp_service_account(key.dump()), CredentialsError);
  key["type"] = "service_account";
  key["private_key"] = "secret-but-not-pem";
  try {
    parse_gcp_service_account(key.dump(), "key.json");
    FAIL();
  } catch (const CredentialsError& e) {
    EXPECT_EQ(std::string(e.what()).find("secret-but-not-pem"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("private_key"), std::string::npos);
  }
  EXPECT_THROW(parse_gcp_service_account("{not json"), CredentialsError);
  EXPECT_THROW(gcp_credentials_from_env(env_of({})), CredentialsError);
}

}  // namespace
}  // namespace coffer::storage
