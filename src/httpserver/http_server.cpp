#include "httpserver/http_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <condition_variable>
#include <csignal>
#include <cstring>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>

#include "common/http_status.h"
#include "common/text.h"

namespace coffer::http {
namespace {

std::string openssl_error() {
  unsigned long e = ERR_get_error();
  if (!e) return "unknown TLS error";
  char buf[256];
  ERR_error_string_n(e, buf, sizeof buf);
  return buf;
}

struct BioDeleter { void operator()(BIO* b) const { BIO_free(b); } };
struct X509Deleter { void operator()(X509* x) const { X509_free(x); } };
struct PkeyDeleter { void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); } };

std::unique_ptr<BIO, BioDeleter> mem_bio(const std::string& pem) {
  return std::unique_ptr<BIO, BioDeleter>(BIO_new_mem_buf(pem.data(), int(pem.size())));
}

SSL_CTX* make_ssl_ctx(const TlsConfig& tls) {
  SSL_CTX* ctx = SSL_CTX_new(TLS_server_method());
  if (!ctx) throw std::runtime_error("TLS setup failed: " + openssl_error());
  SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
  SSL_CTX_set_mode(ctx, SSL_MODE_AUTO_RETRY);
  auto cb = mem_bio(tls.cert_pem);
  std::unique_ptr<X509, X509Deleter> cert(PEM_read_bio_X509(cb.get(), nullptr, nullptr, nullptr));
  auto kb = mem_bio(tls.key_pem);
  std::unique_ptr<EVP_PKEY, PkeyDeleter> key(
      PEM_read_bio_PrivateKey(kb.get(), nullptr, nullptr, nullptr));
  if (!cert || !key || SSL_CTX_use_certificate(ctx, cert.get()) != 1 ||
      SSL_CTX_use_PrivateKey(ctx, key.get()) != 1) {
    SSL_CTX_free(ctx);
    throw std::runtime_error("TLS server certificate or key is unusable: " + openssl_error());
  }
  if (!tls.client_ca_pem.empty()) {
    auto ab = mem_bio(tls.client_ca_pem);
    std::unique_ptr<X509, X509Deleter> ca(PEM_read_bio_X509(ab.get(), nullptr, nullptr, nullptr));
    if (!ca) {
      SSL_CTX_free(ctx);
      throw std::runtime_error("TLS client CA is unusable: " + openssl_error());
    }
    X509_STORE_add_cert(SSL_CTX_get_cert_store(ctx), ca.get());
    SSL_CTX_add_client_CA(ctx, ca.get());
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, nullptr);
  }
  return ctx;
}

// A connection's byte stream: plain TCP or TLS over it.
class Stream {
 public:
  Stream(int fd, SSL* ssl) : fd_(fd), ssl_(ssl) {}
  ~Stream() {
    if (ssl_) {
      SSL_shutdown(ssl_);
      SSL_free(ssl_);
    }
    ::close(fd_);
  }
  // Reads some bytes; 0 on EOF or error.
  size_t read_some(char* buf, size_t n) {
    if (ssl_) {
      int r = SSL_read(ssl_, buf, int(n));
      return r > 0 ? size_t(r) : 0;
    }
    ssize_t r;
    do r = ::recv(fd_, buf, n, 0);
    while (r < 0 && errno == EINTR);
    return r > 0 ? size_t(r) : 0;
  }
  bool write_all(std::string_view data) {
    while (!data.empty()) {
      if (ssl_) {
        int r = SSL_write(ssl_, data.data(), int(std::min<size_t>(data.size(), 1 << 30)));
        if (r <= 0) return false;
        data.remove_prefix(size_t(r));
      } else {
        ssize_t r = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) return false;
        data.remove_prefix(size_t(r));
      }
    }
    return true;
  }
  // Whether the peer hung up, without consuming request bytes it may have sent.
  bool peer_closed() {
    if (ssl_ && SSL_pending(ssl_) > 0) return false;
    pollfd p{fd_, POLLIN | POLLRDHUP, 0};
    if (::poll(&p, 1, 0) <= 0) return false;
    if (p.revents & (POLLHUP | POLLERR | POLLRDHUP)) return true;
    if (p.revents & POLLIN) {
      char c;
      ssize_t r = ::recv(fd_, &c, 1, MSG_PEEK | MSG_DONTWAIT);
      return r == 0;
    }
    return false;
  }
  int fd() const { return fd_; }

 private:
  int fd_;
  SSL* ssl_;
};

