#include "core/SecureRandom.hpp"

#include <gtest/gtest.h>

#include <set>

using namespace parley::core;

TEST(SecureRandom, HexHasTwoDigitsPerByteAndDiffersEachTime) {
  const auto a = secure_random_hex(32);
  const auto b = secure_random_hex(32);
  EXPECT_EQ(a.size(), 64u);
  EXPECT_EQ(a.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_NE(a, b);
}

TEST(SecureRandom, BelowStaysInRangeAndCoversIt) {
  std::set<std::uint32_t> seen;
  for (int i = 0; i < 2000; ++i) {
    const auto v = secure_random_below(26);
    ASSERT_LT(v, 26u);
    seen.insert(v);
  }
  EXPECT_EQ(seen.size(), 26u);
  EXPECT_THROW(secure_random_below(0), std::invalid_argument);
}
