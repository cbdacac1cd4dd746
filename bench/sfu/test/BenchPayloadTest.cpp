#include <gtest/gtest.h>

#include <vector>

#include "BenchPayload.hpp"

namespace parley::bench::sfu {
namespace {

TEST(BenchPayload, RoundTripsAndRejectsForeignBytes) {
  std::vector<std::uint8_t> buffer(64, 0xee);
  ASSERT_TRUE(write_bench_payload(buffer, {7, 123456, 0x0102030405060708ULL}));
  auto read = read_bench_payload(buffer);
  ASSERT_TRUE(read);
  EXPECT_EQ(read->stream, 7U);
  EXPECT_EQ(read->sequence, 123456U);
  EXPECT_EQ(read->send_ns, 0x0102030405060708ULL);

  EXPECT_FALSE(read_bench_payload(std::span<const std::uint8_t>(buffer.data(), kBenchPayloadSize - 1)));
  buffer[0] ^= 1;
  EXPECT_FALSE(read_bench_payload(buffer));
  std::vector<std::uint8_t> small(kBenchPayloadSize - 1);
  EXPECT_FALSE(write_bench_payload(small, {}));
}

}  // namespace
}  // namespace parley::bench::sfu
