#include "storage/azure/azure_store.h"

#include <algorithm>
#include <cstdio>
#include <deque>
#include <future>
#include <optional>
#include <thread>

#include "common/base64.h"
#include "common/random_id.h"
#include "common/text.h"
#include "storage/azure/azure_auth.h"
#include "net/curl_support.h"
#include "storage/chunked_reader.h"
#include "storage/azure/azure_xml.h"

namespace coffer::storage::azure {

namespace {

using Response = net::HttpResponse;

std::string normalize_prefix(std::string p) {
  while (!p.empty() && p.front() == '/') p.erase(0, 1);
  while (!p.empty() && p.back() == '/') p.pop_back();
  return p.empty() ? p : p + "/";
}

bool retryable_status(long status) { return status == 408 || status == 429 || status >= 500; }

}  // namespace

struct AzureBlobStore::Impl {
  AzureConfig cfg;
  std::string base_url;   // endpoint without a trailing '/'
  std::string base_path;  // the endpoint's path ("" or "/devstoreaccount1")
  std::optional<SharedKeySigner> signer;
  std::string sas;

  std::optional<net::HttpClient> http;

  std::string blob_name(const std::string& key) const { return cfg.prefix + key; }

  std::string where(const std::string& blob) const {
    std::string s = "azure container '" + cfg.container + "'";
    if (!blob.empty()) s += " blob '" + blob + "'";
    return s;
  }

  // The request path (encoded) for the container or one of its blobs.
  std::string path_for(const std::string& blob) const {
    std::string p = base_path + "/" + encode_path(cfg.container);
    if (!blob.empty()) p += "/" + encode_path(blob);
    return p;
  }

  // One attempt, signed now.
  net::HttpResult perform_once(const BlobRequest& req, std::string_view body) {
    BlobRequest signed_req = req;
    signed_req.headers.emplace_back("x-ms-date", format_http_date(std::chrono::duration_cast<std::chrono::seconds>(
                                                     std::chrono::system_clock::now().time_since_epoch())
                                                     .count()));
    signed_req.headers.emplace_back("x-ms-version", kApiVersion);
    signed_req.content_length = body.size();

    net::HttpRequest http_req;
    http_req.method = req.method;
    http_req.url = base_url.substr(0, base_url.size() - base_path.size()) + req.path;
    std::string query;
    for (const auto& [k, v] : req.query) query += (query.empty() ? "" : "&") + url_encode(k) + "=" + url_encode(v);
    if (!sas.empty()) query += (query.empty() ? "" : "&") + sas;
    if (!query.empty()) http_req.url += "?" + query;
    for (const auto& [k, v] : signed_req.headers) http_req.headers.push_back(k + ": " + v);
    if (signer) http_req.headers.push_back("Authorization: " + signer->authorization(signed_req));
    http_req.body = body;
    return http->perform(http_req);
  }

  void backoff(int attempt) {
    std::this_thread::sleep_for(net::retry_delay(attempt, cfg.retry_base_delay, cfg.retry_max_delay, true));
  }

  // With retries: returns the final response (any status); throws StorageError when the
  // transport failed on every attempt.
  Response execute(const BlobRequest& req, std::string_view body, const std::string& blob) {
    for (int attempt = 0;; ++attempt) {
      net::HttpResult r = perform_once(req, body);
      if (r.ok() && (!retryable_status(r.response.status) || attempt >= cfg.max_retries)) return std::move(r.response);
      if (attempt >= cfg.max_retries) {
        throw StorageError(where(blob) + ": " + req.method + " failed after " + std::to_string(attempt + 1) +
                           " attempt(s): " + r.error);
      }
      backoff(attempt);
    }
  }

  // A 404 about the blob itself (not its container).
  static bool blob_missing(const Response& resp) {
    std::string code = resp.header("x-ms-error-code");
    return code.empty() || code == "BlobNotFound";
  }

  [[noreturn]] void fail(const std::string& op, const std::string& blob, const Response& resp) const {
    std::string code = resp.header("x-ms-error-code");
    if (code.empty()) code = xml::text(resp.body, "Code").value_or("");
    std::string message;
    try {
      message = xml::text(resp.body, "Message").value_or("");
    } catch (const std::exception&) {
    }
    if (auto nl = message.find('\n'); nl != std::string::npos) message.resize(nl);
    std::string text = where(blob) + ": " + op + " failed: HTTP " + std::to_string(resp.status);
    if (!code.empty()) text += " " + code;
    if (!message.empty()) text += ": " + std::string(trim(message));
    if (resp.status == 404 && (code == "BlobNotFound" || code.empty())) throw ObjectNotFound(text);
    if (resp.status == 404 && code == "ContainerNotFound") text += " (create the container first)";
    throw StorageError(text);
  }

