#pragma once
// The control plane's one error type: a category that each transport maps to its own status
// (HTTP status in http/ErrorResponse.cpp, an error ack in realtime), a stable machine code for
// clients, and a message that is safe to show to a person.
#include <optional>
#include <stdexcept>
#include <string>

namespace parley::core {

enum class ErrorKind {
  bad_request,
  unauthorized,
  forbidden,
  not_found,
  method_not_allowed,
  conflict,
  gone,
  payload_too_large,
  header_too_large,
  unsupported_media_type,
  too_many_requests,
  timeout,
  unavailable,
  internal,
};

class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, std::string code, std::string message)
      : std::runtime_error(message), kind_(kind), code_(std::move(code)) {}

  ErrorKind kind() const noexcept { return kind_; }
  const std::string& code() const noexcept { return code_; }
  std::string message() const { return what(); }

  // The request field that failed validation, if any ("username", "password", ...).
  const std::optional<std::string>& field() const noexcept { return field_; }
  Error& with_field(std::string field) {
    field_ = std::move(field);
    return *this;
  }

  // Seconds after which a refused request may be retried (429, 503).
  std::optional<int> retry_after_seconds() const noexcept { return retry_after_; }
  Error& with_retry_after(int seconds) {
    retry_after_ = seconds;
    return *this;
  }

 private:
  ErrorKind kind_;
  std::string code_;
  std::optional<std::string> field_;
  std::optional<int> retry_after_;
};

inline Error bad_request(std::string code, std::string message) {
  return Error(ErrorKind::bad_request, std::move(code), std::move(message));
}
inline Error invalid_field(std::string field, std::string message) {
  Error e(ErrorKind::bad_request, "invalid_field", std::move(message));
  e.with_field(std::move(field));
  return e;
}
inline Error not_found(std::string code, std::string message) {
  return Error(ErrorKind::not_found, std::move(code), std::move(message));
}
inline Error unauthorized(std::string code, std::string message) {
  return Error(ErrorKind::unauthorized, std::move(code), std::move(message));
}
inline Error forbidden(std::string code, std::string message) {
  return Error(ErrorKind::forbidden, std::move(code), std::move(message));
}
inline Error conflict(std::string code, std::string message) {
  return Error(ErrorKind::conflict, std::move(code), std::move(message));
}

}  // namespace parley::core
