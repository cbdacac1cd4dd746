#pragma once
// One Socket.IO client over a raw WebSocket (Beast), cheap enough to run tens of thousands per thread.
// A client lives on one io_context (one worker thread); every callback runs there. It opens
// GET <path>?EIO=4&transport=websocket, answers pings, sends CONNECT with the given auth, and hands
// every other packet to its Listener. Sends are queued (bounded: a full queue refuses the send, which
// the scenario counts as a client-side drop, the sign that the server cannot keep up).
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "Wire.hpp"

namespace parley::bench {

class WsClient;

class WsListener {
 public:
  virtual ~WsListener() = default;
  // Socket.IO CONNECT accepted; sid is the socket id other clients see.
  virtual void on_connected(WsClient& client, std::string_view sid) = 0;
  // Any packet other than open/ping/connect (events, acks, connect errors...).
  virtual void on_packet(WsClient& client, const wire::Packet& packet) = 0;
  // The connection failed or ended (once per client, also after close()).
  virtual void on_closed(WsClient& client, std::string_view reason) = 0;
};

struct WsTarget {
  boost::asio::ip::tcp::endpoint server;
  std::string host_header;  // "127.0.0.1:8080"
  std::string path = "/socket.io/";
};

class WsClient {
 public:
  virtual ~WsClient() = default;
  static std::shared_ptr<WsClient> create(boost::asio::io_context& io, const WsTarget& target, WsListener& listener,
                                          std::uint32_t index, std::size_t queue_limit);

  // Connects from `source` (unspecified address: let the kernel choose) and sends CONNECT with auth_json
  // ("" for none).
  virtual void start(const boost::asio::ip::address& source, std::string auth_json) = 0;
  // Queues one text frame. False when not connected or the queue is full.
  virtual bool send(std::string frame) = 0;
  // Closes the TCP connection (no close handshake: the bench tears down tens of thousands at once).
  virtual void close() = 0;
  virtual bool connected() const = 0;
  virtual std::size_t queued() const = 0;

  std::uint32_t index() const noexcept { return index_; }
  const std::string& sid() const noexcept { return sid_; }

 protected:
  explicit WsClient(std::uint32_t index) : index_(index) {}
  std::uint32_t index_;
  std::string sid_;
};

}  // namespace parley::bench
