#include "auth/TokenService.hpp"

#include <openssl/sha.h>

#include "core/SecureRandom.hpp"

namespace parley::auth {

TokenService::TokenService(store::Store& store, std::chrono::seconds ttl, Now now)
    : store_(store), ttl_(ttl), now_(std::move(now)) {}

bool TokenService::well_formed(std::string_view token) {
  if (token.size() != 64) return false;
  for (char c : token) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

std::string TokenService::hash(std::string_view token) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(token.data()), token.size(), digest);
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * sizeof(digest));
  for (unsigned char b : digest) {
    out.push_back(hex[b >> 4]);
    out.push_back(hex[b & 0xf]);
  }
  return out;
}

IssuedToken TokenService::issue(store::Id user_id) {
  IssuedToken issued{core::secure_random_hex(32), {}};
  const auto now = now_();
  issued.expires_at = now + ttl_;
  store_.create_session(store::NewSession{hash(issued.token), user_id, now, issued.expires_at});
  // What the store keeps (millisecond precision), so that the client sees the stored expiry.
  issued.expires_at = std::chrono::time_point_cast<std::chrono::milliseconds>(issued.expires_at);
  return issued;
}

std::optional<store::User> TokenService::authenticate(std::string_view token) {
  if (!well_formed(token)) return std::nullopt;
  const auto now = now_();
  return store_.use_session(hash(token), now, now + ttl_);
}

bool TokenService::revoke(std::string_view token) {
  if (!well_formed(token)) return false;
  return store_.revoke_session(hash(token), now_());
}

}  // namespace parley::auth
