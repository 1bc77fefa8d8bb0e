#pragma once
// Errors the catalog's repositories raise, worded for API users. Other database failures come
// through as db::DatabaseError.
#include <stdexcept>
#include <string>

namespace coffer::catalog {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// "storage location \"x\" not found"
class NotFoundError : public Error {
 public:
  NotFoundError(const std::string& kind, const std::string& name)
      : Error(kind + " \"" + name + "\" not found"), kind_(kind), name_(name) {}
  const std::string& kind() const { return kind_; }
  const std::string& name() const { return name_; }

 private:
  std::string kind_, name_;
};

// "a storage location named \"x\" already exists"
class AlreadyExistsError : public Error {
 public:
  AlreadyExistsError(const std::string& kind, const std::string& name)
      : Error("a " + kind + " named \"" + name + "\" already exists"), kind_(kind), name_(name) {}
  const std::string& kind() const { return kind_; }
  const std::string& name() const { return name_; }

 private:
  std::string kind_, name_;
};

// The request contradicts the catalog's state (a second default, a cluster still in use, ...).
class ConflictError : public Error {
 public:
  using Error::Error;
};

// A malformed request (unknown filter or sort field, bad value).
class InvalidArgumentError : public Error {
 public:
  using Error::Error;
};

}  // namespace coffer::catalog
