#include "Histogram.hpp"

#include <gtest/gtest.h>

using parley::bench::Histogram;

TEST(BenchHistogram, EmptyIsZero) {
  Histogram h;
  EXPECT_EQ(h.count(), 0u);
  EXPECT_EQ(h.percentile_ms(0.99), 0);
}

TEST(BenchHistogram, PercentilesWithinThreePercent) {
  Histogram h;
  for (std::uint64_t us = 1; us <= 100000; ++us) h.record(us * 1000);  // 1 us .. 100 ms, uniform
  EXPECT_EQ(h.count(), 100000u);
  EXPECT_NEAR(h.percentile_ms(0.50), 50.0, 50.0 * 0.035);
  EXPECT_NEAR(h.percentile_ms(0.99), 99.0, 99.0 * 0.035);
  EXPECT_DOUBLE_EQ(h.max_ms(), 100.0);
  EXPECT_NEAR(h.mean_ms(), 50.0, 0.01);
}

TEST(BenchHistogram, SmallValuesAreExactToTheMicrosecond) {
  Histogram h;
  h.record(3000);
  h.record(7000);
  EXPECT_DOUBLE_EQ(h.percentile_ms(0.5), 0.004);  // the bucket [3,4) us reports its upper bound
  EXPECT_DOUBLE_EQ(h.percentile_ms(1.0), 0.007);  // capped by the exact max
}

TEST(BenchHistogram, MergeAddsCountsAndKeepsMax) {
  Histogram a, b;
  a.record(1'000'000);
  b.record(9'000'000);
  b.record(2'000'000);
  a.merge(b);
  EXPECT_EQ(a.count(), 3u);
  EXPECT_DOUBLE_EQ(a.max_ms(), 9.0);
  EXPECT_NEAR(a.percentile_ms(0.5), 2.0, 0.07);
}

TEST(BenchHistogram, HugeValuesLandInTheLastBucket) {
  Histogram h;
  h.record(~0ull / 2);
  EXPECT_EQ(h.count(), 1u);
  EXPECT_GT(h.percentile_ms(0.5), 0);
}
