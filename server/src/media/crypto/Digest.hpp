// Thin, allocation-light wrappers over OpenSSL 3 for the few primitives media needs: HMAC-SHA1
// (STUN MESSAGE-INTEGRITY, TURN REST credentials), MD5 (STUN long-term key), SHA-256 and base64.
#pragma once

#include <array>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>

namespace parley::media::crypto {

using Sha1Digest = std::array<std::uint8_t, 20>;
using Md5Digest = std::array<std::uint8_t, 16>;

// HMAC-SHA1 over the concatenation of `pieces` (so callers can patch a header without copying).
Sha1Digest hmac_sha1(std::span<const std::uint8_t> key, std::initializer_list<std::span<const std::uint8_t>> pieces);

Md5Digest md5(std::string_view text);

std::string base64_encode(std::span<const std::uint8_t> bytes);

// Constant-time comparison for MACs.
bool equal_constant_time(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b);

inline std::span<const std::uint8_t> as_bytes(std::string_view s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

}  // namespace parley::media::crypto
