#include "storage/gcs/gcs_store.h"

#include <algorithm>
#include <limits>
#include <nlohmann/json.hpp>
#include <thread>

#include "common/rfc3339.h"
#include "common/text.h"
#include "storage/chunked_reader.h"
#include "storage/gcs/gcs_auth.h"
#include "storage/gcs/gcs_http.h"

namespace coffer::storage::gcs {
namespace {

constexpr std::size_t kChunkUnit = 256 * 1024;  // resumable chunks are multiples of this

std::string normalize_prefix(std::string p) {
  while (!p.empty() && p.front() == '/') p.erase(0, 1);
  while (!p.empty() && p.back() == '/') p.pop_back();
  return p.empty() ? p : p + "/";
}

void check_list_prefix(const std::string& prefix) {
  if (prefix.empty()) return;
  bool bad = prefix.front() == '/' || prefix.find('\0') != std::string::npos || prefix.find("//") != std::string::npos;
  for (const auto& seg : split(prefix, '/')) bad = bad || seg == "..";
  if (bad) throw StorageError("gcs: invalid prefix '" + prefix + "'");
}

// "bytes=0-1234" (a 308's Range) -> 1235 bytes persisted; absent -> 0.
std::uint64_t persisted_of(const HttpResponse& r) {
  std::string range = r.header("range");
  if (range.empty()) return 0;
  std::size_t dash = range.find('-');
  if (range.rfind("bytes=", 0) != 0 || dash == std::string::npos) {
    throw StorageError("gcs: bad Range '" + range + "' in a resumable upload status");
  }
  try {
    return std::stoull(range.substr(dash + 1)) + 1;
  } catch (const std::exception&) {
    throw StorageError("gcs: bad Range '" + range + "' in a resumable upload status");
  }
}

std::int64_t parse_updated(const nlohmann::json& item) {
  if (!item.contains("updated") || !item["updated"].is_string()) return 0;
  try {
    return std::chrono::duration_cast<std::chrono::seconds>(
               parse_rfc3339(item["updated"].get<std::string>()).time_since_epoch())
        .count();
  } catch (const std::invalid_argument&) {
    return 0;
  }
}

// objects resources carry "size" as a decimal string.
std::uint64_t parse_size(const nlohmann::json& item) {
  if (!item.contains("size")) return 0;
  const auto& s = item["size"];
  if (s.is_number_unsigned()) return s.get<std::uint64_t>();
  if (!s.is_string()) throw std::invalid_argument("bad size");
  return std::stoull(s.get<std::string>());
}

}  // namespace

struct GcsStore::Impl {
  GcsConfig cfg;
  std::string base;  // endpoint without a trailing '/'
  std::unique_ptr<net::HttpClient> http;
  std::unique_ptr<GcsTokenSource> tokens;

  std::string where(const std::string& name) const { return "gs://" + cfg.bucket + "/" + name; }
  std::string bucket_url() const { return base + "/storage/v1/b/" + url_encode(cfg.bucket); }
  std::string object_url(const std::string& name) const { return bucket_url() + "/o/" + url_encode(name); }
  std::string upload_url() const { return base + "/upload/storage/v1/b/" + url_encode(cfg.bucket) + "/o"; }
  std::string name_of(const std::string& key) const {
    check_key(key);
    return cfg.prefix + key;
  }

  // One attempt with a bearer token; a 401 drops the token and tries once more with a new one.
  net::HttpResult send(const HttpRequest& req) {
    for (int round = 0;; ++round) {
      std::string token = tokens->token();
      HttpRequest authed = req;
      authed.headers.push_back("Authorization: Bearer " + token);
      net::HttpResult r = http->perform(authed);
      if (!r.ok() || r.response.status != 401 || round == 1) return r;
      tokens->invalidate(token);
    }
  }

  void backoff(int attempt) const {
    std::this_thread::sleep_for(net::retry_delay(attempt, cfg.retry_base_delay, cfg.retry_max_delay, true));
  }

