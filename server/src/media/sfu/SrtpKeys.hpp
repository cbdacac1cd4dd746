// SRTP session keys for RTP derived from the DTLS-exported master key and salt (RFC 3711 section
// 4.3.3, AES-CM PRF, key derivation rate 0), exactly as libsrtp derives them: the master salt is
// zero-padded to 14 bytes (AEAD_AES_128_GCM's is 12). Shared by SrtpSender and SrtpReceiver.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>

#include "media/srtp/SrtpProfile.hpp"

namespace parley::media::sfu {

struct SrtpRtpKeys {
  std::array<std::uint8_t, 16> encryption{};
  std::array<std::uint8_t, 20> authentication{};  // HMAC-SHA1 key (AES-CM profile only)
  std::array<std::uint8_t, 14> salt{};            // 12 bytes used for GCM
};

// nullopt if the key material has the wrong size or OpenSSL fails.
std::optional<SrtpRtpKeys> derive_rtp_keys(srtp::SrtpProfile profile, std::span<const std::uint8_t> key_and_salt);

// Size of the RTP header (fixed part, CSRCs, extension) in the first `length` bytes, 0 if it does
// not fit.
std::size_t rtp_header_size(std::span<const std::uint8_t> packet, std::size_t length);

}  // namespace parley::media::sfu
