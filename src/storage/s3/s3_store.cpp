#include "storage/s3/s3_store.h"

#include <curl/curl.h>
#include <openssl/evp.h>

#include <algorithm>
#include <deque>
#include <future>
#include <limits>
#include <optional>
#include <thread>
#include <utility>

#include "common/base64.h"
#include "common/rfc3339.h"
#include "common/text.h"
#include "net/curl_support.h"
#include "storage/chunked_reader.h"
#include "storage/xml_extract.h"

namespace coffer::storage::s3 {
namespace {

constexpr int kMaxParts = 10000;
constexpr std::size_t kMaxDeleteKeys = 1000;  // DeleteObjects' limit per request

// The Content-MD5 header value: base64 of the body's raw MD5 digest.
std::string content_md5(std::string_view body) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(body.data(), body.size(), digest, &len, EVP_md5(), nullptr) != 1) {
    throw StorageError("s3 store: MD5 (for Content-MD5) failed");
  }
  return base64_encode(std::string_view(reinterpret_cast<const char*>(digest), len));
}

// XML 1.0 cannot carry these (not even as character references).
bool has_control_char(std::string_view s) {
  return std::any_of(s.begin(), s.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

struct HttpRequest {
  std::string method = "GET";
  std::string key;  // full key in the bucket; empty for bucket-level requests
  Params query;
  Params headers;  // signed
  std::string_view body;
  std::string content_type;
  bool body_may_hold_error = false;  // CompleteMultipartUpload: 200 with an <Error> document
  // Keep at most this many body bytes (0: all) and then end the transfer; the response is then
  // marked truncated. Lets a GET without Range read a small object whole in one request.
  std::size_t max_body = 0;
};

using net::HttpResponse;

// The shared connection errors, plus what S3 endpoints behind load balancers throw at times: a
// DNS hiccup and a TLS handshake cut short.
bool retryable_curl(CURLcode rc) {
  return net::curl_connection_error(rc) || rc == CURLE_COULDNT_RESOLVE_HOST || rc == CURLE_SSL_CONNECT_ERROR;
}

std::string error_code_of(const HttpResponse& r) {
  if (r.body.find("<Error") == std::string::npos) return {};
  try {
    return xml::text(r.body, "Code").value_or("");
  } catch (const std::exception&) {
    return {};
  }
}

bool retryable_response(const HttpRequest& req, const HttpResponse& r) {
  if (r.status == 429 || r.status >= 500) return true;
  std::string code;
  if (r.status >= 400 || (req.body_may_hold_error && r.status == 200)) code = error_code_of(r);
  return code == "SlowDown" || code == "InternalError" || code == "RequestTimeout" ||
         code == "ServiceUnavailable";
}

std::string strip_slashes(std::string s) {
  while (!s.empty() && s.front() == '/') s.erase(s.begin());
  while (!s.empty() && s.back() == '/') s.pop_back();
  return s;
}

void check_list_prefix(const std::string& prefix) {
  if (prefix.empty()) return;
  if (prefix.front() == '/' || prefix.find('\0') != std::string::npos ||
      prefix.find("//") != std::string::npos) {
    throw StorageError("s3 store: invalid prefix '" + prefix + "'");
  }
  for (const auto& seg : split(prefix, '/')) {
    if (seg == "..") throw StorageError("s3 store: invalid prefix '" + prefix + "' (\"..\")");
  }
}

}  // namespace

struct S3Store::Impl {
  S3Config cfg;
  std::string scheme;     // "https"
  std::string authority;  // "host[:port]"
  bool explicit_endpoint = false;
  Credentials creds;
  Scope scope;
  std::optional<net::HttpClient> http;

  std::string object_path(const std::string& key) const {
    if (cfg.force_path_style) return "/" + cfg.bucket + (key.empty() ? "" : "/" + key);
    return "/" + key;
  }
  std::string host() const {
    return cfg.force_path_style ? authority : cfg.bucket + "." + authority;
  }
  std::string base_url() const { return scheme + "://" + host(); }
  std::string where(const std::string& key) const { return "s3://" + cfg.bucket + "/" + key; }

  // One attempt, signed now.
  net::HttpResult attempt(const HttpRequest& req) {
    SignRequest sreq;
    sreq.method = req.method;
    sreq.path = object_path(req.key);
    sreq.query = req.query;
    sreq.headers = req.headers;
    sreq.headers.emplace_back("host", host());
    sreq.payload_hash = req.body.empty() ? std::string(kEmptyPayloadHash) : sha256_hex(req.body);
    Signature sig = sign_request(sreq, creds, scope, std::chrono::system_clock::now());

    net::HttpRequest http_req;
    http_req.method = req.method;
    http_req.url = base_url() + encode_path(sreq.path);
    if (!sreq.query.empty()) http_req.url += "?" + canonical_query(sreq.query);
    for (const auto& [name, value] : sreq.headers) {
      http_req.headers.push_back(value.empty() ? name + ";" : name + ": " + value);  // "name;": an empty value
    }
    http_req.headers.push_back("Authorization: " + sig.authorization);
    if (!req.content_type.empty()) http_req.headers.push_back("Content-Type: " + req.content_type);
    http_req.body = req.body;
    http_req.max_body = req.max_body;
    return http->perform(http_req);
  }

  std::chrono::milliseconds backoff(int attempt_no) const {
    return net::retry_delay(attempt_no, cfg.retry_base_delay, cfg.retry_max_delay, true);
  }

  // Performs req with retries; returns the last response (any status) or throws StorageError
  // after a connection error on the last attempt. op names the operation in errors.
  HttpResponse perform(const HttpRequest& req, const std::string& op, const std::string& key) {
    for (int attempt_no = 0;; ++attempt_no) {
      net::HttpResult r = attempt(req);
      bool last = attempt_no >= cfg.max_retries;
      if (!r.ok()) {
        if (last || !retryable_curl(r.code)) {
          throw StorageError("s3 store: " + op + " " + where(key) + ": " + r.error + " (after " +
                             std::to_string(attempt_no + 1) + " attempt(s), endpoint " +
                             base_url() + ")");
        }
      } else if (last || !retryable_response(req, r.response)) {
        return std::move(r.response);
      }
      std::this_thread::sleep_for(backoff(attempt_no));
    }
  }

  // "s3 store: <op> s3://bucket/key: HTTP <status> <Code>: <Message> (request id ...)".
  std::string failure(const std::string& op, const std::string& key, const HttpResponse& r) const {
    std::string msg = "s3 store: " + op + " " + where(key) + ": HTTP " + std::to_string(r.status);
    std::string code = error_code_of(r);
    if (!code.empty()) {
      msg += " " + code;
      try {
        if (auto m = xml::text(r.body, "Message")) msg += ": " + *m;
      } catch (const std::exception&) {
      }
    }
    if (auto id = r.header("x-amz-request-id"); !id.empty()) msg += " (request id " + id + ")";
    return msg;
  }

  [[noreturn]] void fail(const std::string& op, const std::string& key, const HttpResponse& r) {
    std::string msg = failure(op, key, r);
    std::string code = error_code_of(r);
    if (r.status == 404 || code == "NoSuchKey") throw ObjectNotFound(msg);
    throw StorageError(msg);
  }

  // The encryption and retention headers of PutObject and CreateMultipartUpload.
  void add_object_headers(Params& headers) const {
    if (!cfg.sse.empty()) headers.emplace_back("x-amz-server-side-encryption", cfg.sse);
    if (!cfg.sse_kms_key_id.empty()) {
      headers.emplace_back("x-amz-server-side-encryption-aws-kms-key-id", cfg.sse_kms_key_id);
    }
    if (!cfg.object_lock_mode.empty()) {
      headers.emplace_back("x-amz-object-lock-mode", cfg.object_lock_mode);
      headers.emplace_back("x-amz-object-lock-retain-until-date", cfg.object_lock_retain_until);
    }
  }
  // S3 requires Content-MD5 on PutObject and UploadPart when Object Lock retention is set.
  bool needs_content_md5() const { return !cfg.object_lock_mode.empty(); }

  std::string full_key(const std::string& key) const {
    check_key(key);
    return cfg.prefix + key;
  }

  // ListObjectsV2 over every page; calls on_page(body) for each.
  template <typename F>
  void list_pages(const std::string& prefix, bool delimited, F on_page) {
    std::string token;
    for (;;) {
      HttpRequest req;
      req.query = {{"list-type", "2"}, {"prefix", prefix}};
      if (delimited) req.query.emplace_back("delimiter", "/");
      if (!token.empty()) req.query.emplace_back("continuation-token", token);
      HttpResponse r = perform(req, "list", prefix);
      if (r.status != 200) fail("list", prefix, r);
      try {
        on_page(r.body);
        if (xml::text(r.body, "IsTruncated").value_or("false") != "true") return;
        token = xml::text(r.body, "NextContinuationToken").value_or("");
      } catch (const std::invalid_argument& e) {
        throw StorageError("s3 store: list " + where(prefix) + ": bad response: " + e.what());
      }
      if (token.empty()) {
        throw StorageError("s3 store: list " + where(prefix) +
                           ": truncated response without NextContinuationToken");
      }
    }
  }
};

namespace {

using Impl = S3Store::Impl;

class S3Writer : public ObjectWriter {
 public:
  // create_only: If-None-Match: * on PutObject / CompleteMultipartUpload (open_write_new).
  S3Writer(std::shared_ptr<Impl> impl, std::string full, bool create_only = false)
      : impl_(std::move(impl)), full_(std::move(full)), create_only_(create_only) {
    buffer_.reserve(std::min<std::size_t>(impl_->cfg.part_size, 1 << 20));
  }
  ~S3Writer() override {
    if (!done_) abort();
  }

  void write(std::string_view data) override {
    if (done_)
      throw StorageError("s3 store: write to " + impl_->where(full_) + " after commit/abort");
    std::size_t part = impl_->cfg.part_size;
    while (!data.empty()) {
      std::size_t n = std::min(data.size(), part - buffer_.size());
      buffer_.append(data.substr(0, n));
      data.remove_prefix(n);
      written_ += n;
      if (buffer_.size() == part) ship_part();
    }
  }

  void commit() override {
    if (done_)
      throw StorageError("s3 store: commit of " + impl_->where(full_) + " after commit/abort");
    try {
      if (upload_id_.empty()) {
        HttpRequest req;
        req.method = "PUT";
        req.key = full_;
        req.body = buffer_;
        req.content_type = "application/octet-stream";
        impl_->add_object_headers(req.headers);
        if (impl_->needs_content_md5()) req.headers.emplace_back("content-md5", content_md5(buffer_));
        if (create_only_) req.headers.emplace_back("if-none-match", "*");
        HttpResponse r = impl_->perform(req, "put", full_);
        if (r.status != 200) {
          throw_if_exists("put", r);
          impl_->fail("put", full_, r);
        }
      } else {
        if (!buffer_.empty()) ship_part();
        drain(0);
        complete();
      }
    } catch (...) {
      abort();
      throw;
    }
    done_ = true;
    buffer_.clear();
    buffer_.shrink_to_fit();
  }

  void abort() noexcept override {
    done_ = true;
    for (auto& [n, f] : inflight_) {
      try {
        f.get();
      } catch (...) {
      }
    }
    inflight_.clear();
    if (!upload_id_.empty()) {
      try {
        HttpRequest req;
        req.method = "DELETE";
        req.key = full_;
        req.query = {{"uploadId", upload_id_}};
        impl_->perform(req, "abort multipart upload", full_);
      } catch (...) {
        // best effort: a bucket lifecycle rule cleans up what is left
      }
      upload_id_.clear();
    }
    buffer_.clear();
    buffer_.shrink_to_fit();
  }

  std::uint64_t bytes_written() const override { return written_; }

 private:
  void create_upload() {
    HttpRequest req;
    req.method = "POST";
    req.key = full_;
    req.query = {{"uploads", ""}};
    req.content_type = "application/octet-stream";
    impl_->add_object_headers(req.headers);
    HttpResponse r = impl_->perform(req, "create multipart upload", full_);
    if (r.status != 200) impl_->fail("create multipart upload", full_, r);
    try {
      upload_id_ = xml::text(r.body, "UploadId").value_or("");
    } catch (const std::invalid_argument&) {
    }
    if (upload_id_.empty()) {
      throw StorageError("s3 store: create multipart upload " + impl_->where(full_) +
                         ": no UploadId in the response");
    }
  }

  // Waits until at most max_inflight uploads are running; rethrows a part's failure.
  void drain(std::size_t max_inflight) {
    while (inflight_.size() > max_inflight) {
      auto [n, f] = std::move(inflight_.front());
      inflight_.pop_front();
      etags_[static_cast<std::size_t>(n - 1)] = f.get();
    }
  }

  void ship_part() {
    try {
      if (upload_id_.empty()) create_upload();
      if (next_part_ > kMaxParts) {
        throw StorageError("s3 store: " + impl_->where(full_) +
                           ": more than 10000 parts; raise part_size");
      }
      drain(static_cast<std::size_t>(std::max(impl_->cfg.parallel_parts, 1)) - 1);
      int n = next_part_++;
      etags_.emplace_back();
      std::string data = std::move(buffer_);
      buffer_ = std::string();
      buffer_.reserve(std::min<std::size_t>(impl_->cfg.part_size, 1 << 20));
      inflight_.emplace_back(
          n, std::async(std::launch::async,
                        [impl = impl_, key = full_, id = upload_id_, n,
                         data = std::move(data)]() -> std::string {
                          HttpRequest req;
                          req.method = "PUT";
                          req.key = key;
                          req.query = {{"partNumber", std::to_string(n)}, {"uploadId", id}};
                          req.body = data;
                          req.content_type = "application/octet-stream";
                          if (impl->needs_content_md5()) {
                            req.headers.emplace_back("content-md5", content_md5(data));
                          }
                          std::string op = "upload part " + std::to_string(n) + " of";
                          HttpResponse r = impl->perform(req, op, key);
                          if (r.status != 200) impl->fail(op, key, r);
                          std::string etag = r.header("etag");
                          if (etag.empty()) {
                            throw StorageError("s3 store: " + op + " " + impl->where(key) +
                                               ": no ETag in the response");
                          }
                          return etag;
                        }));
    } catch (...) {
      abort();
      throw;
    }
  }

  void complete() {
    std::string body = "<CompleteMultipartUpload>";
    for (std::size_t i = 0; i < etags_.size(); ++i) {
      body += "<Part><PartNumber>" + std::to_string(i + 1) + "</PartNumber><ETag>" +
              xml::escape(etags_[i]) + "</ETag></Part>";
    }
    body += "</CompleteMultipartUpload>";
    HttpRequest req;
    req.method = "POST";
    req.key = full_;
    req.query = {{"uploadId", upload_id_}};
    req.body = body;
    req.content_type = "application/xml";
    req.body_may_hold_error = true;
    if (create_only_) req.headers.emplace_back("if-none-match", "*");
    HttpResponse r = impl_->perform(req, "complete multipart upload", full_);
    if (r.status != 200 || !error_code_of(r).empty()) {
      throw_if_exists("complete multipart upload", r);
      impl_->fail("complete multipart upload", full_, r);
    }
    upload_id_.clear();  // completed: nothing to abort
  }

  // A create-only write that lost: 412 PreconditionFailed (also inside a 200 from
  // CompleteMultipartUpload) or 409 ConditionalRequestConflict (a concurrent conditional write).
  void throw_if_exists(const std::string& op, const HttpResponse& r) const {
    if (!create_only_) return;
    std::string code = error_code_of(r);
    if (r.status == 412 || code == "PreconditionFailed" ||
        (r.status == 409 && code == "ConditionalRequestConflict")) {
      throw ObjectExists(impl_->failure(op, full_, r) + " (create-only write: the key exists)");
    }
  }

  std::shared_ptr<Impl> impl_;
  std::string full_;
  bool create_only_ = false;
  std::string buffer_;
  std::uint64_t written_ = 0;
  std::string upload_id_;
  int next_part_ = 1;
  std::vector<std::string> etags_;
  std::deque<std::pair<int, std::future<std::string>>> inflight_;
  bool done_ = false;
};

class S3Reader final : public ChunkedReader {
 public:
  // Reads bytes [start, start + length) of the object; length 0: to the end.
  S3Reader(std::shared_ptr<Impl> impl, std::string full, std::uint64_t start = 0,
           std::uint64_t length = 0)
      : impl_(std::move(impl)), full_(std::move(full)), offset_(start) {
    if (length > 0) {
      end_ = start > std::numeric_limits<std::uint64_t>::max() - length
                 ? std::numeric_limits<std::uint64_t>::max()
                 : start + length;
    }
    next_chunk();  // ObjectNotFound here, at open time
  }

 private:
  bool fetch_next(std::string& chunk) override {
    HttpRequest req;
    req.key = full_;
    // At most one part per request. A read from offset 0 starts without Range: it asks for the
    // whole object but keeps at most one part (or the requested length), so small objects (most
    // of a backup's metadata) take one request, and an empty object needs no special case (a
    // Range on it is unsatisfiable on AWS, and s3rver mis-answers it).
    req.max_body = impl_->cfg.part_size;
    if (offset_ == 0 && end_) {
      req.max_body = static_cast<std::size_t>(std::min<std::uint64_t>(req.max_body, *end_));
    }
    if (offset_ != 0) {
      std::uint64_t span = impl_->cfg.part_size - 1;
      std::uint64_t last = offset_ > std::numeric_limits<std::uint64_t>::max() - span
                               ? std::numeric_limits<std::uint64_t>::max()
                               : offset_ + span;
      if (end_) last = std::min(last, *end_ - 1);
      req.headers = {{"range", "bytes=" + std::to_string(offset_) + "-" + std::to_string(last)}};
    }
    HttpResponse r = impl_->perform(req, "get", full_);
    if (r.status == 404 && !first_) {
      throw StorageError("s3 store: get " + impl_->where(full_) +
                         ": the object was removed while being read");
    }
    if (r.status == 416) {  // InvalidRange: the range starts at or beyond the end
      if (!first_) {
        throw StorageError("s3 store: get " + impl_->where(full_) +
                           ": the object changed while being read");
      }
      first_ = false;
      total_ = offset_;  // an empty read (the object exists: a missing one gives 404)
      return false;
    }
    if (r.status != 200 && r.status != 206) impl_->fail("get", full_, r);
    std::string etag = r.header("etag");
    if (first_) {
      etag_ = etag;
    } else if (!etag.empty() && !etag_.empty() && etag != etag_) {
      throw StorageError("s3 store: get " + impl_->where(full_) +
                         ": the object changed while being read");
    }
    if (r.status == 200) {  // the object's start: no Range sent, or a server ignoring Range
      if (offset_ != 0) {
        if (first_ && r.body.empty()) {  // an empty object, served whole despite the Range
          first_ = false;
          total_ = 0;
          return false;
        }
        throw StorageError("s3 store: get " + impl_->where(full_) + ": range ignored mid-read");
      }
      total_ = r.body.size();
      if (r.truncated) {
        try {
          total_ = std::stoull(r.header("content-length"));
        } catch (const std::exception&) {
          throw StorageError("s3 store: get " + impl_->where(full_) + ": no Content-Length");
        }
      }
    } else {
      std::string cr = r.header("content-range");  // "bytes 0-9/1234"
      std::size_t slash = cr.rfind('/');
      if (slash == std::string::npos || cr.compare(0, 6, "bytes ") != 0) {
        throw StorageError("s3 store: get " + impl_->where(full_) + ": bad Content-Range '" + cr +
                           "'");
      }
      try {
        total_ = std::stoull(cr.substr(slash + 1));
      } catch (const std::exception&) {
        throw StorageError("s3 store: get " + impl_->where(full_) + ": bad Content-Range '" + cr +
                           "'");
      }
      if (r.body.empty() && offset_ < *total_) {
        throw StorageError("s3 store: get " + impl_->where(full_) + ": empty range response");
      }
    }
    if (end_ && r.body.size() > *end_ - offset_) {
      r.body.resize(static_cast<std::size_t>(*end_ - offset_));
    }
    first_ = false;
    offset_ += r.body.size();
    chunk = std::move(r.body);
    return !chunk.empty() && offset_ < *total_ && (!end_ || offset_ < *end_);
  }

  std::shared_ptr<Impl> impl_;
  std::string full_;
  std::uint64_t offset_ = 0;
  std::optional<std::uint64_t> end_;  // exclusive; none: to the end of the object
  bool first_ = true;                 // no response seen yet
  std::optional<std::uint64_t> total_;
  std::string etag_;
};

}  // namespace

S3Store::S3Store(S3Config config) : config_(std::move(config)), impl_(std::make_shared<Impl>()) {
  net::ensure_curl_initialized();
  S3Config& c = config_;
  if (c.bucket.empty() || c.bucket.find('/') != std::string::npos) {
    throw StorageError("s3 store: invalid bucket name '" + c.bucket + "'");
  }
  if (c.region.empty()) c.region = "us-east-1";
  if (c.access_key.empty() || c.secret_key.empty()) {
    throw StorageError("s3 store: s3://" + c.bucket + ": access key and secret key are required");
  }
  c.prefix = strip_slashes(c.prefix);
  if (!c.prefix.empty()) {
    try {
      check_key(c.prefix);
    } catch (const StorageError& e) {
      throw StorageError("s3 store: invalid prefix '" + c.prefix + "': " + e.what());
    }
    c.prefix += '/';
  }
  if (c.part_size < 1) throw StorageError("s3 store: part_size must be positive");
  if (c.parallel_parts < 1) c.parallel_parts = 1;
  if (c.max_retries < 0) c.max_retries = 0;
  impl_->explicit_endpoint = !c.endpoint.empty();
  std::string endpoint =
      c.endpoint.empty() ? "https://s3." + c.region + ".amazonaws.com" : c.endpoint;
  while (!endpoint.empty() && endpoint.back() == '/') endpoint.pop_back();
  std::size_t sep = endpoint.find("://");
  if (sep == std::string::npos)
    throw StorageError("s3 store: endpoint '" + endpoint + "' has no scheme");
  impl_->scheme = to_lower(endpoint.substr(0, sep));
  if (impl_->scheme != "http" && impl_->scheme != "https") {
    throw StorageError("s3 store: endpoint scheme must be http or https");
  }
  impl_->authority = endpoint.substr(sep + 3);
  if (impl_->authority.find('@') != std::string::npos) {
    throw StorageError("s3 store: the endpoint must not carry credentials (user info)");
  }
  if (impl_->authority.empty() || impl_->authority.find_first_of("/?#") != std::string::npos) {
    throw StorageError("s3 store: endpoint must be scheme://host[:port] without a path");
  }
  c.endpoint = endpoint;
  if (!c.sse.empty() && c.sse != "AES256" && c.sse != "aws:kms") {
    throw StorageError("s3 store: sse must be \"\", \"AES256\" or \"aws:kms\", not '" + c.sse +
                       "'");
  }
  if (!c.sse_kms_key_id.empty() && c.sse != "aws:kms") {
    throw StorageError("s3 store: sse_kms_key_id needs sse \"aws:kms\"");
  }
  if (!c.object_lock_mode.empty()) {
    if (c.object_lock_mode != "GOVERNANCE" && c.object_lock_mode != "COMPLIANCE") {
      throw StorageError(
          "s3 store: object_lock_mode must be \"\", \"GOVERNANCE\" or \"COMPLIANCE\", not '" +
          c.object_lock_mode + "'");
    }
    if (c.object_lock_retain_until.empty()) {
      throw StorageError("s3 store: object_lock_mode " + c.object_lock_mode +
                         " needs object_lock_retain_until (RFC 3339)");
    }
    try {
      c.object_lock_retain_until = format_rfc3339(parse_rfc3339(c.object_lock_retain_until));
    } catch (const std::invalid_argument& e) {
      throw StorageError("s3 store: object_lock_retain_until '" + c.object_lock_retain_until +
                         "' is not an RFC 3339 time: " + e.what());
    }
  } else if (!c.object_lock_retain_until.empty()) {
    throw StorageError("s3 store: object_lock_retain_until needs object_lock_mode");
  }
  impl_->cfg = c;
  impl_->http.emplace(net::TransferOptions{c.connect_timeout, c.idle_timeout, c.ca_pem, c.insecure_skip_tls_verify});
  impl_->creds = Credentials{c.access_key, c.secret_key, c.session_token};
  impl_->scope = Scope{c.region, "s3"};
}

S3Store::~S3Store() = default;

std::unique_ptr<ObjectWriter> S3Store::open_write(const std::string& key) {
  return std::make_unique<S3Writer>(impl_, impl_->full_key(key));
}

std::unique_ptr<ObjectReader> S3Store::open_read(const std::string& key) {
  return std::make_unique<S3Reader>(impl_, impl_->full_key(key));
}

bool S3Store::exists(const std::string& key) {
  std::string full = impl_->full_key(key);
  HttpRequest req;
  req.method = "HEAD";
  req.key = full;
  HttpResponse r = impl_->perform(req, "head", full);
  if (r.status == 200) return true;
  if (r.status == 404) return false;
  impl_->fail("head", full, r);
}

std::vector<ObjectInfo> S3Store::list(const std::string& prefix) {
  check_list_prefix(prefix);
  std::string root = config_.prefix;
  std::vector<ObjectInfo> out;
  impl_->list_pages(root + prefix, false, [&](const std::string& body) {
    for (const auto& element : xml::elements(body, "Contents")) {
      std::string_view item = element.inner;
      std::string key = xml::text(item, "Key").value_or("");
      if (key.compare(0, root.size(), root) != 0 || key.size() == root.size()) continue;
      ObjectInfo info;
      info.key = key.substr(root.size());
      try {
        info.size = std::stoull(xml::text(item, "Size").value_or("0"));
      } catch (const std::exception&) {
        throw std::invalid_argument("bad <Size> for key '" + key + "'");
      }
      try {
        info.modified_unix =
            std::chrono::duration_cast<std::chrono::seconds>(
                parse_rfc3339(xml::text(item, "LastModified").value_or("")).time_since_epoch())
                .count();
      } catch (const std::invalid_argument&) {
        info.modified_unix = 0;
      }
      out.push_back(std::move(info));
    }
  });
  std::sort(out.begin(), out.end(),
            [](const ObjectInfo& a, const ObjectInfo& b) { return a.key < b.key; });
  return out;
}

std::vector<std::string> S3Store::list_common_prefixes(const std::string& prefix) {
  check_list_prefix(prefix);
  if (!prefix.empty() && prefix.back() != '/') {
    throw StorageError("s3 store: list_common_prefixes: prefix '" + prefix + "' must end with '/'");
  }
  std::string root = config_.prefix;
  std::vector<std::string> out;
  impl_->list_pages(root + prefix, true, [&](const std::string& body) {
    for (const auto& element : xml::elements(body, "CommonPrefixes")) {
      std::string_view item = element.inner;
      std::string p = xml::text(item, "Prefix").value_or("");
      if (p.size() > root.size() && p.compare(0, root.size(), root) == 0) {
        out.push_back(p.substr(root.size()));
      }
    }
  });
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

void S3Store::remove(const std::string& key) {
  std::string full = impl_->full_key(key);
  HttpRequest req;
  req.method = "DELETE";
  req.key = full;
  HttpResponse r = impl_->perform(req, "delete", full);
  if (r.status == 200 || r.status == 204 || r.status == 404) return;
  impl_->fail("delete", full, r);
}

std::optional<ObjectInfo> S3Store::head(const std::string& key) {
  std::string full = impl_->full_key(key);
  HttpRequest req;
  req.method = "HEAD";
  req.key = full;
  HttpResponse r = impl_->perform(req, "head", full);
  if (r.status == 404) return std::nullopt;
  if (r.status != 200) impl_->fail("head", full, r);
  ObjectInfo info;
  info.key = key;
  try {
    info.size = std::stoull(r.header("content-length"));
  } catch (const std::exception&) {
    throw StorageError("s3 store: head " + impl_->where(full) + ": no or bad Content-Length");
  }
  std::string modified = r.header("last-modified");  // "Wed, 21 Oct 2015 07:28:00 GMT"
  time_t t = modified.empty() ? -1 : curl_getdate(modified.c_str(), nullptr);
  info.modified_unix = t < 0 ? 0 : static_cast<std::int64_t>(t);
  return info;
}

std::unique_ptr<ObjectReader> S3Store::open_read_range(const std::string& key,
                                                       std::uint64_t offset,
                                                       std::uint64_t length) {
  return std::make_unique<S3Reader>(impl_, impl_->full_key(key), offset, length);
}

std::unique_ptr<ObjectWriter> S3Store::open_write_new(const std::string& key) {
  return std::make_unique<S3Writer>(impl_, impl_->full_key(key), true);
}

void S3Store::remove_many(const std::vector<std::string>& keys) {
  const std::string& root = config_.prefix;
  std::vector<std::string> failed;   // keys as given
  std::vector<std::string> reasons;  // distinct
  auto note = [&failed, &reasons](const std::string& key, const std::string& reason) {
    failed.push_back(key);
    if (std::find(reasons.begin(), reasons.end(), reason) == reasons.end()) {
      reasons.push_back(reason);
    }
  };
  std::vector<std::string> batch;
  auto flush = [&] {
    if (batch.empty()) return;
    std::string body =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
        "<Delete xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Quiet>true</Quiet>";
    for (const auto& k : batch) body += "<Object><Key>" + xml::escape(root + k) + "</Key></Object>";
    body += "</Delete>";
    HttpRequest req;
    req.method = "POST";
    req.query = {{"delete", ""}};
    req.headers = {{"content-md5", content_md5(body)}};
    req.body = body;
    req.content_type = "application/xml";
    std::string op = "delete " + std::to_string(batch.size()) + " object(s) in";
    HttpResponse r = impl_->perform(req, op, root);
    if (r.status != 200) {
      std::string why = impl_->failure(op, root, r);
      for (const auto& k : batch) note(k, why);
      batch.clear();
      return;
    }
    try {
      for (const auto& element : xml::elements(r.body, "Error")) {
        std::string_view item = element.inner;
        std::string key = xml::text(item, "Key").value_or("");
        if (key.compare(0, root.size(), root) == 0) key.erase(0, root.size());
        std::string why = xml::text(item, "Code").value_or("error");
        if (auto m = xml::text(item, "Message"); m && !m->empty()) why += ": " + *m;
        note(key, why);
      }
    } catch (const std::invalid_argument& e) {
      std::string why = "s3 store: " + op + " " + impl_->where(root) + ": bad response: " + e.what();
      for (const auto& k : batch) note(k, why);
    }
    batch.clear();
  };
  for (const auto& key : keys) {
    try {
      impl_->full_key(key);  // validates
      if (has_control_char(key)) {
        remove(key);  // not expressible in the XML body
        continue;
      }
    } catch (const StorageError& e) {
      note(key, e.what());
      continue;
    }
    batch.push_back(key);
    if (batch.size() == kMaxDeleteKeys) flush();
  }
  flush();
  if (failed.empty()) return;
  std::string msg = "s3 store: could not remove " + std::to_string(failed.size()) + " of " +
                    std::to_string(keys.size()) + " object(s) in " + impl_->where(root) + " (";
  for (std::size_t i = 0; i < failed.size(); ++i) msg += (i == 0 ? "" : ", ") + failed[i];
  msg += "): ";
  for (std::size_t i = 0; i < reasons.size(); ++i) msg += (i == 0 ? "" : "; ") + reasons[i];
  throw StorageError(msg);
}

std::string S3Store::describe() const {
  std::string p = config_.prefix;
  if (!p.empty()) p.pop_back();
  std::string out = "s3://" + config_.bucket + (p.empty() ? "" : "/" + p) +
                    "?region=" + url_encode(config_.region);
  if (impl_->explicit_endpoint) out += "&endpoint=" + url_encode(config_.endpoint);
  if (config_.force_path_style) out += "&force-path-style=true";
  return out;
}

void S3Store::create_bucket() {
  std::string body;
  if (config_.region != "us-east-1") {
    body = "<CreateBucketConfiguration><LocationConstraint>" + xml::escape(config_.region) +
           "</LocationConstraint></CreateBucketConfiguration>";
  }
  HttpRequest req;
  req.method = "PUT";
  req.body = body;
  if (!body.empty()) req.content_type = "application/xml";
  HttpResponse r = impl_->perform(req, "create bucket", "");
  if (r.status == 200) return;
  if (r.status == 409 && error_code_of(r) == "BucketAlreadyOwnedByYou") return;
  impl_->fail("create bucket", "", r);
}

std::string S3Store::presign(const std::string& method, const std::string& key,
                             std::int64_t expires_seconds) const {
  std::string full = impl_->full_key(key);
  SignRequest req;
  req.method = method;
  req.path = impl_->object_path(full);
  req.headers = {{"host", impl_->host()}};
  return presign_url(impl_->base_url(), req, impl_->creds, impl_->scope,
                     std::chrono::system_clock::now(), expires_seconds);
}

}  // namespace coffer::storage::s3
