// STUN wire constants (RFC 8489, RFC 8445 for the ICE attributes, RFC 8656 for TURN's REALM/NONCE use).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace parley::media::ice {

inline constexpr std::uint32_t kStunMagicCookie = 0x2112A442;
inline constexpr std::size_t kStunHeaderSize = 20;
inline constexpr std::uint32_t kStunFingerprintXor = 0x5354554E;  // "STUN"

using TransactionId = std::array<std::uint8_t, 12>;

enum class StunClass : std::uint8_t { Request = 0, Indication = 1, SuccessResponse = 2, ErrorResponse = 3 };

namespace stun_method {
inline constexpr std::uint16_t kBinding = 0x001;
inline constexpr std::uint16_t kAllocate = 0x003;
inline constexpr std::uint16_t kRefresh = 0x004;
}  // namespace stun_method

namespace stun_attr {
inline constexpr std::uint16_t kMappedAddress = 0x0001;
inline constexpr std::uint16_t kUsername = 0x0006;
inline constexpr std::uint16_t kMessageIntegrity = 0x0008;
inline constexpr std::uint16_t kErrorCode = 0x0009;
inline constexpr std::uint16_t kUnknownAttributes = 0x000A;
inline constexpr std::uint16_t kRealm = 0x0014;
inline constexpr std::uint16_t kNonce = 0x0015;
inline constexpr std::uint16_t kXorMappedAddress = 0x0020;
inline constexpr std::uint16_t kPriority = 0x0024;
inline constexpr std::uint16_t kUseCandidate = 0x0025;
inline constexpr std::uint16_t kSoftware = 0x8022;
inline constexpr std::uint16_t kFingerprint = 0x8028;
inline constexpr std::uint16_t kIceControlled = 0x8029;
inline constexpr std::uint16_t kIceControlling = 0x802A;
}  // namespace stun_attr

namespace stun_error {
inline constexpr std::uint16_t kBadRequest = 400;
inline constexpr std::uint16_t kUnauthorized = 401;
inline constexpr std::uint16_t kUnknownAttribute = 420;
inline constexpr std::uint16_t kRoleConflict = 487;
inline constexpr std::uint16_t kServerError = 500;
}  // namespace stun_error

// Comprehension-required attributes have a type below 0x8000 (RFC 8489 section 14).
inline constexpr bool is_comprehension_required(std::uint16_t type) {
  return type < 0x8000;
}

}  // namespace parley::media::ice
