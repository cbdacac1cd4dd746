#include "media/sfu/SrtpSender.hpp"

#include <openssl/evp.h>

#include <cstring>

#include "media/common/ByteOrder.hpp"
#include "media/sfu/SequenceRewriter.hpp"
#include "media/sfu/SrtpKeys.hpp"

namespace parley::media::sfu {

namespace {

constexpr std::size_t kHmacTagLength = 10;
constexpr std::size_t kGcmTagLength = 16;

}  // namespace

std::uint32_t SrtpStreamState::roc_for(std::uint16_t sequence) {
  if (!started) {
    started = true;
    highest = sequence;
    return roc;
  }
  if (sequence_newer(sequence, highest)) {
    if (sequence < highest) ++roc;  // wrapped forward
    highest = sequence;
    return roc;
  }
  // Older (a retransmission): before the last wrap if it is numerically above the highest.
  return sequence > highest && roc > 0 ? roc - 1 : roc;
}

std::unique_ptr<SrtpSender> SrtpSender::create(srtp::SrtpProfile profile, std::span<const std::uint8_t> key_and_salt) {
  if (key_and_salt.size() != srtp::master_key_length(profile) + srtp::master_salt_length(profile)) return nullptr;
  std::unique_ptr<SrtpSender> sender(new SrtpSender(profile));
  if (!sender->init(key_and_salt)) return nullptr;
  return sender;
}

SrtpSender::~SrtpSender() {
  EVP_CIPHER_CTX_free(cipher_);
  EVP_MAC_CTX_free(mac_);
}

bool SrtpSender::init(std::span<const std::uint8_t> key_and_salt) {
  const auto keys = derive_rtp_keys(profile_, key_and_salt);
  if (!keys) return false;
  salt_ = keys->salt;
  const bool gcm = profile_ == srtp::SrtpProfile::AeadAes128Gcm;
  cipher_ = EVP_CIPHER_CTX_new();
  if (cipher_ == nullptr) return false;
  if (EVP_EncryptInit_ex(cipher_, gcm ? EVP_aes_128_gcm() : EVP_aes_128_ctr(), nullptr, nullptr, nullptr) != 1)
    return false;
  if (gcm && EVP_CIPHER_CTX_ctrl(cipher_, EVP_CTRL_GCM_SET_IVLEN, 12, nullptr) != 1) return false;
  if (EVP_EncryptInit_ex(cipher_, nullptr, nullptr, keys->encryption.data(), nullptr) != 1) return false;
  if (gcm) return true;
  mac_ = new_hmac_sha1(*keys);
  return mac_ != nullptr;
}

std::optional<std::size_t> SrtpSender::protect_rtp(std::span<std::uint8_t> buffer, std::size_t length,
                                                   SrtpStreamState& stream) {
  const std::size_t header = rtp_header_size(buffer, length);
  if (header == 0 || length + kMaxTrailer > buffer.size()) return std::nullopt;
  const std::uint16_t sequence = load_be16(buffer.data() + 2);
  const std::uint32_t ssrc = load_be32(buffer.data() + 8);
  const std::uint32_t roc = stream.roc_for(sequence);
  return profile_ == srtp::SrtpProfile::AeadAes128Gcm ? protect_gcm(buffer, length, header, ssrc, roc, sequence)
                                                      : protect_cm(buffer, length, header, ssrc, roc, sequence);
}

// RFC 7714 section 8: IV = (00 00 || SSRC || ROC || SEQ) XOR salt; the header is AAD; tag appended.
std::optional<std::size_t> SrtpSender::protect_gcm(std::span<std::uint8_t> buffer, std::size_t length,
                                                   std::size_t header, std::uint32_t ssrc, std::uint32_t roc,
                                                   std::uint16_t sequence) {
  std::array<std::uint8_t, 12> iv{};
  store_be32(iv.data() + 2, ssrc);
  store_be32(iv.data() + 6, roc);
  store_be16(iv.data() + 10, sequence);
  for (std::size_t i = 0; i < iv.size(); ++i) iv[i] ^= salt_[i];
  int n = 0;
  std::uint8_t* payload = buffer.data() + header;
  const int payload_length = static_cast<int>(length - header);
  if (EVP_EncryptInit_ex(cipher_, nullptr, nullptr, nullptr, iv.data()) != 1 ||
      EVP_EncryptUpdate(cipher_, nullptr, &n, buffer.data(), static_cast<int>(header)) != 1 ||
      EVP_EncryptUpdate(cipher_, payload, &n, payload, payload_length) != 1 ||
      EVP_EncryptFinal_ex(cipher_, payload + n, &n) != 1 ||
      EVP_CIPHER_CTX_ctrl(cipher_, EVP_CTRL_GCM_GET_TAG, kGcmTagLength, buffer.data() + length) != 1) {
    return std::nullopt;
  }
  return length + kGcmTagLength;
}

// RFC 3711 sections 4.1.1 and 4.2: AES-CTR from (salt * 2^16) XOR (SSRC * 2^64) XOR (index * 2^16),
// then HMAC-SHA1 over the packet and the ROC, truncated to 80 bits.
std::optional<std::size_t> SrtpSender::protect_cm(std::span<std::uint8_t> buffer, std::size_t length,
                                                  std::size_t header, std::uint32_t ssrc, std::uint32_t roc,
                                                  std::uint16_t sequence) {
  std::array<std::uint8_t, 16> iv{};
  std::memcpy(iv.data(), salt_.data(), 14);
  std::uint8_t block[8];
  store_be32(block, ssrc);
  for (int i = 0; i < 4; ++i) iv[4 + i] ^= block[i];
  store_be32(block, roc);
  store_be16(block + 4, sequence);
  for (int i = 0; i < 6; ++i) iv[8 + i] ^= block[i];
  int n = 0;
  std::uint8_t* payload = buffer.data() + header;
  if (EVP_EncryptInit_ex(cipher_, nullptr, nullptr, nullptr, iv.data()) != 1 ||
      EVP_EncryptUpdate(cipher_, payload, &n, payload, static_cast<int>(length - header)) != 1) {
    return std::nullopt;
  }
  std::uint8_t roc_bytes[4];
  store_be32(roc_bytes, roc);
  std::uint8_t tag[20];
  std::size_t tag_length = 0;
  if (EVP_MAC_init(mac_, nullptr, 0, nullptr) != 1 || EVP_MAC_update(mac_, buffer.data(), length) != 1 ||
      EVP_MAC_update(mac_, roc_bytes, sizeof(roc_bytes)) != 1 ||
      EVP_MAC_final(mac_, tag, &tag_length, sizeof(tag)) != 1) {
    return std::nullopt;
  }
  std::memcpy(buffer.data() + length, tag, kHmacTagLength);
  return length + kHmacTagLength;
}

}  // namespace parley::media::sfu
