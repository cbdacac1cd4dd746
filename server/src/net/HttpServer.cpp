#include "net/HttpServer.hpp"

#include <spdlog/spdlog.h>

#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/v6_only.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>

#include "http/ErrorResponse.hpp"
#include "http/UrlCodec.hpp"
#include "net/BeastWebSocket.hpp"

namespace parley::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;
using asio::use_awaitable;

struct HttpServer::SessionControl {
  asio::any_io_executor executor;  // the session's strand; the members below are touched only on it
  bool busy = false;
  bool drain = false;
  std::function<void()> close;
};

namespace {

// A deadline for reading one request that cancels the read instead of closing the socket (as
// beast::tcp_stream's own timeout would), so that the client can still be told 408.
class ReadDeadline {
 public:
  ReadDeadline(asio::any_io_executor executor, tcp::socket& socket, std::chrono::seconds after)
      : timer_(executor), armed_(std::make_shared<bool>(true)) {
    timer_.expires_after(after);
    timer_.async_wait([armed = armed_, fired = &fired_, socket = &socket](boost::system::error_code ec) {
      if (ec || !*armed) return;
      *fired = true;
      boost::system::error_code ignored;
      socket->cancel(ignored);
    });
  }
  ~ReadDeadline() {
    *armed_ = false;
    timer_.cancel();
  }
  ReadDeadline(const ReadDeadline&) = delete;
  ReadDeadline& operator=(const ReadDeadline&) = delete;
  bool fired() const noexcept { return fired_; }

 private:
  asio::steady_timer timer_;
  std::shared_ptr<bool> armed_;
  bool fired_ = false;
};

enum class SessionEnd { closed, handed_over };

// The answer to a request that could not be read, or nothing when the connection just ended.
std::optional<http::Response> read_failure_response(const boost::system::error_code& ec, bool timed_out) {
  if (timed_out) {
    return http::error_response(http::Status::request_timeout, "request_timeout",
                                "The request was not received in time.", 11, false);
  }
  if (ec == bhttp::error::header_limit) {
    return http::error_response(http::Status::request_header_fields_too_large, "headers_too_large",
                                "The request headers are too large.", 11, false);
  }
  if (ec == bhttp::error::body_limit) {
    return http::error_response(http::Status::payload_too_large, "payload_too_large", "The request body is too large.",
                                11, false);
  }
  if (ec.category() == boost::system::error_code(bhttp::error::bad_target).category() &&
      ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message) {
    return http::error_response(http::Status::bad_request, "malformed_request", "The request is not valid HTTP/1.1.",
                                11, false);
  }
  return std::nullopt;
}

std::string last_forwarded_for(std::string_view header) {
  const auto comma = header.rfind(',');
  std::string_view last = comma == std::string_view::npos ? header : header.substr(comma + 1);
  while (!last.empty() && last.front() == ' ') last.remove_prefix(1);
  while (!last.empty() && last.back() == ' ') last.remove_suffix(1);
  return std::string(last);
}

}  // namespace

