#pragma once
// The Socket.IO server (Engine.IO v4 + Socket.IO v5) as the rest of Parley sees it: sockets that
// connect with an auth payload, send events (optionally asking for an ack), join rooms and receive
// emits and broadcasts. The transports (HTTP long polling, WebSocket, and the upgrade between them)
// are hidden behind this interface; see docs/PROTOCOL.md ("Transport").
//
// Threading: every socket has a strand. Connect, event and disconnect handlers for one socket run on
// its strand, one at a time and in arrival order (an event handler may co_await, e.g. the blocking
// pool; the next event of that socket waits for it). Everything else here is thread-safe and may be
// called from any thread: sends are posted to the receiver's strand and queued (bounded: a socket
// whose queue overflows is disconnected with reason "send queue overflow").
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace parley::core {
class MetricsRegistry;
}
namespace parley::http {
class Router;
}

namespace parley::realtime {

class SocketSession;  // internal: one Engine.IO session carrying the "/" namespace
class SocketHub;      // internal: the registry of sessions and rooms

// A connected Socket.IO socket (namespace "/"). Cheap to copy: a handle on shared state. A handle
// outlives its connection safely; operations on a gone socket are no-ops.
class Socket {
 public:
  Socket() = default;
  explicit Socket(std::shared_ptr<SocketSession> session);

  // The Socket.IO socket id (not the Engine.IO sid, which is never shown to other clients).
  const std::string& id() const;
  boost::asio::ip::address remote_address() const;
  // "polling" or "websocket" (the current transport).
  std::string transport() const;
  bool connected() const;

  // App-owned per-socket state (user id, display name, meeting...). Touch it only on executor().
  nlohmann::json& data();
  // The socket's strand.
  boost::asio::any_io_executor executor() const;

  // Thread-safe. `args` is the event's argument list (a JSON array; a non-array is sent as one argument).
  void emit(std::string event, nlohmann::json args);
  // Thread-safe. on_reply gets the client's ack arguments (an array), or nullopt after `timeout` or
  // when the socket goes away first; it runs on the socket's strand.
  void emit_with_ack(std::string event, nlohmann::json args, std::chrono::milliseconds timeout,
                     std::function<void(std::optional<nlohmann::json>)> on_reply);

  // Thread-safe. Room names are free-form strings chosen by the app.
  void join(const std::string& room);
  void leave(const std::string& room);
  std::vector<std::string> rooms() const;

  // Thread-safe. Sends a Socket.IO DISCONNECT and closes the session; on_disconnect sees `reason`.
  void disconnect(std::string reason);

  explicit operator bool() const noexcept { return session_ != nullptr; }
  bool operator==(const Socket& other) const noexcept { return session_ == other.session_; }

 private:
  std::shared_ptr<SocketSession> session_;
};

// Replies to an event the client sent with an ack id. Call at most once (later calls are ignored);
// thread-safe. `args` is the ack's argument list (a JSON array).
using Ack = std::function<void(nlohmann::json args)>;

using ConnectHandler = std::function<boost::asio::awaitable<void>(Socket socket, nlohmann::json auth)>;
using EventHandler = std::function<boost::asio::awaitable<void>(Socket socket, std::string event, nlohmann::json args,
                                                                std::optional<Ack> ack)>;
using DisconnectHandler = std::function<void(Socket socket, std::string reason)>;

struct SocketServerOptions {
  std::string path = "/socket.io/";  // mount point; always ends with '/'
  std::chrono::milliseconds ping_interval{25000};
  std::chrono::milliseconds ping_timeout{20000};
  std::size_t max_payload_bytes = 1000000;           // one HTTP POST body / one WebSocket message
  std::size_t max_connections_per_ip = 2000;         // open Engine.IO sessions per remote address
  unsigned max_events_per_second = 100;              // per socket; bursts of that size allowed, then disconnect
  std::size_t send_queue_limit = 1024;               // packets queued for one socket before it is disconnected
  std::chrono::milliseconds connect_timeout{45000};  // Engine.IO open without a Socket.IO CONNECT
  bool allow_binary = true;                          // Socket.IO binary attachments
  // Registers the test-only event set (see docs/PROTOCOL.md, "Test hooks"). Never on in production.
  bool test_hooks = false;
};

class SocketServer {
 public:
  SocketServer(boost::asio::io_context& io, SocketServerOptions options, core::MetricsRegistry& metrics);
  ~SocketServer();
  SocketServer(const SocketServer&) = delete;
  SocketServer& operator=(const SocketServer&) = delete;

  // Set the handlers before install(); each may be set once (a later call replaces the earlier one).
  // on_connect: called on Socket.IO CONNECT with the auth payload (null when none). Throw core::Error
  // to refuse: the client gets CONNECT_ERROR {message, data: {error: code}}. Without a handler, every
  // CONNECT is accepted.
  void on_connect(ConnectHandler handler);
  // on_event: every EVENT of a connected socket, on its strand, in order. `ack` is set when the client
  // asked for one. A core::Error thrown here is answered through the ack as [{error, message}] when
  // there is one (and logged at debug otherwise); any other exception is logged and the ack answered
  // with error "internal_error".
  void on_event(EventHandler handler);
  // on_disconnect: once per socket that completed CONNECT, on its strand, after it left every room.
  void on_disconnect(DisconnectHandler handler);

  // Thread-safe senders. Unknown socket ids are ignored.
  void emit_to(const std::string& socket_id, std::string event, nlohmann::json args);
  // The same event to each of `socket_ids`, encoded once (the bytes are shared by every recipient).
  void emit_to_each(const std::vector<std::string>& socket_ids, std::string event, nlohmann::json args);
  // Encodes the packet once and queues the shared bytes for every member of `room` but one.
  void broadcast(const std::string& room, std::string event, nlohmann::json args,
                 const std::string& except_socket_id = {});
  // on_reply(nullopt) on timeout or when the socket is gone (then called at once, on the caller's thread).
  void emit_with_ack(const std::string& socket_id, std::string event, nlohmann::json args,
                     std::chrono::milliseconds timeout, std::function<void(std::optional<nlohmann::json>)> on_reply);

  std::optional<Socket> find(const std::string& socket_id) const;
  std::vector<Socket> room_members(const std::string& room) const;
  std::size_t socket_count() const;

  // Registers the polling prefix route and the WebSocket route at options.path.
  void install(http::Router& router);
  // Closes every session (reason "server shutting down") and refuses new ones.
  void shutdown();

 private:
  std::shared_ptr<SocketHub> hub_;
};

}  // namespace parley::realtime
