#include "media/sfu/SrtpReceiver.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <cstring>

#include "media/common/ByteOrder.hpp"
#include "media/sfu/SrtpKeys.hpp"

namespace parley::media::sfu {

namespace {
constexpr std::size_t kHmacTagLength = 10;
constexpr std::size_t kGcmTagLength = 16;
}  // namespace

std::unique_ptr<SrtpReceiver> SrtpReceiver::create(srtp::SrtpProfile profile,
                                                   std::span<const std::uint8_t> key_and_salt) {
  std::unique_ptr<SrtpReceiver> receiver(new SrtpReceiver(profile));
  if (!receiver->init(key_and_salt)) return nullptr;
  return receiver;
}

SrtpReceiver::~SrtpReceiver() {
  EVP_CIPHER_CTX_free(cipher_);
  EVP_MAC_CTX_free(mac_);
}

bool SrtpReceiver::init(std::span<const std::uint8_t> key_and_salt) {
  const auto keys = derive_rtp_keys(profile_, key_and_salt);
  if (!keys) return false;
  salt_ = keys->salt;
  const bool gcm = profile_ == srtp::SrtpProfile::AeadAes128Gcm;
  cipher_ = EVP_CIPHER_CTX_new();
  if (cipher_ == nullptr) return false;
  if (gcm) {
    if (EVP_DecryptInit_ex(cipher_, EVP_aes_128_gcm(), nullptr, nullptr, nullptr) != 1 ||
        EVP_CIPHER_CTX_ctrl(cipher_, EVP_CTRL_GCM_SET_IVLEN, 12, nullptr) != 1 ||
        EVP_DecryptInit_ex(cipher_, nullptr, nullptr, keys->encryption.data(), nullptr) != 1) {
      return false;
    }
    return true;
  }
  // AES-CTR decrypts by encrypting.
  if (EVP_EncryptInit_ex(cipher_, EVP_aes_128_ctr(), nullptr, keys->encryption.data(), nullptr) != 1) return false;
  mac_ = new_hmac_sha1(*keys);
  return mac_ != nullptr;
}

// RFC 3711 appendix A: the ROC that puts `sequence` closest to the highest sequence number seen.
std::uint64_t SrtpReceiver::estimate_index(const Stream* stream, std::uint16_t sequence) const {
  if (stream == nullptr) return sequence;  // a new stream starts with ROC 0
  const auto s_l = static_cast<std::uint16_t>(stream->highest & 0xFFFF);
  const auto roc = static_cast<std::int64_t>(stream->highest >> 16);
  std::int64_t v = roc;
  if (s_l < 0x8000) {
    if (sequence > s_l && sequence - s_l > 0x8000) v = roc - 1;
  } else if (s_l - 0x8000 > sequence) {
    v = roc + 1;
  }
  if (v < 0) return UINT64_MAX;  // before the first packet: too old
  return (static_cast<std::uint64_t>(v) << 16) | sequence;
}

bool SrtpReceiver::authenticate_and_decrypt(std::span<std::uint8_t> packet, std::size_t header, std::uint32_t ssrc,
                                            std::uint64_t index, std::size_t& plaintext_length) {
  const auto roc = static_cast<std::uint32_t>(index >> 16);
  const auto sequence = static_cast<std::uint16_t>(index & 0xFFFF);
  int n = 0;
  if (profile_ == srtp::SrtpProfile::AeadAes128Gcm) {
    if (packet.size() < header + kGcmTagLength) return false;
    const std::size_t length = packet.size() - kGcmTagLength;
    std::array<std::uint8_t, 12> iv{};
    store_be32(iv.data() + 2, ssrc);
    store_be32(iv.data() + 6, roc);
    store_be16(iv.data() + 10, sequence);
    for (std::size_t i = 0; i < iv.size(); ++i) iv[i] ^= salt_[i];
    std::uint8_t* payload = packet.data() + header;
    if (EVP_DecryptInit_ex(cipher_, nullptr, nullptr, nullptr, iv.data()) != 1 ||
        EVP_DecryptUpdate(cipher_, nullptr, &n, packet.data(), static_cast<int>(header)) != 1 ||
        EVP_DecryptUpdate(cipher_, payload, &n, payload, static_cast<int>(length - header)) != 1 ||
        EVP_CIPHER_CTX_ctrl(cipher_, EVP_CTRL_GCM_SET_TAG, kGcmTagLength, packet.data() + length) != 1 ||
        EVP_DecryptFinal_ex(cipher_, payload + n, &n) != 1) {
      return false;  // the tag did not match: the payload bytes are garbage now, and dropped
    }
    plaintext_length = length;
    return true;
  }
  if (packet.size() < header + kHmacTagLength) return false;
  const std::size_t length = packet.size() - kHmacTagLength;
  std::uint8_t roc_bytes[4];
  store_be32(roc_bytes, roc);
  std::uint8_t tag[20];
  std::size_t tag_length = 0;
  if (EVP_MAC_init(mac_, nullptr, 0, nullptr) != 1 || EVP_MAC_update(mac_, packet.data(), length) != 1 ||
      EVP_MAC_update(mac_, roc_bytes, sizeof(roc_bytes)) != 1 ||
      EVP_MAC_final(mac_, tag, &tag_length, sizeof(tag)) != 1 ||
      CRYPTO_memcmp(tag, packet.data() + length, kHmacTagLength) != 0) {
    return false;
  }
  std::array<std::uint8_t, 16> iv{};
  std::memcpy(iv.data(), salt_.data(), 14);
  std::uint8_t block[8];
  store_be32(block, ssrc);
  for (int i = 0; i < 4; ++i) iv[4 + i] ^= block[i];
  store_be32(block, roc);
  store_be16(block + 4, sequence);
  for (int i = 0; i < 6; ++i) iv[8 + i] ^= block[i];
  std::uint8_t* payload = packet.data() + header;
  if (EVP_EncryptInit_ex(cipher_, nullptr, nullptr, nullptr, iv.data()) != 1 ||
      EVP_EncryptUpdate(cipher_, payload, &n, payload, static_cast<int>(length - header)) != 1) {
    return false;
  }
  plaintext_length = length;
  return true;
}

void SrtpReceiver::remember(std::uint32_t ssrc, Stream* stream, std::uint64_t index) {
  if (stream == nullptr) {
    // A new SSRC takes a free slot or the least recently used one.
    stream = &streams_[0];
    for (auto& s : streams_) {
      if (!s.used) {
        stream = &s;
        break;
      }
      if (s.last_use < stream->last_use) stream = &s;
    }
    *stream = Stream{};
    stream->ssrc = ssrc;
    stream->used = true;
    stream->highest = index;
    stream->seen.set(0);
  } else if (index > stream->highest) {
    const std::uint64_t shift = index - stream->highest;
    if (shift >= kWindow) {
      stream->seen.reset();
    } else {
      stream->seen <<= static_cast<std::size_t>(shift);
    }
    stream->seen.set(0);
    stream->highest = index;
  } else {
    stream->seen.set(static_cast<std::size_t>(stream->highest - index));
  }
  stream->last_use = ++uses_;
}

std::optional<std::size_t> SrtpReceiver::unprotect_rtp(std::span<std::uint8_t> packet) {
  const std::size_t header = rtp_header_size(packet, packet.size());
  if (header == 0) return std::nullopt;
  const std::uint32_t ssrc = load_be32(packet.data() + 8);
  const std::uint16_t sequence = load_be16(packet.data() + 2);
  Stream* stream = nullptr;
  for (auto& s : streams_) {
    if (s.used && s.ssrc == ssrc) stream = &s;
  }
  const std::uint64_t index = estimate_index(stream, sequence);
  if (index == UINT64_MAX) return std::nullopt;
  if (stream != nullptr && index <= stream->highest) {
    const std::uint64_t age = stream->highest - index;
    if (age >= kWindow || stream->seen.test(static_cast<std::size_t>(age))) return std::nullopt;  // replay
  }
  std::size_t plaintext_length = 0;
  if (!authenticate_and_decrypt(packet, header, ssrc, index, plaintext_length)) return std::nullopt;
  remember(ssrc, stream, index);
  return plaintext_length;
}

}  // namespace parley::media::sfu
