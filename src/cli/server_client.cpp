#include "cli/server_client.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

namespace coffer::cli {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

std::string read_ca(const std::string& file) {
  if (file.empty()) return "";
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read the CA file " + file);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

net::TransferOptions transfer_options(const ClientConfig& c) {
  net::TransferOptions o;
  o.connect_timeout = std::chrono::seconds(10);
  o.idle_timeout = std::chrono::seconds(120);
  o.ca_pem = read_ca(c.ca_file);
  o.insecure_skip_tls_verify = c.insecure_skip_tls_verify;
  return o;
}

}  // namespace

fs::path client_config_path() {
  if (const char* p = std::getenv("COFFER_CONFIG"); p && *p) return p;
  if (const char* x = std::getenv("XDG_CONFIG_HOME"); x && *x) return fs::path(x) / "coffer" / "config.json";
  const char* home = std::getenv("HOME");
  return fs::path(home && *home ? home : ".") / ".config" / "coffer" / "config.json";
}

std::optional<ClientConfig> load_client_config(const fs::path& path) {
  std::ifstream in(path);
  if (!in) return std::nullopt;
  std::stringstream ss;
  ss << in.rdbuf();
  json j = json::parse(ss.str(), nullptr, false);
  if (!j.is_object() || !j.contains("server") || !j["server"].is_string())
    throw std::runtime_error(path.string() + " is not a coffer client configuration; run `coffer login` again");
  ClientConfig c;
  c.server = j["server"].get<std::string>();
  c.token = j.value("token", "");
  c.username = j.value("username", "");
  c.ca_file = j.value("caFile", "");
  c.insecure_skip_tls_verify = j.value("insecureSkipTLSVerify", false);
  return c;
}

void save_client_config(const fs::path& path, const ClientConfig& c) {
  if (path.has_parent_path()) {
    fs::create_directories(path.parent_path());
    ::chmod(path.parent_path().c_str(), 0700);
  }
  json j = {{"server", c.server}, {"token", c.token}, {"username", c.username}};
  if (!c.ca_file.empty()) j["caFile"] = c.ca_file;
  if (c.insecure_skip_tls_verify) j["insecureSkipTLSVerify"] = true;
  const std::string text = j.dump(2) + "\n";
  const fs::path tmp = path.string() + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) throw std::runtime_error("cannot write " + tmp.string() + ": " + std::strerror(errno));
  ::fchmod(fd, 0600);
  bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok || ::rename(tmp.c_str(), path.c_str()) != 0) {
    ::unlink(tmp.c_str());
    throw std::runtime_error("cannot write " + path.string() + ": " + std::strerror(errno));
  }
}

namespace {
// "message" and one "  field: problem" line per field at fault.
std::string with_fields(const std::string& message, const std::vector<std::pair<std::string, std::string>>& fields) {
  std::string out = message;
  if (fields.size() > 1 || (fields.size() == 1 && message.find(fields[0].second) == std::string::npos))
    for (const auto& [field, problem] : fields) out += "\n  " + field + ": " + problem;
  return out;
}
}  // namespace

ServerError::ServerError(long status, std::string code, const std::string& message,
                         std::vector<std::pair<std::string, std::string>> fields)
    : std::runtime_error(with_fields(message, fields)), status_(status), code_(std::move(code)),
      fields_(std::move(fields)) {}

ServerClient::ServerClient(ClientConfig config) : config_(std::move(config)), http_(transfer_options(config_)) {
  while (!config_.server.empty() && config_.server.back() == '/') config_.server.pop_back();
}

net::HttpResponse ServerClient::exchange(const std::string& method, const std::string& path, const std::string* body) {
  net::HttpRequest req;
  req.method = method;
  req.url = config_.server + path;
  req.headers.push_back("Accept: application/json");
  if (!config_.token.empty()) req.headers.push_back("Authorization: Bearer " + config_.token);
  if (body) {
    req.headers.push_back("Content-Type: application/json");
    req.body = *body;
  }
  net::HttpResult r = http_.perform(req);
  if (!r.ok()) throw std::runtime_error("cannot reach the coffer server at " + config_.server + ": " + r.error);
  const auto& resp = r.response;
  if (resp.status >= 200 && resp.status < 300) return std::move(r.response);
  json doc = json::parse(resp.body, nullptr, false);
  if (doc.is_object() && doc.contains("error") && doc["error"].is_object()) {
    const json& e = doc["error"];
    std::vector<std::pair<std::string, std::string>> fields;
    for (const auto& f : e.value("fields", json::array()))
      fields.emplace_back(f.value("field", ""), f.value("message", ""));
    throw ServerError(resp.status, e.value("code", ""), e.value("message", "error " + std::to_string(resp.status)),
                      std::move(fields));
  }
  throw ServerError(resp.status, "", method + " " + path + ": HTTP " + std::to_string(resp.status), {});
}

json ServerClient::call(const std::string& method, const std::string& path, const std::string* body) {
  net::HttpResponse resp = exchange(method, path, body);
  if (resp.body.empty()) return json();
  json doc = json::parse(resp.body, nullptr, false);
  if (doc.is_discarded()) throw std::runtime_error(method + " " + path + ": the server answered with invalid JSON");
  return doc;
}

std::string ServerClient::get_bytes(const std::string& path) { return std::move(exchange("GET", path, nullptr).body); }

json ServerClient::get(const std::string& path) { return call("GET", path, nullptr); }
json ServerClient::post(const std::string& path, const json& body) {
  std::string text = body.dump();
  return call("POST", path, &text);
}
json ServerClient::put(const std::string& path, const json& body) {
  std::string text = body.dump();
  return call("PUT", path, &text);
}
json ServerClient::patch(const std::string& path, const json& body) {
  std::string text = body.dump();
  return call("PATCH", path, &text);
}
json ServerClient::remove(const std::string& path) { return call("DELETE", path, nullptr); }

std::string url_escape(const std::string& text) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char ch : text) {
    if (std::isalnum(ch) || ch == '-' || ch == '_' || ch == '.' || ch == '~') {
      out += static_cast<char>(ch);
    } else {
      out += '%';
      out += hex[ch >> 4];
      out += hex[ch & 15];
    }
  }
  return out;
}

ServerClient connect_from_config() {
  const fs::path path = client_config_path();
  auto config = load_client_config(path);
  if (!config || config->token.empty())
    throw std::runtime_error("not logged in to a coffer server (" + path.string() +
                             "); run `coffer login --server URL --username NAME`");
  return ServerClient(*config);
}

}  // namespace coffer::cli
