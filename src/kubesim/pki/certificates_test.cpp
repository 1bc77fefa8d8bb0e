#include "kubesim/pki/certificates.h"

#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

namespace coffer::kubesim {
namespace {
namespace fs = std::filesystem;

template <auto FreeFn>
struct Free {
  template <class T>
  void operator()(T* p) const noexcept {
    FreeFn(p);
  }
};
using X509Ptr = std::unique_ptr<X509, Free<X509_free>>;
using PkeyPtr = std::unique_ptr<EVP_PKEY, Free<EVP_PKEY_free>>;
using BioPtr = std::unique_ptr<BIO, Free<BIO_free_all>>;
using StorePtr = std::unique_ptr<X509_STORE, Free<X509_STORE_free>>;
using StoreCtxPtr = std::unique_ptr<X509_STORE_CTX, Free<X509_STORE_CTX_free>>;
using SslCtxPtr = std::unique_ptr<SSL_CTX, Free<SSL_CTX_free>>;
using SslPtr = std::unique_ptr<SSL, Free<SSL_free>>;

X509Ptr parse_cert(const std::string& pem) {
  BioPtr bio(BIO_new_mem_buf(pem.data(), int(pem.size())));
  X509Ptr cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
  if (!cert) ADD_FAILURE() << "unparsable certificate";
  return cert;
}

PkeyPtr parse_key(const std::string& pem) {
  BioPtr bio(BIO_new_mem_buf(pem.data(), int(pem.size())));
  PkeyPtr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
  if (!key) ADD_FAILURE() << "unparsable key";
  return key;
}

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// X509_verify_cert of `leaf` against `ca` alone, with the strict checks Python 3.13 enables
// (VERIFY_X509_STRICT) and optionally a host name or IP address to match. Returns the
// verification error (X509_V_OK on success).
int verify(X509* leaf, X509* ca, int purpose, const std::string& host = "",
           const std::string& ip = "") {
  StorePtr store(X509_STORE_new());
  X509_STORE_add_cert(store.get(), ca);
  StoreCtxPtr ctx(X509_STORE_CTX_new());
  EXPECT_EQ(X509_STORE_CTX_init(ctx.get(), store.get(), leaf, nullptr), 1);
  X509_STORE_CTX_set_purpose(ctx.get(), purpose);
  X509_VERIFY_PARAM* param = X509_STORE_CTX_get0_param(ctx.get());
  X509_VERIFY_PARAM_set_flags(param, X509_V_FLAG_X509_STRICT);
  if (!host.empty()) X509_VERIFY_PARAM_set1_host(param, host.c_str(), host.size());
  if (!ip.empty()) X509_VERIFY_PARAM_set1_ip_asc(param, ip.c_str());
  int ok = X509_verify_cert(ctx.get());
  int err = X509_STORE_CTX_get_error(ctx.get());
  ERR_clear_error();
  return ok == 1 ? X509_V_OK : (err == X509_V_OK ? -1 : err);
}

class PkiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device rd;
    dir_ = fs::temp_directory_path() / ("kubesim-pki-test-" + std::to_string(rd()));
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(PkiTest, CreatesAllFilesWithPrivateKeys) {
  PkiFiles pki = load_or_create_pki(dir_ / "nested", {});
  const fs::path d = dir_ / "nested";
  for (const char* f : {"ca.crt", "ca.key", "server.crt", "server.key", "client.crt", "client.key"})
    EXPECT_TRUE(fs::exists(d / f)) << f;
  for (const char* f : {"ca.key", "server.key", "client.key"})
    EXPECT_EQ(fs::status(d / f).permissions() & fs::perms::all,
              fs::perms::owner_read | fs::perms::owner_write)
        << f;
  EXPECT_EQ(read_file(d / "ca.crt"), pki.ca_cert_pem);
  EXPECT_EQ(read_file(d / "server.crt"), pki.server_cert_pem);
  EXPECT_EQ(read_file(d / "server.key"), pki.server_key_pem);
  EXPECT_EQ(read_file(d / "client.crt"), pki.client_cert_pem);
  EXPECT_EQ(read_file(d / "client.key"), pki.client_key_pem);
  // No temporary files are left behind.
  int entries = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(d)) ++entries;
  EXPECT_EQ(entries, 6);
}

TEST_F(PkiTest, CaCertificateProperties) {
  PkiFiles pki = load_or_create_pki(dir_, {});
  X509Ptr ca = parse_cert(pki.ca_cert_pem);
  EXPECT_EQ(X509_check_ca(ca.get()), 1);
  auto id = identity_from_certificate(ca.get());
  ASSERT_TRUE(id);
  EXPECT_EQ(id->user, "kubesim-ca");
  int crit = -1;
  BASIC_CONSTRAINTS* bc = static_cast<BASIC_CONSTRAINTS*>(
      X509_get_ext_d2i(ca.get(), NID_basic_constraints, &crit, nullptr));
  ASSERT_NE(bc, nullptr);
  EXPECT_TRUE(bc->ca);
  EXPECT_EQ(crit, 1);
  BASIC_CONSTRAINTS_free(bc);
  EXPECT_TRUE(X509_get_key_usage(ca.get()) & KU_KEY_CERT_SIGN);
  EXPECT_TRUE(X509_get_key_usage(ca.get()) & KU_CRL_SIGN);
  EXPECT_TRUE(X509_get_key_usage(ca.get()) & KU_DIGITAL_SIGNATURE);
  EXPECT_NE(X509_get0_subject_key_id(ca.get()), nullptr);

  // ECDSA P-256.
  EVP_PKEY* pub = X509_get0_pubkey(ca.get());
  char group[64] = {};
  size_t len = 0;
  ASSERT_EQ(EVP_PKEY_get_group_name(pub, group, sizeof group, &len), 1);
  EXPECT_STREQ(group, "prime256v1");

  // Backdated by an hour, valid for about ten years.
  time_t now = std::time(nullptr);
  time_t t = now - 3500;
  EXPECT_LT(X509_cmp_time(X509_get0_notBefore(ca.get()), &t), 0);
  t = now + time_t(3650) * 86400;
  EXPECT_GT(X509_cmp_time(X509_get0_notAfter(ca.get()), &t), 0);
  t = now + time_t(3660) * 86400;
  EXPECT_LT(X509_cmp_time(X509_get0_notAfter(ca.get()), &t), 0);

  // Positive serial of at most 128 bits.
  BIGNUM* serial = ASN1_INTEGER_to_BN(X509_get0_serialNumber(ca.get()), nullptr);
  ASSERT_NE(serial, nullptr);
  EXPECT_FALSE(BN_is_negative(serial));
  EXPECT_FALSE(BN_is_zero(serial));
  EXPECT_LE(BN_num_bits(serial), 128);
  BN_free(serial);
}

TEST_F(PkiTest, ServerCertificateVerifiesForDefaultNames) {
  PkiFiles pki = load_or_create_pki(dir_, {});
  X509Ptr ca = parse_cert(pki.ca_cert_pem);
  X509Ptr server = parse_cert(pki.server_cert_pem);
  EXPECT_EQ(verify(server.get(), ca.get(), X509_PURPOSE_SSL_SERVER), X509_V_OK);
  EXPECT_EQ(verify(server.get(), ca.get(), X509_PURPOSE_SSL_SERVER, "localhost"), X509_V_OK);
  EXPECT_EQ(verify(server.get(), ca.get(), X509_PURPOSE_SSL_SERVER, "", "127.0.0.1"), X509_V_OK);
  EXPECT_EQ(verify(server.get(), ca.get(), X509_PURPOSE_SSL_SERVER, "", "::1"), X509_V_OK);
  EXPECT_NE(verify(server.get(), ca.get(), X509_PURPOSE_SSL_SERVER, "example.com"), X509_V_OK);
  EXPECT_NE(verify(server.get(), ca.get(), X509_PURPOSE_SSL_CLIENT), X509_V_OK);

  EXPECT_EQ(X509_check_ip_asc(server.get(), "127.0.0.1", 0), 1);
  EXPECT_EQ(X509_check_ip_asc(server.get(), "::1", 0), 1);
  EXPECT_NE(X509_check_ip_asc(server.get(), "10.0.0.1", 0), 1);
  for (const char* host : {"localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc",
                           "kubernetes.default.svc.cluster.local"})
    EXPECT_EQ(X509_check_host(server.get(), host, 0, 0, nullptr), 1) << host;
  EXPECT_NE(X509_check_host(server.get(), "kubesim", 0, X509_CHECK_FLAG_NEVER_CHECK_SUBJECT,
                            nullptr),
            1);

  auto id = identity_from_certificate(server.get());
  ASSERT_TRUE(id);
  EXPECT_EQ(id->user, "kubesim");
  EXPECT_TRUE(X509_get_extended_key_usage(server.get()) & XKU_SSL_SERVER);
  EXPECT_NE(X509_get0_authority_key_id(server.get()), nullptr);
  EXPECT_EQ(ASN1_OCTET_STRING_cmp(X509_get0_authority_key_id(server.get()),
                                  X509_get0_subject_key_id(ca.get())),
            0);
  PkeyPtr key = parse_key(pki.server_key_pem);
  EXPECT_EQ(X509_check_private_key(server.get(), key.get()), 1);
}

TEST_F(PkiTest, ClientCertificateVerifiesForClientAuth) {
  PkiFiles pki = load_or_create_pki(dir_, {});
  X509Ptr ca = parse_cert(pki.ca_cert_pem);
  X509Ptr client = parse_cert(pki.client_cert_pem);
  EXPECT_EQ(verify(client.get(), ca.get(), X509_PURPOSE_SSL_CLIENT), X509_V_OK);
  EXPECT_NE(verify(client.get(), ca.get(), X509_PURPOSE_SSL_SERVER), X509_V_OK);
  EXPECT_TRUE(X509_get_extended_key_usage(client.get()) & XKU_SSL_CLIENT);
  PkeyPtr key = parse_key(pki.client_key_pem);
  EXPECT_EQ(X509_check_private_key(client.get(), key.get()), 1);
}

TEST_F(PkiTest, IdentityFromCertificate) {
  PkiFiles pki = load_or_create_pki(dir_, {});
  X509Ptr client = parse_cert(pki.client_cert_pem);
  auto id = identity_from_certificate(client.get());
  ASSERT_TRUE(id);
  EXPECT_EQ(id->user, "kubesim-admin");
  EXPECT_EQ(id->groups, std::vector<std::string>{"system:masters"});

  EXPECT_FALSE(identity_from_certificate(nullptr));

  // Several organizations, no common name: not an identity. With a CN: every O is a group.
  X509Ptr cert(X509_new());
  X509_NAME* name = X509_get_subject_name(cert.get());
  auto add = [&](const char* field, const char* value) {
    X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8,
                               reinterpret_cast<const unsigned char*>(value), -1, -1, 0);
  };
  add("O", "team-a");
  add("O", "team-b");
  EXPECT_FALSE(identity_from_certificate(cert.get()));
  add("CN", "jane");
  id = identity_from_certificate(cert.get());
  ASSERT_TRUE(id);
  EXPECT_EQ(id->user, "jane");
  EXPECT_EQ(id->groups, (std::vector<std::string>{"team-a", "team-b"}));
}

