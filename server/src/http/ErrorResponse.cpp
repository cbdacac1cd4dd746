#include "http/ErrorResponse.hpp"

namespace parley::http {

Status status_of(core::ErrorKind kind) {
  using core::ErrorKind;
  switch (kind) {
    case ErrorKind::bad_request:
      return Status::bad_request;
    case ErrorKind::unauthorized:
      return Status::unauthorized;
    case ErrorKind::forbidden:
      return Status::forbidden;
    case ErrorKind::not_found:
      return Status::not_found;
    case ErrorKind::method_not_allowed:
      return Status::method_not_allowed;
    case ErrorKind::conflict:
      return Status::conflict;
    case ErrorKind::gone:
      return Status::gone;
    case ErrorKind::payload_too_large:
      return Status::payload_too_large;
    case ErrorKind::header_too_large:
      return Status::request_header_fields_too_large;
    case ErrorKind::unsupported_media_type:
      return Status::unsupported_media_type;
    case ErrorKind::too_many_requests:
      return Status::too_many_requests;
    case ErrorKind::timeout:
      return Status::request_timeout;
    case ErrorKind::unavailable:
      return Status::service_unavailable;
    case ErrorKind::internal:
      return Status::internal_server_error;
  }
  return Status::internal_server_error;
}

namespace {
Response make_json(Status status, const nlohmann::json& body, unsigned version, bool keep_alive) {
  Response res{status, version};
  res.set(beast_http::field::content_type, "application/json");
  res.set(beast_http::field::cache_control, "no-store");
  res.body() = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  res.keep_alive(keep_alive);
  res.prepare_payload();
  return res;
}
}  // namespace

Response error_response(const core::Error& error, unsigned version, bool keep_alive) {
  nlohmann::json body{{"error", error.code()}, {"message", error.message()}};
  if (error.field()) body["field"] = *error.field();
  auto res = make_json(status_of(error.kind()), body, version, keep_alive);
  if (error.retry_after_seconds())
    res.set(beast_http::field::retry_after, std::to_string(*error.retry_after_seconds()));
  if (error.kind() == core::ErrorKind::unauthorized) res.set(beast_http::field::www_authenticate, "Bearer");
  return res;
}

Response error_response(Status status, std::string code, std::string message, unsigned version, bool keep_alive) {
  return make_json(status, nlohmann::json{{"error", std::move(code)}, {"message", std::move(message)}}, version,
                   keep_alive);
}

Response json_response(Status status, const nlohmann::json& body, const Request& request) {
  return make_json(status, body, request.version(), request.keep_alive());
}

Response empty_response(Status status, const Request& request) {
  Response res{status, request.version()};
  res.keep_alive(request.keep_alive());
  res.prepare_payload();
  return res;
}

}  // namespace parley::http
