// The per-producer retransmission cache and the keyframe request rate limit.
#include <gtest/gtest.h>

#include "media/sfu/KeyframeLimiter.hpp"
#include "media/sfu/PacketCache.hpp"

namespace parley::media::sfu {
namespace {

using namespace std::chrono_literals;
using Clock = PacketCache::Clock;

TEST(PacketCache, ReturnsStoredPacketsBySequenceNumberUntilOverwrittenOrOld) {
  PacketCache cache(8, 1000ms);
  const auto t0 = Clock::now();
  for (std::uint16_t s = 65530; s != 4; ++s) {
    std::vector<std::uint8_t> packet(20 + s % 7, static_cast<std::uint8_t>(s));
    cache.store(s, packet, t0);
  }
  auto hit = cache.find(2, t0);
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->size(), 20U + 2 % 7);
  EXPECT_EQ((*hit)[0], 2);
  EXPECT_TRUE(cache.find(65532, t0));   // 65532..3 are the last eight
  EXPECT_FALSE(cache.find(65530, t0));  // overwritten by 2
  EXPECT_FALSE(cache.find(65531, t0));  // overwritten by 3
  EXPECT_FALSE(cache.find(4, t0));      // never stored
  EXPECT_FALSE(cache.find(2, t0 + 1001ms));
  std::vector<std::uint8_t> huge(PacketCache::kMaxPacket + 1, 1);
  cache.store(3, huge, t0);  // not kept, and the old entry for 3 is not corrupted
  auto old = cache.find(3, t0);
  ASSERT_TRUE(old);
  EXPECT_EQ((*old)[0], 3);
}

TEST(KeyframeLimiter, AllowsOneRequestPerIntervalAndDefersTheRest) {
  KeyframeLimiter limiter(500ms);
  const auto t0 = Clock::now();
  EXPECT_TRUE(limiter.request(t0));
  EXPECT_FALSE(limiter.request(t0 + 100ms));
  EXPECT_FALSE(limiter.request(t0 + 200ms));
  EXPECT_TRUE(limiter.pending());
  EXPECT_FALSE(limiter.due(t0 + 499ms));
  EXPECT_TRUE(limiter.due(t0 + 500ms));  // one deferred request for both refusals
  EXPECT_FALSE(limiter.due(t0 + 2s));
  EXPECT_FALSE(limiter.request(t0 + 600ms));
  EXPECT_TRUE(limiter.request(t0 + 1000ms));
}

TEST(KeyframeLimiter, ADeferredFirstRequestIsDueAtOnce) {
  KeyframeLimiter limiter(500ms);
  const auto t0 = Clock::now();
  EXPECT_FALSE(limiter.due(t0));
  limiter.defer();
  EXPECT_TRUE(limiter.due(t0));
  EXPECT_FALSE(limiter.request(t0 + 10ms));
}

}  // namespace
}  // namespace parley::media::sfu
