// Retry and failure paths of S3Store against a scripted local HTTP server: throttling (503
// SlowDown), 500 InternalError, connection resets, non-retryable 403, and a
// CompleteMultipartUpload that fails inside a 200 response (the upload must then be aborted).
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <functional>
#include <mutex>
#include <thread>

#include "storage/s3/s3_store.h"

namespace coffer::storage::s3 {
namespace {

struct Reply {
  int status = 200;
  std::string body;
  std::vector<std::string> headers;
  bool reset = false;  // close the connection without answering
};

struct Seen {
  std::string method;
  std::string target;
};

class FakeS3 {
 public:
  using Handler = std::function<Reply(const Seen& req, int n)>;

  explicit FakeS3(Handler handler) : handler_(std::move(handler)) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    if (::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        ::listen(fd_, 16) != 0) {
      throw std::runtime_error("fake s3: bind/listen failed");
    }
    socklen_t len = sizeof addr;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    endpoint = "http://127.0.0.1:" + std::to_string(ntohs(addr.sin_port));
    thread_ = std::thread([this] { serve(); });
  }

  ~FakeS3() {
    ::shutdown(fd_, SHUT_RDWR);  // wakes accept()
    thread_.join();
    {
      std::lock_guard<std::mutex> lock(mu_);
      for (int c : clients_) ::shutdown(c, SHUT_RDWR);  // wakes the connection threads
    }
    for (auto& t : connections_) t.join();
    for (int c : clients_) ::close(c);
    ::close(fd_);
  }

  std::vector<Seen> seen() {
    std::lock_guard<std::mutex> lock(mu_);
    return seen_;
  }

  std::string endpoint;

 private:
  // One thread per connection: the client keeps connections alive and uses several at once.
  void serve() {
    for (;;) {
      int c = ::accept(fd_, nullptr, nullptr);
      if (c < 0) return;
      std::lock_guard<std::mutex> lock(mu_);
      clients_.push_back(c);
      connections_.emplace_back([this, c] {
        handle(c);
        ::shutdown(c, SHUT_RDWR);
      });
    }
  }

  // Serves requests on one connection until the client closes it or a reset is scripted.
  void handle(int c) {
    std::string buf;
    char tmp[65536];
    for (;;) {
      std::size_t end;
      while ((end = buf.find("\r\n\r\n")) == std::string::npos) {
        ssize_t n = ::read(c, tmp, sizeof tmp);
        if (n <= 0) return;
        buf.append(tmp, static_cast<std::size_t>(n));
      }
      std::string head = buf.substr(0, end);
      buf.erase(0, end + 4);
      Seen req;
      std::size_t sp1 = head.find(' '), sp2 = head.find(' ', sp1 + 1);
      req.method = head.substr(0, sp1);
      req.target = head.substr(sp1 + 1, sp2 - sp1 - 1);
      std::size_t length = 0;
      std::size_t cl = head.find("Content-Length: ");
      if (cl != std::string::npos) length = std::stoul(head.substr(cl + 16));
      while (buf.size() < length) {
        ssize_t n = ::read(c, tmp, sizeof tmp);
        if (n <= 0) return;
        buf.append(tmp, static_cast<std::size_t>(n));
      }
      buf.erase(0, length);
      int n;
      {
        std::lock_guard<std::mutex> lock(mu_);
        seen_.push_back(req);
        n = static_cast<int>(seen_.size());
      }
      Reply r = handler_(req, n);
      if (r.reset) return;
      std::string out = "HTTP/1.1 " + std::to_string(r.status) +
                        " X\r\nContent-Length: " + std::to_string(r.body.size()) + "\r\n";
      for (const auto& h : r.headers) out += h + "\r\n";
      out += "\r\n";
      if (req.method != "HEAD") out += r.body;
      if (::send(c, out.data(), out.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(out.size()))
        return;
    }
  }

  Handler handler_;
  int fd_ = -1;
  std::thread thread_;
  std::vector<std::thread> connections_;
  std::vector<int> clients_;
  std::mutex mu_;
  std::vector<Seen> seen_;
};

std::string error_xml(const std::string& code, const std::string& message) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code + "</Code><Message>" +
         message + "</Message><RequestId>R1</RequestId></Error>";
}

S3Config config_for(const FakeS3& server) {
  S3Config c;
  c.endpoint = server.endpoint;
  c.bucket = "bkt";
  c.force_path_style = true;
  c.access_key = "AKIDFAKE";
  c.secret_key = "fake-secret-never-shown";
  c.max_retries = 3;
  c.retry_base_delay = std::chrono::milliseconds(1);
  c.retry_max_delay = std::chrono::milliseconds(5);
  return c;
}

TEST(S3Retry, ThrottlingIsRetriedUntilSuccess) {
  FakeS3 server([](const Seen&, int n) {
    if (n <= 2)
      return Reply{503, error_xml("SlowDown", "Please reduce your request rate."), {}, false};
    return Reply{200, "", {"ETag: \"e\""}, false};
  });
  S3Store s(config_for(server));
  EXPECT_TRUE(s.exists("k"));
  auto seen = server.seen();
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[0].method, "HEAD");
  EXPECT_EQ(seen[0].target, "/bkt/k");
}