// The per-connection request loop, a template over the plain and the TLS stream.
struct SessionRunner {
  // `lease` counts the connection as open; a WebSocket takes it over, so that the connection stays
  // counted after this coroutine has ended.
  template <class Stream>
  static asio::awaitable<SessionEnd> serve(HttpServer& server, Stream& stream, beast::flat_buffer& buffer,
                                           HttpServer::SessionControl& control, std::shared_ptr<void>& lease,
                                           asio::ip::address remote, bool secure) {
    auto& lowest = beast::get_lowest_layer(stream);
    const auto& options = server.options_;
    for (;;) {
      control.busy = false;
      if (control.drain) co_return SessionEnd::closed;
      boost::system::error_code ec;
      if (buffer.size() == 0) {
        // Waiting for the next request on a kept-alive connection: the idle timeout applies.
        lowest.expires_after(options.idle_timeout);
        const auto n = co_await stream.async_read_some(buffer.prepare(4096), asio::redirect_error(use_awaitable, ec));
        if (ec) co_return SessionEnd::closed;
        buffer.commit(n);
      }
      control.busy = true;
      lowest.expires_never();

      bhttp::request_parser<bhttp::string_body> parser;
      parser.header_limit(static_cast<std::uint32_t>(options.header_limit));
      parser.body_limit(options.body_limit);
      bool timed_out = false;
      {
        ReadDeadline deadline(co_await asio::this_coro::executor, lowest.socket(), options.request_timeout);
        co_await bhttp::async_read_header(stream, buffer, parser, asio::redirect_error(use_awaitable, ec));
        if (!ec && parser.get()[bhttp::field::expect] == "100-continue" && !parser.is_done()) {
          const auto length = parser.content_length();
          if (!length || *length <= options.body_limit) {
            static constexpr std::string_view continue_line = "HTTP/1.1 100 Continue\r\n\r\n";
            co_await asio::async_write(stream, asio::buffer(continue_line.data(), continue_line.size()),
                                       asio::redirect_error(use_awaitable, ec));
          }
        }
        if (!ec) co_await bhttp::async_read(stream, buffer, parser, asio::redirect_error(use_awaitable, ec));
        timed_out = deadline.fired();
      }
      if (ec) {
        if (auto res = read_failure_response(ec, timed_out)) {
          server.requests_by_status_.with(std::to_string(res->result_int())).add();
          server.connection_errors_.with(std::string(res->reason())).add();
          lowest.expires_after(std::chrono::seconds(5));
          co_await bhttp::async_write(stream, *res, asio::redirect_error(use_awaitable, ec));
        }
        co_return SessionEnd::closed;
      }

      http::Request request = parser.release();
      auto target = http::split_target(std::string_view(request.target().data(), request.target().size()));
      if (!target) {
        auto res = http::error_response(http::Status::bad_request, "bad_target", "The request target is not valid.",
                                        request.version(), false);
        server.requests_by_status_.with("400").add();
        lowest.expires_after(options.request_timeout);
        co_await bhttp::async_write(stream, res, asio::redirect_error(use_awaitable, ec));
        co_return SessionEnd::closed;
      }
      http::RequestContext ctx{request, std::move(target->path), std::move(target->query), {}, remote, secure};
      if (options.trust_proxy) apply_forwarded_headers(ctx);

      if (beast::websocket::is_upgrade(request)) {
        if (const auto* handler = server.router_.websocket_handler(ctx.path);
            handler && server.router_.cors().allows(ctx)) {
          control.close = nullptr;  // the WebSocket's owner closes it from now on
          // The HTTP read buffer is not needed for the WebSocket's (long) life: give its memory back.
          buffer.consume(buffer.size());
          buffer.shrink_to_fit();
          auto connection = make_websocket(std::move(stream), std::move(lease));
          if (!co_await connection->accept(request)) co_return SessionEnd::handed_over;
          server.requests_by_status_.with("101").add();
          // The handler starts the WebSocket's own coroutines and returns: this coroutine, its frame
          // (parser, request, response) and the one below it end here instead of staying suspended for
          // the WebSocket's whole life (~6 KiB per idle client).
          co_await (*handler)(std::move(connection), ctx);
          co_return SessionEnd::handed_over;
        }
      }

      http::Response res = co_await server.router_.handle(ctx);
      const bool keep_alive = res.keep_alive() && request.keep_alive() && !control.drain;
      res.keep_alive(keep_alive);
      res.set(bhttp::field::server, "Parley");
      server.requests_by_status_.with(std::to_string(res.result_int())).add();
      lowest.expires_after(options.request_timeout);
      co_await bhttp::async_write(stream, res, asio::redirect_error(use_awaitable, ec));
      if (ec || !keep_alive) co_return SessionEnd::closed;
    }
  }

  // A plain WebSocket runs on the bare socket: its own timer covers the handshake, and Beast's
  // tcp_stream (two timers, a shared state) would only cost memory for every idle client.
  static std::unique_ptr<BeastWebSocket<tcp::socket>> make_websocket(beast::tcp_stream&& stream,
                                                                     std::shared_ptr<void> lease) {
    return std::make_unique<BeastWebSocket<tcp::socket>>(stream.release_socket(), std::move(lease));
  }
  static std::unique_ptr<BeastWebSocket<beast::ssl_stream<beast::tcp_stream>>> make_websocket(
      beast::ssl_stream<beast::tcp_stream>&& stream, std::shared_ptr<void> lease) {
    return std::make_unique<BeastWebSocket<beast::ssl_stream<beast::tcp_stream>>>(std::move(stream), std::move(lease));
  }

