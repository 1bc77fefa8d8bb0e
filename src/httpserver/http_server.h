#pragma once
// A small HTTP/1.1 server (optionally TLS, with optional client certificates) for kubesim and
// the coffer control plane. One thread per connection, keep-alive, bounded request bodies, and
// chunked streaming responses for watches and progress feeds.
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace coffer::http {

struct Request {
  std::string method;
  std::string target;  // raw request target: path and query
  std::string path;    // percent-decoded path
  std::string query;   // raw query string, without '?'
  std::map<std::string, std::string> headers;  // keys lower-cased
  std::string body;
  std::string peer;                          // "ip:port"
  std::optional<std::string> client_cert_cn;  // verified client certificate subject CN
  std::vector<std::string> client_cert_orgs;  // ... and its O values

  std::string header(const std::string& lower_name) const;
  // Query parameters, percent-decoded; repeated keys keep the last value.
  std::map<std::string, std::string> query_params() const;
};

using Headers = std::vector<std::pair<std::string, std::string>>;

class ResponseWriter {
 public:
  virtual ~ResponseWriter() = default;
  // A complete response. Calling it twice, or after begin_stream, is a programming error.
  virtual void send(int status, const Headers& headers, std::string body) = 0;
  // A streamed (chunked) response; write() returns false once the client is gone.
  virtual void begin_stream(int status, const Headers& headers) = 0;
  virtual bool write(std::string_view chunk) = 0;
  virtual void end_stream() = 0;
  // True once the peer has closed its side (checked without blocking).
  virtual bool peer_closed() = 0;
  virtual bool responded() const = 0;
};

using Handler = std::function<void(Request&, ResponseWriter&)>;

struct TlsConfig {
  std::string cert_pem, key_pem;
  std::string client_ca_pem;  // non-empty: ask for (but do not require) client certificates
};

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 0;  // 0 picks a free port
  std::optional<TlsConfig> tls;
  size_t max_body_bytes = 3 * 1024 * 1024 + 512 * 1024;  // larger bodies get 413 unread
  size_t max_connections = 512;
};

class Server {
 public:
  Server(ServerOptions options, Handler handler);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  void start();  // binds and listens; throws std::runtime_error naming the address on failure
  uint16_t port() const;
  void stop();   // stops accepting, closes connections, joins threads

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

const char* status_text(int status);

}  // namespace coffer::http