  BlobRequest request(std::string method, const std::string& blob) const {
    BlobRequest r;
    r.method = std::move(method);
    r.path = path_for(blob);
    return r;
  }
};

namespace {

class BlobReader final : public ChunkedReader {
 public:
  BlobReader(std::shared_ptr<AzureBlobStore::Impl> impl, std::string key, std::string blob, std::uint64_t offset,
             std::uint64_t length)
      : impl_(std::move(impl)), key_(std::move(key)), blob_(std::move(blob)), pos_(offset),
        end_(length ? offset + length : UINT64_MAX) {
    next_chunk();  // the first chunk: ObjectNotFound here, not on the first read()
  }

 private:
  bool fetch_next(std::string& chunk) override {
    if (pos_ >= end_) return false;
    std::uint64_t last = std::min<std::uint64_t>(end_, pos_ + impl_->cfg.block_size) - 1;
    BlobRequest r = impl_->request("GET", blob_);
    r.headers.emplace_back("x-ms-range", "bytes=" + std::to_string(pos_) + "-" + std::to_string(last));
    if (!etag_.empty()) r.headers.emplace_back("If-Match", etag_);
    Response resp = impl_->execute(r, {}, blob_);
    if (resp.status == 416) return false;  // the offset is at or past the end (or the blob is empty)
    if (resp.status == 412) throw StorageError(impl_->where(blob_) + ": the blob changed while it was being read");
    if (resp.status == 404 && !etag_.empty())
      throw StorageError(impl_->where(blob_) + ": the blob was deleted while it was being read");
    if (resp.status != 200 && resp.status != 206) impl_->fail("Get Blob", blob_, resp);
    if (etag_.empty()) etag_ = resp.header("etag");
    if (resp.status == 200) {  // the whole blob despite the range
      if (pos_ < resp.body.size()) chunk = resp.body.substr(pos_, end_ - pos_);
      return false;
    }
    // "bytes first-last/total"
    std::string cr = resp.header("content-range");
    if (auto slash = cr.rfind('/'); slash != std::string::npos && cr.substr(slash + 1) != "*") {
      try {
        end_ = std::min<std::uint64_t>(end_, std::stoull(cr.substr(slash + 1)));
      } catch (const std::exception&) {
        throw StorageError(impl_->where(blob_) + ": bad Content-Range '" + cr + "'");
      }
    }
    if (resp.body.size() != last + 1 - pos_ && pos_ + resp.body.size() != end_)
      throw StorageError(impl_->where(blob_) + ": short read (" + std::to_string(resp.body.size()) + " bytes at offset " +
                         std::to_string(pos_) + ")");
    pos_ += resp.body.size();
    chunk = std::move(resp.body);
    return pos_ < end_ && !chunk.empty();
  }

  std::shared_ptr<AzureBlobStore::Impl> impl_;
  std::string key_, blob_;
  std::uint64_t pos_, end_;
  std::string etag_;
};

class BlobWriter final : public ObjectWriter {
 public:
  BlobWriter(std::shared_ptr<AzureBlobStore::Impl> impl, std::string blob, bool create_only)
      : impl_(std::move(impl)), blob_(std::move(blob)), create_only_(create_only), session_(random_alnum(16)) {}

  ~BlobWriter() override {
    if (!committed_) abort();
  }

  void write(std::string_view data) override {
    check_open();
    try {
      while (!data.empty()) {
        std::size_t room = impl_->cfg.block_size - buffer_.size();
        std::size_t take = std::min(room, data.size());
        buffer_.append(data.data(), take);
        data.remove_prefix(take);
        written_ += take;
        if (buffer_.size() == impl_->cfg.block_size) flush_block();
      }
    } catch (...) {
      abort();
      throw;
    }
  }

