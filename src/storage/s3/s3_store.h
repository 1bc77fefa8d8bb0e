#pragma once

// S3Store: an ObjectStore on an S3 bucket (AWS or an S3-compatible server: MinIO, Ceph RGW, GCS
// interoperability, s3rver), spoken over libcurl with Signature V4 (sigv4.h).
//
// Key "a/b" is the object <prefix>a/b in the bucket. Writes buffer up to part_size bytes; an
// object that never fills a part is sent with one PutObject on commit(). Larger objects use a
// multipart upload: CreateMultipartUpload when the first part fills, UploadPart for each part
// with at most parallel_parts uploads in flight (memory stays under about
// (parallel_parts + 1) x part_size), and CompleteMultipartUpload on commit() -- S3 shows nothing
// under the key before that, so writes are atomic. abort(), a failed part or destroying an
// uncommitted writer sends AbortMultipartUpload.
//
// Reads stream GetObject: the first request reads at most part_size bytes of the whole object
// (a small object takes one request), the rest follows in Range requests of part_size bytes,
// each retried on its own and checked against the first response's ETag so a concurrent
// overwrite is detected instead of mixed.
//
// Optional capabilities, native: head() is one HeadObject; open_read_range() reads with Range
// requests (an offset at or beyond the end reads as empty); remove_many() sends DeleteObjects
// (POST ?delete, up to 1000 keys a request, quiet mode, with the Content-MD5 S3 requires) and
// reports the per-key <Error> entries; keys with control characters, which XML 1.0 cannot
// carry, are deleted one by one. open_write_new() writes like open_write() but sends
// `If-None-Match: *` on PutObject and CompleteMultipartUpload (AWS S3 supports both since August
// 2024); 412 PreconditionFailed or 409 ConditionalRequestConflict becomes ObjectExists. The
// create-only guarantee holds only when the server honours If-None-Match on writes: older MinIO,
// Ceph RGW releases, s3rver and other S3-compatible servers may ignore the header and overwrite
// silently. A 409 means a concurrent conditional write was in flight; it is reported as
// ObjectExists although that other write may still fail. If a create-only PutObject succeeds but
// its response is lost, the retry sees 412 and reports ObjectExists for the object it wrote.
//
// Written objects can carry server-side encryption (sse, sse_kms_key_id) and Object Lock
// retention (object_lock_mode, object_lock_retain_until): the headers go on PutObject and
// CreateMultipartUpload (UploadPart inherits them); with Object Lock, PutObject and UploadPart
// also carry Content-MD5 as S3 requires.
//
// Every request is retried with jittered exponential backoff on connection errors, HTTP 5xx,
// 429 and the S3 codes SlowDown / InternalError / RequestTimeout, at most max_retries times.
// Errors name the bucket, key, HTTP status and S3 error Code/Message; the secret key, session
// token and Authorization header never appear in errors or describe().

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "storage/object_store.h"
#include "storage/s3/sigv4.h"

namespace coffer::storage::s3 {

struct S3Config {
  std::string endpoint;  // "https://host[:port]"; empty: https://s3.<region>.amazonaws.com
  std::string region = "us-east-1";
  std::string bucket;
  std::string prefix;             // normalised to "" or "a/b/"
  bool force_path_style = false;  // host/bucket/key instead of bucket.host/key
  std::string access_key;
  std::string secret_key;
  std::string session_token;
  std::string ca_pem;  // extra trust: a PEM bundle (replaces the system CAs)
  bool insecure_skip_tls_verify = false;
  std::size_t part_size = 8 * 1024 * 1024;  // >= 5 MiB for AWS (the last part may be smaller)
  int parallel_parts = 4;
  int max_retries = 5;
  std::chrono::milliseconds retry_base_delay{200};
  std::chrono::milliseconds retry_max_delay{10000};
  std::chrono::seconds connect_timeout{10};
  std::chrono::seconds idle_timeout{60};  // abort a transfer that moves no byte for this long
  // Server-side encryption of written objects (x-amz-server-side-encryption): "" (the bucket's
  // default), "AES256" (SSE-S3) or "aws:kms" (SSE-KMS); sse_kms_key_id (only with "aws:kms")
  // names the KMS key (x-amz-server-side-encryption-aws-kms-key-id), else the account default.
  std::string sse;
  std::string sse_kms_key_id;
  // Object Lock retention of written objects: "" (none beyond the bucket's default),
  // "GOVERNANCE" or "COMPLIANCE", until object_lock_retain_until (RFC 3339, required with a
  // mode, sent normalised to UTC). The bucket must have Object Lock enabled.
  std::string object_lock_mode;
  std::string object_lock_retain_until;
};

class S3Store : public ObjectStore {
 public:
  explicit S3Store(S3Config config);  // throws StorageError on a bad config
  ~S3Store() override;

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
  // "s3://bucket/prefix?region=R[&endpoint=E][&force-path-style=true]" -- never credentials.
  std::string describe() const override;

  // CreateBucket (for tests and tooling); an existing bucket owned by us is not an error.
  void create_bucket();
  // A presigned URL for method ("GET", "PUT", ...) on key, valid for expires_seconds.
  std::string presign(const std::string& method, const std::string& key,
                      std::int64_t expires_seconds) const;

  const S3Config& config() const { return config_; }

  struct Impl;  // the HTTP client, shared with writers and readers

 private:
  S3Config config_;
  std::shared_ptr<Impl> impl_;
};

}  // namespace coffer::storage::s3
