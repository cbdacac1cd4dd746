// SRTP protection of the RTP the SFU forwards, on OpenSSL's AES (AES-NI): the system libsrtp here is
// built on NSS, whose per-packet PKCS#11 context set-up and locking cost several microseconds per
// packet, which is most of the forwarding cost per consumer. Implements RFC 7714 AEAD_AES_128_GCM
// and RFC 3711 AES_CM_128_HMAC_SHA1_80 for RTP (not RTCP: libsrtp keeps doing that), with session
// keys derived from the DTLS-exported master key and salt like libsrtp does (RFC 3711 section 4.3,
// key derivation rate 0). A stream's rollover counter lives with its owner (SrtpStreamState), so
// protecting needs no per-SSRC lookup; retransmissions of older sequence numbers get the right ROC.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>

#include "media/srtp/SrtpProfile.hpp"

struct evp_cipher_ctx_st;
struct evp_mac_ctx_st;

namespace parley::media::sfu {

// Sender-side index state of one outgoing SSRC.
struct SrtpStreamState {
  bool started = false;
  std::uint16_t highest = 0;
  std::uint32_t roc = 0;
  // The rollover counter for `sequence` (advancing it when the sequence number wraps forward).
  std::uint32_t roc_for(std::uint16_t sequence);
};

class SrtpSender {
 public:
  static constexpr std::size_t kMaxTrailer = 16;  // GCM tag; HMAC-SHA1-80 adds 10

  // nullptr if the key material has the wrong size or OpenSSL fails.
  static std::unique_ptr<SrtpSender> create(srtp::SrtpProfile profile, std::span<const std::uint8_t> key_and_salt);
  ~SrtpSender();
  SrtpSender(const SrtpSender&) = delete;
  SrtpSender& operator=(const SrtpSender&) = delete;

  // In place: the RTP packet (already valid) in the first `length` bytes of `buffer`, which has
  // kMaxTrailer spare bytes. Returns the protected length.
  std::optional<std::size_t> protect_rtp(std::span<std::uint8_t> buffer, std::size_t length, SrtpStreamState& stream);

 private:
  explicit SrtpSender(srtp::SrtpProfile profile) : profile_(profile) {}
  bool init(std::span<const std::uint8_t> key_and_salt);
  std::optional<std::size_t> protect_gcm(std::span<std::uint8_t> buffer, std::size_t length, std::size_t header,
                                         std::uint32_t ssrc, std::uint32_t roc, std::uint16_t sequence);
  std::optional<std::size_t> protect_cm(std::span<std::uint8_t> buffer, std::size_t length, std::size_t header,
                                        std::uint32_t ssrc, std::uint32_t roc, std::uint16_t sequence);

  srtp::SrtpProfile profile_;
  evp_cipher_ctx_st* cipher_ = nullptr;
  evp_mac_ctx_st* mac_ = nullptr;  // HMAC-SHA1 with the session auth key (AES-CM profile)
  std::array<std::uint8_t, 14> salt_{};
};

}  // namespace parley::media::sfu
