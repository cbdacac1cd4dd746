#pragma once
// The registry behind SocketServer: every open session by Engine.IO sid and by Socket.IO id, the
// rooms, connection counts per address, the app's handlers and the metrics. One mutex guards the
// maps; it is held only to look up or change them, never while sending or calling the app.
#include <boost/asio/io_context.hpp>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/Metrics.hpp"
#include "realtime/SocketServer.hpp"
#include "realtime/SocketSession.hpp"

namespace parley::realtime {

struct RealtimeMetrics {
  explicit RealtimeMetrics(core::MetricsRegistry& registry);
  core::LabeledCounter& sockets;  // gauge by transport
  core::Counter& upgrades;
  core::Counter& packets_in;
  core::Counter& packets_out;
  core::LabeledCounter& disconnects;  // by reason
  core::LabeledCounter& refused;      // handshakes refused, by reason
  core::Counter& events_dropped;      // over the rate limit
};

class SocketHub : public std::enable_shared_from_this<SocketHub> {
 public:
  SocketHub(boost::asio::io_context& io, SocketServerOptions options, core::MetricsRegistry& metrics);

  boost::asio::io_context& io() noexcept { return io_; }
  const SocketServerOptions& options() const noexcept { return options_; }
  RealtimeMetrics& metrics() noexcept { return metrics_; }

  // The app's handlers, and the test-only ones that take sockets whose CONNECT auth has "__test".
  ConnectHandler connect_handler;
  EventHandler event_handler;
  DisconnectHandler disconnect_handler;
  ConnectHandler test_connect_handler;
  EventHandler test_event_handler;
  DisconnectHandler test_disconnect_handler;
  const ConnectHandler& connect_handler_for(const nlohmann::json& auth) const;
  const EventHandler& event_handler_for(const nlohmann::json& socket_data) const;
  const DisconnectHandler& disconnect_handler_for(const nlohmann::json& socket_data) const;

  enum class Refusal { none, shutting_down, too_many_from_address };
  // A new session on `strand` (or nullptr and why not).
  std::shared_ptr<SocketSession> open_session(boost::asio::any_io_executor strand,
                                              const boost::asio::ip::address& remote, TransportKind transport,
                                              Refusal& refusal);
  std::shared_ptr<SocketSession> find_session(const std::string& engine_sid) const;
  std::shared_ptr<SocketSession> find_socket(const std::string& socket_id) const;
  // Socket.IO CONNECT accepted / socket gone (leaves every room).
  void socket_connected(const std::shared_ptr<SocketSession>& session);
  void socket_gone(const SocketSession& session);
  void session_closed(const SocketSession& session);
  void transport_changed(TransportKind from, TransportKind to);

  void join(const std::shared_ptr<SocketSession>& session, const std::string& room);
  void leave(const SocketSession& session, const std::string& room);
  std::vector<std::string> rooms_of(const SocketSession& session) const;
  std::vector<std::shared_ptr<SocketSession>> members(const std::string& room) const;
  void broadcast(const std::string& room, const socketio::Packet& packet, const std::string& except_socket_id);
  // One packet, encoded once, to each connected socket of `socket_ids` (unknown ids are skipped).
  void send_to_each(const std::vector<std::string>& socket_ids, const socketio::Packet& packet);
  std::size_t socket_count() const;

  void shutdown();
  // Drops every reference to sessions (they hold the hub too); called once the I/O threads are gone,
  // so that sessions still pending at shutdown are freed with the io_context instead of leaking.
  void forget_sessions();

 private:
  void deliver(const std::vector<std::shared_ptr<SocketSession>>& recipients, std::vector<Frame> frames,
               const std::string& except_socket_id);

  boost::asio::io_context& io_;
  SocketServerOptions options_;
  RealtimeMetrics metrics_;

  mutable std::mutex mutex_;
  bool shutting_down_ = false;
  std::unordered_map<std::string, std::shared_ptr<SocketSession>> sessions_;  // by Engine.IO sid
  std::unordered_map<std::string, std::shared_ptr<SocketSession>> sockets_;   // by Socket.IO id
  std::unordered_map<std::string, std::vector<std::shared_ptr<SocketSession>>> rooms_;
  std::unordered_map<const SocketSession*, std::unordered_set<std::string>> memberships_;
  std::unordered_map<std::string, std::size_t> per_address_;
};

// Encodes a Socket.IO packet as the frames of one Engine.IO message (plus its binary attachments).
std::vector<Frame> to_frames(const socketio::Packet& packet);
Frame text_frame(std::string text);

}  // namespace parley::realtime
