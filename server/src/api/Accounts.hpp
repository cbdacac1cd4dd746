#pragma once
// Registration and login, shared by the v1 routes and the legacy /api/v1/users routes.
#include <boost/asio/awaitable.hpp>
#include <nlohmann/json.hpp>

#include "api/ApiRoutes.hpp"

namespace parley::api {

struct LoginResult {
  auth::IssuedToken token;
  store::User user;
};

// Validates {name, username, password}, hashes on the blocking pool and stores the user.
// Throws invalid_field (400) or conflict username_taken (409).
boost::asio::awaitable<store::User> register_account(ApiServices& services, const nlohmann::json& body);

// Checks {username, password}. Unknown users and wrong passwords both throw 401 invalid_credentials
// after the same bcrypt work; throttled usernames/addresses throw 429 too_many_attempts.
boost::asio::awaitable<LoginResult> log_in(ApiServices& services, const nlohmann::json& body, std::string address);

}  // namespace parley::api
