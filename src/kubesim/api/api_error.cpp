#include "kubesim/api/api_error.h"

namespace coffer::kubesim {

ApiError::ApiError(int code, std::string reason, std::string message, nlohmann::json details)
    : std::runtime_error(std::move(message)),
      code_(code),
      reason_(std::move(reason)),
      details_(std::move(details)) {}

nlohmann::json ApiError::status() const {
  nlohmann::json s = {{"kind", "Status"},
                      {"apiVersion", "v1"},
                      {"metadata", nlohmann::json::object()},
                      {"status", "Failure"},
                      {"message", what()},
                      {"reason", reason_},
                      {"code", code_}};
  if (!details_.is_null()) s["details"] = details_;
  return s;
}

std::string qualified_resource(const ResourceType& rt) { return rt.group_resource(); }

namespace {
nlohmann::json details_for(const ResourceType& rt, const std::string& name) {
  nlohmann::json d = {{"name", name}, {"kind", rt.resource}};
  if (!rt.group.empty()) d["group"] = rt.group;
  return d;
}
}  // namespace

ApiError ApiError::not_found(const ResourceType& rt, const std::string& name) {
  return ApiError(404, "NotFound", qualified_resource(rt) + " \"" + name + "\" not found",
                  details_for(rt, name));
}

ApiError ApiError::already_exists(const ResourceType& rt, const std::string& name) {
  return ApiError(409, "AlreadyExists",
                  qualified_resource(rt) + " \"" + name + "\" already exists",
                  details_for(rt, name));
}

ApiError ApiError::conflict(const ResourceType& rt, const std::string& name,
                            const std::string& why) {
  return ApiError(409, "Conflict",
                  "Operation cannot be fulfilled on " + qualified_resource(rt) + " \"" + name +
                      "\": " + why,
                  details_for(rt, name));
}

ApiError ApiError::invalid(const ResourceType& rt, const std::string& name,
                           const std::vector<FieldCause>& causes) {
  std::string kind = rt.group.empty() ? rt.kind : rt.kind + "." + rt.group;
  std::string message = kind + " \"" + name + "\" is invalid: ";
  nlohmann::json jcauses = nlohmann::json::array();
  for (size_t i = 0; i < causes.size(); ++i) {
    if (i) message += ", ";
    message += causes[i].field + ": " + causes[i].message;
    jcauses.push_back(
        {{"reason", causes[i].type}, {"message", causes[i].message}, {"field", causes[i].field}});
  }
  if (causes.size() > 1) {
    message = kind + " \"" + name + "\" is invalid: [";
    for (size_t i = 0; i < causes.size(); ++i) {
      if (i) message += ", ";
      message += causes[i].field + ": " + causes[i].message;
    }
    message += "]";
  }
  nlohmann::json d = {{"name", name}, {"kind", rt.kind}, {"causes", jcauses}};
  if (!rt.group.empty()) d["group"] = rt.group;
  return ApiError(422, "Invalid", message, d);
}

ApiError ApiError::bad_request(const std::string& message) {
  return ApiError(400, "BadRequest", message);
}

ApiError ApiError::forbidden(const ResourceType& rt, const std::string& name,
                             const std::string& why) {
  return ApiError(403, "Forbidden",
                  qualified_resource(rt) + " \"" + name + "\" is forbidden: " + why,
                  details_for(rt, name));
}

ApiError ApiError::gone(const std::string& message) { return ApiError(410, "Expired", message); }

ApiError ApiError::method_not_allowed(const std::string& message) {
  return ApiError(405, "MethodNotAllowed", message);
}

ApiError ApiError::unsupported_media_type(const std::string& message) {
  return ApiError(415, "UnsupportedMediaType", message);
}

ApiError ApiError::too_large(const std::string& message) {
  return ApiError(413, "RequestEntityTooLarge", message);
}

ApiError ApiError::unauthorized() { return ApiError(401, "Unauthorized", "Unauthorized"); }

ApiError ApiError::internal(const std::string& message) {
  return ApiError(500, "InternalError", "Internal error occurred: " + message);
}

ApiError ApiError::unavailable(const std::string& message) {
  return ApiError(503, "ServiceUnavailable", message);
}

ApiError ApiError::not_acceptable(const std::string& message) {
  return ApiError(406, "NotAcceptable", message);
}

}  // namespace coffer::kubesim
