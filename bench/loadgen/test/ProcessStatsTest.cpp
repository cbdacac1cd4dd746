#include "ProcessStats.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

using namespace parley::bench;

TEST(BenchProcessStats, ParsesVmRss) {
  EXPECT_EQ(parse_vmrss_kib("Name:\tparley\nVmRSS:\t   12345 kB\nThreads: 3\n"), 12345.0);
  EXPECT_FALSE(parse_vmrss_kib("Name:\tparley\n"));
}

TEST(BenchProcessStats, ParsesCpuTicksPastAParenthesizedName) {
  const char* stat = "4242 (a (weird) name) S 1 2 3 4 5 6 7 8 9 10 250 50 0 0 20 0 1 0";
  EXPECT_EQ(parse_cpu_ticks(stat), 300.0);
  EXPECT_FALSE(parse_cpu_ticks("4242 (short) S 1 2"));
}

TEST(BenchProcessStats, SamplesItself) {
  const auto self = sample_process(getpid());
  ASSERT_TRUE(self);
  EXPECT_GT(self->rss_kib, 0);
}
