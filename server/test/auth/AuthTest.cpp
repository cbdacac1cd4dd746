#include <gtest/gtest.h>

#include <filesystem>

#include "auth/LoginThrottle.hpp"
#include "auth/PasswordHasher.hpp"
#include "auth/TokenService.hpp"
#include "core/Error.hpp"
#include "core/SecureRandom.hpp"

namespace parley::auth {
namespace {

using namespace std::chrono_literals;

TEST(PasswordHasherTest, HashesWithBcrypt2bAndVerifies) {
  PasswordHasher hasher(4);
  const auto hash = hasher.hash("correct horse");
  EXPECT_TRUE(hash.starts_with("$2b$04$")) << hash;
  EXPECT_TRUE(hasher.verify("correct horse", hash));
  EXPECT_FALSE(hasher.verify("correct horsE", hash));
  EXPECT_FALSE(hasher.verify("correct horse", "not a hash"));
  EXPECT_NE(hasher.hash("correct horse"), hash);  // salted
}

TEST(PasswordHasherTest, RejectsShortAndOverlongPasswords) {
  EXPECT_THROW(PasswordHasher::validate("short"), core::Error);
  EXPECT_THROW(PasswordHasher::validate(std::string(73, 'a')), core::Error);
  EXPECT_NO_THROW(PasswordHasher::validate(std::string(72, 'a')));
  EXPECT_NO_THROW(PasswordHasher::validate("12345678"));
  // 8 characters of 2 bytes each.
  EXPECT_NO_THROW(PasswordHasher::validate("éééééééé"));
  try {
    PasswordHasher::validate("short");
  } catch (const core::Error& e) {
    EXPECT_EQ(e.field(), "password");
  }
}

TEST(TokenServiceTest, TokensAreWellFormedHexAndHashedWithSha256) {
  EXPECT_TRUE(TokenService::well_formed(std::string(64, 'a')));
  EXPECT_FALSE(TokenService::well_formed(std::string(63, 'a')));
  EXPECT_FALSE(TokenService::well_formed(std::string(64, 'A')));
  EXPECT_FALSE(TokenService::well_formed("{\"$ne\":null}"));
  EXPECT_EQ(TokenService::hash("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(LoginThrottleTest, LocksAUsernameAfterRepeatedFailuresThenForgets) {
  auto now = std::chrono::steady_clock::time_point{} + 1000s;
  LoginThrottle throttle(3, 3, 60s, [&] { return now; });
  for (int i = 0; i < 2; ++i) throttle.record_failure("ada", "1.1.1." + std::to_string(i));
  EXPECT_FALSE(throttle.retry_after("ada", "9.9.9.9"));
  throttle.record_failure("ada", "1.1.1.9");
  auto wait = throttle.retry_after("ada", "9.9.9.9");
  ASSERT_TRUE(wait);
  EXPECT_EQ(*wait, 60s);
  now += 30s;
  EXPECT_EQ(*throttle.retry_after("ada", "9.9.9.9"), 30s);
  now += 31s;
  EXPECT_FALSE(throttle.retry_after("ada", "9.9.9.9"));
}

TEST(LoginThrottleTest, LocksAnAddressAcrossUsernames) {
  auto now = std::chrono::steady_clock::time_point{} + 1000s;
  LoginThrottle throttle(3, 3, 60s, [&] { return now; });
  for (int i = 0; i < 3; ++i) throttle.record_failure("user" + std::to_string(i), "2.2.2.2");
  EXPECT_TRUE(throttle.retry_after("someone", "2.2.2.2"));
  EXPECT_FALSE(throttle.retry_after("someone", "3.3.3.3"));
}

TEST(LoginThrottleTest, SuccessClearsTheUsername) {
  auto now = std::chrono::steady_clock::time_point{} + 1000s;
  LoginThrottle throttle(3, 3, 60s, [&] { return now; });
  throttle.record_failure("ada", "a");
  throttle.record_failure("ada", "b");
  throttle.record_success("ada");
  throttle.record_failure("ada", "c");
  EXPECT_FALSE(throttle.retry_after("ada", "d"));
}

TEST(LoginThrottleTest, StaysBoundedUnderManyKeys) {
  auto now = std::chrono::steady_clock::time_point{} + 1000s;
  LoginThrottle throttle(
      3, 3, 60s, [&] { return now; }, 100);
  for (int i = 0; i < 1000; ++i) throttle.record_failure("u" + std::to_string(i), "a" + std::to_string(i));
  SUCCEED();
}

}  // namespace
}  // namespace parley::auth
