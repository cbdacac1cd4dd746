#pragma once
// What the route files share: request body parsing, the authenticated caller, JSON shapes.
#include <boost/asio/awaitable.hpp>
#include <nlohmann/json.hpp>

#include "api/ApiRoutes.hpp"
#include "http/Message.hpp"

namespace parley::api {

nlohmann::json json_body(const http::RequestContext& ctx, bool allow_empty = false);
std::string client_address(const http::RequestContext& ctx);

// The caller of a route that needs a session (Authorization: Bearer). Throws 401 not_authenticated.
boost::asio::awaitable<store::User> require_user(ApiServices& services, const http::RequestContext& ctx);
// The same for a token taken from elsewhere (legacy query/body field).
boost::asio::awaitable<store::User> require_user_with_token(ApiServices& services, std::string token);

std::string base_url(const ApiServices& services, const http::RequestContext& ctx);

nlohmann::json user_json(const store::User& user);
// The host's view: every setting ({code, url, title, hostId, hostName, ...}).
nlohmann::json meeting_json(const store::Meeting& meeting, const std::string& base_url);
// Anyone's view, with the live participant count.
nlohmann::json public_meeting_json(const store::Meeting& meeting, std::size_t participants);

}  // namespace parley::api
