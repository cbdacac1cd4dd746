#pragma once
// Accepts TCP connections and runs one HTTP/1.1 session per connection on its own strand: TLS
// (detected by the first bytes, so a plain http:// request is redirected to https://), keep-alive,
// limits, routing, and the hand-over of WebSocket upgrades. Sessions are tracked so that a graceful
// shutdown can close idle connections at once and let busy ones finish their request.
#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <unordered_map>

#include "core/Metrics.hpp"
#include "http/Router.hpp"
#include "net/HttpServerOptions.hpp"

namespace parley::net {

class HttpServer {
 public:
  HttpServer(boost::asio::io_context& io, HttpServerOptions options, const http::Router& router,
             core::MetricsRegistry& metrics, std::optional<boost::asio::ssl::context> tls);
  ~HttpServer();

  // Binds and starts accepting; throws if the address cannot be bound.
  void start();
  boost::asio::ip::tcp::endpoint local_endpoint() const;
  bool secure() const noexcept { return tls_.has_value(); }

  // Graceful shutdown, step 1: stop accepting, close idle keep-alive connections, and make busy
  // ones close after their current response.
  void begin_drain();
  std::size_t active_sessions() const;
  // Step 2 (after a deadline): close whatever is left.
  void close_all();

  struct SessionControl;  // per-session state shared with the registry (defined in the .cpp)

 private:
  boost::asio::awaitable<void> accept_loop();
  boost::asio::awaitable<void> run_session(boost::asio::ip::tcp::socket socket);
  void register_session(std::uint64_t id, std::shared_ptr<SessionControl> control);
  void unregister_session(std::uint64_t id);
  friend struct SessionRunner;

  boost::asio::io_context& io_;
  HttpServerOptions options_;
  const http::Router& router_;
  std::optional<boost::asio::ssl::context> tls_;
  std::unique_ptr<boost::asio::ip::tcp::acceptor> acceptor_;

  mutable std::mutex sessions_mutex_;
  std::unordered_map<std::uint64_t, std::shared_ptr<SessionControl>> sessions_;
  std::uint64_t next_session_id_ = 1;
  bool draining_ = false;

  core::Counter& connections_active_;
  core::Counter& connections_total_;
  core::LabeledCounter& requests_by_status_;
  core::LabeledCounter& connection_errors_;
};

}  // namespace parley::net