  static void apply_forwarded_headers(http::RequestContext& ctx) {
    if (auto forwarded = ctx.header("X-Forwarded-For")) {
      boost::system::error_code ec;
      auto address = asio::ip::make_address(last_forwarded_for(*forwarded), ec);
      if (!ec) ctx.remote_address = address;
    }
    if (auto proto = ctx.header("X-Forwarded-Proto")) ctx.secure = (*proto == "https");
  }

  // A plain-HTTP request on the HTTPS port: point the browser at https:// and close.
  static asio::awaitable<void> redirect_to_https(HttpServer& server, beast::tcp_stream& stream,
                                                 beast::flat_buffer& buffer) {
    boost::system::error_code ec;
    bhttp::request_parser<bhttp::empty_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(server.options_.header_limit));
    stream.expires_after(server.options_.request_timeout);
    co_await bhttp::async_read_header(stream, buffer, parser, asio::redirect_error(use_awaitable, ec));
    if (ec) co_return;
    const auto& req = parser.get();
    const std::string host(req[bhttp::field::host]);
    http::Response res;
    if (host.empty()) {
      res = http::error_response(http::Status::bad_request, "https_required", "This server only speaks HTTPS.",
                                 req.version(), false);
    } else {
      res = http::Response{http::Status::permanent_redirect, req.version()};
      res.set(bhttp::field::location, "https://" + host + std::string(req.target()));
      res.keep_alive(false);
      res.prepare_payload();
    }
    server.requests_by_status_.with(std::to_string(res.result_int())).add();
    co_await bhttp::async_write(stream, res, asio::redirect_error(use_awaitable, ec));
    stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  }
};

HttpServer::HttpServer(asio::io_context& io, HttpServerOptions options, const http::Router& router,
                       core::MetricsRegistry& metrics, std::optional<asio::ssl::context> tls)
    : io_(io),
      options_(std::move(options)),
      router_(router),
      tls_(std::move(tls)),
      connections_active_(metrics.gauge("parley_http_connections_active", "Open HTTP connections (incl. WebSockets).")),
      connections_total_(metrics.counter("parley_http_connections_total", "HTTP connections accepted.")),
      requests_by_status_(
          metrics.labeled("parley_http_requests_total", "HTTP requests answered, by status.", "status")),
      connection_errors_(metrics.labeled("parley_http_request_errors_total",
                                         "Requests refused before routing (malformed, too large, timeout).",
                                         "reason")) {}

HttpServer::~HttpServer() = default;

void HttpServer::start() {
  acceptor_ = std::make_unique<tcp::acceptor>(asio::make_strand(io_));
  acceptor_->open(options_.endpoint.protocol());
  acceptor_->set_option(asio::socket_base::reuse_address(true));
  if (options_.endpoint.address().is_v6()) acceptor_->set_option(asio::ip::v6_only(false));
  boost::system::error_code ec;
  acceptor_->bind(options_.endpoint, ec);
  if (ec) {
    throw std::runtime_error("cannot listen on TCP " + options_.endpoint.address().to_string() + ":" +
                             std::to_string(options_.endpoint.port()) + " (--listen/--port): " + ec.message());
  }
  acceptor_->listen(asio::socket_base::max_listen_connections);
  asio::co_spawn(acceptor_->get_executor(), accept_loop(), asio::detached);
}

tcp::endpoint HttpServer::local_endpoint() const {
  return acceptor_->local_endpoint();
}

asio::awaitable<void> HttpServer::accept_loop() {
  for (;;) {
    boost::system::error_code ec;
    tcp::socket socket =
        co_await acceptor_->async_accept(asio::make_strand(io_), asio::redirect_error(use_awaitable, ec));
    if (ec == asio::error::operation_aborted || !acceptor_->is_open()) co_return;
    if (ec) {
      // Out of file descriptors and the like: pause briefly rather than spin.
      spdlog::warn("accept failed: {}", ec.message());
      asio::steady_timer pause(co_await asio::this_coro::executor, std::chrono::milliseconds(50));
      co_await pause.async_wait(asio::redirect_error(use_awaitable, ec));
      continue;
    }
    if (static_cast<std::size_t>(connections_active_.value()) >= options_.max_connections) {
      connection_errors_.with("connection limit").add();
      continue;  // the socket closes as it goes out of scope
    }
    auto executor = socket.get_executor();
    asio::co_spawn(executor, run_session(std::move(socket)), asio::detached);
  }
}

