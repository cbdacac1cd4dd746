#include "media/sfu/SrtpKeys.hpp"

#include <openssl/core_names.h>
#include <openssl/evp.h>

#include <cstring>

#include "media/common/ByteOrder.hpp"

namespace parley::media::sfu {

namespace {

constexpr std::uint8_t kLabelRtpEncryption = 0x00;
constexpr std::uint8_t kLabelRtpAuthentication = 0x01;
constexpr std::uint8_t kLabelRtpSalt = 0x02;

// The keystream of AES-CTR under the master key, starting at (master salt XOR label at byte 7) * 2^16.
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

}  // namespace

std::optional<SrtpRtpKeys> derive_rtp_keys(srtp::SrtpProfile profile, std::span<const std::uint8_t> key_and_salt) {
  if (key_and_salt.size() != srtp::master_key_length(profile) + srtp::master_salt_length(profile)) return std::nullopt;
  const auto master_key = key_and_salt.first(16);
  std::array<std::uint8_t, 14> master_salt{};
  std::memcpy(master_salt.data(), key_and_salt.data() + 16, key_and_salt.size() - 16);
  const bool gcm = profile == srtp::SrtpProfile::AeadAes128Gcm;
  SrtpRtpKeys keys;
  if (!derive(master_key, master_salt, kLabelRtpEncryption, keys.encryption) ||
      !derive(master_key, master_salt, kLabelRtpSalt, std::span(keys.salt.data(), gcm ? 12 : 14)) ||
      (!gcm && !derive(master_key, master_salt, kLabelRtpAuthentication, keys.authentication))) {
    return std::nullopt;
  }
  return keys;
}

std::size_t rtp_header_size(std::span<const std::uint8_t> packet, std::size_t length) {
  if (length < 12 || length > packet.size()) return 0;
  std::size_t size = 12 + 4 * std::size_t{packet[0] & 0x0Fu};
  if ((packet[0] & 0x10) != 0) {
    if (size + 4 > length) return 0;
    size += 4 + 4 * std::size_t{load_be16(packet.data() + size + 2)};
  }
  return size <= length ? size : 0;
}

EVP_MAC_CTX* new_hmac_sha1(const SrtpRtpKeys& keys) {
  EVP_MAC* hmac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  if (hmac == nullptr) return nullptr;
  EVP_MAC_CTX* context = EVP_MAC_CTX_new(hmac);
  EVP_MAC_free(hmac);
  if (context == nullptr) return nullptr;
  char digest[] = "SHA1";
  OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
                         OSSL_PARAM_construct_end()};
  if (EVP_MAC_init(context, keys.authentication.data(), keys.authentication.size(), params) != 1) {
    EVP_MAC_CTX_free(context);
    return nullptr;
  }
  return context;
}

}  // namespace parley::media::sfu