  void commit() override {
    check_open();
    try {
      Response resp;
      std::string op;
      if (block_ids_.empty()) {
        op = "Put Blob";
        BlobRequest r = impl_->request("PUT", blob_);
        r.headers.emplace_back("x-ms-blob-type", "BlockBlob");
        if (create_only_) r.headers.emplace_back("If-None-Match", "*");
        resp = impl_->execute(r, buffer_, blob_);
      } else {
        if (!buffer_.empty()) flush_block();
        while (!inflight_.empty()) {
          inflight_.front().get();
          inflight_.pop_front();
        }
        op = "Put Block List";
        std::string block_list = "<?xml version=\"1.0\" encoding=\"utf-8\"?><BlockList>";
        for (const auto& id : block_ids_) block_list += "<Latest>" + id + "</Latest>";
        block_list += "</BlockList>";
        BlobRequest r = impl_->request("PUT", blob_);
        r.query.emplace_back("comp", "blocklist");
        if (create_only_) r.headers.emplace_back("If-None-Match", "*");
        resp = impl_->execute(r, block_list, blob_);
      }
      if (create_only_ && (resp.status == 409 || resp.status == 412))
        throw ObjectExists(impl_->where(blob_) + ": already exists (" + op + " with If-None-Match: * got HTTP " +
                           std::to_string(resp.status) + ")");
      if (resp.status != 201) impl_->fail(op, blob_, resp);
      committed_ = true;
      buffer_.clear();
      buffer_.shrink_to_fit();
    } catch (...) {
      abort();
      throw;
    }
  }

  void abort() noexcept override {
    closed_ = true;
    // Uncommitted blocks are invisible and discarded by the service; wait for uploads in flight.
    while (!inflight_.empty()) {
      try {
        inflight_.front().get();
      } catch (...) {
      }
      inflight_.pop_front();
    }
    buffer_.clear();
    buffer_.shrink_to_fit();
  }

  std::uint64_t bytes_written() const override { return written_; }

 private:
  void check_open() const {
    if (committed_ || closed_) throw StorageError(impl_->where(blob_) + ": the writer is already committed or aborted");
  }

  void flush_block() {
    // Block ids: base64 of fixed-length text, unique per writer.
    char text[48];
    std::snprintf(text, sizeof text, "coffer-%s-%08zu", session_.c_str(), block_ids_.size());
    std::string id = base64_encode(text);
    block_ids_.push_back(id);
    while (inflight_.size() >= static_cast<std::size_t>(std::max(1, impl_->cfg.parallel_blocks))) {
      auto f = std::move(inflight_.front());
      inflight_.pop_front();
      f.get();
    }
    std::string data;
    data.swap(buffer_);
    buffer_.reserve(impl_->cfg.block_size);
    auto impl = impl_;
    auto blob = blob_;
    inflight_.push_back(std::async(std::launch::async, [impl, blob, id, data = std::move(data)] {
      BlobRequest r = impl->request("PUT", blob);
      r.query.emplace_back("comp", "block");
      r.query.emplace_back("blockid", id);
      Response resp = impl->execute(r, data, blob);
      if (resp.status != 201) impl->fail("Put Block", blob, resp);
    }));
  }