void HttpServer::register_session(std::uint64_t id, std::shared_ptr<SessionControl> control) {
  std::lock_guard lock(sessions_mutex_);
  sessions_.emplace(id, std::move(control));
}

void HttpServer::unregister_session(std::uint64_t id) {
  std::lock_guard lock(sessions_mutex_);
  sessions_.erase(id);
}

asio::awaitable<void> HttpServer::run_session(tcp::socket socket) {
  connections_total_.add();
  connections_active_.add();
  auto control = std::make_shared<SessionControl>();
  control->executor = co_await asio::this_coro::executor;
  std::uint64_t id;
  {
    std::lock_guard lock(sessions_mutex_);
    id = next_session_id_++;
    control->drain = draining_;
  }
  register_session(id, control);
  // Counts the connection until its last owner lets go: this coroutine, or the WebSocket it hands
  // the connection to (which outlives it).
  struct Lease {
    HttpServer& server;
    std::uint64_t id;
    std::shared_ptr<SessionControl> control;
    ~Lease() {
      control->close = nullptr;
      server.unregister_session(id);
      server.connections_active_.sub();
    }
  };
  std::shared_ptr<void> lease = std::make_shared<Lease>(*this, id, control);

  try {
    boost::system::error_code ec;
    const auto remote = socket.remote_endpoint(ec).address();
    // Small realtime packets must leave at once: Nagle's algorithm added ~40 ms to fan-out p99.
    socket.set_option(tcp::no_delay(true), ec);
    beast::tcp_stream stream(std::move(socket));
    beast::flat_buffer buffer;
    control->close = [&stream] { stream.socket().close(); };
    if (!tls_) {
      co_await SessionRunner::serve(*this, stream, buffer, *control, lease, remote, false);
      stream.socket().shutdown(tcp::socket::shutdown_send, ec);
      co_return;
    }
    stream.expires_after(options_.request_timeout);
    const bool is_tls = co_await beast::async_detect_ssl(stream, buffer, asio::redirect_error(use_awaitable, ec));
    if (ec) co_return;
    if (!is_tls) {
      co_await SessionRunner::redirect_to_https(*this, stream, buffer);
      co_return;
    }
    beast::ssl_stream<beast::tcp_stream> tls_stream(std::move(stream), *tls_);
    control->close = [&tls_stream] { beast::get_lowest_layer(tls_stream).socket().close(); };
    const auto used = co_await tls_stream.async_handshake(asio::ssl::stream_base::server, buffer.data(),
                                                          asio::redirect_error(use_awaitable, ec));
    if (ec) {
      connection_errors_.with("tls handshake").add();
      co_return;
    }
    buffer.consume(used);
    const auto end = co_await SessionRunner::serve(*this, tls_stream, buffer, *control, lease, remote, true);
    if (end == SessionEnd::closed) {
      beast::get_lowest_layer(tls_stream).expires_after(std::chrono::seconds(2));
      co_await tls_stream.async_shutdown(asio::redirect_error(use_awaitable, ec));
    }
  } catch (const std::exception& e) {
    spdlog::warn("HTTP session ended with an error: {}", e.what());
  }
}

void HttpServer::begin_drain() {
  std::vector<std::shared_ptr<SessionControl>> sessions;
  {
    std::lock_guard lock(sessions_mutex_);
    draining_ = true;
    for (auto& [id, control] : sessions_) sessions.push_back(control);
  }
  if (acceptor_) {
    asio::post(acceptor_->get_executor(), [this] {
      boost::system::error_code ec;
      acceptor_->close(ec);
    });
  }
  for (auto& control : sessions) {
    asio::post(control->executor, [control] {
      control->drain = true;
      if (!control->busy && control->close) control->close();
    });
  }
}

std::size_t HttpServer::active_sessions() const {
  std::lock_guard lock(sessions_mutex_);
  return sessions_.size();
}

void HttpServer::close_all() {
  std::vector<std::shared_ptr<SessionControl>> sessions;
  {
    std::lock_guard lock(sessions_mutex_);
    for (auto& [id, control] : sessions_) sessions.push_back(control);
  }
  for (auto& control : sessions) {
    asio::post(control->executor, [control] {
      if (control->close) control->close();
    });
  }
}

}  // namespace parley::net