TEST_F(PkiTest, ReloadReusesIdenticalFiles) {
  PkiFiles first = load_or_create_pki(dir_, {"10.0.0.5"});
  PkiFiles second = load_or_create_pki(dir_, {"10.0.0.5"});
  EXPECT_EQ(first.ca_cert_pem, second.ca_cert_pem);
  EXPECT_EQ(first.server_cert_pem, second.server_cert_pem);
  EXPECT_EQ(first.server_key_pem, second.server_key_pem);
  EXPECT_EQ(first.client_cert_pem, second.client_cert_pem);
  EXPECT_EQ(first.client_key_pem, second.client_key_pem);
  // Fewer names than the certificate covers: still reused.
  PkiFiles third = load_or_create_pki(dir_, {});
  EXPECT_EQ(first.server_cert_pem, third.server_cert_pem);
}

TEST_F(PkiTest, NewServerNameReissuesServerCertificateUnderSameCa) {
  PkiFiles first = load_or_create_pki(dir_, {});
  PkiFiles second = load_or_create_pki(dir_, {"192.168.7.9", "kubesim.example.test", " [fd00::7] "});
  EXPECT_EQ(first.ca_cert_pem, second.ca_cert_pem);
  EXPECT_EQ(first.client_cert_pem, second.client_cert_pem);
  EXPECT_NE(first.server_cert_pem, second.server_cert_pem);
  EXPECT_NE(first.server_key_pem, second.server_key_pem);

  X509Ptr ca = parse_cert(second.ca_cert_pem);
  X509Ptr server = parse_cert(second.server_cert_pem);
  EXPECT_EQ(verify(server.get(), ca.get(), X509_PURPOSE_SSL_SERVER, "", "192.168.7.9"), X509_V_OK);
  EXPECT_EQ(verify(server.get(), ca.get(), X509_PURPOSE_SSL_SERVER, "", "fd00::7"), X509_V_OK);
  EXPECT_EQ(verify(server.get(), ca.get(), X509_PURPOSE_SSL_SERVER, "kubesim.example.test"),
            X509_V_OK);
  EXPECT_EQ(verify(server.get(), ca.get(), X509_PURPOSE_SSL_SERVER, "localhost"), X509_V_OK);
  // The IP went in as an IP SAN, not as a DNS name.
  EXPECT_NE(X509_check_host(server.get(), "192.168.7.9", 0, X509_CHECK_FLAG_NEVER_CHECK_SUBJECT,
                            nullptr),
            1);

  PkiFiles third = load_or_create_pki(dir_, {"KUBESIM.example.test", "192.168.7.9"});
  EXPECT_EQ(second.server_cert_pem, third.server_cert_pem);
}

