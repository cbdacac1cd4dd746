#include "CryptoCost.hpp"

#include <openssl/evp.h>

#include <time.h>

#include <array>
#include <cstdint>
#include <functional>
#include <vector>

#include "media/srtp/SrtpSession.hpp"

namespace parley::bench::sfu {
namespace {

using Clock = std::chrono::steady_clock;
namespace srtp = parley::media::srtp;

// Runs `one(i)` until `budget` passes (checking the clock every 256 calls).
CryptoCost time_case(std::string name, std::chrono::milliseconds budget,
                     const std::function<bool(std::uint32_t)>& one) {
  CryptoCost cost{std::move(name), 0, 0};
  const auto start = Clock::now();
  const auto end = start + budget;
  std::uint32_t i = 0;
  while (Clock::now() < end) {
    for (int k = 0; k < 256; ++k) {
      if (!one(i++)) return cost;  // a failure leaves ns_per_packet at 0
    }
  }
  cost.packets = i;
  cost.ns_per_packet = std::chrono::duration<double, std::nano>(Clock::now() - start).count() / i;
  return cost;
}

void write_rtp_header(std::vector<std::uint8_t>& packet, std::uint32_t sequence) {
  packet[0] = 0x80;
  packet[1] = 96;
  packet[2] = static_cast<std::uint8_t>(sequence >> 8);
  packet[3] = static_cast<std::uint8_t>(sequence);
  packet[8] = 0x12;  // ssrc 0x12345678
  packet[9] = 0x34;
  packet[10] = 0x56;
  packet[11] = 0x78;
}

CryptoCost srtp_case(const char* name, srtp::SrtpProfile profile, std::size_t size, std::chrono::milliseconds budget) {
  std::vector<std::uint8_t> key(srtp::master_key_length(profile) + srtp::master_salt_length(profile), 0x42);
  auto session = srtp::SrtpSession::create(profile, srtp::SrtpSession::Direction::Outbound, key);
  std::vector<std::uint8_t> packet(size + srtp::SrtpSession::kMaxTrailer, 0x5a);
  if (!session) return {name, 0, 0};
  // Sequence numbers must advance (libsrtp refuses to protect one twice); 16 bits wrap with the ROC.
  return time_case(name, budget, [&](std::uint32_t i) {
    write_rtp_header(packet, i);
    return session->protect_rtp(packet, size).has_value();
  });
}

CryptoCost openssl_gcm_case(std::size_t size, std::chrono::milliseconds budget) {
  EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
  const std::array<std::uint8_t, 16> key{};
  std::array<std::uint8_t, 12> iv{};
  std::vector<std::uint8_t> packet(size + 16, 0x5a);
  EVP_EncryptInit_ex(ctx, EVP_aes_128_gcm(), nullptr, key.data(), nullptr);
  auto cost = time_case("OpenSSL EVP AES-128-GCM (same work as SRTP GCM)", budget, [&](std::uint32_t i) {
    iv[11] = static_cast<std::uint8_t>(i);
    iv[10] = static_cast<std::uint8_t>(i >> 8);
    int length = 0;
    if (EVP_EncryptInit_ex(ctx, nullptr, nullptr, nullptr, iv.data()) != 1) return false;
    if (EVP_EncryptUpdate(ctx, nullptr, &length, packet.data(), 12) != 1) return false;  // header as AAD
    if (EVP_EncryptUpdate(ctx, packet.data() + 12, &length, packet.data() + 12, static_cast<int>(size - 12)) != 1)
      return false;
    if (EVP_EncryptFinal_ex(ctx, packet.data() + size, &length) != 1) return false;
    return EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, 16, packet.data() + size) == 1;
  });
  EVP_CIPHER_CTX_free(ctx);
  return cost;
}

}  // namespace

std::vector<CryptoCost> measure_crypto_cost(std::size_t packet_size, std::chrono::milliseconds per_case) {
  return {srtp_case("SrtpSession protect, AEAD_AES_128_GCM", srtp::SrtpProfile::AeadAes128Gcm, packet_size, per_case),
          srtp_case("SrtpSession protect, AES_CM_128_HMAC_SHA1_80", srtp::SrtpProfile::Aes128CmHmacSha1_80, packet_size,
                    per_case),
          openssl_gcm_case(packet_size, per_case)};
}

}  // namespace parley::bench::sfu