TEST(S3Retry, GivesUpAfterMaxRetriesAndNamesTheError) {
  FakeS3 server([](const Seen&, int) {
    return Reply{500,
                 error_xml("InternalError", "We encountered an internal error."),
                 {"x-amz-request-id: REQ42"},
                 false};
  });
  S3Store s(config_for(server));
  try {
    s.put("dir/obj", "data");
    FAIL() << "expected StorageError";
  } catch (const StorageError& e) {
    std::string m = e.what();
    EXPECT_NE(m.find("s3://bkt/dir/obj"), std::string::npos) << m;
    EXPECT_NE(m.find("HTTP 500 InternalError: We encountered an internal error."),
              std::string::npos)
        << m;
    EXPECT_NE(m.find("REQ42"), std::string::npos) << m;
    EXPECT_EQ(m.find("fake-secret"), std::string::npos) << m;
  }
  EXPECT_EQ(server.seen().size(), 4u);  // 1 + max_retries
}

TEST(S3Retry, ConnectionResetIsRetried) {
  FakeS3 server([](const Seen&, int n) {
    if (n == 1) return Reply{0, "", {}, true};
    return Reply{200, "body!", {"ETag: \"e\""}, false};
  });
  S3Store s(config_for(server));
  EXPECT_EQ(s.get("k"), "body!");
  EXPECT_EQ(server.seen().size(), 2u);
}

TEST(S3Retry, ClientErrorsAreNotRetried) {
  FakeS3 server([](const Seen&, int) {
    return Reply{403, error_xml("AccessDenied", "Access Denied"), {}, false};
  });
  S3Store s(config_for(server));
  try {
    s.list("");
    FAIL() << "expected StorageError";
  } catch (const StorageError& e) {
    EXPECT_NE(std::string(e.what()).find("HTTP 403 AccessDenied: Access Denied"), std::string::npos)
        << e.what();
  }
  EXPECT_EQ(server.seen().size(), 1u);
}

TEST(S3Retry, FailedCompleteAbortsTheUpload) {
  std::atomic<int> completes{0};
  FakeS3 server([&completes](const Seen& req, int) {
    if (req.method == "POST" && req.target.find("uploads") != std::string::npos) {
      return Reply{200,
                   "<InitiateMultipartUploadResult><UploadId>up&amp;1</UploadId></"
                   "InitiateMultipartUploadResult>",
                   {},
                   false};
    }
    if (req.method == "PUT") return Reply{200, "", {"ETag: \"part\""}, false};
    if (req.method == "POST") {  // CompleteMultipartUpload: fails inside a 200
      ++completes;
      return Reply{200, error_xml("InternalError", "complete failed"), {}, false};
    }
    if (req.method == "DELETE") return Reply{204, "", {}, false};
    return Reply{400, error_xml("Unexpected", req.method), {}, false};
  });
  S3Config c = config_for(server);
  c.part_size = 1024;
  c.parallel_parts = 2;
  S3Store s(c);
  auto w = s.open_write("big");
  w->write(std::string(5000, 'x'));  // 4 full parts shipped, 904 bytes buffered
  EXPECT_THROW(w->commit(), StorageError);
  EXPECT_EQ(completes.load(), 4);  // retried: 1 + max_retries
  auto seen = server.seen();
  int parts = 0;
  for (const auto& r : seen) {
    if (r.method == "PUT") {
      ++parts;
      EXPECT_NE(r.target.find("uploadId=up%261"), std::string::npos) << r.target;
    }
  }
  EXPECT_EQ(parts, 5);
  ASSERT_FALSE(seen.empty());
  EXPECT_EQ(seen.back().method, "DELETE");
  EXPECT_EQ(seen.back().target, "/bkt/big?uploadId=up%261");
}

}  // namespace
}  // namespace coffer::storage::s3
