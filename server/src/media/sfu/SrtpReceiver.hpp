// SRTP authentication and decryption of the RTP publishers send, on OpenSSL (see SrtpSender for
// why not libsrtp here): RFC 7714 AEAD_AES_128_GCM and RFC 3711 AES_CM_128_HMAC_SHA1_80, with the
// receiver's rollover-counter estimate (RFC 3711 appendix A) and a 1024-packet replay window per
// SSRC, like the libsrtp sessions it replaces (window_size 1024). State for an SSRC is created only by
// a packet that authenticates; at most kMaxStreams SSRCs are tracked (the least recently used gives
// way). RTCP stays on libsrtp.
#pragma once

#include <array>
#include <bitset>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>

#include "media/srtp/SrtpProfile.hpp"

struct evp_cipher_ctx_st;
struct evp_mac_ctx_st;

namespace parley::media::sfu {

class SrtpReceiver {
 public:
  static constexpr std::size_t kMaxStreams = 16;
  static constexpr std::size_t kWindow = 1024;

  static std::unique_ptr<SrtpReceiver> create(srtp::SrtpProfile profile, std::span<const std::uint8_t> key_and_salt);
  ~SrtpReceiver();
  SrtpReceiver(const SrtpReceiver&) = delete;
  SrtpReceiver& operator=(const SrtpReceiver&) = delete;

  // In place: the plaintext length, or nullopt if the packet is malformed, fails authentication, or
  // is a replay (or older than the window).
  std::optional<std::size_t> unprotect_rtp(std::span<std::uint8_t> packet);

 private:
  struct Stream {
    std::uint32_t ssrc = 0;
    bool used = false;
    std::uint64_t highest = 0;  // highest authenticated packet index (ROC << 16 | SEQ)
    std::bitset<kWindow> seen;  // bit i: index highest - i was received
    std::uint64_t last_use = 0;
  };

  explicit SrtpReceiver(srtp::SrtpProfile profile) : profile_(profile) {}
  bool init(std::span<const std::uint8_t> key_and_salt);
  std::uint64_t estimate_index(const Stream* stream, std::uint16_t sequence) const;
  bool authenticate_and_decrypt(std::span<std::uint8_t> packet, std::size_t header, std::uint32_t ssrc,
                                std::uint64_t index, std::size_t& plaintext_length);
  void remember(std::uint32_t ssrc, Stream* stream, std::uint64_t index);

  srtp::SrtpProfile profile_;
  evp_cipher_ctx_st* cipher_ = nullptr;
  evp_mac_ctx_st* mac_ = nullptr;
  std::array<std::uint8_t, 14> salt_{};
  std::array<Stream, kMaxStreams> streams_{};
  std::uint64_t uses_ = 0;
};

}  // namespace parley::media::sfu
