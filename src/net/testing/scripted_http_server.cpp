#include "net/testing/scripted_http_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <stdexcept>

#include "common/text.h"

namespace coffer::net::testing {

std::string Request::path() const { return target.substr(0, target.find('?')); }

std::optional<std::string> Request::query(const std::string& name) const {
  std::size_t q = target.find('?');
  if (q == std::string::npos) return std::nullopt;
  for (const auto& pair : split(std::string_view(target).substr(q + 1), '&')) {
    std::size_t eq = pair.find('=');
    if (url_decode(pair.substr(0, eq), true) != name) continue;
    return eq == std::string::npos ? std::string() : url_decode(pair.substr(eq + 1), true);
  }
  return std::nullopt;
}

std::string Request::header(const std::string& name) const {
  auto it = headers.find(to_lower(name));
  return it == headers.end() ? std::string() : it->second;
}

Reply::Reply(int s, std::string b, std::vector<std::string> h)
    : status(s), body(std::move(b)), headers(std::move(h)) {}

Reply Reply::reset() {
  Reply r;
  r.fault = Fault::Reset;
  return r;
}

Reply Reply::stall(std::chrono::milliseconds d) {
  Reply r;
  r.fault = Fault::Stall;
  r.stall_for = d;
  return r;
}

Reply Reply::reset_mid_body(std::size_t body_bytes) const {
  Reply r = *this;
  r.fault = Fault::ResetMidBody;
  r.body_bytes_sent = std::min(body_bytes, body.size());
  return r;
}

Reply Reply::stall_mid_body(std::size_t body_bytes, std::chrono::milliseconds d) const {
  Reply r = *this;
  r.fault = Fault::Stall;
  r.stall_sends_head = true;
  r.body_bytes_sent = std::min(body_bytes, body.size());
  r.stall_for = d;
  return r;
}

ScriptedHttpServer::ScriptedHttpServer(Handler handler) : handler_(std::move(handler)) {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  if (listen_fd_ < 0) throw std::runtime_error("scripted http server: socket failed");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::listen(listen_fd_, 64) != 0 ||
      ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    ::close(listen_fd_);
    throw std::runtime_error("scripted http server: bind/listen failed");
  }
  endpoint_ = "http://127.0.0.1:" + std::to_string(ntohs(addr.sin_port));
  acceptor_ = std::thread([this] { serve(); });
}

ScriptedHttpServer::~ScriptedHttpServer() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
    for (int fd : open_fds_) ::shutdown(fd, SHUT_RDWR);  // wakes the connection threads
  }
  cv_.notify_all();                   // ends stalls
  ::shutdown(listen_fd_, SHUT_RDWR);  // wakes accept()
  acceptor_.join();
  for (auto& t : connections_) t.join();  // the acceptor has stopped: no new ones
  ::close(listen_fd_);
}

std::vector<Request> ScriptedHttpServer::seen() const {
  std::lock_guard lock(mu_);
  return seen_;
}

bool ScriptedHttpServer::wait_for_requests(std::size_t n, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mu_);
  return cv_.wait_for(lock, timeout, [&] { return seen_.size() >= n; });
}

void ScriptedHttpServer::serve() {
  for (;;) {
    int fd = ::accept(listen_fd_, nullptr, nullptr);
    if (fd < 0) return;
    std::lock_guard lock(mu_);
    if (stopping_) {
      ::close(fd);
      return;
    }
    open_fds_.push_back(fd);
    connections_.emplace_back([this, fd] { handle(fd); });
  }
}

bool ScriptedHttpServer::send_all(int fd, const std::string& data) {
  std::size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::send(fd, data.data() + done, data.size() - done, MSG_NOSIGNAL);
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

void ScriptedHttpServer::wait_stall(std::chrono::milliseconds d) {
  std::unique_lock lock(mu_);
  cv_.wait_for(lock, d, [this] { return stopping_; });
}

namespace {

// Parses "METHOD target HTTP/1.1\r\nName: value\r\n..." (without the blank line).
Request parse_head(const std::string& head) {
  Request req;
  std::size_t line_end = head.find("\r\n");
  std::string first = head.substr(0, line_end);
  std::size_t sp1 = first.find(' ');
  std::size_t sp2 = first.find(' ', sp1 + 1);
  req.method = first.substr(0, sp1);
  req.target = first.substr(sp1 + 1, sp2 == std::string::npos ? std::string::npos : sp2 - sp1 - 1);
  while (line_end != std::string::npos) {
    std::size_t next = head.find("\r\n", line_end + 2);
    std::string h = head.substr(line_end + 2, next == std::string::npos ? std::string::npos : next - line_end - 2);
    if (std::size_t colon = h.find(':'); colon != std::string::npos) {
      req.headers[to_lower(trim(h.substr(0, colon)))] = std::string(trim(std::string_view(h).substr(colon + 1)));
    }
    line_end = next;
  }
  return req;
}

}  // namespace

void ScriptedHttpServer::handle(int fd) {
  bool hard_reset = false;
  std::string buf;
  char tmp[65536];
  auto fill = [&]() {
    ssize_t n = ::read(fd, tmp, sizeof tmp);
    if (n <= 0) return false;
    buf.append(tmp, static_cast<std::size_t>(n));
    return true;
  };
  for (;;) {
    std::size_t end = 0;
    bool open = true;
    while (open && (end = buf.find("\r\n\r\n")) == std::string::npos) open = fill();
    if (!open) break;
    Request req = parse_head(buf.substr(0, end));
    buf.erase(0, end + 4);
    std::size_t length = 0;
    try {
      if (auto cl = req.header("content-length"); !cl.empty()) length = std::stoul(cl);
    } catch (const std::exception&) {
      break;
    }
    while (open && buf.size() < length) open = fill();
    if (!open) break;
    req.body = buf.substr(0, length);
    buf.erase(0, length);
    int n;
    {
      std::lock_guard lock(mu_);
      seen_.push_back(req);
      n = static_cast<int>(seen_.size());
    }
    cv_.notify_all();
    Reply r = handler_(req, n);
    if (r.fault == Reply::Fault::Reset) {
      hard_reset = true;
      break;
    }
    std::string head = "HTTP/1.1 " + std::to_string(r.status) + " Scripted\r\nContent-Length: " +
                       std::to_string(r.body.size()) + "\r\n";
    for (const auto& h : r.headers) head += h + "\r\n";
    head += "\r\n";
    bool with_body = req.method != "HEAD";
    if (r.fault == Reply::Fault::None) {
      if (!send_all(fd, with_body ? head + r.body : head)) break;
      continue;
    }
    if (r.fault == Reply::Fault::ResetMidBody) {
      send_all(fd, head + r.body.substr(0, r.body_bytes_sent));
      hard_reset = true;
      break;
    }
    // Stall
    if (r.stall_sends_head) send_all(fd, head + r.body.substr(0, r.body_bytes_sent));
    wait_stall(r.stall_for);
    break;
  }
  std::lock_guard lock(mu_);
  if (hard_reset) {
    linger lg{1, 0};  // close() sends RST instead of FIN
    ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
  }
  ::close(fd);
  open_fds_.erase(std::remove(open_fds_.begin(), open_fds_.end(), fd), open_fds_.end());
}

}  // namespace coffer::net::testing
