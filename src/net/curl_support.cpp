#include "net/curl_support.h"

#include <algorithm>
#include <random>
#include <stdexcept>

#include "common/text.h"

namespace coffer::net {
namespace {

struct BodySink {
  HttpResponse& resp;
  std::size_t max;
};

std::size_t on_body(char* data, std::size_t size, std::size_t n, void* user) {
  auto* sink = static_cast<BodySink*>(user);
  std::string& body = sink->resp.body;
  std::size_t len = size * n;
  if (sink->max != 0 && body.size() + len > sink->max) {
    body.append(data, sink->max - body.size());
    sink->resp.truncated = true;
    return 0;  // ends the transfer (CURLE_WRITE_ERROR)
  }
  body.append(data, len);
  return len;
}

std::size_t on_header(char* data, std::size_t size, std::size_t n, void* user) {
  auto& headers = *static_cast<std::map<std::string, std::string>*>(user);
  std::string_view line(data, size * n);
  if (line.rfind("HTTP/", 0) == 0) {
    headers.clear();  // a new response (after 100 Continue or a redirect)
  } else if (auto colon = line.find(':'); colon != std::string_view::npos) {
    headers[to_lower(trim(line.substr(0, colon)))] = std::string(trim(line.substr(colon + 1)));
  }
  return size * n;
}

bool is_content_type(std::string_view line) {
  return to_lower(trim(line.substr(0, line.find_first_of(":;")))) == "content-type";
}

struct HeaderList {
  curl_slist* list = nullptr;
  ~HeaderList() { curl_slist_free_all(list); }
  bool add(const char* line) {
    curl_slist* next = curl_slist_append(list, line);
    if (next != nullptr) list = next;
    return next != nullptr;
  }
};

// Gives the handle back to the pool after a completed exchange, else discards it.
struct Lease {
  CurlHandlePool& pool;
  CURL* handle;
  bool reuse = false;
  ~Lease() {
    curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, nullptr);
    if (reuse) {
      pool.release(handle);
    } else {
      curl_easy_cleanup(handle);  // the connection may be in any state
    }
  }
};

HttpResult failure(CURLcode code, std::string error) {
  HttpResult r;
  r.code = code;
  r.error = std::move(error);
  return r;
}

}  // namespace

void ensure_curl_initialized() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

CurlHandlePool::~CurlHandlePool() {
  for (CURL* h : handles_) curl_easy_cleanup(h);
}

CURL* CurlHandlePool::acquire() {
  {
    std::lock_guard lock(mu_);
    if (!handles_.empty()) {
      CURL* h = handles_.back();
      handles_.pop_back();
      curl_easy_reset(h);
      return h;
    }
  }
  ensure_curl_initialized();
  CURL* h = curl_easy_init();
  if (!h) throw std::runtime_error("curl_easy_init failed");
  return h;
}

void CurlHandlePool::release(CURL* handle) {
  std::lock_guard lock(mu_);
  handles_.push_back(handle);
}

bool curl_connection_error(CURLcode code) {
  switch (code) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
      return true;
    default:
      return false;
  }
}

void IdleWatch::install(CURL* handle, std::chrono::milliseconds idle) {
  idle_ = idle;
  last_move_ = std::chrono::steady_clock::now();
  last_dl_ = last_ul_ = -1;
  fired_ = false;
  curl_easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, &IdleWatch::on_progress);
  curl_easy_setopt(handle, CURLOPT_XFERINFODATA, this);
  curl_easy_setopt(handle, CURLOPT_NOPROGRESS, 0L);
}

int IdleWatch::on_progress(void* self, curl_off_t, curl_off_t dlnow, curl_off_t, curl_off_t ulnow) {
  auto* w = static_cast<IdleWatch*>(self);
  auto now = std::chrono::steady_clock::now();
  if (dlnow != w->last_dl_ || ulnow != w->last_ul_) {
    w->last_dl_ = dlnow;
    w->last_ul_ = ulnow;
    w->last_move_ = now;
    return 0;
  }
  if (w->idle_.count() > 0 && now - w->last_move_ >= w->idle_) {
    w->fired_ = true;
    return 1;  // aborts the transfer: CURLE_ABORTED_BY_CALLBACK
  }
  return 0;
}

std::string HttpResponse::header(const std::string& lower_name) const {
  auto it = headers.find(lower_name);
  return it == headers.end() ? std::string() : it->second;
}

HttpClient::HttpClient(TransferOptions options) : opt_(std::move(options)) { ensure_curl_initialized(); }

HttpResult HttpClient::perform(const HttpRequest& req) {
  bool sends_body = req.method == "PUT" || req.method == "POST" || req.method == "PATCH";
  HeaderList headers;
  bool built = true;
  for (const auto& line : req.headers) built = built && headers.add(line.c_str());
  built = built && headers.add("Expect:");
  if (sends_body && std::none_of(req.headers.begin(), req.headers.end(), is_content_type)) {
    built = built && headers.add("Content-Type:");  // no form-encoded default
  }
  if (!built) return failure(CURLE_OUT_OF_MEMORY, "out of memory building headers");
  CURL* h = nullptr;
  try {
    h = pool_.acquire();
  } catch (const std::runtime_error& e) {
    return failure(CURLE_FAILED_INIT, e.what());
  }
  HttpResult out;
  HttpResponse& resp = out.response;
  BodySink sink{resp, req.max_body};
  IdleWatch idle;
  char errbuf[CURL_ERROR_SIZE] = {0};
  Lease lease{pool_, h};
  curl_easy_setopt(h, CURLOPT_URL, req.url.c_str());
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.list);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(std::chrono::milliseconds(opt_.connect_timeout).count()));
  idle.install(h, opt_.idle_timeout);
  if (req.method == "HEAD") {
    curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
  } else if (sends_body) {
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(req.body.size()));
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, req.body.empty() ? "" : req.body.data());
  }
  if (req.method != "GET" && req.method != "HEAD") curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, req.method.c_str());
  if (!opt_.ca_pem.empty()) {
    curl_blob blob{const_cast<char*>(opt_.ca_pem.data()), opt_.ca_pem.size(), CURL_BLOB_COPY};
    curl_easy_setopt(h, CURLOPT_CAINFO_BLOB, &blob);
  }
  if (opt_.insecure_skip_tls_verify) {
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 0L);
  }
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &sink);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &resp.headers);
  out.code = curl_easy_perform(h);
  if (out.code == CURLE_WRITE_ERROR && resp.truncated) out.code = CURLE_OK;
  if (out.ok()) {
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &resp.status);
    lease.reuse = true;
  } else if (idle.timed_out(out.code)) {
    out.code = CURLE_OPERATION_TIMEDOUT;
    out.idle_timeout = true;
    out.error = "no data moved for " + std::to_string(opt_.idle_timeout.count()) + " s (idle timeout)";
  } else {
    out.error = errbuf[0] != 0 ? errbuf : curl_easy_strerror(out.code);
  }
  return out;
}

std::chrono::milliseconds retry_delay(int attempt, std::chrono::milliseconds base, std::chrono::milliseconds max,
                                      bool jitter) {
  long long cap = std::min<long long>(max.count(), base.count() * (1LL << std::clamp(attempt, 0, 20)));
  if (!jitter || cap <= 0) return std::chrono::milliseconds(std::max(0LL, cap));
  thread_local std::mt19937_64 rng{std::random_device{}()};
  std::uniform_int_distribution<long long> pick(cap / 2, cap);
  return std::chrono::milliseconds(pick(rng));
}

}  // namespace coffer::net