TEST_F(PkiTest, MissingLeafKeyReissuesOnlyThatLeaf) {
  PkiFiles first = load_or_create_pki(dir_, {});
  fs::remove(dir_ / "client.key");
  PkiFiles second = load_or_create_pki(dir_, {});
  EXPECT_EQ(first.ca_cert_pem, second.ca_cert_pem);
  EXPECT_EQ(first.server_cert_pem, second.server_cert_pem);
  EXPECT_NE(first.client_cert_pem, second.client_cert_pem);
  X509Ptr ca = parse_cert(second.ca_cert_pem);
  X509Ptr client = parse_cert(second.client_cert_pem);
  EXPECT_EQ(verify(client.get(), ca.get(), X509_PURPOSE_SSL_CLIENT), X509_V_OK);
}

TEST_F(PkiTest, MissingCaRegeneratesEverything) {
  PkiFiles first = load_or_create_pki(dir_, {});
  fs::remove(dir_ / "ca.key");
  PkiFiles second = load_or_create_pki(dir_, {});
  EXPECT_NE(first.ca_cert_pem, second.ca_cert_pem);
  EXPECT_NE(first.server_cert_pem, second.server_cert_pem);
  EXPECT_NE(first.client_cert_pem, second.client_cert_pem);
  X509Ptr ca = parse_cert(second.ca_cert_pem);
  X509Ptr server = parse_cert(second.server_cert_pem);
  EXPECT_EQ(verify(server.get(), ca.get(), X509_PURPOSE_SSL_SERVER, "localhost"), X509_V_OK);
}

