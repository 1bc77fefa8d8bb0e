#include "kubesim/pki/kubeconfig_writer.h"

#include <stdexcept>
#include <system_error>

#include <yaml-cpp/yaml.h>

#include "common/base64.h"
#include "kubesim/pki/atomic_file.h"

namespace coffer::kubesim {
namespace {
// Values are double-quoted: kubectl reads kubeconfig through a YAML 1.1 -> JSON conversion in
// which a plain token such as 12345, 0x1F or "yes" would turn into a number or a boolean.
constexpr const char* kCluster = "kubesim";
constexpr const char* kNamespace = "default";

void emit_context(YAML::Emitter& out, const std::string& name, const std::string& user) {
  out << YAML::BeginMap;
  out << YAML::Key << "name" << YAML::Value << name;
  out << YAML::Key << "context" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "cluster" << YAML::Value << kCluster;
  out << YAML::Key << "user" << YAML::Value << user;
  out << YAML::Key << "namespace" << YAML::Value << kNamespace;
  out << YAML::EndMap << YAML::EndMap;
}
}  // namespace

std::string render_kubeconfig(const KubeconfigSpec& spec) {
  const bool with_cert = !spec.client_cert_pem.empty() && !spec.client_key_pem.empty();
  const bool with_viewer = !spec.readonly_token.empty();

  YAML::Emitter out;
  out << YAML::BeginMap;
  out << YAML::Key << "apiVersion" << YAML::Value << "v1";
  out << YAML::Key << "kind" << YAML::Value << "Config";

  out << YAML::Key << "clusters" << YAML::Value << YAML::BeginSeq << YAML::BeginMap;
  out << YAML::Key << "name" << YAML::Value << kCluster;
  out << YAML::Key << "cluster" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "server" << YAML::Value << YAML::DoubleQuoted << spec.server_url;
  if (!spec.ca_cert_pem.empty())
    out << YAML::Key << "certificate-authority-data" << YAML::Value
        << YAML::DoubleQuoted << coffer::base64_encode(spec.ca_cert_pem);
  out << YAML::EndMap << YAML::EndMap << YAML::EndSeq;

  out << YAML::Key << "users" << YAML::Value << YAML::BeginSeq;
  out << YAML::BeginMap << YAML::Key << "name" << YAML::Value << "kubesim-admin";
  out << YAML::Key << "user" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "token" << YAML::Value << YAML::DoubleQuoted << spec.token;
  out << YAML::EndMap << YAML::EndMap;
  if (with_cert) {
    out << YAML::BeginMap << YAML::Key << "name" << YAML::Value << "kubesim-cert";
    out << YAML::Key << "user" << YAML::Value << YAML::BeginMap;
    out << YAML::Key << "client-certificate-data" << YAML::Value
        << YAML::DoubleQuoted << coffer::base64_encode(spec.client_cert_pem);
    out << YAML::Key << "client-key-data" << YAML::Value
        << YAML::DoubleQuoted << coffer::base64_encode(spec.client_key_pem);
    out << YAML::EndMap << YAML::EndMap;
  }
  if (with_viewer) {
    out << YAML::BeginMap << YAML::Key << "name" << YAML::Value << "kubesim-viewer";
    out << YAML::Key << "user" << YAML::Value << YAML::BeginMap;
    out << YAML::Key << "token" << YAML::Value << YAML::DoubleQuoted << spec.readonly_token;
    out << YAML::EndMap << YAML::EndMap;
  }
  out << YAML::EndSeq;

  out << YAML::Key << "contexts" << YAML::Value << YAML::BeginSeq;
  emit_context(out, "kubesim", "kubesim-admin");
  if (with_cert) emit_context(out, "kubesim-cert", "kubesim-cert");
  if (with_viewer) emit_context(out, "kubesim-viewer", "kubesim-viewer");
  out << YAML::EndSeq;

  out << YAML::Key << "current-context" << YAML::Value << "kubesim";
  out << YAML::Key << "preferences" << YAML::Value << YAML::Flow << YAML::BeginMap
      << YAML::EndMap;
  out << YAML::EndMap;
  if (!out.good()) throw std::runtime_error("cannot render kubeconfig: " + out.GetLastError());
  return std::string(out.c_str()) + "\n";
}

void write_kubeconfig(const std::filesystem::path& file, const KubeconfigSpec& spec) {
  const std::string text = render_kubeconfig(spec);
  if (file.has_parent_path()) {
    std::error_code ec;
    std::filesystem::create_directories(file.parent_path(), ec);
    if (ec)
      throw std::runtime_error(file.parent_path().string() +
                               ": cannot create directory: " + ec.message());
  }
  write_file_atomically(file, text, 0600);
}

}  // namespace coffer::kubesim
