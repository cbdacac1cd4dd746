// Per-consumer sequence number and timestamp rewriting: offsets, wrap-around, source switches,
// pauses, late packets from before a switch, and the reverse mapping NACKs use.
#include <gtest/gtest.h>

#include "media/sfu/SequenceRewriter.hpp"

namespace parley::media::sfu {
namespace {

using namespace std::chrono_literals;
using Clock = SequenceRewriter::Clock;

TEST(SequenceRewriter, MapsTheFirstPacketToTheInitialValuesAndKeepsOffsets) {
  SequenceRewriter r(500, 7000, 90000);
  const auto now = Clock::now();
  auto a = r.rewrite(1, 65000, 123456, now);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->sequence, 500);
  EXPECT_EQ(a->timestamp, 7000U);
  auto b = r.rewrite(1, 65001, 126456, now);
  ASSERT_TRUE(b);
  EXPECT_EQ(b->sequence, 501);
  EXPECT_EQ(b->timestamp, 10000U);
  // Older than the first packet of the source: it predates the consumer and is not sent.
  auto late = r.rewrite(1, 64999, 120456, now);
  ASSERT_FALSE(late);
  EXPECT_EQ(r.highest_sequence(), 501);
}

TEST(SequenceRewriter, WrapsInputAndOutputSequenceNumbers) {
  SequenceRewriter r(65534, 0xFFFFFF00, 48000);
  const auto now = Clock::now();
  std::uint16_t in = 65530;
  std::uint32_t ts = 0xFFFFFFF0;
  std::uint16_t expected = 65534;
  for (int i = 0; i < 20; ++i) {
    auto out = r.rewrite(9, in, ts, now);
    ASSERT_TRUE(out);
    EXPECT_EQ(out->sequence, expected);
    ++in;
    ++expected;
    ts += 960;
  }
  EXPECT_EQ(r.highest_sequence(), static_cast<std::uint16_t>(65534 + 19));
}

TEST(SequenceRewriter, StaysContinuousWhenTheSourceChanges) {
  SequenceRewriter r(100, 1000, 90000);
  auto t0 = Clock::now();
  ASSERT_TRUE(r.rewrite(1, 10, 50, t0));
  ASSERT_TRUE(r.rewrite(1, 11, 3050, t0));
  // A new SSRC with unrelated numbering, 100 ms later.
  auto out = r.rewrite(2, 40000, 999999, t0 + 100ms);
  ASSERT_TRUE(out);
  EXPECT_EQ(out->sequence, 102);
  EXPECT_EQ(out->timestamp, 4000U + 9000U);
  auto next = r.rewrite(2, 40001, 999999 + 3000, t0 + 133ms);
  ASSERT_TRUE(next);
  EXPECT_EQ(next->sequence, 103);
  EXPECT_EQ(next->timestamp, 16000U);
  // A straggler of the old source is dropped, not sent under a new number.
  EXPECT_FALSE(r.rewrite(2, 39990, 999999 - 3000, t0 + 134ms));
}

TEST(SequenceRewriter, AResumeAfterAPauseLeavesNoGap) {
  SequenceRewriter r(0, 0, 90000);
  auto t0 = Clock::now();
  ASSERT_TRUE(r.rewrite(1, 1000, 0, t0));
  r.reset_source();
  // 500 packets were not forwarded while paused.
  auto out = r.rewrite(1, 1500, 45000, t0 + 500ms);
  ASSERT_TRUE(out);
  EXPECT_EQ(out->sequence, 1);
  EXPECT_EQ(out->timestamp, 45000U);
}

TEST(SequenceRewriter, MapsNackedOutputNumbersBackToInputOnes) {
  SequenceRewriter r(65530, 0, 90000);
  const auto now = Clock::now();
  for (std::uint16_t s = 200; s < 220; ++s) ASSERT_TRUE(r.rewrite(3, s, s * 10U, now));
  EXPECT_EQ(r.input_sequence(65530), 200);
  EXPECT_EQ(r.input_sequence(static_cast<std::uint16_t>(65530 + 19)), 219);
  EXPECT_FALSE(r.input_sequence(static_cast<std::uint16_t>(65530 + 20)));  // never sent
  EXPECT_FALSE(r.input_sequence(65529));                                   // before this source
  auto retransmission = r.map(3, 205, 2050);
  ASSERT_TRUE(retransmission);
  EXPECT_EQ(retransmission->sequence, static_cast<std::uint16_t>(65535));
  EXPECT_FALSE(r.map(4, 205, 2050));  // another source
  EXPECT_EQ(r.highest_sequence(), static_cast<std::uint16_t>(65530 + 19));
}

TEST(SequenceRewriter, KeepsForwardingLongAfterTheSwitch) {
  SequenceRewriter r(0, 0, 90000);
  const auto now = Clock::now();
  for (std::uint32_t i = 0; i < 70000; ++i) {
    auto out = r.rewrite(5, static_cast<std::uint16_t>(i + 17), i, now);
    ASSERT_TRUE(out) << i;
    ASSERT_EQ(out->sequence, static_cast<std::uint16_t>(i));
  }
}

}  // namespace
}  // namespace parley::media::sfu