  std::shared_ptr<AzureBlobStore::Impl> impl_;
  std::string blob_;
  bool create_only_;
  std::string session_;
  std::string buffer_;
  std::vector<std::string> block_ids_;
  std::deque<std::future<void>> inflight_;
  std::uint64_t written_ = 0;
  bool committed_ = false;
  bool closed_ = false;
};

}  // namespace

AzureConfig azure_config_from_location(const LocationConfig& location, const AzureCredentials& credentials) {
  if (location.provider != Provider::Azure)
    throw StorageError("location " + location.describe() + " is not an Azure location");
  AzureConfig c;
  c.container = location.bucket;
  c.prefix = location.prefix;
  c.account = location.config_value("storageAccount", credentials.storage_account);
  c.endpoint = location.config_value("storageAccountURI");
  c.ca_pem = location.ca_cert_pem;
  c.insecure_skip_tls_verify = location.config_flag("insecureSkipTLSVerify");
  c.account_key = credentials.account_key;
  c.sas_token = credentials.sas_token;
  if (c.account.empty())
    throw StorageError("location " + location.describe() +
                       ": no storage account (config storageAccount or AZURE_STORAGE_ACCOUNT)");
  if (c.account_key.empty() && c.sas_token.empty())
    throw StorageError("location " + location.describe() +
                       ": no AZURE_STORAGE_ACCOUNT_ACCESS_KEY or AZURE_STORAGE_SAS_TOKEN in the credentials "
                       "(Azure AD credentials are not supported for blob access)");
  return c;
}

AzureBlobStore::AzureBlobStore(AzureConfig config) : config_(std::move(config)) {
  net::ensure_curl_initialized();
  if (config_.account.empty()) throw StorageError("azure: no storage account configured");
  if (config_.container.empty()) throw StorageError("azure: no container configured");
  if (config_.block_size == 0) throw StorageError("azure: block_size must be positive");
  if (config_.block_size > 4000ull * 1024 * 1024) throw StorageError("azure: block_size above the 4000 MiB limit");
  config_.prefix = normalize_prefix(config_.prefix);
  if (config_.endpoint.empty()) config_.endpoint = "https://" + config_.account + ".blob.core.windows.net";
  while (!config_.endpoint.empty() && config_.endpoint.back() == '/') config_.endpoint.pop_back();
  auto scheme = config_.endpoint.find("://");
  if (scheme == std::string::npos)
    throw StorageError("azure: endpoint '" + config_.endpoint + "' is not a URL (expected https://host[:port][/path])");
  impl_ = std::make_shared<Impl>();
  impl_->cfg = config_;
  impl_->http.emplace(net::TransferOptions{config_.connect_timeout, config_.idle_timeout, config_.ca_pem,
                                           config_.insecure_skip_tls_verify});
  impl_->base_url = config_.endpoint;
  auto slash = config_.endpoint.find('/', scheme + 3);
  impl_->base_path = slash == std::string::npos ? "" : config_.endpoint.substr(slash);
  if (!config_.account_key.empty()) {
    try {
      impl_->signer.emplace(config_.account, config_.account_key);
    } catch (const std::invalid_argument& e) {
      throw StorageError(std::string("azure account '") + config_.account + "': " + e.what());
    }
  } else if (!config_.sas_token.empty()) {
    impl_->sas = normalize_sas_token(config_.sas_token);
  } else {
    throw StorageError("azure account '" + config_.account + "': neither an account key nor a SAS token");
  }
}

AzureBlobStore::~AzureBlobStore() = default;

std::unique_ptr<ObjectWriter> AzureBlobStore::open_write(const std::string& key) {
  check_key(key);
  return std::make_unique<BlobWriter>(impl_, impl_->blob_name(key), false);
}

std::unique_ptr<ObjectWriter> AzureBlobStore::open_write_new(const std::string& key) {
  check_key(key);
  return std::make_unique<BlobWriter>(impl_, impl_->blob_name(key), true);
}

std::unique_ptr<ObjectReader> AzureBlobStore::open_read(const std::string& key) {
  return open_read_range(key, 0, 0);
}

std::unique_ptr<ObjectReader> AzureBlobStore::open_read_range(const std::string& key, std::uint64_t offset,
                                                              std::uint64_t length) {
  check_key(key);
  return std::make_unique<BlobReader>(impl_, key, impl_->blob_name(key), offset, length);
}

std::optional<ObjectInfo> AzureBlobStore::head(const std::string& key) {
  check_key(key);
  std::string blob = impl_->blob_name(key);
  Response resp = impl_->execute(impl_->request("HEAD", blob), {}, blob);
  if (resp.status == 404 && impl_->blob_missing(resp)) return std::nullopt;
  if (resp.status != 200) impl_->fail("Get Blob Properties", blob, resp);
  ObjectInfo info;
  info.key = key;
  try {
    info.size = std::stoull(resp.header("content-length"));
    info.modified_unix = parse_http_date(resp.header("last-modified"));
  } catch (const std::exception& e) {
    throw StorageError(impl_->where(blob) + ": bad Get Blob Properties response: " + e.what());
  }
  return info;
}

bool AzureBlobStore::exists(const std::string& key) { return head(key).has_value(); }

namespace {
// One List Blobs walk; calls on_blob(name, size, modified) and on_prefix(name) for each entry.
template <class OnBlob, class OnPrefix>
void list_blobs(AzureBlobStore::Impl& impl, const std::string& prefix, bool delimited, OnBlob on_blob,
                OnPrefix on_prefix) {
  std::string marker;
  do {
    BlobRequest r = impl.request("GET", "");
    r.query.emplace_back("restype", "container");
    r.query.emplace_back("comp", "list");
    if (!prefix.empty()) r.query.emplace_back("prefix", prefix);
    if (delimited) r.query.emplace_back("delimiter", "/");
    if (!marker.empty()) r.query.emplace_back("marker", marker);
    if (impl.cfg.list_page_size > 0) r.query.emplace_back("maxresults", std::to_string(impl.cfg.list_page_size));
    Response resp = impl.execute(r, {}, "");
    if (resp.status != 200) {
      try {
        impl.fail("List Blobs", "", resp);
      } catch (const ObjectNotFound& e) {  // a container, not a blob, is missing
        throw StorageError(e.what());
      }
    }
    try {
      for (const auto& blob : xml::elements(resp.body, "Blob")) {
        auto names = xml::elements(blob.inner, "Name");
        if (names.empty()) continue;
        std::string name = blob_name_text(names.front());
        std::uint64_t size = 0;
        std::int64_t modified = 0;
        if (auto v = xml::text(blob.inner, "Content-Length")) size = std::stoull(*v);
        if (auto v = xml::text(blob.inner, "Last-Modified")) modified = parse_http_date(*v);
        on_blob(name, size, modified);
      }
      for (const auto& p : xml::elements(resp.body, "BlobPrefix")) {
        auto names = xml::elements(p.inner, "Name");
        if (!names.empty()) on_prefix(blob_name_text(names.front()));
      }
      marker = xml::text(resp.body, "NextMarker").value_or("");
    } catch (const std::exception& e) {
      throw StorageError(impl.where("") + ": bad List Blobs response: " + e.what());
    }
  } while (!marker.empty());
}
}  // namespace

std::vector<ObjectInfo> AzureBlobStore::list(const std::string& prefix) {
  std::vector<ObjectInfo> out;
  const std::string& root = impl_->cfg.prefix;
  list_blobs(
      *impl_, root + prefix, false,
      [&](const std::string& name, std::uint64_t size, std::int64_t modified) {
        if (name.size() <= root.size() || name.compare(0, root.size(), root) != 0) return;
        out.push_back(ObjectInfo{name.substr(root.size()), size, modified});
      },
      [](const std::string&) {});
  std::sort(out.begin(), out.end(), [](const ObjectInfo& a, const ObjectInfo& b) { return a.key < b.key; });
  return out;
}

std::vector<std::string> AzureBlobStore::list_common_prefixes(const std::string& prefix) {
  if (!prefix.empty() && prefix.back() != '/')
    throw StorageError("list_common_prefixes: prefix '" + prefix + "' must be empty or end with '/'");
  std::vector<std::string> out;
  const std::string& root = impl_->cfg.prefix;
  list_blobs(
      *impl_, root + prefix, true, [](const std::string&, std::uint64_t, std::int64_t) {},
      [&](const std::string& name) {
        if (name.size() > root.size() && name.compare(0, root.size(), root) == 0) out.push_back(name.substr(root.size()));
      });
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

void AzureBlobStore::remove(const std::string& key) {
  check_key(key);
  std::string blob = impl_->blob_name(key);
  BlobRequest r = impl_->request("DELETE", blob);
  r.headers.emplace_back("x-ms-delete-snapshots", "include");
  Response resp = impl_->execute(r, {}, blob);
  if (resp.status == 202 || resp.status == 200 || (resp.status == 404 && impl_->blob_missing(resp))) return;
  impl_->fail("Delete Blob", blob, resp);
}

void AzureBlobStore::create_container() {
  BlobRequest r = impl_->request("PUT", "");
  r.query.emplace_back("restype", "container");
  Response resp = impl_->execute(r, {}, "");
  if (resp.status == 201) return;
  if (resp.status == 409 && resp.header("x-ms-error-code") == "ContainerAlreadyExists") return;
  impl_->fail("Create Container", "", resp);
}

std::string AzureBlobStore::describe() const {
  std::string s = "azure://" + config_.container;
  if (!config_.prefix.empty()) s += "/" + config_.prefix.substr(0, config_.prefix.size() - 1);
  s += "?account=" + url_encode(config_.account);
  if (config_.endpoint != "https://" + config_.account + ".blob.core.windows.net")
    s += "&endpoint=" + url_encode(config_.endpoint);
  return s;
}

}  // namespace coffer::storage::azure