class ConnectionWriter : public ResponseWriter {
 public:
  ConnectionWriter(Stream& s, bool keep_alive) : s_(s), keep_alive_(keep_alive) {}
  void send(int status, const Headers& headers, std::string body) override {
    std::string head = status_line(status, headers);
    head += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    if (!keep_alive_) head += "Connection: close\r\n";
    head += "\r\n";
    responded_ = true;
    if (body.size() < 64 * 1024) {
      head += body;
      ok_ = s_.write_all(head);
    } else {
      ok_ = s_.write_all(head) && s_.write_all(body);
    }
  }
  void begin_stream(int status, const Headers& headers) override {
    std::string head = status_line(status, headers);
    head += "Transfer-Encoding: chunked\r\n\r\n";
    responded_ = true;
    ok_ = s_.write_all(head);
  }
  bool write(std::string_view chunk) override {
    if (!ok_ || chunk.empty()) return ok_;
    char size[32];
    std::snprintf(size, sizeof size, "%zx\r\n", chunk.size());
    std::string frame(size);
    frame.append(chunk).append("\r\n");
    ok_ = s_.write_all(frame);
    return ok_;
  }
  void end_stream() override {
    if (ok_) ok_ = s_.write_all("0\r\n\r\n");
  }
  bool peer_closed() override { return !ok_ || s_.peer_closed(); }
  bool responded() const override { return responded_; }
  bool ok() const { return ok_; }

 private:
  static std::string status_line(int status, const Headers& headers) {
    std::string head = "HTTP/1.1 " + std::to_string(status) + " " + status_text(status) + "\r\n";
    for (const auto& [k, v] : headers) head += k + ": " + v + "\r\n";
    return head;
  }
  Stream& s_;
  bool keep_alive_;
  bool responded_ = false;
  bool ok_ = true;
};

// Reads one request head ("...\r\n\r\n") into `head`, keeping bytes after it in `buffer`.
bool read_head(Stream& s, std::string& buffer, std::string& head) {
  size_t scanned = 0;
  while (true) {
    size_t pos = buffer.find("\r\n\r\n", scanned > 3 ? scanned - 3 : 0);
    if (pos != std::string::npos) {
      head = buffer.substr(0, pos + 2);
      buffer.erase(0, pos + 4);
      return true;
    }
    scanned = buffer.size();
    if (buffer.size() > 1024 * 1024) return false;
    char tmp[16384];
    size_t n = s.read_some(tmp, sizeof tmp);
    if (n == 0) return false;
    buffer.append(tmp, n);
  }
}

bool read_exact(Stream& s, std::string& buffer, size_t n, std::string& out) {
  while (buffer.size() < n) {
    char tmp[65536];
    size_t got = s.read_some(tmp, sizeof tmp);
    if (got == 0) return false;
    buffer.append(tmp, got);
  }
  out.append(buffer, 0, n);
  buffer.erase(0, n);
  return true;
}

bool read_line(Stream& s, std::string& buffer, std::string& line) {
  while (true) {
    size_t pos = buffer.find("\r\n");
    if (pos != std::string::npos) {
      line = buffer.substr(0, pos);
      buffer.erase(0, pos + 2);
      return true;
    }
    if (buffer.size() > 65536) return false;
    char tmp[4096];
    size_t n = s.read_some(tmp, sizeof tmp);
    if (n == 0) return false;
    buffer.append(tmp, n);
  }
}

}  // namespace

std::string Request::header(const std::string& lower_name) const {
  auto it = headers.find(lower_name);
  return it == headers.end() ? std::string() : it->second;
}

std::map<std::string, std::string> Request::query_params() const {
  std::map<std::string, std::string> out;
  if (query.empty()) return out;
  for (const auto& part : split(query, '&')) {
    if (part.empty()) continue;
    size_t eq = part.find('=');
    std::string k = url_decode(part.substr(0, eq), true);
    std::string v = eq == std::string::npos ? "" : url_decode(part.substr(eq + 1), true);
    out[k] = v;
  }
  return out;
}

const char* status_text(int status) { return http_status_text(status); }

struct Server::Impl {
  ServerOptions options;
  Handler handler;
  SSL_CTX* ctx = nullptr;
  int listen_fd = -1;
  uint16_t port = 0;
  std::atomic<bool> stopping{false};
  std::thread acceptor;
  std::mutex mu;
  std::set<int> open_fds;
  size_t active = 0;
  std::condition_variable idle_cv;

  void accept_loop();
  void serve(int fd, std::string peer);
};

Server::Server(ServerOptions options, Handler handler) : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
  impl_->handler = std::move(handler);
}

Server::~Server() { stop(); }

uint16_t Server::port() const { return impl_->port; }

