#include "storage/gcs/gcs_auth.h"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <thread>

#include "common/base64.h"
#include "common/text.h"
#include "storage/gcs/gcs_http.h"
#include "storage/object_store.h"

namespace coffer::storage::gcs {
namespace {

constexpr std::int64_t kLifetime = 3600;  // the longest Google accepts
constexpr std::int64_t kRefreshMargin = 60;

struct PkeyFree {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct MdCtxFree {
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};

std::unique_ptr<EVP_PKEY, PkeyFree> load_key(const GcpServiceAccount& sa) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(
      BIO_new_mem_buf(sa.private_key_pem.data(), static_cast<int>(sa.private_key_pem.size())), &BIO_free);
  if (!bio) throw StorageError("gcs: out of memory reading the service account key");
  std::unique_ptr<EVP_PKEY, PkeyFree> key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
  if (!key || EVP_PKEY_base_id(key.get()) != EVP_PKEY_RSA) {
    throw StorageError("gcs: the private_key of service account " + sa.client_email +
                       " is not a usable RSA private key (PEM)");
  }
  return key;
}

std::string sign_rs256(EVP_PKEY* key, std::string_view data, const std::string& who) {
  std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
  std::size_t len = 0;
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key) != 1 ||
      EVP_DigestSignUpdate(ctx.get(), data.data(), data.size()) != 1 ||
      EVP_DigestSignFinal(ctx.get(), nullptr, &len) != 1) {
    throw StorageError("gcs: signing the token request of " + who + " failed");
  }
  std::string sig(len, '\0');
  if (EVP_DigestSignFinal(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &len) != 1) {
    throw StorageError("gcs: signing the token request of " + who + " failed");
  }
  sig.resize(len);
  return sig;
}

}  // namespace

std::string make_jwt_assertion(const GcpServiceAccount& sa, const std::string& scope, std::int64_t now_unix) {
  auto key = load_key(sa);
  nlohmann::json header = {{"alg", "RS256"}, {"typ", "JWT"}};
  nlohmann::json claims = {{"iss", sa.client_email},
                           {"scope", scope},
                           {"aud", sa.token_uri},
                           {"iat", now_unix},
                           {"exp", now_unix + kLifetime}};
  std::string signing_input = base64url_encode(header.dump()) + "." + base64url_encode(claims.dump());
  return signing_input + "." + base64url_encode(sign_rs256(key.get(), signing_input, sa.client_email));
}

std::string token_request_body(const std::string& assertion) {
  return "grant_type=" + url_encode("urn:ietf:params:oauth:grant-type:jwt-bearer") +
         "&assertion=" + url_encode(assertion);
}

struct GcsTokenSource::Http {
  explicit Http(net::TransferOptions o) : client(std::move(o)) {}
  net::HttpClient client;
};

GcsTokenSource::GcsTokenSource(GcpServiceAccount sa, TokenSourceOptions options)
    : sa_(std::move(sa)), opt_(std::move(options)) {
  if (sa_.token_uri.empty()) sa_.token_uri = "https://oauth2.googleapis.com/token";
  load_key(sa_);  // fail early on a bad key
  http_ = std::make_unique<Http>(
      net::TransferOptions{opt_.connect_timeout, opt_.idle_timeout, opt_.ca_pem, opt_.insecure_skip_tls_verify});
}

GcsTokenSource::~GcsTokenSource() = default;

std::int64_t GcsTokenSource::now() const {
  if (opt_.now_unix) return opt_.now_unix();
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string GcsTokenSource::token() {
  std::lock_guard lock(mu_);
  std::int64_t t = now();
  if (token_.empty() || t >= expires_at_ - kRefreshMargin) token_ = fetch(t, expires_at_);
  return token_;
}

void GcsTokenSource::invalidate(const std::string& token) {
  std::lock_guard lock(mu_);
  if (token_ == token) token_.clear();
}

std::string GcsTokenSource::fetch(std::int64_t now_unix, std::int64_t& expires_at) {
  std::string who = "service account " + sa_.client_email + " at " + sa_.token_uri;
  std::string body = token_request_body(make_jwt_assertion(sa_, opt_.scope, now_unix));
  HttpRequest req;
  req.method = "POST";
  req.url = sa_.token_uri;
  req.headers = {"Content-Type: application/x-www-form-urlencoded"};
  req.body = body;
  HttpResponse resp;
  for (int attempt = 0;; ++attempt) {
    net::HttpResult r = http_->client.perform(req);
    bool last = attempt >= opt_.max_retries;
    if (!r.ok()) {
      if (last || !retryable_transport(r.code)) {
        throw StorageError("gcs: token request for " + who + " failed: " + r.error + " (after " +
                           std::to_string(attempt + 1) + " attempt(s))");
      }
    } else if (last || !retryable_status(r.response.status)) {
      resp = std::move(r.response);
      break;
    }
    std::this_thread::sleep_for(net::retry_delay(attempt, opt_.retry_base_delay, opt_.retry_max_delay, true));
  }
  nlohmann::json j = nlohmann::json::parse(resp.body, nullptr, false);
  if (resp.status != 200) {
    std::string why = "HTTP " + std::to_string(resp.status);
    if (j.is_object() && j.contains("error") && j["error"].is_string()) {
      why += " " + j["error"].get<std::string>();
      if (j.contains("error_description") && j["error_description"].is_string())
        why += ": " + j["error_description"].get<std::string>();
    }
    throw StorageError("gcs: token request for " + who + " failed: " + why);
  }
  if (!j.is_object() || !j.contains("access_token") || !j["access_token"].is_string() ||
      j["access_token"].get<std::string>().empty()) {
    throw StorageError("gcs: token response for " + who + " has no access_token");
  }
  std::int64_t lifetime = 3600;
  if (j.contains("expires_in") && j["expires_in"].is_number_integer()) lifetime = j["expires_in"].get<std::int64_t>();
  expires_at = now_unix + lifetime;
  return j["access_token"].get<std::string>();
}

}  // namespace coffer::storage::gcs
