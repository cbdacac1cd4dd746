#include "api/Accounts.hpp"
#include "api/ApiSupport.hpp"
#include "api/Fields.hpp"
#include "core/Error.hpp"
#include "http/ErrorResponse.hpp"

namespace parley::api {

namespace asio = boost::asio;
using http::RequestContext;
using http::Response;
using http::Status;
using http::Verb;

void add_auth_routes(http::Router& router, ApiServices& s) {
  router.add(Verb::post, "/api/v1/auth/register", [&s](RequestContext& ctx) -> asio::awaitable<Response> {
    const auto body = json_body(ctx);
    const auto user = co_await register_account(s, body);
    co_return http::json_response(Status::created, user_json(user), ctx.request);
  });

  router.add(Verb::post, "/api/v1/auth/login", [&s](RequestContext& ctx) -> asio::awaitable<Response> {
    const auto body = json_body(ctx);
    auto address = client_address(ctx);  // named: no temporaries inside co_await (GCC 12)
    const auto result = co_await log_in(s, body, std::move(address));
    nlohmann::json out{{"token", result.token.token},
                       {"expiresAt", iso8601(result.token.expires_at)},
                       {"user", user_json(result.user)}};
    co_return http::json_response(Status::ok, out, ctx.request);
  });

  router.add(Verb::post, "/api/v1/auth/logout", [&s](RequestContext& ctx) -> asio::awaitable<Response> {
    auto token = ctx.bearer_token();
    if (!token)
      throw core::unauthorized("not_authenticated", "Send the session token as Authorization: Bearer <token>.");
    auto& tokens = s.tokens;
    auto job = [&tokens, &token] { return tokens.revoke(*token); };
    if (!co_await s.blocking.run(std::move(job))) {
      throw core::unauthorized("not_authenticated", "The session token is invalid, expired or already revoked.");
    }
    co_return http::empty_response(Status::no_content, ctx.request);
  });

  router.add(Verb::get, "/api/v1/me", [&s](RequestContext& ctx) -> asio::awaitable<Response> {
    const auto user = co_await require_user(s, ctx);
    co_return http::json_response(Status::ok, user_json(user), ctx.request);
  });
}

void add_api_routes(http::Router& router, ApiServices& services) {
  add_auth_routes(router, services);
  add_meeting_routes(router, services);
  add_legacy_routes(router, services);
}

}  // namespace parley::api
