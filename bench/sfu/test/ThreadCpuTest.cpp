#include <gtest/gtest.h>

#include <chrono>

#include "ThreadCpu.hpp"

namespace parley::bench::sfu {
namespace {

TEST(ThreadCpu, ParsesSchedstatAndProcStat) {
  EXPECT_EQ(parse_schedstat_ns("123456789 2000 30\n"), 123456789U);
  EXPECT_FALSE(parse_schedstat_ns(""));
  EXPECT_FALSE(parse_schedstat_ns("x 1 2"));
  auto both = parse_schedstat("123456789 2000 30\n");
  ASSERT_TRUE(both);
  EXPECT_EQ(both->cpu_ns, 123456789U);
  EXPECT_EQ(both->wait_ns, 2000U);
  EXPECT_FALSE(parse_schedstat("5"));

  auto cpu = parse_proc_stat("cpu  100 5 50 1000 20 1 2 3 0 0\ncpu0 1 2 3 4\n");
  ASSERT_TRUE(cpu);
  EXPECT_EQ(cpu->total, 1181U);  // the first 8 fields
  EXPECT_EQ(cpu->busy, 1181U - 1000U - 20U);
  EXPECT_FALSE(parse_proc_stat("intr 1 2 3"));
}

TEST(ThreadCpu, ThisThreadAccumulatesCpuTime) {
  const pid_t self = current_tid();
  EXPECT_EQ(list_threads().count(self), 1U);
  const auto before = thread_cpu_ns(self);
  ASSERT_TRUE(before);
  volatile std::uint64_t sink = 0;
  const auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(50);
  while (std::chrono::steady_clock::now() < end) sink = sink + 1;
  EXPECT_GT(*thread_cpu_ns(self), *before);
  EXPECT_FALSE(thread_cpu_ns(999999999));
}

}  // namespace
}  // namespace parley::bench::sfu
