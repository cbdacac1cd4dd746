#include "auth/PasswordHasher.hpp"

#include <crypt.h>
#include <openssl/crypto.h>

#include <cstring>
#include <memory>

#include "core/Error.hpp"
#include "core/SecureRandom.hpp"

namespace parley::auth {

namespace {

constexpr std::size_t kMinPasswordChars = 8;
constexpr std::size_t kMaxPasswordBytes = 72;

// Code points, not bytes: "8 characters" means what a person typed.
std::size_t utf8_length(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) {
    if ((c & 0xC0) != 0x80) ++n;
  }
  return n;
}

std::string bcrypt(std::string_view password, const char* setting) {
  auto data = std::make_unique<crypt_data>();
  std::memset(data.get(), 0, sizeof(crypt_data));
  const std::string phrase(password);
  const char* out = crypt_rn(phrase.c_str(), setting, data.get(), sizeof(crypt_data));
  if (!out || out[0] == '*') return {};
  return std::string(out);
}

}  // namespace

PasswordHasher::PasswordHasher(unsigned cost) : cost_(cost) {
  dummy_hash_ = hash(core::secure_random_hex(16));
}

void PasswordHasher::validate(std::string_view password) {
  if (password.size() > kMaxPasswordBytes) {
    throw core::invalid_field("password", "The password must be at most 72 bytes long (bcrypt ignores the rest).");
  }
  if (utf8_length(password) < kMinPasswordChars) {
    throw core::invalid_field("password", "The password must be at least 8 characters long.");
  }
  if (password.find('\0') != std::string_view::npos) {
    throw core::invalid_field("password", "The password must not contain NUL characters.");
  }
}

std::string PasswordHasher::hash(std::string_view password) const {
  const auto random = core::secure_random_bytes(16);
  char setting[CRYPT_GENSALT_OUTPUT_SIZE];
  if (!crypt_gensalt_rn("$2b$", cost_, reinterpret_cast<const char*>(random.data()), static_cast<int>(random.size()),
                        setting, sizeof(setting))) {
    throw core::Error(core::ErrorKind::internal, "hash_failed", "crypt_gensalt_rn failed");
  }
  auto out = bcrypt(password, setting);
  if (out.empty()) throw core::Error(core::ErrorKind::internal, "hash_failed", "crypt_rn failed");
  return out;
}

bool PasswordHasher::verify(std::string_view password, const std::string& hash) const {
  if (!hash.starts_with("$2")) return false;
  const auto computed = bcrypt(password, hash.c_str());
  if (computed.size() != hash.size()) return false;
  return CRYPTO_memcmp(computed.data(), hash.data(), hash.size()) == 0;
}

void PasswordHasher::verify_against_dummy(std::string_view password) const {
  (void)verify(password, dummy_hash_);
}

}  // namespace parley::auth