  // With retries: the last response (any status); throws StorageError when the transport failed
  // on the last attempt or with an error not worth retrying.
  HttpResponse perform(const HttpRequest& req, const std::string& op, const std::string& name) {
    for (int attempt = 0;; ++attempt) {
      net::HttpResult r = send(req);
      bool last = attempt >= cfg.max_retries;
      if (!r.ok()) {
        if (last || !retryable_transport(r.code)) {
          throw StorageError("gcs: " + op + " " + where(name) + ": " + r.error + " (after " +
                             std::to_string(attempt + 1) + " attempt(s), endpoint " + base + ")");
        }
      } else if (last || !retryable_status(r.response.status)) {
        return std::move(r.response);
      }
      backoff(attempt);
    }
  }

  // "gcs: <op> gs://bucket/name: HTTP 403 forbidden: <message>"
  std::string failure(const std::string& op, const std::string& name, const HttpResponse& r) const {
    std::string msg = "gcs: " + op + " " + where(name) + ": HTTP " + std::to_string(r.status);
    nlohmann::json j = nlohmann::json::parse(r.body, nullptr, false);
    if (j.is_object() && j.contains("error") && j["error"].is_object()) {
      const auto& e = j["error"];
      if (e.contains("errors") && e["errors"].is_array() && !e["errors"].empty() && e["errors"][0].is_object() &&
          e["errors"][0].contains("reason") && e["errors"][0]["reason"].is_string()) {
        msg += " " + e["errors"][0]["reason"].get<std::string>();
      }
      if (e.contains("message") && e["message"].is_string()) msg += ": " + e["message"].get<std::string>();
    } else if (!r.body.empty() && r.body.size() <= 200 && r.body.find('\n') == std::string::npos) {
      msg += ": " + r.body;  // a short plain-text error
    }
    return msg;
  }

  [[noreturn]] void fail(const std::string& op, const std::string& name, const HttpResponse& r) const {
    if (r.status == 404) throw ObjectNotFound(failure(op, name, r));
    throw StorageError(failure(op, name, r));
  }
};

namespace {

using Impl = GcsStore::Impl;

class GcsWriter final : public ObjectWriter {
 public:
  GcsWriter(std::shared_ptr<Impl> impl, std::string name, bool create_only)
      : impl_(std::move(impl)), name_(std::move(name)), create_only_(create_only) {}
  ~GcsWriter() override {
    if (!done_) abort();
  }

  void write(std::string_view data) override {
    check_open("write to");
    written_ += data.size();
    if (!exists_.empty()) return;  // create-only and the object exists: commit() reports it
    try {
      buffer_.append(data);
      while (buffer_.size() > impl_->cfg.chunk_size) {  // keep >= 1 byte for the final chunk
        if (session_.empty()) {
          try {
            start_session();
          } catch (const ObjectExists& e) {
            exists_ = e.what();
            buffer_.clear();
            buffer_.shrink_to_fit();
            return;
          }
        }
        upload(impl_->cfg.chunk_size, false);
      }
    } catch (...) {
      abort();
      throw;
    }
  }

  void commit() override {
    check_open("commit of");
    if (!exists_.empty()) {
      abort();
      throw ObjectExists(exists_);
    }
    try {
      if (session_.empty()) {
        simple_upload();
      } else {
        upload(buffer_.size(), true);
      }
    } catch (...) {
      abort();
      throw;
    }
    session_.clear();
    done_ = true;
    buffer_.clear();
    buffer_.shrink_to_fit();
  }

  void abort() noexcept override {
    done_ = true;
    buffer_.clear();
    buffer_.shrink_to_fit();
    if (session_.empty()) return;
    try {  // best effort: an abandoned session expires after a week
      HttpRequest req;
      req.method = "DELETE";
      req.url = session_;
      impl_->send(req);
    } catch (...) {
    }
    session_.clear();
  }

  std::uint64_t bytes_written() const override { return written_; }

 private:
  void check_open(const char* what) const {
    if (done_) throw StorageError("gcs: " + std::string(what) + " " + impl_->where(name_) + " after commit/abort");
  }

  std::string query_tail() const {
    return "&name=" + url_encode(name_) + (create_only_ ? "&ifGenerationMatch=0" : "");
  }

  void throw_if_exists(const std::string& op, const HttpResponse& r) const {
    if (create_only_ && r.status == 412) {
      throw ObjectExists(impl_->failure(op, name_, r) + " (create-only write: the object exists)");
    }
  }

