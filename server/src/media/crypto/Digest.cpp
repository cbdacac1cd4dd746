#include "media/crypto/Digest.hpp"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <memory>

namespace parley::media::crypto {
namespace {

// Fetched once: EVP_MAC objects are immutable and safe to share between threads.
EVP_MAC* hmac_algorithm() {
  static EVP_MAC* const mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  return mac;
}

struct MacCtxDeleter {
  void operator()(EVP_MAC_CTX* c) const { EVP_MAC_CTX_free(c); }
};

}  // namespace

Sha1Digest hmac_sha1(std::span<const std::uint8_t> key, std::initializer_list<std::span<const std::uint8_t>> pieces) {
  Sha1Digest out{};
  std::unique_ptr<EVP_MAC_CTX, MacCtxDeleter> ctx(EVP_MAC_CTX_new(hmac_algorithm()));
  if (!ctx) return out;
  char digest_name[] = "SHA1";
  OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest_name, 0),
                         OSSL_PARAM_construct_end()};
  // OpenSSL rejects a null key pointer even with length 0; an empty STUN password is legal.
  static const std::uint8_t kEmpty = 0;
  const std::uint8_t* key_data = key.empty() ? &kEmpty : key.data();
  if (EVP_MAC_init(ctx.get(), key_data, key.size(), params) != 1) return out;
  for (const auto& piece : pieces) {
    if (!piece.empty()) EVP_MAC_update(ctx.get(), piece.data(), piece.size());
  }
  std::size_t written = 0;
  EVP_MAC_final(ctx.get(), out.data(), &written, out.size());
  return out;
}

Md5Digest md5(std::string_view text) {
  Md5Digest out{};
  unsigned int written = 0;
  EVP_Digest(text.data(), text.size(), out.data(), &written, EVP_md5(), nullptr);
  return out;
}

std::string base64_encode(std::span<const std::uint8_t> bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3), '\0');
  const int n =
      EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), bytes.data(), static_cast<int>(bytes.size()));
  out.resize(n < 0 ? 0 : static_cast<std::size_t>(n));
  return out;
}

bool equal_constant_time(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace parley::media::crypto
