#pragma once

// ApiError: a failed request to the Kubernetes API. status is the HTTP status, or 0 when no
// response arrived (connection refused, TLS failure, timeout); reason is the Status object's
// reason ("NotFound", "Forbidden", "Expired", ...) or a transport category ("ConnectionFailed",
// "TLSError", "Timeout"); message is one line for humans that never contains credentials.

#include <stdexcept>
#include <string>

namespace coffer::kube {

class ApiError : public std::runtime_error {
 public:
  ApiError(int status, std::string reason, const std::string& message)
      : std::runtime_error(message), status_(status), reason_(std::move(reason)) {}
  int status() const { return status_; }
  const std::string& reason() const { return reason_; }
  bool not_found() const { return status_ == 404; }
  bool expired() const { return status_ == 410; }
  bool transport() const { return status_ == 0; }

 private:
  int status_;
  std::string reason_;
};

}  // namespace coffer::kube