  void simple_upload() {
    HttpRequest req;
    req.method = "POST";
    req.url = impl_->upload_url() + "?uploadType=media" + query_tail();
    req.headers = {"Content-Type: application/octet-stream"};
    req.body = buffer_;
    HttpResponse r = impl_->perform(req, "upload", name_);
    if (r.status != 200 && r.status != 201) {
      throw_if_exists("upload", r);
      impl_->fail("upload", name_, r);
    }
  }

  void start_session() {
    HttpRequest req;
    req.method = "POST";
    req.url = impl_->upload_url() + "?uploadType=resumable" + query_tail();
    req.headers = {"X-Upload-Content-Type: application/octet-stream"};
    HttpResponse r = impl_->perform(req, "start resumable upload", name_);
    if (r.status != 200 && r.status != 201) {
      throw_if_exists("start resumable upload", r);
      impl_->fail("start resumable upload", name_, r);
    }
    session_ = r.header("location");
    if (session_.empty()) {
      throw StorageError("gcs: start resumable upload " + impl_->where(name_) + ": no Location in the response");
    }
  }

  // Asks how much of the upload the service holds ("Content-Range: bytes */*").
  HttpResponse query_status() {
    HttpRequest req;
    req.method = "PUT";
    req.url = session_;
    req.headers = {"Content-Range: bytes */*"};
    return impl_->perform(req, "query resumable upload", name_);
  }

  // Uploads buffer_[0, n) at offset_; final: the last chunk (the total is declared and GCS
  // finalises the object). Resumes from the persisted offset after a failed attempt.
  void upload(std::size_t n, bool final) {
    const std::string op = final ? "finish resumable upload" : "upload chunk of";
    std::size_t skip = 0;  // bytes of buffer_ already persisted
    int failures = 0;
    std::uint64_t total = offset_ + n;
    // Handles a response that is a verdict on the upload state; true when the chunk is done.
    auto settle = [&](const HttpResponse& r) -> bool {
      if (r.status == 200 || r.status == 201) {
        if (!final) {
          throw StorageError("gcs: " + op + " " + impl_->where(name_) + ": the service finalised the upload early");
        }
        return true;
      }
      if (r.status == 308) {
        std::uint64_t persisted = persisted_of(r);
        if (persisted < offset_ || persisted > total) {
          throw StorageError("gcs: " + op + " " + impl_->where(name_) + ": the service holds " +
                             std::to_string(persisted) + " bytes, expected " + std::to_string(offset_) + " to " +
                             std::to_string(total));
        }
        skip = static_cast<std::size_t>(persisted - offset_);
        return !final && skip == n;
      }
      if (r.status == 404 || r.status == 410) {
        throw StorageError(impl_->failure(op, name_, r) + " (the upload session expired or was cancelled)");
      }
      throw_if_exists(op, r);
      impl_->fail(op, name_, r);
    };
    for (;;) {
      std::string_view piece = std::string_view(buffer_).substr(skip, n - skip);
      std::uint64_t first = offset_ + skip;
      HttpRequest req;
      req.method = "PUT";
      req.url = session_;
      req.body = piece;
      std::string range = piece.empty() ? "bytes */" + std::to_string(total)
                                        : "bytes " + std::to_string(first) + "-" +
                                              std::to_string(first + piece.size() - 1) + "/" +
                                              (final ? std::to_string(total) : std::string("*"));
      req.headers = {"Content-Range: " + range};
      net::HttpResult result = impl_->send(req);
      const HttpResponse& r = result.response;
      bool transient = result.ok() ? retryable_status(r.status) : retryable_transport(result.code);
      if (result.ok() && !transient) {
        std::size_t before = skip;
        if (settle(r)) break;
        if (skip == before) ++failures;  // a 308 without progress
        if (failures > impl_->cfg.max_retries) {
          throw StorageError("gcs: " + op + " " + impl_->where(name_) + ": no progress after " +
                             std::to_string(failures) + " attempt(s)");
        }
        continue;
      }
      if (!result.ok() && !transient) {
        throw StorageError("gcs: " + op + " " + impl_->where(name_) + ": " + result.error);
      }
      if (++failures > impl_->cfg.max_retries) {
        if (!result.ok()) {
          throw StorageError("gcs: " + op + " " + impl_->where(name_) + ": " + result.error + " (after " +
                             std::to_string(failures) + " attempt(s), endpoint " + impl_->base + ")");
        }
        impl_->fail(op, name_, r);
      }
      impl_->backoff(failures - 1);
      if (settle(query_status())) break;  // where to resume
    }
    offset_ = total;
    buffer_.erase(0, n);
  }

