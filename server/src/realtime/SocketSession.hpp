#pragma once
// One Engine.IO session carrying the Socket.IO "/" namespace: an actor on its strand. Transports
// (a long-poll GET, a WebSocket writer) take outgoing frames from it and hand it incoming packets;
// the app sees it through realtime::Socket. Everything marked "any thread" posts to the strand.
#include <atomic>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "realtime/EngineIoPacket.hpp"
#include "realtime/SocketIoPacket.hpp"
#include "realtime/SocketServer.hpp"

namespace parley::realtime {

class SocketHub;

enum class TransportKind { polling, websocket };
const char* transport_name(TransportKind kind);

// One Engine.IO packet ready for the wire, shareable between recipients. Text frames hold the whole
// Engine.IO text ("42[...]"); binary frames hold the raw bytes of a binary message packet.
struct Frame {
  std::shared_ptr<const std::string> bytes;
  bool binary = false;
};

// What a transport takes from the session in one go.
struct FrameBatch {
  std::vector<Frame> frames;
  bool closed = false;  // the session is over: send the frames, then end the transport
};

class SocketSession : public std::enable_shared_from_this<SocketSession> {
 public:
  SocketSession(std::shared_ptr<SocketHub> hub, boost::asio::any_io_executor strand, std::string engine_sid,
                std::string socket_id, boost::asio::ip::address remote, TransportKind transport);
  ~SocketSession();

  const std::string& engine_sid() const noexcept { return engine_sid_; }
  const std::string& socket_id() const noexcept { return socket_id_; }
  const boost::asio::ip::address& remote_address() const noexcept { return remote_; }
  const boost::asio::any_io_executor& strand() const noexcept { return strand_; }
  TransportKind transport() const noexcept { return transport_.load(std::memory_order_relaxed); }
  bool connected() const noexcept { return connected_.load(std::memory_order_relaxed); }
  bool closed() const noexcept { return closed_.load(std::memory_order_relaxed); }
  nlohmann::json& data() noexcept { return data_; }
  SocketHub& hub() const noexcept { return *hub_; }

  // Strand only: starts the heartbeat (and, on a direct WebSocket, queues the open packet).
  void start(bool send_open);
  // The open packet's payload (handshake JSON).
  std::string open_payload() const;

  // Any thread.
  void send(Frame frame);
  void send(std::vector<Frame> frames);
  void send_packet(const socketio::Packet& packet);
  void emit_with_ack(std::string event, nlohmann::json args, std::chrono::milliseconds timeout,
                     std::function<void(std::optional<nlohmann::json>)> on_reply);
  // Server-side disconnect: DISCONNECT packet, flush, then close the session.
  void disconnect(std::string reason);
  // Immediate close (no flush beyond what a waiting transport takes now).
  void close(std::string reason);
  // Any thread: incoming packets from a transport, handled in order on the strand.
  void receive(engineio::Packet packet);
  void receive(std::vector<engineio::Packet> packets);
  // The same, resuming the caller once the packets were handled (backpressure for readers).
  boost::asio::awaitable<void> receive_and_wait(std::vector<engineio::Packet> packets);

  // Transports, from their own coroutine (any executor). Waits until frames are queued or the session
  // ends. Polling takes are refused (nullopt) while another is outstanding or after the upgrade.
  boost::asio::awaitable<std::optional<FrameBatch>> take(TransportKind who);

  // Upgrade from polling to WebSocket (any thread): pause polling once the probe succeeded, then
  // switch. Returns false when the session cannot be upgraded (closed, not polling, already upgrading).
  boost::asio::awaitable<bool> begin_upgrade();
  boost::asio::awaitable<bool> finish_upgrade();
  void cancel_upgrade();

 private:
  void enqueue(Frame frame);                               // strand
  void wake_waiter();                                      // strand
  void flush_closing();                                    // strand: after a server disconnect
  void release_waiter(bool closed);                        // strand
  void handle_engine(engineio::Packet packet);             // strand
  void handle_socketio(socketio::Packet packet);           // strand
  void handle_ack(std::uint64_t id, nlohmann::json args);  // strand
  void queue_inbound(socketio::Packet packet);             // strand
  boost::asio::awaitable<void> dispatch_loop(std::shared_ptr<SocketSession> self);
  boost::asio::awaitable<void> process(socketio::Packet packet);
  void schedule_ping();  // strand: the next ping after the interval
  void ping();           // strand: send it, then wait for the pong
  Ack make_client_ack(std::uint64_t id);
  void close_now(const std::string& reason);   // strand
  void end_socket(const std::string& reason);  // strand: Socket.IO-level disconnect
  bool take_event_token();                     // strand: rate limit
  void do_emit_with_ack(std::string event, nlohmann::json args, std::chrono::milliseconds timeout,
                        std::function<void(std::optional<nlohmann::json>)> on_reply);  // strand

  struct PendingAck {
    std::function<void(std::optional<nlohmann::json>)> on_reply;
    std::shared_ptr<boost::asio::steady_timer> timer;
  };

  std::shared_ptr<SocketHub> hub_;
  const boost::asio::any_io_executor strand_;
  const std::string engine_sid_;
  const std::string socket_id_;
  const boost::asio::ip::address remote_;
  std::atomic<TransportKind> transport_;
  std::atomic<bool> connected_{false};
  std::atomic<bool> closed_{false};

  // Strand-owned state.
  nlohmann::json data_;
  std::vector<Frame> outbox_;     // drained whole by each take (no allocation while idle)
  std::function<void()> waiter_;  // resumes the transport waiting in take()
  FrameBatch* waiter_out_ = nullptr;
  TransportKind waiter_kind_ = TransportKind::polling;
  bool upgrading_ = false;
  bool closing_ = false;  // server disconnect: flushing the outbox, then the close (nothing new queued)
  bool pong_pending_ = false;
  bool connect_seen_ = false;
  std::string close_reason_;
  std::unique_ptr<boost::asio::steady_timer> heartbeat_timer_;
  std::vector<socketio::Packet> inbound_;
  bool dispatching_ = false;
  std::optional<socketio::BinaryAssembler> assembling_;
  std::uint64_t next_ack_id_ = 0;
  std::map<std::uint64_t, PendingAck> pending_acks_;
  double event_tokens_ = 0;
  std::chrono::steady_clock::time_point tokens_at_;
  std::chrono::steady_clock::time_point opened_at_;
};

}  // namespace parley::realtime
