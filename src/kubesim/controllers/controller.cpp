#include "kubesim/controllers/controller.h"

namespace coffer::kubesim::controllers {

using json = nlohmann::json;

Controller::Controller(ControllerHost& host, std::string name, std::string field_manager,
                       std::string user)
    : host_(host), name_(std::move(name)) {
  options_.field_manager = std::move(field_manager);
  options_.user = std::move(user);
  options_.field_validation = "Ignore";
}

std::optional<json> Controller::read(const ResourceType& rt, const std::string& ns,
                                     const std::string& name) {
  return core().find_json(rt, ns, name);
}

json Controller::create(const ResourceType& rt, const std::string& ns, json body) {
  body["apiVersion"] = rt.api_version();
  body["kind"] = rt.kind;
  return core().create(rt, rt.namespaced ? ns : "", std::move(body), options_);
}

std::optional<json> Controller::create_if_absent(const ResourceType& rt, const std::string& ns,
                                                 json body) {
  try {
    return create(rt, ns, std::move(body));
  } catch (const ApiError& e) {
    if (e.code() == 409 && e.reason() == "AlreadyExists") return std::nullopt;
    throw;
  }
}

std::optional<json> Controller::modify(const ResourceType& rt, const std::string& ns,
                                       const std::string& name,
                                       const std::function<bool(json&)>& edit) {
  const std::string scope = rt.namespaced ? ns : "";
  for (int attempt = 0;; ++attempt) {
    auto current = read(rt, scope, name);
    if (!current) return std::nullopt;
    json desired = *current;
    if (!edit(desired)) return current;
    try {
      return write_changes(rt, scope, name, *current, std::move(desired));
    } catch (const ApiError& e) {
      if (e.code() == 404) return std::nullopt;
      if (e.code() == 409 && e.reason() == "Conflict" && attempt < 5) continue;
      throw;
    }
  }
}

json Controller::write_changes(const ResourceType& rt, const std::string& ns,
                               const std::string& name, const json& current, json desired) {
  if (!rt.has_status) return core().update(rt, ns, name, std::move(desired), options_);
  json wanted_status = desired.contains("status") ? desired["status"] : json();
  json current_status = current.contains("status") ? current["status"] : json();
  json current_main = current, desired_main = desired;
  current_main.erase("status");
  desired_main.erase("status");
  json result = current;
  if (current_main != desired_main) result = core().update(rt, ns, name, desired, options_);
  if (wanted_status != current_status) {
    json body = result;
    if (wanted_status.is_null())
      body.erase("status");
    else
      body["status"] = std::move(wanted_status);
    result = core().update(rt, ns, name, std::move(body), options_, Subresource::Status);
  }
  return result;
}

bool Controller::remove(const ResourceType& rt, const std::string& ns, const std::string& name,
                        const DeleteOptions& options) {
  try {
    core().remove(rt, rt.namespaced ? ns : "", name, options);
    return true;
  } catch (const ApiError& e) {
    if (e.code() == 404) return false;
    throw;
  }
}

}  // namespace coffer::kubesim::controllers
