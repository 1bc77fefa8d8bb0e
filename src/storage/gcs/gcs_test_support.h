#pragma once

// Test helpers (tests only): an RSA key made at test time, and JWT inspection with OpenSSL.

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include "common/base64.h"
#include "common/text.h"

namespace coffer::storage::gcs::testing {

// A PKCS#8 PEM RSA private key, generated once per test binary.
inline const std::string& test_key_pem() {
  static const std::string pem = [] {
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(EVP_RSA_gen(2048), &EVP_PKEY_free);
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), &BIO_free);
    if (!key || !bio || PEM_write_bio_PrivateKey(bio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1)
      throw std::runtime_error("test key generation failed");
    char* data = nullptr;
    long len = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<std::size_t>(len));
  }();
  return pem;
}

// True when sig is a valid RS256 signature of data by the key in pem.
inline bool verify_rs256(const std::string& pem, const std::string& data, const std::string& sig) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), &BIO_free);
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr),
                                                          &EVP_PKEY_free);
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  if (!key || !ctx) return false;
  if (EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key.get()) != 1) return false;
  return EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(sig.data()), sig.size(),
                          reinterpret_cast<const unsigned char*>(data.data()), data.size()) == 1;
}

struct Jwt {
  nlohmann::json header, claims;
  bool signature_valid = false;
  bool base64url_unpadded = false;
};

inline Jwt inspect_jwt(const std::string& jwt, const std::string& pem) {
  Jwt out;
  auto parts = split(jwt, '.');
  if (parts.size() != 3) return out;
  out.header = nlohmann::json::parse(base64url_decode(parts[0]));
  out.claims = nlohmann::json::parse(base64url_decode(parts[1]));
  out.signature_valid = verify_rs256(pem, parts[0] + "." + parts[1], base64url_decode(parts[2]));
  out.base64url_unpadded = jwt.find_first_of("=+/") == std::string::npos;
  return out;
}

}  // namespace coffer::storage::gcs::testing
