#pragma once
// bcrypt ($2b$) through libxcrypt. Every method blocks for the cost of one bcrypt (about 200 ms at
// cost 12): call them on core::BlockingPool.
#include <string>
#include <string_view>

namespace parley::auth {

class PasswordHasher {
 public:
  // cost: 4..31 (tests use 4).
  explicit PasswordHasher(unsigned cost);

  // Throws core::invalid_field("password") for passwords under 8 characters or over 72 bytes
  // (bcrypt ignores the bytes past 72).
  static void validate(std::string_view password);

  std::string hash(std::string_view password) const;
  // False for a wrong password or a malformed hash.
  bool verify(std::string_view password, const std::string& hash) const;
  // Spends the same time as verify() against a real hash, for unknown users (so that timing does not
  // tell whether a username exists).
  void verify_against_dummy(std::string_view password) const;

  unsigned cost() const noexcept { return cost_; }

 private:
  unsigned cost_;
  std::string dummy_hash_;
};

}  // namespace parley::auth