TEST_F(PkiTest, CorruptFileThrowsNamingTheFile) {
  load_or_create_pki(dir_, {});
  {
    std::ofstream out(dir_ / "server.crt", std::ios::trunc);
    out << "not a certificate\n";
  }
  try {
    load_or_create_pki(dir_, {});
    FAIL() << "expected std::runtime_error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("server.crt"), std::string::npos) << e.what();
  }
}

// A TLS 1.3 handshake in memory: the client trusts only the CA and checks the host name, the
// server requires a client certificate signed by the CA.
TEST_F(PkiTest, TlsHandshakeWithMutualAuthentication) {
  PkiFiles pki = load_or_create_pki(dir_, {});
  X509Ptr ca = parse_cert(pki.ca_cert_pem);

  SslCtxPtr server_ctx(SSL_CTX_new(TLS_server_method()));
  SslCtxPtr client_ctx(SSL_CTX_new(TLS_client_method()));
  ASSERT_TRUE(server_ctx && client_ctx);
  X509Ptr server_cert = parse_cert(pki.server_cert_pem);
  PkeyPtr server_key = parse_key(pki.server_key_pem);
  ASSERT_EQ(SSL_CTX_use_certificate(server_ctx.get(), server_cert.get()), 1);
  ASSERT_EQ(SSL_CTX_use_PrivateKey(server_ctx.get(), server_key.get()), 1);
  X509_STORE_add_cert(SSL_CTX_get_cert_store(server_ctx.get()), ca.get());
  SSL_CTX_set_verify(server_ctx.get(), SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, nullptr);

  X509Ptr client_cert = parse_cert(pki.client_cert_pem);
  PkeyPtr client_key = parse_key(pki.client_key_pem);
  ASSERT_EQ(SSL_CTX_use_certificate(client_ctx.get(), client_cert.get()), 1);
  ASSERT_EQ(SSL_CTX_use_PrivateKey(client_ctx.get(), client_key.get()), 1);
  X509_STORE_add_cert(SSL_CTX_get_cert_store(client_ctx.get()), ca.get());
  X509_VERIFY_PARAM_set_flags(SSL_CTX_get0_param(client_ctx.get()), X509_V_FLAG_X509_STRICT);
  SSL_CTX_set_verify(client_ctx.get(), SSL_VERIFY_PEER, nullptr);

  SslPtr server(SSL_new(server_ctx.get()));
  SslPtr client(SSL_new(client_ctx.get()));
  SSL_set1_host(client.get(), "kubernetes.default.svc");
  BIO* server_io = nullptr;
  BIO* client_io = nullptr;
  ASSERT_EQ(BIO_new_bio_pair(&server_io, 0, &client_io, 0), 1);
  SSL_set_bio(server.get(), server_io, server_io);  // each SSL owns one end
  SSL_set_bio(client.get(), client_io, client_io);
  SSL_set_accept_state(server.get());
  SSL_set_connect_state(client.get());

  bool server_done = false, client_done = false;
  for (int round = 0; round < 20 && !(server_done && client_done); ++round) {
    if (!client_done) {
      int r = SSL_do_handshake(client.get());
      if (r == 1) client_done = true;
      else ASSERT_EQ(SSL_get_error(client.get(), r), SSL_ERROR_WANT_READ)
          << "client: " << X509_verify_cert_error_string(SSL_get_verify_result(client.get()));
    }
    if (!server_done) {
      int r = SSL_do_handshake(server.get());
      if (r == 1) server_done = true;
      else ASSERT_EQ(SSL_get_error(server.get(), r), SSL_ERROR_WANT_READ)
          << "server: " << X509_verify_cert_error_string(SSL_get_verify_result(server.get()));
    }
  }
  ASSERT_TRUE(server_done && client_done);
  EXPECT_EQ(SSL_get_verify_result(client.get()), X509_V_OK);
  EXPECT_EQ(SSL_get_verify_result(server.get()), X509_V_OK);
  X509Ptr peer(SSL_get1_peer_certificate(server.get()));
  auto id = identity_from_certificate(peer.get());
  ASSERT_TRUE(id);
  EXPECT_EQ(id->user, "kubesim-admin");
  EXPECT_EQ(id->groups, std::vector<std::string>{"system:masters"});
}

}  // namespace
}  // namespace coffer::kubesim
