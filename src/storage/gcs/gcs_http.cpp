#include "storage/gcs/gcs_http.h"

#include <stdexcept>

#include "common/text.h"
#include "storage/object_store.h"

namespace coffer::storage::gcs {
namespace {

std::size_t on_body(char* data, std::size_t size, std::size_t n, void* user) {
  static_cast<std::string*>(user)->append(data, size * n);
  return size * n;
}

std::size_t on_header(char* data, std::size_t size, std::size_t n, void* user) {
  auto* headers = static_cast<std::map<std::string, std::string>*>(user);
  std::string_view line(data, size * n);
  if (line.rfind("HTTP/", 0) == 0) {
    headers->clear();  // a new response (after 100 Continue)
  } else if (auto colon = line.find(':'); colon != std::string_view::npos) {
    (*headers)[to_lower(trim(line.substr(0, colon)))] = std::string(trim(line.substr(colon + 1)));
  }
  return size * n;
}

}  // namespace

std::string HttpResponse::header(const std::string& name) const {
  auto it = headers.find(name);
  return it == headers.end() ? std::string() : it->second;
}

HttpClient::HttpClient(TransportOptions options) : opt_(std::move(options)) { net::ensure_curl_initialized(); }

CURLcode HttpClient::send(const HttpRequest& req, HttpResponse& resp, std::string& err) {
  resp = HttpResponse{};
  CURL* h = nullptr;
  try {
    h = pool_.acquire();
  } catch (const std::runtime_error& e) {
    throw StorageError(std::string("gcs: ") + e.what());
  }
  curl_slist* list = nullptr;
  for (const auto& line : req.headers) list = curl_slist_append(list, line.c_str());
  list = curl_slist_append(list, "Expect:");
  curl_easy_setopt(h, CURLOPT_URL, req.url.c_str());
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, list);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(std::chrono::milliseconds(opt_.connect_timeout).count()));
  net::IdleWatch idle;
  idle.install(h, opt_.idle_timeout);
  if (req.method == "HEAD") {
    curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
  } else if (req.method == "PUT" || req.method == "POST") {
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(req.body.size()));
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, req.body.empty() ? "" : req.body.data());
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, req.method.c_str());
  } else if (req.method != "GET") {
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, req.method.c_str());
  }
  if (!opt_.ca_pem.empty()) {
    curl_blob blob{const_cast<char*>(opt_.ca_pem.data()), opt_.ca_pem.size(), CURL_BLOB_COPY};
    curl_easy_setopt(h, CURLOPT_CAINFO_BLOB, &blob);
  }
  if (opt_.insecure_skip_tls_verify) {
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 0L);
  }
  char errbuf[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &resp.body);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &resp.headers);
  CURLcode rc = curl_easy_perform(h);
  if (rc == CURLE_OK) {
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &resp.status);
  } else if (idle.timed_out(rc)) {
    rc = CURLE_OPERATION_TIMEDOUT;
    err = "no data moved for " + std::to_string(opt_.idle_timeout.count()) + " s (idle timeout)";
  } else {
    err = errbuf[0] != 0 ? errbuf : curl_easy_strerror(rc);
  }
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, nullptr);
  curl_slist_free_all(list);
  if (rc == CURLE_OK) {
    pool_.release(h);
  } else {
    curl_easy_cleanup(h);  // the connection may be in any state
  }
  return rc;
}

bool retryable_transport(CURLcode rc) {
  return net::curl_connection_error(rc) || rc == CURLE_COULDNT_RESOLVE_HOST || rc == CURLE_SSL_CONNECT_ERROR;
}

bool retryable_status(long status) { return status == 408 || status == 429 || status >= 500; }

}  // namespace coffer::storage::gcs
