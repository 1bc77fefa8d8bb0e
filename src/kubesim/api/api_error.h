#pragma once
// ApiError: a failed API call as the Kubernetes apiserver reports it — an HTTP code and a
// metav1.Status with reason, message and details (causes for Invalid).
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "kubesim/registry/resource_type.h"

namespace coffer::kubesim {

struct FieldCause {
  std::string field;    // "spec.replicas"
  std::string type;     // "FieldValueInvalid", "FieldValueRequired", "FieldValueDuplicate", ...
  std::string message;  // "Invalid value: -1: must be greater than or equal to 0"
};

class ApiError : public std::runtime_error {
 public:
  ApiError(int code, std::string reason, std::string message, nlohmann::json details = nullptr);
  int code() const { return code_; }
  const std::string& reason() const { return reason_; }
  nlohmann::json status() const;  // the metav1.Status object
  const nlohmann::json& details() const { return details_; }

  static ApiError not_found(const ResourceType& rt, const std::string& name);
  static ApiError already_exists(const ResourceType& rt, const std::string& name);
  static ApiError conflict(const ResourceType& rt, const std::string& name,
                           const std::string& why);
  static ApiError invalid(const ResourceType& rt, const std::string& name,
                          const std::vector<FieldCause>& causes);
  static ApiError bad_request(const std::string& message);
  static ApiError forbidden(const ResourceType& rt, const std::string& name,
                            const std::string& why);
  static ApiError gone(const std::string& message);
  static ApiError method_not_allowed(const std::string& message);
  static ApiError unsupported_media_type(const std::string& message);
  static ApiError too_large(const std::string& message);
  static ApiError unauthorized();
  static ApiError internal(const std::string& message);
  static ApiError unavailable(const std::string& message);
  static ApiError not_acceptable(const std::string& message);

 private:
  int code_;
  std::string reason_;
  nlohmann::json details_;
};

// "deployments.apps" for details.group/kind as Kubernetes reports them.
std::string qualified_resource(const ResourceType& rt);

}  // namespace coffer::kubesim
