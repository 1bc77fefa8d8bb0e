#pragma once
// For tests: a ResponseWriter that keeps what a handler sent, streamed or not.
#include <stdexcept>
#include <string>

#include "httpserver/http_server.h"

namespace coffer::http {

class CapturedResponse : public ResponseWriter {
 public:
  void send(int s, const Headers& h, std::string b) override {
    if (sent) throw std::logic_error("sent twice");
    sent = true;
    status = s;
    headers = h;
    body = std::move(b);
  }
  void begin_stream(int s, const Headers& h) override { send(s, h, ""); }
  bool write(std::string_view chunk) override {
    body += chunk;
    return true;
  }
  void end_stream() override {}
  bool peer_closed() override { return false; }
  bool responded() const override { return sent; }
  std::string header(const std::string& name) const {
    for (const auto& [k, v] : headers)
      if (k == name) return v;
    return "";
  }

  bool sent = false;
  int status = 0;
  Headers headers;
  std::string body;
};

}  // namespace coffer::http
