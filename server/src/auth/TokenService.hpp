#pragma once
// Session tokens: 256 random bits from the OS, given once to the client as 64 hex characters and
// stored only as their SHA-256. Sliding expiry: each successful use pushes the expiry to now + ttl.
// Methods block (database): call them on core::BlockingPool. Thread-safe.
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "store/Store.hpp"

namespace parley::auth {

struct IssuedToken {
  std::string token;  // shown to the client once
  store::TimePoint expires_at;
};

class TokenService {
 public:
  using Now = std::function<store::TimePoint()>;

  TokenService(store::Store& store, std::chrono::seconds ttl, Now now = store::Clock::now);

  IssuedToken issue(store::Id user_id);
  // The token's user, or nothing for anything that is not a live token (including malformed text).
  std::optional<store::User> authenticate(std::string_view token);
  // Revokes the presented token; false when it was not a live token.
  bool revoke(std::string_view token);

  // Token syntax: exactly 64 lowercase hex characters.
  static bool well_formed(std::string_view token);
  static std::string hash(std::string_view token);

 private:
  store::Store& store_;
  std::chrono::seconds ttl_;
  Now now_;
};

}  // namespace parley::auth
