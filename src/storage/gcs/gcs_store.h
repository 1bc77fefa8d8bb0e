#pragma once

// GcsStore: an ObjectStore on a Google Cloud Storage bucket, spoken over the JSON API with
// OAuth 2.0 bearer tokens from a service-account key (gcs_auth.h).
//
// Key "a/b" is the object <prefix>a/b in the bucket; object names are percent-encoded in URL
// paths ("/" as %2F). Writes buffer up to chunk_size bytes: an object that never exceeds one
// chunk is sent on commit() as one simple media upload (uploadType=media). Larger objects use a
// resumable upload: a session is started (POST uploadType=resumable) when the buffer first
// overflows, full chunks (multiples of 256 KiB) are PUT with "Content-Range: bytes a-b/*", and
// commit() sends the rest with "bytes a-b/total" -- GCS finalises the object only then, so
// nothing is visible before commit(). 308 answers carry the persisted "Range"; a chunk that
// fails (connection error, 429, 5xx) is followed by a status query ("Content-Range: bytes */*")
// and resumed from the persisted offset. abort() sends DELETE to the session URI.
// open_write_new() adds ifGenerationMatch=0 (checked when a resumable session starts and when it
// finalises): 412 -> ObjectExists, always thrown by commit(). If such a write succeeds but its
// response is lost, the retry sees 412 and reports ObjectExists for the object it wrote.
//
// Reads: alt=media in Range requests of chunk_size bytes; the chunks after the first pin the
// generation the first one saw, so a concurrent overwrite fails the read instead of mixing.
// head(): objects.get metadata (size, updated). list(): objects.list with prefix, delimiter,
// pageToken. remove(): DELETE (404 is fine); remove_many() loops.
//
// Requests are retried with jittered exponential backoff on connection errors, 408, 429 and 5xx,
// at most max_retries times; a 401 drops the cached token and retries once with a new one.
// Errors name gs://bucket/key, the HTTP status and GCS's error reason and message; the private
// key, the JWT assertion and the access token never appear in errors or describe().

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "storage/location_config.h"
#include "storage/location_credentials.h"
#include "storage/object_store.h"

namespace coffer::storage::gcs {

struct GcsConfig {
  std::string endpoint;  // "https://storage.googleapis.com" when empty; "http://127.0.0.1:PORT" in tests
  std::string bucket;
  std::string prefix;  // normalised to "" or "a/b/"
  GcpServiceAccount service_account;
  std::string ca_pem;  // extra trust: a PEM bundle (replaces the system CAs)
  bool insecure_skip_tls_verify = false;
  std::size_t chunk_size = 8 * 1024 * 1024;  // a positive multiple of 256 KiB
  int max_retries = 5;
  std::chrono::milliseconds retry_base_delay{200};
  std::chrono::milliseconds retry_max_delay{10000};
  std::chrono::seconds connect_timeout{10};
  std::chrono::seconds idle_timeout{60};  // abort a transfer that moves no byte for this long
  int list_page_size = 0;                 // maxResults of objects.list; 0: the service default (1000)
  std::function<std::int64_t()> now_unix;  // the token source's clock (tests); empty: system clock
};

// From a LocationConfig (provider gcp; config endpoint, insecureSkipTLSVerify; caCert) and a
// service account. Throws StorageError naming what is wrong.
GcsConfig gcs_config_from_location(const LocationConfig& location, const GcpServiceAccount& service_account);

class GcsStore : public ObjectStore {
 public:
  explicit GcsStore(GcsConfig config);  // throws StorageError on a bad config or key
  ~GcsStore() override;

  std::unique_ptr<ObjectWriter> open_write(const std::string& key) override;
  std::unique_ptr<ObjectReader> open_read(const std::string& key) override;
  bool exists(const std::string& key) override;
  std::vector<ObjectInfo> list(const std::string& prefix) override;
  std::vector<std::string> list_common_prefixes(const std::string& prefix) override;
  void remove(const std::string& key) override;
  std::optional<ObjectInfo> head(const std::string& key) override;
  std::unique_ptr<ObjectReader> open_read_range(const std::string& key, std::uint64_t offset,
                                                std::uint64_t length) override;
  void remove_many(const std::vector<std::string>& keys) override;
  std::unique_ptr<ObjectWriter> open_write_new(const std::string& key) override;
  // "gs://bucket/prefix" (plus "?endpoint=E" for a non-default endpoint) -- never credentials.
  std::string describe() const override;

  const GcsConfig& config() const { return config_; }

  struct Impl;

 private:
  GcsConfig config_;
  std::shared_ptr<Impl> impl_;
};

}  // namespace coffer::storage::gcs
