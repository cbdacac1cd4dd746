#pragma once
// The one place where control-plane errors become HTTP answers: status, JSON {error, message}.
#include <nlohmann/json.hpp>

#include "core/Error.hpp"
#include "http/Message.hpp"

namespace parley::http {

Status status_of(core::ErrorKind kind);

Response error_response(const core::Error& error, unsigned version = 11, bool keep_alive = true);
Response error_response(Status status, std::string code, std::string message, unsigned version = 11,
                        bool keep_alive = true);

Response json_response(Status status, const nlohmann::json& body, const Request& request);
Response empty_response(Status status, const Request& request);

}  // namespace parley::http
