#pragma once
// Writes a kubeconfig (apiVersion v1, kind Config) for kubectl and the Kubernetes client
// libraries to reach kubesim:
//   cluster  "kubesim":        server, certificate-authority-data (base64 of ca_cert_pem;
//                              omitted when ca_cert_pem is empty, e.g. for a plain-HTTP URL)
//   user     "kubesim-admin":  token
//   user     "kubesim-cert":   client-certificate-data, client-key-data (only when a client
//                              certificate is given)
//   user     "kubesim-viewer": readonly_token (only when non-empty)
//   contexts "kubesim", "kubesim-cert", "kubesim-viewer": cluster kubesim, the user of the same
//            name (kubesim -> kubesim-admin), namespace default
//   current-context: kubesim
// The file is created with mode 0600 (it holds credentials) and replaced atomically; missing
// parent directories are created. Throws std::runtime_error on failure.
#include <filesystem>
#include <string>

namespace coffer::kubesim {

struct KubeconfigSpec {
  std::string server_url;  // "https://127.0.0.1:6443"
  std::string ca_cert_pem;
  std::string token;
  std::string client_cert_pem, client_key_pem;
  std::string readonly_token;
};

// The YAML text that write_kubeconfig() writes.
std::string render_kubeconfig(const KubeconfigSpec& spec);

void write_kubeconfig(const std::filesystem::path& file, const KubeconfigSpec& spec);

}  // namespace coffer::kubesim
