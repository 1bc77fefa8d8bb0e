#include "kubesim/pki/certificates.h"

#include <algorithm>
#include <cctype>
#include <ctime>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string_view>
#include <system_error>

#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "kubesim/pki/atomic_file.h"

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
using PkeyPtr = std::unique_ptr<EVP_PKEY, Free<EVP_PKEY_free>>;
using PkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, Free<EVP_PKEY_CTX_free>>;
using X509Ptr = std::unique_ptr<X509, Free<X509_free>>;
using BioPtr = std::unique_ptr<BIO, Free<BIO_free_all>>;
using BnPtr = std::unique_ptr<BIGNUM, Free<BN_free>>;
using ExtPtr = std::unique_ptr<X509_EXTENSION, Free<X509_EXTENSION_free>>;
using OctetPtr = std::unique_ptr<ASN1_OCTET_STRING, Free<ASN1_OCTET_STRING_free>>;
using GeneralNamePtr = std::unique_ptr<GENERAL_NAME, Free<GENERAL_NAME_free>>;
struct GeneralNamesFree {
  void operator()(GENERAL_NAMES* p) const noexcept { sk_GENERAL_NAME_pop_free(p, GENERAL_NAME_free); }
};
using GeneralNamesPtr = std::unique_ptr<GENERAL_NAMES, GeneralNamesFree>;

constexpr long kValidityDays = 10 * 365 + 3;  // ten years, leap days included
constexpr long kBackdateSeconds = 3600;       // tolerate clients whose clock is a bit behind
constexpr time_t kRenewBeforeSeconds = 24 * 3600;

std::string openssl_errors() {
  std::string out;
  while (unsigned long e = ERR_get_error()) {
    char buf[256];
    ERR_error_string_n(e, buf, sizeof buf);
    if (!out.empty()) out += "; ";
    out += buf;
  }
  return out.empty() ? "no OpenSSL error reported" : out;
}

[[noreturn]] void fail(const std::string& what) {
  throw std::runtime_error(what + ": " + openssl_errors());
}

// ---------------------------------------------------------------- names

// An IPv4/IPv6 address in binary form, or null when `text` is not an IP address.
OctetPtr parse_ip(const std::string& text) {
  ERR_set_mark();
  OctetPtr ip(a2i_IPADDRESS(text.c_str()));
  ERR_pop_to_mark();
  return ip;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = char(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Trimmed, "[::1]" unbracketed; empty when there is nothing left.
std::string normalize_name(std::string_view name) {
  while (!name.empty() && std::isspace(static_cast<unsigned char>(name.front()))) name.remove_prefix(1);
  while (!name.empty() && std::isspace(static_cast<unsigned char>(name.back()))) name.remove_suffix(1);
  if (name.size() >= 2 && name.front() == '[' && name.back() == ']') name = name.substr(1, name.size() - 2);
  return std::string(name);
}

// A SAN identity that compares exactly: "dns:<lower-case name>" or "ip:<address bytes>".
std::string san_key(const std::string& name) {
  if (OctetPtr ip = parse_ip(name)) {
    return "ip:" + std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(ip.get())),
                               size_t(ASN1_STRING_length(ip.get())));
  }
  return "dns:" + lower(name);
}

std::vector<std::string> server_names(const std::vector<std::string>& extra) {
  std::vector<std::string> names;
  std::vector<std::string> keys;
  auto add = [&](std::string_view raw) {
    std::string name = normalize_name(raw);
    if (name.empty()) return;
    std::string key = san_key(name);
    if (std::find(keys.begin(), keys.end(), key) != keys.end()) return;
    keys.push_back(std::move(key));
    names.push_back(std::move(name));
  };
  for (const auto& n : default_server_names()) add(n);
  for (const auto& n : extra) add(n);
  return names;
}

std::vector<std::string> certificate_san_keys(X509* cert) {
  std::vector<std::string> keys;
  GeneralNamesPtr gens(
      static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr)));
  if (!gens) return keys;
  for (int i = 0; i < sk_GENERAL_NAME_num(gens.get()); ++i) {
    const GENERAL_NAME* gen = sk_GENERAL_NAME_value(gens.get(), i);
    int type = 0;
    const auto* value = static_cast<const ASN1_STRING*>(GENERAL_NAME_get0_value(gen, &type));
    std::string bytes(reinterpret_cast<const char*>(ASN1_STRING_get0_data(value)),
                      size_t(ASN1_STRING_length(value)));
    if (type == GEN_DNS) keys.push_back("dns:" + lower(bytes));
    if (type == GEN_IPADD) keys.push_back("ip:" + bytes);
  }
  return keys;
}

