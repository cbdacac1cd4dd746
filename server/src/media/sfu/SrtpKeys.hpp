// SRTP session keys for RTP derived from the DTLS-exported master key and salt (RFC 3711 section
// 4.3.3, AES-CM PRF, key derivation rate 0), exactly as libsrtp derives them: the master salt is
// zero-padded to 14 bytes (AEAD_AES_128_GCM's is 12). Shared by SrtpSender and SrtpReceiver.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>

#include "media/srtp/SrtpProfile.hpp"

struct evp_mac_ctx_st;

namespace parley::media::sfu {

struct SrtpRtpKeys {
  std::array<std::uint8_t, 16> encryption{};
  std::array<std::uint8_t, 20> authentication{};  // HMAC-SHA1 key (AES-CM profile only)
  std::array<std::uint8_t, 14> salt{};            // 12 bytes used for GCM
};

// nullopt if the key material has the wrong size or OpenSSL fails.
std::optional<SrtpRtpKeys> derive_rtp_keys(srtp::SrtpProfile profile, std::span<const std::uint8_t> key_and_salt);

// An OpenSSL HMAC-SHA1 context keyed with the AES-CM profile's authentication key; nullptr if OpenSSL
// fails. The caller owns it (EVP_MAC_CTX_free).
evp_mac_ctx_st* new_hmac_sha1(const SrtpRtpKeys& keys);

// Size of the RTP header (fixed part, CSRCs, extension) in the first `length` bytes, 0 if it does
// not fit.
std::size_t rtp_header_size(std::span<const std::uint8_t> packet, std::size_t length);

}  // namespace parley::media::sfu
