#pragma once
// Maps method + path to handlers. Patterns are literal segments and {name} captures
// ("/api/v1/meetings/{code}"); prefix routes take every path below them ("/socket.io/").
// Unknown paths get 404, a known path with another method 405 with Allow; core::Error thrown by a
// handler becomes its JSON answer here, and anything else a logged 500.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "http/CorsPolicy.hpp"
#include "http/Message.hpp"
#include "http/WebSocketConnection.hpp"

namespace parley::http {

using WebSocketHandler =
    std::function<boost::asio::awaitable<void>(std::unique_ptr<WebSocketConnection>, RequestContext&)>;

class Router {
 public:
  explicit Router(CorsPolicy cors);

  void add(Verb method, std::string pattern, Handler handler);
  // Every method, every path starting with prefix.
  void add_prefix(std::string prefix, Handler handler);
  // Called for GET/HEAD requests that match no route (the web app's static files).
  void set_fallback(Handler handler);
  // WebSocket upgrades of paths starting with prefix.
  void add_websocket(std::string prefix, WebSocketHandler handler);

  boost::asio::awaitable<Response> handle(RequestContext& ctx) const;
  const WebSocketHandler* websocket_handler(const std::string& path) const;
  const CorsPolicy& cors() const noexcept { return cors_; }

 private:
  struct Route {
    Verb method;
    std::vector<std::string> segments;  // "{name}" captures
    Handler handler;
  };
  struct PrefixRoute {
    std::string prefix;
    Handler handler;
  };
  struct WebSocketRoute {
    std::string prefix;
    WebSocketHandler handler;
  };

  boost::asio::awaitable<Response> dispatch(RequestContext& ctx) const;
  static bool match(const Route& route, const std::vector<std::string>& segments,
                    std::map<std::string, std::string>& params);

  CorsPolicy cors_;
  std::vector<Route> routes_;
  std::vector<PrefixRoute> prefixes_;
  std::vector<WebSocketRoute> websockets_;
  Handler fallback_;
};

}  // namespace parley::http