bool covers_all(X509* cert, const std::vector<std::string>& names) {
  const std::vector<std::string> have = certificate_san_keys(cert);
  return std::all_of(names.begin(), names.end(), [&](const std::string& n) {
    return std::find(have.begin(), have.end(), san_key(n)) != have.end();
  });
}

// ---------------------------------------------------------------- generation

PkeyPtr generate_key() {
  PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr));
  if (!ctx || EVP_PKEY_keygen_init(ctx.get()) <= 0 ||
      EVP_PKEY_CTX_set_group_name(ctx.get(), "P-256") <= 0)
    fail("cannot set up P-256 key generation");
  EVP_PKEY* raw = nullptr;
  if (EVP_PKEY_generate(ctx.get(), &raw) <= 0) fail("cannot generate a P-256 key");
  return PkeyPtr(raw);
}

struct Subject {
  std::vector<std::string> organizations;
  std::string common_name;
};

enum class Role { Ca, Server, Client };

void add_extension(X509* cert, X509V3_CTX* ctx, int nid, const char* value) {
  ExtPtr ext(X509V3_EXT_nconf_nid(nullptr, ctx, nid, value));
  if (!ext || X509_add_ext(cert, ext.get(), -1) != 1)
    fail(std::string("cannot add certificate extension ") + OBJ_nid2sn(nid) + "=" + value);
}

void add_subject_alt_names(X509* cert, const std::vector<std::string>& names) {
  GeneralNamesPtr gens(sk_GENERAL_NAME_new_null());
  if (!gens) fail("cannot allocate subjectAltName");
  for (const auto& name : names) {
    GeneralNamePtr gen(GENERAL_NAME_new());
    if (!gen) fail("cannot allocate subjectAltName entry");
    if (OctetPtr ip = parse_ip(name)) {
      GENERAL_NAME_set0_value(gen.get(), GEN_IPADD, ip.release());
    } else {
      ASN1_IA5STRING* dns = ASN1_IA5STRING_new();
      if (!dns || ASN1_STRING_set(dns, name.data(), int(name.size())) != 1) {
        ASN1_IA5STRING_free(dns);
        fail("cannot encode subjectAltName " + name);
      }
      GENERAL_NAME_set0_value(gen.get(), GEN_DNS, dns);
    }
    if (sk_GENERAL_NAME_push(gens.get(), gen.get()) <= 0) fail("cannot add subjectAltName " + name);
    gen.release();  // now owned by the stack
  }
  if (X509_add1_ext_i2d(cert, NID_subject_alt_name, gens.get(), 0, X509V3_ADD_DEFAULT) != 1)
    fail("cannot add subjectAltName extension");
}

// Issues a certificate for `key`. `issuer`/`issuer_key` are null for the self-signed CA.
X509Ptr issue(Role role, const Subject& subject, EVP_PKEY* key, X509* issuer, EVP_PKEY* issuer_key,
              const std::vector<std::string>& san) {
  X509Ptr cert(X509_new());
  if (!cert || X509_set_version(cert.get(), X509_VERSION_3) != 1) fail("cannot allocate certificate");

  BnPtr serial(BN_new());
  if (!serial) fail("cannot allocate serial number");
  do {
    if (BN_rand(serial.get(), 128, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) != 1)
      fail("cannot generate serial number");
  } while (BN_is_zero(serial.get()));
  if (!BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(cert.get())))
    fail("cannot set serial number");

  if (!X509_gmtime_adj(X509_getm_notBefore(cert.get()), -kBackdateSeconds) ||
      !X509_time_adj_ex(X509_getm_notAfter(cert.get()), int(kValidityDays), 0, nullptr))
    fail("cannot set validity");

  X509_NAME* name = X509_get_subject_name(cert.get());
  auto add_entry = [&](const char* field, const std::string& value) {
    if (X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8,
                                   reinterpret_cast<const unsigned char*>(value.c_str()), -1, -1,
                                   0) != 1)
      fail(std::string("cannot set subject ") + field + "=" + value);
  };
  for (const auto& o : subject.organizations) add_entry("O", o);
  add_entry("CN", subject.common_name);

  X509* issuer_cert = issuer ? issuer : cert.get();
  EVP_PKEY* signing_key = issuer ? issuer_key : key;
  if (X509_set_issuer_name(cert.get(), X509_get_subject_name(issuer_cert)) != 1 ||
      X509_set_pubkey(cert.get(), key) != 1)
    fail("cannot set issuer or public key");

  X509V3_CTX ctx;
  X509V3_set_ctx(&ctx, issuer_cert, cert.get(), nullptr, nullptr, 0);
  if (role == Role::Ca) {
    add_extension(cert.get(), &ctx, NID_basic_constraints, "critical,CA:TRUE");
    add_extension(cert.get(), &ctx, NID_key_usage, "critical,digitalSignature,keyCertSign,cRLSign");
  } else {
    add_extension(cert.get(), &ctx, NID_basic_constraints, "critical,CA:FALSE");
    add_extension(cert.get(), &ctx, NID_key_usage, "critical,digitalSignature");
    add_extension(cert.get(), &ctx, NID_ext_key_usage,
                  role == Role::Server ? "serverAuth" : "clientAuth");
  }
  // The subject key id must exist before the authority key id, which for the self-signed CA
  // is read from the certificate itself.
  add_extension(cert.get(), &ctx, NID_subject_key_identifier, "hash");
  add_extension(cert.get(), &ctx, NID_authority_key_identifier, "keyid:always");
  if (!san.empty()) add_subject_alt_names(cert.get(), san);

  if (X509_sign(cert.get(), signing_key, EVP_sha256()) <= 0)
    fail("cannot sign certificate for " + subject.common_name);
  return cert;
}

