#include <gtest/gtest.h>

#include "media/turn/TurnRestCredentials.hpp"

namespace parley::media::turn {
namespace {

// Vector computed independently: printf '1700003600:alice' | openssl dgst -sha1 -hmac north-wind -binary |
// base64
TEST(TurnRestCredentials, PasswordMatchesKnownVector) {
  EXPECT_EQ(turn_rest_password("north-wind", "1700003600:alice"), "iRtTIZ3N38dm9S+dP+UkHfnN9Qo=");
}

TEST(TurnRestCredentials, UsernameIsExpiryColonUser) {
  const auto now = std::chrono::system_clock::time_point(std::chrono::seconds(1700000000));
  const auto c = make_turn_rest_credentials("north-wind", "alice", now, std::chrono::hours(1));
  EXPECT_EQ(c.username, "1700003600:alice");
  EXPECT_EQ(c.password, "iRtTIZ3N38dm9S+dP+UkHfnN9Qo=");
  EXPECT_EQ(c.ttl, std::chrono::seconds(3600));
}

TEST(TurnRestCredentials, DifferentSecretGivesDifferentPassword) {
  EXPECT_NE(turn_rest_password("south-wind", "1700003600:alice"), "iRtTIZ3N38dm9S+dP+UkHfnN9Qo=");
}

}  // namespace
}  // namespace parley::media::turn
