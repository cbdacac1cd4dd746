// Loopback UDP sockets for the benchmark: bound on 127.0.0.1, large buffers, kernel receive
// timestamps (SO_TIMESTAMPNS), and a recvmmsg batch that keeps each datagram's source and arrival time.
#pragma once

#include <netinet/in.h>
#include <sys/socket.h>

#include <array>
#include <boost/asio/ip/udp.hpp>
#include <cstdint>
#include <span>
#include <vector>

namespace parley::bench::sfu {

struct SocketOptions {
  int receive_buffer = 1 << 20;
  int send_buffer = 1 << 20;
  bool nonblocking = true;
  bool timestamps = false;
  int receive_timeout_ms = 0;  // blocking sockets: recv gives up after this (0: never)
};

// Returns the fd (throws std::system_error on failure). Port 0 picks one.
int open_udp_socket(std::uint16_t port, const SocketOptions& options);
sockaddr_in local_address(int fd);
sockaddr_in loopback(std::uint16_t port);
std::uint64_t address_key(const sockaddr_in& a);  // IPv4 address and port in one integer
sockaddr_in to_sockaddr(const boost::asio::ip::udp::endpoint& endpoint);
boost::asio::ip::udp::endpoint to_endpoint(const sockaddr_in& address);
std::uint64_t realtime_ns();

class RecvBatch {
 public:
  RecvBatch(std::size_t count, std::size_t buffer_size);
  // recvmmsg with `flags` (e.g. MSG_DONTWAIT, MSG_WAITFORONE); returns how many arrived (0 on EAGAIN).
  int receive(int fd, int flags);
  std::span<std::uint8_t> data(std::size_t i) { return {buffers_[i].data(), headers_[i].msg_len}; }
  const sockaddr_in& source(std::size_t i) const { return sources_[i]; }
  // Kernel arrival time (CLOCK_REALTIME ns) if the socket has SO_TIMESTAMPNS, else 0.
  std::uint64_t arrival_ns(std::size_t i) const;

 private:
  std::vector<std::vector<std::uint8_t>> buffers_;
  std::vector<sockaddr_in> sources_;
  std::vector<iovec> iovecs_;
  std::vector<std::array<std::uint8_t, 64>> controls_;
  std::vector<mmsghdr> headers_;
};

}  // namespace parley::bench::sfu
