// A UDP socket that answers STUN Binding requests (a plain RFC 8489 STUN server, as ICE uses for
// server-reflexive candidates). One receive loop on the io_context's executor; malformed or foreign
// datagrams are counted and dropped. Counters are atomics so a metrics thread can read them.
//
// Threads: the io_context may run on several threads; the socket is confined to a strand.
// Lifetime: the receive loop keeps the socket state alive; destroying the server (or stop()) closes
// the socket on its strand and the loop ends at its next wake-up on the io_context.
#pragma once

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>
#include <cstdint>
#include <memory>

namespace parley::media::net {

struct StunUdpServerCounters {
  std::atomic<std::uint64_t> datagrams_received{0};
  std::atomic<std::uint64_t> responses_sent{0};
  std::atomic<std::uint64_t> dropped_not_stun{0};
  std::atomic<std::uint64_t> dropped_malformed{0};
  std::atomic<std::uint64_t> dropped_bad_fingerprint{0};
  std::atomic<std::uint64_t> dropped_not_request{0};
  std::atomic<std::uint64_t> dropped_unsupported_method{0};
  std::atomic<std::uint64_t> send_errors{0};
  std::atomic<std::uint64_t> receive_errors{0};
};

class StunUdpServer {
 public:
  // Opens and binds the socket (port 0 picks a free port); throws boost::system::system_error if
  // that fails. This is start-up, not the data plane.
  StunUdpServer(boost::asio::io_context& io, const boost::asio::ip::udp::endpoint& endpoint);
  ~StunUdpServer();
  StunUdpServer(const StunUdpServer&) = delete;
  StunUdpServer& operator=(const StunUdpServer&) = delete;

  void start();  // spawns the receive loop on the socket's strand
  void stop();   // closes the socket (on its strand); safe from any thread

  boost::asio::ip::udp::endpoint local_endpoint() const;
  const StunUdpServerCounters& counters() const;

  struct State;  // socket, buffer and counters; shared with the receive loop

 private:
  std::shared_ptr<State> state_;
};

}  // namespace parley::media::net
