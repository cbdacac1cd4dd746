#pragma once
// REST API v1 (/api/v1/...): accounts, sessions, meetings, history, and the original client's legacy
// routes under /api/v1/users/. Handlers parse and validate, run the blocking part (bcrypt, SQL) on
// the blocking pool, and serialize. docs/API.md is the contract.
#include <string>

#include "api/LiveMeetingDirectory.hpp"
#include "auth/LoginThrottle.hpp"
#include "auth/PasswordHasher.hpp"
#include "auth/TokenService.hpp"
#include "core/BlockingPool.hpp"
#include "http/Router.hpp"
#include "store/Store.hpp"

namespace parley::api {

struct ApiServices {
  core::BlockingPool& blocking;
  store::Store& store;
  auth::PasswordHasher& passwords;
  auth::TokenService& tokens;
  auth::LoginThrottle& throttle;
  LiveMeetingDirectory& live;
  std::string public_url;  // base of invite links ("https://host/"); empty: from the request's Host
};

void add_api_routes(http::Router& router, ApiServices& services);

// The groups add_api_routes registers (one file each).
void add_auth_routes(http::Router& router, ApiServices& services);
void add_meeting_routes(http::Router& router, ApiServices& services);
void add_legacy_routes(http::Router& router, ApiServices& services);

}  // namespace parley::api