void Server::start() {
  auto& m = *impl_;
  // TLS writes go through write(2); a client that hangs up must not kill the process.
  std::signal(SIGPIPE, SIG_IGN);
  if (m.options.tls) m.ctx = make_ssl_ctx(*m.options.tls);
  bool v6 = m.options.host.find(':') != std::string::npos;
  m.listen_fd = ::socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int one = 1;
  ::setsockopt(m.listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_storage addr{};
  socklen_t len;
  std::string where = m.options.host + ":" + std::to_string(m.options.port);
  if (v6) {
    auto* a = reinterpret_cast<sockaddr_in6*>(&addr);
    a->sin6_family = AF_INET6;
    a->sin6_port = htons(m.options.port);
    if (inet_pton(AF_INET6, m.options.host.c_str(), &a->sin6_addr) != 1)
      throw std::runtime_error("invalid listen address " + where);
    len = sizeof *a;
  } else {
    auto* a = reinterpret_cast<sockaddr_in*>(&addr);
    a->sin_family = AF_INET;
    a->sin_port = htons(m.options.port);
    std::string host = m.options.host == "localhost" ? "127.0.0.1" : m.options.host;
    if (inet_pton(AF_INET, host.c_str(), &a->sin_addr) != 1)
      throw std::runtime_error("invalid listen address " + where + " (use an IP address)");
    len = sizeof *a;
  }
  if (::bind(m.listen_fd, reinterpret_cast<sockaddr*>(&addr), len) != 0 ||
      ::listen(m.listen_fd, 512) != 0)
    throw std::runtime_error("cannot listen on " + where + ": " + std::strerror(errno));
  sockaddr_storage bound{};
  socklen_t blen = sizeof bound;
  ::getsockname(m.listen_fd, reinterpret_cast<sockaddr*>(&bound), &blen);
  m.port = ntohs(v6 ? reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port
                    : reinterpret_cast<sockaddr_in*>(&bound)->sin_port);
  m.acceptor = std::thread([&m] { m.accept_loop(); });
}

void Server::stop() {
  auto& m = *impl_;
  if (m.stopping.exchange(true)) return;
  if (m.listen_fd >= 0) ::shutdown(m.listen_fd, SHUT_RDWR);
  if (m.acceptor.joinable()) m.acceptor.join();
  if (m.listen_fd >= 0) ::close(m.listen_fd);
  {
    std::unique_lock lock(m.mu);
    for (int fd : m.open_fds) ::shutdown(fd, SHUT_RDWR);
    m.idle_cv.wait_for(lock, std::chrono::seconds(10), [&] { return m.active == 0; });
  }
  if (m.ctx) SSL_CTX_free(m.ctx);
  m.ctx = nullptr;
}

void Server::Impl::accept_loop() {
  while (!stopping) {
    sockaddr_storage peer{};
    socklen_t plen = sizeof peer;
    int fd = ::accept4(listen_fd, reinterpret_cast<sockaddr*>(&peer), &plen, SOCK_CLOEXEC);
    if (fd < 0) {
      if (stopping) return;
      if (errno == EINTR || errno == ECONNABORTED || errno == EMFILE || errno == ENFILE) {
        if (errno == EMFILE || errno == ENFILE)
          std::this_thread::sleep_for(std::chrono::milliseconds(50));
        continue;
      }
      return;
    }
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    char host[INET6_ADDRSTRLEN] = "?";
    uint16_t pport = 0;
    if (peer.ss_family == AF_INET) {
      auto* a = reinterpret_cast<sockaddr_in*>(&peer);
      inet_ntop(AF_INET, &a->sin_addr, host, sizeof host);
      pport = ntohs(a->sin_port);
    } else if (peer.ss_family == AF_INET6) {
      auto* a = reinterpret_cast<sockaddr_in6*>(&peer);
      inet_ntop(AF_INET6, &a->sin6_addr, host, sizeof host);
      pport = ntohs(a->sin6_port);
    }
    {
      std::lock_guard lock(mu);
      if (active >= options.max_connections) {
        ::close(fd);
        continue;
      }
      ++active;
      open_fds.insert(fd);
    }
    std::thread([this, fd, peer_s = std::string(host) + ":" + std::to_string(pport)] {
      serve(fd, peer_s);
      std::lock_guard lock(mu);
      open_fds.erase(fd);
      --active;
      idle_cv.notify_all();
    }).detach();
  }
}

void Server::Impl::serve(int fd, std::string peer) {
  SSL* ssl = nullptr;
  std::optional<std::string> cert_cn;
  std::vector<std::string> cert_orgs;
  if (ctx) {
    ssl = SSL_new(ctx);
    SSL_set_fd(ssl, fd);
    if (SSL_accept(ssl) != 1) {
      SSL_free(ssl);
      ::close(fd);
      return;
    }
    if (X509* cert = SSL_get1_peer_certificate(ssl)) {
      if (SSL_get_verify_result(ssl) == X509_V_OK) {
        X509_NAME* subject = X509_get_subject_name(cert);
        for (int i = -1; (i = X509_NAME_get_index_by_NID(subject, NID_commonName, i)) >= 0;) {
          ASN1_STRING* s = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(subject, i));
          cert_cn = std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)),
                                size_t(ASN1_STRING_length(s)));
        }
        for (int i = -1;
             (i = X509_NAME_get_index_by_NID(subject, NID_organizationName, i)) >= 0;) {
          ASN1_STRING* s = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(subject, i));
          cert_orgs.emplace_back(reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)),
                                 size_t(ASN1_STRING_length(s)));
        }
      }
      X509_free(cert);
    }
  }
  Stream stream(fd, ssl);
  std::string buffer;
  while (!stopping) {
    std::string head;
    if (!read_head(stream, buffer, head)) return;
    Request req;
    req.peer = peer;
    req.client_cert_cn = cert_cn;
    req.client_cert_orgs = cert_orgs;
    size_t eol = head.find("\r\n");
    std::string request_line = head.substr(0, eol);
    auto parts = split(request_line, ' ');
    ConnectionWriter early(stream, false);
    if (parts.size() != 3 || parts[2].rfind("HTTP/1.", 0) != 0) {
      early.send(400, {{"Content-Type", "text/plain"}}, "malformed request line\n");
      return;
    }
    req.method = parts[0];
    req.target = parts[1];
    bool http10 = parts[2] == "HTTP/1.0";
    size_t pos = eol + 2;
    while (pos < head.size()) {
      size_t end = head.find("\r\n", pos);
      if (end == std::string::npos) end = head.size();
      std::string line = head.substr(pos, end - pos);
      pos = end + 2;
      size_t colon = line.find(':');
      if (colon == std::string::npos) continue;
      std::string key = to_lower(trim(line.substr(0, colon)));
      std::string value(trim(line.substr(colon + 1)));
      auto [it, inserted] = req.headers.emplace(key, value);
      if (!inserted) it->second += ", " + value;
    }
    size_t q = req.target.find('?');
    try {
      req.path = url_decode(req.target.substr(0, q), false);
    } catch (const std::exception&) {
      early.send(400, {{"Content-Type", "text/plain"}}, "malformed request path\n");
      return;
    }
    if (q != std::string::npos) req.query = req.target.substr(q + 1);
    std::string connection = to_lower(req.header("connection"));
    bool keep_alive = http10 ? connection == "keep-alive" : connection != "close";

    // Body: Content-Length or chunked, bounded.
    std::string te = to_lower(req.header("transfer-encoding"));
    std::string cl = req.header("content-length");
    if (to_lower(req.header("expect")) == "100-continue") {
      size_t announced = cl.empty() ? 0 : std::strtoull(cl.c_str(), nullptr, 10);
      if (announced <= options.max_body_bytes) stream.write_all("HTTP/1.1 100 Continue\r\n\r\n");
    }
    bool too_large = false;
    if (te.find("chunked") != std::string::npos) {
      while (true) {
        std::string line;
        if (!read_line(stream, buffer, line)) return;
        size_t n = std::strtoull(line.c_str(), nullptr, 16);
        if (n == 0) {
          std::string trailer;
          do {
            if (!read_line(stream, buffer, trailer)) return;
          } while (!trailer.empty());
          break;
        }
        if (req.body.size() + n > options.max_body_bytes) {
          too_large = true;
          break;
        }
        if (!read_exact(stream, buffer, n, req.body)) return;
        std::string crlf;
        if (!read_line(stream, buffer, crlf)) return;
      }
    } else if (!cl.empty()) {
      char* endp = nullptr;
      unsigned long long n = std::strtoull(cl.c_str(), &endp, 10);
      if (!endp || *endp != '\0') {
        early.send(400, {{"Content-Type", "text/plain"}}, "malformed Content-Length\n");
        return;
      }
      if (n > options.max_body_bytes) {
        too_large = true;
      } else if (!read_exact(stream, buffer, size_t(n), req.body)) {
        return;
      }
    }
    if (too_large) {
      // Answer as the Kubernetes apiserver does, then drop the connection: the rest of the body
      // is never read.
      req.body.clear();
      req.headers["x-coffer-body-too-large"] = "true";
      keep_alive = false;
    }
    ConnectionWriter writer(stream, keep_alive);
    try {
      handler(req, writer);
    } catch (const std::exception& e) {
      if (!writer.responded())
        writer.send(500, {{"Content-Type", "text/plain"}}, std::string("internal error: ") + e.what());
      else
        return;
    }
    if (!writer.responded()) writer.send(500, {{"Content-Type", "text/plain"}}, "no response\n");
    if (!writer.ok() || !keep_alive) return;
  }
}

}  // namespace coffer::http
