#include "media/sfu/SrtpSender.hpp"

#include <openssl/core_names.h>
#include <openssl/evp.h>

#include <cstring>

#include "media/common/ByteOrder.hpp"
#include "media/sfu/SequenceRewriter.hpp"

namespace parley::media::sfu {

namespace {

constexpr std::uint8_t kLabelRtpEncryption = 0x00;
constexpr std::uint8_t kLabelRtpAuthentication = 0x01;
constexpr std::uint8_t kLabelRtpSalt = 0x02;
constexpr std::size_t kAuthKeyLength = 20;
constexpr std::size_t kHmacTagLength = 10;
constexpr std::size_t kGcmTagLength = 16;

// RFC 3711 section 4.3.3 (AES-CM PRF): the keystream of AES-CTR under the master key, starting at
// (master salt XOR label at byte 7) * 2^16. The salt is zero-padded to 14 bytes (GCM's is 12),
// as libsrtp does.
bool derive(std::span<const std::uint8_t> master_key, const std::array<std::uint8_t, 14>& master_salt,
            std::uint8_t label, std::span<std::uint8_t> out) {
  std::array<std::uint8_t, 16> iv{};
  std::memcpy(iv.data(), master_salt.data(), master_salt.size());
  iv[7] ^= label;
  EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
  if (ctx == nullptr) return false;
  std::array<std::uint8_t, 32> zeros{};
  int written = 0;
  const bool ok = out.size() <= zeros.size() &&
                  EVP_EncryptInit_ex(ctx, EVP_aes_128_ctr(), nullptr, master_key.data(), iv.data()) == 1 &&
                  EVP_EncryptUpdate(ctx, out.data(), &written, zeros.data(), static_cast<int>(out.size())) == 1;
  EVP_CIPHER_CTX_free(ctx);
  return ok && written == static_cast<int>(out.size());
}

// Size of the RTP header (fixed part, CSRCs, extension), or 0 if it does not fit.
std::size_t rtp_header_size(std::span<const std::uint8_t> packet, std::size_t length) {
  if (length < 12) return 0;
  std::size_t size = 12 + 4 * std::size_t{packet[0] & 0x0Fu};
  if ((packet[0] & 0x10) != 0) {
    if (size + 4 > length) return 0;
    size += 4 + 4 * std::size_t{load_be16(packet.data() + size + 2)};
  }
  return size <= length ? size : 0;
}

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
  const auto master_key = key_and_salt.first(16);
  std::array<std::uint8_t, 14> master_salt{};
  std::memcpy(master_salt.data(), key_and_salt.data() + 16, key_and_salt.size() - 16);
  const bool gcm = profile_ == srtp::SrtpProfile::AeadAes128Gcm;

  std::array<std::uint8_t, 16> session_key{};
  if (!derive(master_key, master_salt, kLabelRtpEncryption, session_key)) return false;
  if (!derive(master_key, master_salt, kLabelRtpSalt, std::span(salt_.data(), gcm ? 12 : 14))) return false;
  cipher_ = EVP_CIPHER_CTX_new();
  if (cipher_ == nullptr) return false;
  if (EVP_EncryptInit_ex(cipher_, gcm ? EVP_aes_128_gcm() : EVP_aes_128_ctr(), nullptr, nullptr, nullptr) != 1)
    return false;
  if (gcm && EVP_CIPHER_CTX_ctrl(cipher_, EVP_CTRL_GCM_SET_IVLEN, 12, nullptr) != 1) return false;
  if (EVP_EncryptInit_ex(cipher_, nullptr, nullptr, session_key.data(), nullptr) != 1) return false;
  if (gcm) return true;

  std::array<std::uint8_t, kAuthKeyLength> auth_key{};
  if (!derive(master_key, master_salt, kLabelRtpAuthentication, auth_key)) return false;
  EVP_MAC* hmac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  if (hmac == nullptr) return false;
  mac_ = EVP_MAC_CTX_new(hmac);
  EVP_MAC_free(hmac);
  if (mac_ == nullptr) return false;
  char digest[] = "SHA1";
  OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
                         OSSL_PARAM_construct_end()};
  return EVP_MAC_init(mac_, auth_key.data(), auth_key.size(), params) == 1;
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