// ---------------------------------------------------------------- files and PEM

std::string cert_to_pem(X509* cert) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_X509(bio.get(), cert) != 1) fail("cannot encode certificate");
  char* data = nullptr;
  long n = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, size_t(n));
}

std::string key_to_pem(EVP_PKEY* key) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) != 1)
    fail("cannot encode private key");
  char* data = nullptr;
  long n = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, size_t(n));
}

X509Ptr parse_cert(const std::string& pem, const fs::path& file) {
  BioPtr bio(BIO_new_mem_buf(pem.data(), int(pem.size())));
  X509Ptr cert(bio ? PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr) : nullptr);
  if (!cert) fail(file.string() + ": cannot parse PEM certificate");
  return cert;
}

PkeyPtr parse_key(const std::string& pem, const fs::path& file) {
  BioPtr bio(BIO_new_mem_buf(pem.data(), int(pem.size())));
  PkeyPtr key(bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr) : nullptr);
  if (!key) fail(file.string() + ": cannot parse PEM private key");
  return key;
}

std::optional<std::string> read_if_present(const fs::path& file) {
  std::error_code ec;
  if (!fs::exists(file, ec)) {
    if (ec) throw std::runtime_error(file.string() + ": " + ec.message());
    return std::nullopt;
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error(file.string() + ": cannot open file");
  std::ostringstream content;
  content << in.rdbuf();
  if (in.bad()) throw std::runtime_error(file.string() + ": cannot read file");
  return content.str();
}

struct Pair {
  std::string cert_pem, key_pem;
  X509Ptr cert;
  PkeyPtr key;
};

// nullopt when either file is missing; throws when one is present but unparsable.
std::optional<Pair> load_pair(const fs::path& cert_file, const fs::path& key_file) {
  auto cert_pem = read_if_present(cert_file);
  auto key_pem = read_if_present(key_file);
  if (!cert_pem || !key_pem) return std::nullopt;
  Pair p;
  p.cert = parse_cert(*cert_pem, cert_file);
  p.key = parse_key(*key_pem, key_file);
  p.cert_pem = std::move(*cert_pem);
  p.key_pem = std::move(*key_pem);
  return p;
}

Pair to_pair(X509Ptr cert, PkeyPtr key) {
  Pair p;
  p.cert_pem = cert_to_pem(cert.get());
  p.key_pem = key_to_pem(key.get());
  p.cert = std::move(cert);
  p.key = std::move(key);
  return p;
}

void store_pair(const Pair& p, const fs::path& cert_file, const fs::path& key_file) {
  // Key first: a crash in between leaves a mismatched pair, which the next run reissues.
  write_file_atomically(key_file, p.key_pem, 0600);
  write_file_atomically(cert_file, p.cert_pem, 0644);
}

bool currently_valid(X509* cert) {
  time_t renew_at = std::time(nullptr) + kRenewBeforeSeconds;
  return X509_cmp_current_time(X509_get0_notBefore(cert)) < 0 &&
         X509_cmp_time(X509_get0_notAfter(cert), &renew_at) > 0;
}

bool usable_ca(const Pair& ca) {
  bool ok = X509_check_private_key(ca.cert.get(), ca.key.get()) == 1 &&
            X509_check_ca(ca.cert.get()) >= 1 && currently_valid(ca.cert.get());
  ERR_clear_error();  // the checks above may queue errors on failure
  return ok;
}

bool usable_leaf(const Pair& leaf, const Pair& ca, int purpose) {
  bool ok = X509_check_private_key(leaf.cert.get(), leaf.key.get()) == 1 &&
            X509_check_issued(ca.cert.get(), leaf.cert.get()) == X509_V_OK &&
            X509_verify(leaf.cert.get(), X509_get0_pubkey(ca.cert.get())) == 1 &&
            X509_check_purpose(leaf.cert.get(), purpose, 0) == 1 && currently_valid(leaf.cert.get());
  ERR_clear_error();
  return ok;
}

const char* const kCaName = "kubesim-ca";
const char* const kServerName = "kubesim";
const char* const kClientName = "kubesim-admin";
const char* const kClientGroup = "system:masters";
}  // namespace

