#pragma once
// kubesim's private PKI: one CA, a server certificate for its HTTPS endpoint and a client
// certificate for a cluster-admin user, as PEM files that kubectl (Go) and the Python client
// (OpenSSL, including Python 3.13's VERIFY_X509_STRICT) accept.
//
// load_or_create_pki(dir, extra_server_names) creates `dir` if needed and keeps there
//   ca.crt ca.key server.crt server.key client.crt client.key   (keys mode 0600, certs 0644;
// every file is replaced atomically). Keys are ECDSA P-256; certificates are valid from one
// hour ago for ten years and have random 128-bit serial numbers.
//   - CA: CN "kubesim-ca", basicConstraints CA:TRUE (critical), keyUsage keyCertSign, cRLSign,
//     digitalSignature (critical), subject and authority key identifiers.
//   - server: CN "kubesim", SANs localhost, kubernetes, kubernetes.default,
//     kubernetes.default.svc, kubernetes.default.svc.cluster.local, 127.0.0.1, ::1 and every
//     extra name (an IP SAN when it parses as an IPv4/IPv6 address, else a DNS SAN),
//     extendedKeyUsage serverAuth.
//   - client: CN "kubesim-admin", O "system:masters", extendedKeyUsage clientAuth.
// Existing files are reused as they are (identical PEMs are returned) when the CA pair is
// present and valid, and each leaf is signed by that CA, matches its key, is not about to
// expire and, for the server, covers every requested name; a leaf that fails these checks is
// reissued under the existing CA. A missing, expired or inconsistent CA pair makes a new CA
// and new leaves. A file that exists but cannot be read or parsed throws std::runtime_error
// naming the file and the OpenSSL error; so does any OpenSSL failure.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <openssl/x509.h>

namespace coffer::kubesim {

struct PkiFiles {
  std::string ca_cert_pem, server_cert_pem, server_key_pem, client_cert_pem, client_key_pem;
};

PkiFiles load_or_create_pki(const std::filesystem::path& dir,
                            const std::vector<std::string>& extra_server_names);

// The DNS names and IP addresses every server certificate covers, before the extra names.
const std::vector<std::string>& default_server_names();

// Kubernetes' x509 client-certificate authenticator: user = subject CommonName (the last one
// if several), groups = subject Organization values in order. nullopt when `cert` is null or
// has no (or an empty) CommonName, which Kubernetes treats as "not authenticated".
struct ClientIdentity {
  std::string user;
  std::vector<std::string> groups;
};
std::optional<ClientIdentity> identity_from_certificate(X509* cert);

}  // namespace coffer::kubesim