  std::shared_ptr<Impl> impl_;
  std::string name_;
  bool create_only_;
  std::string buffer_;
  std::uint64_t offset_ = 0;  // bytes the service holds (before buffer_[0])
  std::uint64_t written_ = 0;
  std::string session_;  // the resumable session URI
  std::string exists_;   // create-only: the session start found the object (the error text)
  bool done_ = false;
};

class GcsReader final : public ChunkedReader {
 public:
  GcsReader(std::shared_ptr<Impl> impl, std::string name, std::uint64_t offset, std::uint64_t length)
      : impl_(std::move(impl)), name_(std::move(name)), pos_(offset) {
    if (length > 0) {
      end_ = offset > std::numeric_limits<std::uint64_t>::max() - length ? std::numeric_limits<std::uint64_t>::max()
                                                                          : offset + length;
    }
    next_chunk();  // ObjectNotFound here, at open time
  }

 private:
  [[noreturn]] void changed() const {
    throw StorageError("gcs: get " + impl_->where(name_) + ": the object changed or was removed while being read");
  }

  bool fetch_next(std::string& chunk) override {
    if (pos_ >= end_) return false;
    std::uint64_t span = impl_->cfg.chunk_size;
    std::uint64_t last = (end_ - pos_ > span ? pos_ + span : end_) - 1;
    HttpRequest req;
    req.url = impl_->object_url(name_) + "?alt=media";
    if (!generation_.empty()) req.url += "&generation=" + url_encode(generation_);
    req.headers = {"Range: bytes=" + std::to_string(pos_) + "-" + std::to_string(last)};
    HttpResponse r = impl_->perform(req, "get", name_);
    bool first = generation_.empty() && !seen_;
    seen_ = true;
    if (r.status == 416) {  // the offset is at or beyond the end (or the object is empty)
      if (!first) changed();
      return false;
    }
    if (r.status == 404 && !first) changed();
    if (r.status != 200 && r.status != 206) impl_->fail("get", name_, r);
    std::string generation = r.header("x-goog-generation");
    if (first) {
      generation_ = generation;
    } else if (!generation.empty() && generation != generation_) {
      changed();
    }
    if (r.status == 200) {  // the whole object despite the Range
      if (!first && pos_ != 0) throw StorageError("gcs: get " + impl_->where(name_) + ": range ignored mid-read");
      std::uint64_t size = r.body.size();
      if (pos_ < size) chunk = r.body.substr(pos_, std::min(end_, size) - pos_);
      return false;
    }
    std::string cr = r.header("content-range");  // "bytes first-last/total"
    std::uint64_t got_first = 0, total = 0;
    try {
      std::size_t dash = cr.find('-'), slash = cr.rfind('/');
      if (cr.rfind("bytes ", 0) != 0 || dash == std::string::npos || slash == std::string::npos) throw 0;
      got_first = std::stoull(cr.substr(6, dash - 6));
      total = std::stoull(cr.substr(slash + 1));
    } catch (...) {
      throw StorageError("gcs: get " + impl_->where(name_) + ": bad Content-Range '" + cr + "'");
    }
    end_ = std::min(end_, total);
    if (got_first != pos_ || r.body.empty() || r.body.size() > last + 1 - pos_) {
      throw StorageError("gcs: get " + impl_->where(name_) + ": response does not match the requested range (" + cr +
                         ", " + std::to_string(r.body.size()) + " bytes)");
    }
    pos_ += r.body.size();
    chunk = std::move(r.body);
    return pos_ < end_;
  }

