#pragma once

// ScriptedHttpServer: a tiny HTTP/1.1 server on 127.0.0.1 for tests. Every request is recorded
// and answered by a handler the test supplies (the request and its 1-based sequence number in),
// which scripts the reply: a status, headers and body, or a fault:
//
//   Reply(503, body)                        an ordinary response (Content-Length is added)
//   Reply::reset()                          close the connection (RST) without answering
//   Reply(200, body).reset_mid_body(n)      send the headers and n body bytes, then RST
//   Reply::stall(d)                         send nothing for d, then close
//   Reply(200, body).stall_mid_body(n, d)   send the headers and n body bytes, wait d, close
//
// Stalls end early when the server is destroyed, so a test never waits them out. Connections
// are kept alive (one thread each) until the client closes them or a fault ends them.
// For tests only: no TLS, no chunked request bodies.

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace coffer::net::testing {

struct Request {
  std::string method;
  std::string target;                          // as sent: "/path?query"
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;

  std::string path() const;  // target before '?', still percent-encoded
  // The decoded value of a query parameter, or nullopt when absent.
  std::optional<std::string> query(const std::string& name) const;
  // A header's value, or "" when absent.
  std::string header(const std::string& name) const;
};

struct Reply {
  enum class Fault { None, Reset, ResetMidBody, Stall };

  int status = 200;
  std::string body;
  std::vector<std::string> headers;  // "Name: value"
  Fault fault = Fault::None;
  std::size_t body_bytes_sent = 0;  // ResetMidBody, Stall (with stall_sends_head)
  bool stall_sends_head = false;    // Stall: send the head and body_bytes_sent bytes first
  std::chrono::milliseconds stall_for{0};

  Reply() = default;
  Reply(int status, std::string body = {}, std::vector<std::string> headers = {});

  static Reply reset();
  static Reply stall(std::chrono::milliseconds d);
  Reply reset_mid_body(std::size_t body_bytes) const;
  Reply stall_mid_body(std::size_t body_bytes, std::chrono::milliseconds d) const;
};

class ScriptedHttpServer {
 public:
  using Handler = std::function<Reply(const Request& req, int n)>;

  explicit ScriptedHttpServer(Handler handler);  // throws std::runtime_error
  ~ScriptedHttpServer();
  ScriptedHttpServer(const ScriptedHttpServer&) = delete;
  ScriptedHttpServer& operator=(const ScriptedHttpServer&) = delete;

  const std::string& endpoint() const { return endpoint_; }  // "http://127.0.0.1:PORT"
  std::vector<Request> seen() const;
  // Waits until at least n requests have arrived; false on timeout.
  bool wait_for_requests(std::size_t n, std::chrono::milliseconds timeout) const;

 private:
  void serve();
  void handle(int fd);
  bool send_all(int fd, const std::string& data);
  void wait_stall(std::chrono::milliseconds d);

  Handler handler_;
  std::string endpoint_;
  int listen_fd_ = -1;
  std::thread acceptor_;
  std::vector<std::thread> connections_;
  std::vector<int> open_fds_;  // connection sockets not yet closed (guarded by mu_)
  mutable std::mutex mu_;
  mutable std::condition_variable cv_;
  bool stopping_ = false;
  std::vector<Request> seen_;
};

}  // namespace coffer::net::testing
