#include "http/CorsPolicy.hpp"

#include <algorithm>

#include "http/ErrorResponse.hpp"

namespace parley::http {

CorsPolicy::CorsPolicy(std::vector<std::string> allowed_origins) : allowed_(std::move(allowed_origins)) {
  for (auto& origin : allowed_) {
    while (!origin.empty() && origin.back() == '/') origin.pop_back();
  }
  any_ = std::find(allowed_.begin(), allowed_.end(), "*") != allowed_.end();
}

bool CorsPolicy::is_same_origin(const RequestContext& ctx, std::string_view origin) const {
  auto host = ctx.header("Host");
  if (!host) return false;
  const std::string expected = std::string(ctx.secure ? "https://" : "http://") + *host;
  return origin == expected;
}

bool CorsPolicy::is_listed(std::string_view origin) const {
  return any_ || std::find(allowed_.begin(), allowed_.end(), origin) != allowed_.end();
}

bool CorsPolicy::allows(const RequestContext& ctx) const {
  auto origin = ctx.header("Origin");
  if (!origin) return true;
  return is_same_origin(ctx, *origin) || is_listed(*origin);
}

void CorsPolicy::decorate(const RequestContext& ctx, Response& res) const {
  auto origin = ctx.header("Origin");
  if (!origin || is_same_origin(ctx, *origin) || !is_listed(*origin)) return;
  res.set(beast_http::field::access_control_allow_origin, *origin);
  res.set(beast_http::field::vary, "Origin");
  if (!any_) res.set(beast_http::field::access_control_allow_credentials, "true");
}

Response CorsPolicy::preflight(const RequestContext& ctx) const {
  if (!allows(ctx)) {
    return error_response(Status::forbidden, "origin_not_allowed", "This origin may not call the Parley API.",
                          ctx.request.version(), ctx.request.keep_alive());
  }
  Response res = empty_response(Status::no_content, ctx.request);
  decorate(ctx, res);
  res.set(beast_http::field::access_control_allow_methods, "GET, POST, PATCH, DELETE, OPTIONS");
  auto requested = ctx.header("Access-Control-Request-Headers");
  res.set(beast_http::field::access_control_allow_headers, requested ? *requested : "Content-Type, Authorization");
  res.set(beast_http::field::access_control_max_age, "600");
  return res;
}

}  // namespace parley::http