const std::vector<std::string>& default_server_names() {
  static const std::vector<std::string> names = {
      "localhost",
      "kubernetes",
      "kubernetes.default",
      "kubernetes.default.svc",
      "kubernetes.default.svc.cluster.local",
      "127.0.0.1",
      "::1",
  };
  return names;
}

PkiFiles load_or_create_pki(const fs::path& dir, const std::vector<std::string>& extra_server_names) {
  ERR_clear_error();
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw std::runtime_error(dir.string() + ": cannot create directory: " + ec.message());

  const fs::path ca_crt = dir / "ca.crt", ca_key = dir / "ca.key";
  const fs::path server_crt = dir / "server.crt", server_key = dir / "server.key";
  const fs::path client_crt = dir / "client.crt", client_key = dir / "client.key";
  const std::vector<std::string> names = server_names(extra_server_names);

  std::optional<Pair> ca = load_pair(ca_crt, ca_key);
  const bool new_ca = !ca || !usable_ca(*ca);
  if (new_ca) {
    PkeyPtr key = generate_key();
    X509Ptr cert = issue(Role::Ca, {{}, kCaName}, key.get(), nullptr, nullptr, {});
    ca = to_pair(std::move(cert), std::move(key));
    store_pair(*ca, ca_crt, ca_key);
  }

  std::optional<Pair> server;
  if (!new_ca) server = load_pair(server_crt, server_key);
  if (!server || !usable_leaf(*server, *ca, X509_PURPOSE_SSL_SERVER) ||
      !covers_all(server->cert.get(), names)) {
    PkeyPtr key = generate_key();
    X509Ptr cert =
        issue(Role::Server, {{}, kServerName}, key.get(), ca->cert.get(), ca->key.get(), names);
    server = to_pair(std::move(cert), std::move(key));
    store_pair(*server, server_crt, server_key);
  }

  std::optional<Pair> client;
  if (!new_ca) client = load_pair(client_crt, client_key);
  bool client_ok = client && usable_leaf(*client, *ca, X509_PURPOSE_SSL_CLIENT);
  if (client_ok) {
    auto id = identity_from_certificate(client->cert.get());
    client_ok = id && id->user == kClientName && id->groups == std::vector<std::string>{kClientGroup};
  }
  if (!client_ok) {
    PkeyPtr key = generate_key();
    X509Ptr cert = issue(Role::Client, {{kClientGroup}, kClientName}, key.get(), ca->cert.get(),
                         ca->key.get(), {});
    client = to_pair(std::move(cert), std::move(key));
    store_pair(*client, client_crt, client_key);
  }

  return PkiFiles{ca->cert_pem, server->cert_pem, server->key_pem, client->cert_pem,
                  client->key_pem};
}

std::optional<ClientIdentity> identity_from_certificate(X509* cert) {
  if (!cert) return std::nullopt;
  X509_NAME* subject = X509_get_subject_name(cert);
  if (!subject) return std::nullopt;
  auto entry_text = [&](int index) {
    unsigned char* utf8 = nullptr;
    int n = ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(X509_NAME_get_entry(subject, index)));
    if (n < 0) {
      ERR_clear_error();
      return std::string();
    }
    std::string text(reinterpret_cast<const char*>(utf8), size_t(n));
    OPENSSL_free(utf8);
    return text;
  };
  ClientIdentity id;
  // Go's pkix.Name keeps the last CommonName and every Organization, in order.
  for (int i = -1; (i = X509_NAME_get_index_by_NID(subject, NID_commonName, i)) >= 0;)
    id.user = entry_text(i);
  if (id.user.empty()) return std::nullopt;
  for (int i = -1; (i = X509_NAME_get_index_by_NID(subject, NID_organizationName, i)) >= 0;)
    id.groups.push_back(entry_text(i));
  return id;
}

}  // namespace coffer::kubesim
