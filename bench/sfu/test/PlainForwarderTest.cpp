// The plain forwarder over real loopback sockets: each packet of a publisher reaches each of its
// subscribers once, byte for byte; packets from unknown sources go nowhere.
#include <gtest/gtest.h>
#include <poll.h>
#include <unistd.h>

#include <vector>

#include "PlainForwarder.hpp"
#include "Udp.hpp"

namespace parley::bench::sfu {
namespace {

std::vector<std::uint8_t> receive_one(int fd) {
  pollfd p{fd, POLLIN, 0};
  if (::poll(&p, 1, 2000) != 1) return {};
  std::vector<std::uint8_t> buffer(2048);
  const auto n = ::recv(fd, buffer.data(), buffer.size(), 0);
  buffer.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
  return buffer;
}

TEST(PlainForwarder, CopiesEachPublisherPacketToItsSubscribers) {
  PlainForwarder forwarder;
  forwarder.start();
  SocketOptions options;
  const int publisher = open_udp_socket(0, options);
  const int stranger = open_udp_socket(0, options);
  std::vector<int> subscribers;
  for (int i = 0; i < 3; ++i) {
    subscribers.push_back(open_udp_socket(0, options));
    forwarder.add_route(local_address(publisher), local_address(subscribers.back()));
  }
  const sockaddr_in to = forwarder.address();
  std::vector<std::uint8_t> packet(1200);
  for (std::size_t i = 0; i < packet.size(); ++i) packet[i] = static_cast<std::uint8_t>(i);
  // Routes apply asynchronously: send until the first copy arrives (bounded).
  std::vector<std::uint8_t> first;
  for (int attempt = 0; attempt < 20 && first.empty(); ++attempt) {
    ::sendto(publisher, packet.data(), packet.size(), 0, reinterpret_cast<const sockaddr*>(&to), sizeof(to));
    pollfd p{subscribers[0], POLLIN, 0};
    if (::poll(&p, 1, 100) == 1) first = receive_one(subscribers[0]);
  }
  EXPECT_EQ(first, packet);
  for (int fd : {subscribers[1], subscribers[2]}) EXPECT_EQ(receive_one(fd), packet);

  ::sendto(stranger, packet.data(), packet.size(), 0, reinterpret_cast<const sockaddr*>(&to), sizeof(to));
  for (int attempt = 0; attempt < 100 && forwarder.stats().unknown_source == 0; ++attempt) ::usleep(10000);
  EXPECT_EQ(forwarder.stats().unknown_source, 1U);
  EXPECT_GE(forwarder.stats().packets_out, 3U);
  EXPECT_EQ(forwarder.stats().send_errors, 0U);
  forwarder.stop();
  for (int fd : subscribers) ::close(fd);
  ::close(publisher);
  ::close(stranger);
}

}  // namespace
}  // namespace parley::bench::sfu
