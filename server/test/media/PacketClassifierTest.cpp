#include <gtest/gtest.h>

#include <vector>

#include "media/demux/PacketClassifier.hpp"

namespace parley::media::demux {
namespace {

PacketKind classify_first(std::uint8_t first, std::uint8_t second = 0, std::size_t size = 32) {
  std::vector<std::uint8_t> datagram(size, 0);
  datagram[0] = first;
  if (size > 1) datagram[1] = second;
  return classify_packet(datagram);
}

TEST(PacketClassifier, FollowsRfc7983Ranges) {
  EXPECT_EQ(classify_first(0), PacketKind::Stun);
  EXPECT_EQ(classify_first(3), PacketKind::Stun);
  EXPECT_EQ(classify_first(4), PacketKind::Unknown);
  EXPECT_EQ(classify_first(16), PacketKind::Zrtp);
  EXPECT_EQ(classify_first(20), PacketKind::Dtls);
  EXPECT_EQ(classify_first(22), PacketKind::Dtls);
  EXPECT_EQ(classify_first(63), PacketKind::Dtls);
  EXPECT_EQ(classify_first(64), PacketKind::TurnChannel);
  EXPECT_EQ(classify_first(79), PacketKind::TurnChannel);
  EXPECT_EQ(classify_first(80), PacketKind::Unknown);
  EXPECT_EQ(classify_first(0x80, 111), PacketKind::Rtp);
  EXPECT_EQ(classify_first(0x90, 96 | 0x80), PacketKind::Rtp);  // marker bit set, PT 96
  EXPECT_EQ(classify_first(0x80, 200), PacketKind::Rtcp);
  EXPECT_EQ(classify_first(0x81, 205), PacketKind::Rtcp);
  EXPECT_EQ(classify_first(192), PacketKind::Unknown);
}

TEST(PacketClassifier, TooShortDatagramsAreUnknown) {
  EXPECT_EQ(classify_packet({}), PacketKind::Unknown);
  EXPECT_EQ(classify_first(0, 0, 19), PacketKind::Unknown);
  EXPECT_EQ(classify_first(0x80, 111, 11), PacketKind::Unknown);
  EXPECT_EQ(classify_first(22, 0, 12), PacketKind::Unknown);
}

}  // namespace
}  // namespace parley::media::demux
