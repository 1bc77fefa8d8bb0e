#pragma once

// AzureBlobStore: an ObjectStore on an Azure Blob Storage container (or Azurite), spoken over
// libcurl with Shared Key or SAS authorization (azure_auth.h), service version kApiVersion.
//
// Key "a/b" is the block blob <prefix>a/b in the container. Writes buffer up to block_size
// bytes; an object that never fills a block is sent with one Put Blob on commit(). Larger
// objects are uploaded with Put Block (at most parallel_blocks in flight; memory stays under
// about (parallel_blocks + 1) x block_size) and made visible by Put Block List on commit().
// Uncommitted blocks are invisible and are discarded by the service, so abort() just stops.
// open_write_new() sends If-None-Match: * with the Put Blob / Put Block List (409 or 412 ->
// ObjectExists). Limitation: if such a commit request reaches the service but its response is
// lost and the retry then meets the object it just created, the retry reports ObjectExists.
//
// Reads stream Get Blob in x-ms-range chunks of block_size bytes; chunks after the first carry
// If-Match with the first response's ETag so a concurrent overwrite is detected, not mixed.
//
// Requests are retried with jittered exponential backoff on connection errors, 408, 429, 5xx,
// at most max_retries times. Errors name the container, blob, HTTP status and x-ms-error-code;
// the account key, SAS token and Authorization header never appear in errors or describe().

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "storage/location_config.h"
#include "storage/location_credentials.h"
#include "storage/object_store.h"

namespace coffer::storage::azure {

struct AzureConfig {
  // "https://<account>.blob.core.windows.net" (the default when empty) or a path-style emulator
  // endpoint "http://127.0.0.1:10000/devstoreaccount1".
  std::string endpoint;
  std::string account;
  std::string container;
  std::string prefix;       // normalised to "" or "a/b/"
  std::string account_key;  // Shared Key (base64); or
  std::string sas_token;    // a SAS query string (with or without '?')
  std::string ca_pem;       // extra trust: a PEM bundle (replaces the system CAs)
  bool insecure_skip_tls_verify = false;
  std::size_t block_size = 8 * 1024 * 1024;
  int parallel_blocks = 4;
  int max_retries = 5;
  std::chrono::milliseconds retry_base_delay{200};
  std::chrono::milliseconds retry_max_delay{10000};
  std::chrono::seconds connect_timeout{10};
  std::chrono::seconds idle_timeout{60};  // abort a transfer that moves no byte for this long
  int list_page_size = 0;                 // maxresults of List Blobs; 0: the service default (5000)
};

// From a LocationConfig (provider azure: bucket = container; config storageAccount,
// storageAccountURI) and credentials (key or SAS). Throws StorageError naming what is missing.
AzureConfig azure_config_from_location(const LocationConfig& location, const AzureCredentials& credentials);

class AzureBlobStore : public ObjectStore {
 public:
  explicit AzureBlobStore(AzureConfig config);  // throws StorageError on a bad config
  ~AzureBlobStore() override;

  std::unique_ptr<ObjectWriter> open_write(const std::string& key) override;
  std::unique_ptr<ObjectReader> open_read(const std::string& key) override;
  bool exists(const std::string& key) override;
  std::vector<ObjectInfo> list(const std::string& prefix) override;
  std::vector<std::string> list_common_prefixes(const std::string& prefix) override;
  void remove(const std::string& key) override;
  // "azure://container/prefix?account=A[&endpoint=E]" -- never credentials.
  std::string describe() const override;

  std::optional<ObjectInfo> head(const std::string& key) override;
  std::unique_ptr<ObjectReader> open_read_range(const std::string& key, std::uint64_t offset,
                                                std::uint64_t length) override;
  std::unique_ptr<ObjectWriter> open_write_new(const std::string& key) override;

  // Create Container (for tests and tooling); an existing container is not an error.
  void create_container();

  const AzureConfig& config() const { return config_; }

  struct Impl;

 private:
  AzureConfig config_;
  std::shared_ptr<Impl> impl_;
};

}  // namespace coffer::storage::azure
