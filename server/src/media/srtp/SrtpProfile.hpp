// SRTP protection profiles negotiated by DTLS-SRTP (RFC 5764, RFC 7714) and their key sizes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace parley::media::srtp {

enum class SrtpProfile : std::uint16_t {
  Aes128CmHmacSha1_80 = 0x0001,  // SRTP_AES128_CM_SHA1_80
  AeadAes128Gcm = 0x0007,        // SRTP_AEAD_AES_128_GCM
};

constexpr std::size_t master_key_length(SrtpProfile) {
  return 16;
}
constexpr std::size_t master_salt_length(SrtpProfile profile) {
  return profile == SrtpProfile::AeadAes128Gcm ? 12 : 14;
}

// The OpenSSL name used in SSL_CTX_set_tlsext_use_srtp.
constexpr std::string_view openssl_name(SrtpProfile profile) {
  return profile == SrtpProfile::AeadAes128Gcm ? "SRTP_AEAD_AES_128_GCM" : "SRTP_AES128_CM_SHA1_80";
}

// Keys exported from a DTLS handshake, from this endpoint's point of view: `local` protects what we
// send, `remote` unprotects what we receive. Each is master key followed by master salt.
struct SrtpKeyingMaterial {
  SrtpProfile profile = SrtpProfile::AeadAes128Gcm;
  std::vector<std::uint8_t> local;
  std::vector<std::uint8_t> remote;
};

}  // namespace parley::media::srtp
