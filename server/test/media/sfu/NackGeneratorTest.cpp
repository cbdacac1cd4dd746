// Upstream loss detection: gaps, retries, expiry, recoveries, wrap-around and restarts.
#include <gtest/gtest.h>

#include <array>

#include "media/sfu/NackGenerator.hpp"

namespace parley::media::sfu {
namespace {

using namespace std::chrono_literals;
using Clock = NackGenerator::Clock;

std::vector<std::uint16_t> due(NackGenerator& g, Clock::time_point now) {
  std::array<std::uint16_t, 64> out{};
  return {out.begin(), out.begin() + static_cast<std::ptrdiff_t>(g.due(now, out))};
}

TEST(NackGenerator, NacksGapsAcrossTheWrapAtOnceThenRetriesTwice) {
  NackGenerator g;
  const auto t0 = Clock::now();
  EXPECT_FALSE(g.on_packet(65533, t0));
  EXPECT_FALSE(g.on_packet(65534, t0));
  EXPECT_TRUE(g.on_packet(2, t0));  // 65535, 0, 1 lost
  EXPECT_EQ(due(g, t0), (std::vector<std::uint16_t>{65535, 0, 1}));
  EXPECT_TRUE(due(g, t0 + 50ms).empty());
  EXPECT_TRUE(g.recovered(0));
  EXPECT_FALSE(g.recovered(0));
  EXPECT_EQ(due(g, t0 + 100ms), (std::vector<std::uint16_t>{65535, 1}));
  EXPECT_FALSE(g.on_packet(1, t0 + 150ms));  // arrived late (reordered): no longer missing
  EXPECT_EQ(due(g, t0 + 200ms), (std::vector<std::uint16_t>{65535}));
  EXPECT_TRUE(due(g, t0 + 250ms).empty());  // three NACKs are enough
  EXPECT_TRUE(g.recovered(65535));          // an answer to the last one still counts
  EXPECT_EQ(g.missing(), 0U);
  g.on_packet(5, t0 + 300ms);  // 3 and 4 lost, never answered: forgotten 100 ms after the third NACK
  EXPECT_EQ(due(g, t0 + 300ms).size(), 2U);
  EXPECT_EQ(due(g, t0 + 400ms).size(), 2U);
  EXPECT_EQ(due(g, t0 + 500ms).size(), 2U);
  EXPECT_TRUE(due(g, t0 + 600ms).empty());
  EXPECT_EQ(g.missing(), 0U);
}

TEST(NackGenerator, ForgetsOldLossesAndTreatsBigJumpsAsRestarts) {
  NackGenerator g;
  const auto t0 = Clock::now();
  g.on_packet(10, t0);
  g.on_packet(12, t0);
  EXPECT_EQ(g.missing(), 1U);
  EXPECT_TRUE(due(g, t0 + 1001ms).empty());
  EXPECT_EQ(g.missing(), 0U);
  EXPECT_FALSE(g.on_packet(5000, t0));  // a jump: a new numbering, not 4987 losses
  EXPECT_EQ(g.missing(), 0U);
  g.on_packet(5000 + NackGenerator::kMaxGap, t0);
  EXPECT_EQ(g.missing(), NackGenerator::kMaxGap - 1U);
}

TEST(NackGenerator, StaysBounded) {
  NackGenerator g;
  const auto t0 = Clock::now();
  std::uint16_t s = 0;
  g.on_packet(s, t0);
  for (int i = 0; i < 100; ++i) {
    s = static_cast<std::uint16_t>(s + 3);
    g.on_packet(s, t0);
  }
  EXPECT_EQ(g.missing(), NackGenerator::kMaxMissing);
}

}  // namespace
}  // namespace parley::media::sfu
