#include "api/ApiSupport.hpp"

#include "api/Fields.hpp"
#include "core/Error.hpp"

namespace parley::api {

nlohmann::json json_body(const http::RequestContext& ctx, bool allow_empty) {
  return parse_object(ctx.request.body(), ctx.header("Content-Type"), allow_empty);
}

std::string client_address(const http::RequestContext& ctx) {
  return ctx.remote_address.to_string();
}

boost::asio::awaitable<store::User> require_user_with_token(ApiServices& services, std::string token) {
  auto& tokens = services.tokens;
  auto job = [&tokens, &token] { return tokens.authenticate(token); };
  auto user = co_await services.blocking.run(std::move(job));
  if (!user)
    throw core::unauthorized("not_authenticated", "Sign in first: the session token is missing, invalid or expired.");
  co_return std::move(*user);
}

boost::asio::awaitable<store::User> require_user(ApiServices& services, const http::RequestContext& ctx) {
  auto token = ctx.bearer_token();
  if (!token) throw core::unauthorized("not_authenticated", "Sign in first: send Authorization: Bearer <token>.");
  std::string value = std::move(*token);
  auto user = co_await require_user_with_token(services, std::move(value));
  co_return user;
}

std::string base_url(const ApiServices& services, const http::RequestContext& ctx) {
  std::string base = services.public_url;
  if (base.empty()) {
    const auto host = ctx.header("Host");
    base = std::string(ctx.secure ? "https://" : "http://") + (host ? *host : "localhost");
  }
  if (base.back() != '/') base.push_back('/');
  return base;
}

nlohmann::json user_json(const store::User& user) {
  return {{"id", std::to_string(user.id)},
          {"name", user.name},
          {"username", user.username},
          {"createdAt", iso8601(user.created_at)}};
}

nlohmann::json meeting_json(const store::Meeting& m, const std::string& base_url) {
  return {{"code", m.code},
          {"url", base_url + "m/" + m.code},
          {"title", m.title},
          {"hostId", std::to_string(m.host_user_id)},
          {"hostName", m.host_name},
          {"guestsAllowed", m.settings.guests_allowed},
          {"lobby", m.settings.lobby},
          {"requiresPassword", m.settings.password_hash.has_value()},
          {"locked", m.settings.locked},
          {"mode", m.settings.mode},
          {"ended", m.ended()},
          {"createdAt", iso8601(m.created_at)}};
}

nlohmann::json public_meeting_json(const store::Meeting& m, std::size_t participants) {
  return {{"code", m.code},
          {"title", m.title},
          {"hostName", m.host_name},
          {"requiresPassword", m.settings.password_hash.has_value()},
          {"lobby", m.settings.lobby},
          {"guestsAllowed", m.settings.guests_allowed},
          {"locked", m.settings.locked},
          {"mode", m.settings.mode},
          {"ended", m.ended()},
          {"participantCount", m.ended() ? 0 : participants}};
}

}  // namespace parley::api
