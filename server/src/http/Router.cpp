#include "http/Router.hpp"

#include <spdlog/spdlog.h>

#include "http/ErrorResponse.hpp"

namespace parley::http {

namespace {
std::vector<std::string> split_segments(std::string_view path) {
  std::vector<std::string> out;
  while (!path.empty()) {
    const auto slash = path.find('/');
    if (slash != 0) out.emplace_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return out;
}

bool is_capture(const std::string& segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}
}  // namespace

Router::Router(CorsPolicy cors) : cors_(std::move(cors)) {}

void Router::add(Verb method, std::string pattern, Handler handler) {
  routes_.push_back(Route{method, split_segments(pattern), std::move(handler)});
}

void Router::add_prefix(std::string prefix, Handler handler) {
  prefixes_.push_back(PrefixRoute{std::move(prefix), std::move(handler)});
}

void Router::set_fallback(Handler handler) {
  fallback_ = std::move(handler);
}

void Router::add_websocket(std::string prefix, WebSocketHandler handler) {
  websockets_.push_back(WebSocketRoute{std::move(prefix), std::move(handler)});
}

const WebSocketHandler* Router::websocket_handler(const std::string& path) const {
  for (const auto& route : websockets_) {
    if (path.starts_with(route.prefix) || path + "/" == route.prefix) return &route.handler;
  }
  return nullptr;
}

bool Router::match(const Route& route, const std::vector<std::string>& segments,
                   std::map<std::string, std::string>& params) {
  if (route.segments.size() != segments.size()) return false;
  std::map<std::string, std::string> captured;
  for (std::size_t i = 0; i < segments.size(); ++i) {
    const auto& want = route.segments[i];
    if (is_capture(want)) {
      captured[want.substr(1, want.size() - 2)] = segments[i];
    } else if (want != segments[i]) {
      return false;
    }
  }
  params = std::move(captured);
  return true;
}

boost::asio::awaitable<Response> Router::dispatch(RequestContext& ctx) const {
  const Request& req = ctx.request;
  const bool preflight = req.method() == Verb::options && ctx.header("Access-Control-Request-Method");
  if (preflight) co_return cors_.preflight(ctx);

  for (const auto& route : prefixes_) {
    if (ctx.path.starts_with(route.prefix) || ctx.path + "/" == route.prefix) {
      if (!cors_.allows(ctx)) throw core::forbidden("origin_not_allowed", "This origin may not use this server.");
      co_return co_await route.handler(ctx);
    }
  }

  const auto segments = split_segments(ctx.path);
  std::string allow;
  for (const auto& route : routes_) {
    std::map<std::string, std::string> params;
    if (!match(route, segments, params)) continue;
    if (route.method != req.method()) {
      if (!allow.empty()) allow += ", ";
      allow += std::string(beast_http::to_string(route.method));
      continue;
    }
    if (!cors_.allows(ctx)) throw core::forbidden("origin_not_allowed", "This origin may not use this server.");
    ctx.params = std::move(params);
    co_return co_await route.handler(ctx);
  }
  if (!allow.empty()) {
    Response res = error_response(Status::method_not_allowed, "method_not_allowed",
                                  "This path does not accept " + std::string(req.method_string()) + ".", req.version(),
                                  req.keep_alive());
    res.set(beast_http::field::allow, allow);
    co_return res;
  }
  const bool api = ctx.path.starts_with("/api/");
  if (fallback_ && !api && (req.method() == Verb::get || req.method() == Verb::head)) {
    co_return co_await fallback_(ctx);
  }
  co_return error_response(Status::not_found, "not_found", "There is nothing at " + ctx.path + ".", req.version(),
                           req.keep_alive());
}

boost::asio::awaitable<Response> Router::handle(RequestContext& ctx) const {
  std::optional<Response> res;
  try {
    res = co_await dispatch(ctx);
  } catch (const core::Error& e) {
    if (e.kind() == core::ErrorKind::internal)
      spdlog::error("{} {}: {}", std::string(ctx.request.method_string()), ctx.path, e.what());
    res = error_response(e, ctx.request.version(), ctx.request.keep_alive());
  } catch (const std::exception& e) {
    spdlog::error("{} {} failed: {}", std::string(ctx.request.method_string()), ctx.path, e.what());
    res = error_response(Status::internal_server_error, "internal_error", "Something went wrong on the server.",
                         ctx.request.version(), ctx.request.keep_alive());
  }
  cors_.decorate(ctx, *res);
  co_return std::move(*res);
}

}  // namespace parley::http