  std::shared_ptr<Impl> impl_;
  std::string name_;
  std::uint64_t pos_;
  std::uint64_t end_ = std::numeric_limits<std::uint64_t>::max();  // exclusive
  std::string generation_;
  bool seen_ = false;
};

// objects.list over every page; on_page(json) for each.
template <class F>
void list_pages(Impl& impl, const std::string& prefix, bool delimited, F on_page) {
  std::string token;
  do {
    HttpRequest req;
    req.url = impl.bucket_url() + "/o?prefix=" + url_encode(prefix);
    if (delimited) req.url += "&delimiter=%2F";
    if (impl.cfg.list_page_size > 0) req.url += "&maxResults=" + std::to_string(impl.cfg.list_page_size);
    if (!token.empty()) req.url += "&pageToken=" + url_encode(token);
    HttpResponse r = impl.perform(req, "list", prefix);
    if (r.status != 200) {
      throw StorageError(impl.failure("list", prefix, r) + (r.status == 404 ? " (does the bucket exist?)" : ""));
    }
    try {
      nlohmann::json j = nlohmann::json::parse(r.body);
      on_page(j);
      token = j.contains("nextPageToken") && j["nextPageToken"].is_string() ? j["nextPageToken"].get<std::string>()
                                                                              : std::string();
    } catch (const std::exception& e) {
      throw StorageError("gcs: list " + impl.where(prefix) + ": bad response: " + e.what());
    }
  } while (!token.empty());
}

}  // namespace

GcsConfig gcs_config_from_location(const LocationConfig& location, const GcpServiceAccount& service_account) {
  if (location.provider != Provider::Gcp) {
    throw StorageError("location " + location.describe() + " is not a GCS location");
  }
  GcsConfig c;
  c.bucket = location.bucket;
  c.prefix = location.prefix;
  c.endpoint = location.config_value("endpoint");
  c.ca_pem = location.ca_cert_pem;
  c.insecure_skip_tls_verify = location.config_flag("insecureSkipTLSVerify");
  c.service_account = service_account;
  return c;
}

GcsStore::GcsStore(GcsConfig config) : config_(std::move(config)), impl_(std::make_shared<Impl>()) {
  GcsConfig& c = config_;
  if (c.bucket.empty() || c.bucket.find('/') != std::string::npos) {
    throw StorageError("gcs: invalid bucket name '" + c.bucket + "'");
  }
  c.prefix = normalize_prefix(c.prefix);
  if (!c.prefix.empty()) {
    try {
      check_key(c.prefix.substr(0, c.prefix.size() - 1));
    } catch (const StorageError& e) {
      throw StorageError("gcs: invalid prefix '" + c.prefix + "': " + e.what());
    }
  }
  if (c.chunk_size == 0 || c.chunk_size % kChunkUnit != 0) {
    throw StorageError("gcs: chunk_size must be a positive multiple of 256 KiB");
  }
  if (c.max_retries < 0) c.max_retries = 0;
  std::string endpoint = c.endpoint.empty() ? "https://storage.googleapis.com" : c.endpoint;
  while (!endpoint.empty() && endpoint.back() == '/') endpoint.pop_back();
  std::size_t sep = endpoint.find("://");
  std::string scheme = sep == std::string::npos ? "" : to_lower(endpoint.substr(0, sep));
  if (scheme != "http" && scheme != "https") {
    throw StorageError("gcs: endpoint '" + endpoint + "' must be http(s)://host[:port]");
  }
  std::string authority = endpoint.substr(sep + 3);
  if (authority.empty() || authority.find_first_of("/?#@") != std::string::npos) {
    throw StorageError("gcs: endpoint must be scheme://host[:port] without a path or user info");
  }
  c.endpoint = endpoint;
  if (c.service_account.client_email.empty()) throw StorageError("gcs: gs://" + c.bucket + ": no service account");
  impl_->cfg = c;
  impl_->base = endpoint;
  impl_->http = std::make_unique<net::HttpClient>(
      net::TransferOptions{c.connect_timeout, c.idle_timeout, c.ca_pem, c.insecure_skip_tls_verify});
  TokenSourceOptions t;
  t.ca_pem = c.ca_pem;
  t.insecure_skip_tls_verify = c.insecure_skip_tls_verify;
  t.max_retries = c.max_retries;
  t.retry_base_delay = c.retry_base_delay;
  t.retry_max_delay = c.retry_max_delay;
  t.connect_timeout = c.connect_timeout;
  t.idle_timeout = c.idle_timeout;
  t.now_unix = c.now_unix;
  impl_->tokens = std::make_unique<GcsTokenSource>(c.service_account, std::move(t));
}

GcsStore::~GcsStore() = default;

std::unique_ptr<ObjectWriter> GcsStore::open_write(const std::string& key) {
  return std::make_unique<GcsWriter>(impl_, impl_->name_of(key), false);
}

std::unique_ptr<ObjectWriter> GcsStore::open_write_new(const std::string& key) {
  return std::make_unique<GcsWriter>(impl_, impl_->name_of(key), true);
}

std::unique_ptr<ObjectReader> GcsStore::open_read(const std::string& key) { return open_read_range(key, 0, 0); }

std::unique_ptr<ObjectReader> GcsStore::open_read_range(const std::string& key, std::uint64_t offset,
                                                        std::uint64_t length) {
  return std::make_unique<GcsReader>(impl_, impl_->name_of(key), offset, length);
}

std::optional<ObjectInfo> GcsStore::head(const std::string& key) {
  std::string name = impl_->name_of(key);
  HttpRequest req;
  req.url = impl_->object_url(name) + "?fields=size%2Cupdated";
  HttpResponse r = impl_->perform(req, "head", name);
  if (r.status == 404) return std::nullopt;
  if (r.status != 200) impl_->fail("head", name, r);
  try {
    nlohmann::json j = nlohmann::json::parse(r.body);
    return ObjectInfo{key, parse_size(j), parse_updated(j)};
  } catch (const std::exception& e) {
    throw StorageError("gcs: head " + impl_->where(name) + ": bad response: " + e.what());
  }
}

bool GcsStore::exists(const std::string& key) { return head(key).has_value(); }

std::vector<ObjectInfo> GcsStore::list(const std::string& prefix) {
  check_list_prefix(prefix);
  const std::string& root = config_.prefix;
  std::vector<ObjectInfo> out;
  list_pages(*impl_, root + prefix, false, [&](const nlohmann::json& page) {
    if (!page.contains("items")) return;
    for (const auto& item : page.at("items")) {
      std::string name = item.at("name").get<std::string>();
      if (name.size() <= root.size() || name.compare(0, root.size(), root) != 0) continue;
      out.push_back(ObjectInfo{name.substr(root.size()), parse_size(item), parse_updated(item)});
    }
  });
  std::sort(out.begin(), out.end(), [](const ObjectInfo& a, const ObjectInfo& b) { return a.key < b.key; });
  return out;
}

std::vector<std::string> GcsStore::list_common_prefixes(const std::string& prefix) {
  check_list_prefix(prefix);
  if (!prefix.empty() && prefix.back() != '/') {
    throw StorageError("gcs: list_common_prefixes: prefix '" + prefix + "' must be empty or end with '/'");
  }
  const std::string& root = config_.prefix;
  std::vector<std::string> out;
  list_pages(*impl_, root + prefix, true, [&](const nlohmann::json& page) {
    if (!page.contains("prefixes")) return;
    for (const auto& p : page.at("prefixes")) {
      std::string name = p.get<std::string>();
      if (name.size() > root.size() && name.compare(0, root.size(), root) == 0) out.push_back(name.substr(root.size()));
    }
  });
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

void GcsStore::remove(const std::string& key) {
  std::string name = impl_->name_of(key);
  HttpRequest req;
  req.method = "DELETE";
  req.url = impl_->object_url(name);
  HttpResponse r = impl_->perform(req, "delete", name);
  if (r.status == 200 || r.status == 204 || r.status == 404) return;
  impl_->fail("delete", name, r);
}

void GcsStore::remove_many(const std::vector<std::string>& keys) {
  std::vector<std::string> failed;
  std::vector<std::string> reasons;
  for (const auto& key : keys) {
    try {
      remove(key);
    } catch (const StorageError& e) {
      failed.push_back(key);
      if (std::find(reasons.begin(), reasons.end(), e.what()) == reasons.end()) reasons.push_back(e.what());
    }
  }
  if (failed.empty()) return;
  throw StorageError("gcs: could not remove " + std::to_string(failed.size()) + " of " + std::to_string(keys.size()) +
                     " object(s) in " + impl_->where(config_.prefix) + " (" + join(failed, ", ") +
                     "): " + join(reasons, "; "));
}

std::string GcsStore::describe() const {
  std::string p = config_.prefix;
  if (!p.empty()) p.pop_back();
  std::string out = "gs://" + config_.bucket + (p.empty() ? "" : "/" + p);
  if (config_.endpoint != "https://storage.googleapis.com") out += "?endpoint=" + url_encode(config_.endpoint);
  return out;
}

}  // namespace coffer::storage::gcs
