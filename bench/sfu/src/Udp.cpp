#include "Udp.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <system_error>

namespace parley::bench::sfu {

int open_udp_socket(std::uint16_t port, const SocketOptions& options) {
  const int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC | (options.nonblocking ? SOCK_NONBLOCK : 0), 0);
  if (fd < 0) throw std::system_error(errno, std::generic_category(), "socket");
  ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &options.receive_buffer, sizeof(int));
  ::setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &options.send_buffer, sizeof(int));
  if (options.timestamps) {
    const int on = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPNS, &on, sizeof(on));
  }
  if (options.receive_timeout_ms > 0) {
    timeval tv{options.receive_timeout_ms / 1000, (options.receive_timeout_ms % 1000) * 1000};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
  }
  const sockaddr_in address = loopback(port);
  if (::bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof(address)) != 0) {
    const int error = errno;
    ::close(fd);
    throw std::system_error(error, std::generic_category(), "bind");
  }
  return fd;
}

sockaddr_in local_address(int fd) {
  sockaddr_in address{};
  socklen_t length = sizeof(address);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  return address;
}

sockaddr_in loopback(std::uint16_t port) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return address;
}

std::uint64_t address_key(const sockaddr_in& a) {
  return (static_cast<std::uint64_t>(ntohl(a.sin_addr.s_addr)) << 16) | ntohs(a.sin_port);
}

sockaddr_in to_sockaddr(const boost::asio::ip::udp::endpoint& endpoint) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(endpoint.port());
  address.sin_addr.s_addr = htonl(endpoint.address().to_v4().to_uint());
  return address;
}

boost::asio::ip::udp::endpoint to_endpoint(const sockaddr_in& address) {
  return {boost::asio::ip::address_v4(ntohl(address.sin_addr.s_addr)), ntohs(address.sin_port)};
}

std::uint64_t realtime_ns() {
  timespec ts{};
  ::clock_gettime(CLOCK_REALTIME, &ts);
  return static_cast<std::uint64_t>(ts.tv_sec) * 1'000'000'000ULL + static_cast<std::uint64_t>(ts.tv_nsec);
}

RecvBatch::RecvBatch(std::size_t count, std::size_t buffer_size)
    : buffers_(count, std::vector<std::uint8_t>(buffer_size)),
      sources_(count),
      iovecs_(count),
      controls_(count),
      headers_(count) {}

int RecvBatch::receive(int fd, int flags) {
  for (std::size_t i = 0; i < headers_.size(); ++i) {
    iovecs_[i] = {buffers_[i].data(), buffers_[i].size()};
    auto& h = headers_[i].msg_hdr;
    h = {};
    h.msg_name = &sources_[i];
    h.msg_namelen = sizeof(sockaddr_in);
    h.msg_iov = &iovecs_[i];
    h.msg_iovlen = 1;
    h.msg_control = controls_[i].data();
    h.msg_controllen = controls_[i].size();
    headers_[i].msg_len = 0;
  }
  const int n = ::recvmmsg(fd, headers_.data(), static_cast<unsigned>(headers_.size()), flags, nullptr);
  return n < 0 ? 0 : n;
}

std::uint64_t RecvBatch::arrival_ns(std::size_t i) const {
  auto& h = const_cast<msghdr&>(headers_[i].msg_hdr);
  for (cmsghdr* c = CMSG_FIRSTHDR(&h); c != nullptr; c = CMSG_NXTHDR(&h, c)) {
    if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_TIMESTAMPNS) {
      timespec ts{};
      std::memcpy(&ts, CMSG_DATA(c), sizeof(ts));
      return static_cast<std::uint64_t>(ts.tv_sec) * 1'000'000'000ULL + static_cast<std::uint64_t>(ts.tv_nsec);
    }
  }
  return 0;
}

}  // namespace parley::bench::sfu
