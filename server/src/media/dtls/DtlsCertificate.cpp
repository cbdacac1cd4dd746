#include "media/dtls/DtlsCertificate.hpp"

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/x509.h>

#include <cctype>

namespace parley::media::dtls {

DtlsCertificate::DtlsCertificate(x509_st* certificate, evp_pkey_st* key) : certificate_(certificate), key_(key) {
  fingerprint_sha256_ = certificate_fingerprint(certificate_, "sha-256").value_or("");
}

DtlsCertificate::~DtlsCertificate() {
  X509_free(certificate_);
  EVP_PKEY_free(key_);
}

std::shared_ptr<const DtlsCertificate> DtlsCertificate::generate(std::string_view common_name, int valid_days) {
  EVP_PKEY* key = EVP_EC_gen("P-256");
  if (key == nullptr) return nullptr;
  X509* x509 = X509_new();
  if (x509 == nullptr) {
    EVP_PKEY_free(key);
    return nullptr;
  }
  bool ok = X509_set_version(x509, 2) == 1;  // v3
  // A random positive 63-bit serial number.
  std::uint64_t serial = 0;
  ok = ok && RAND_bytes(reinterpret_cast<unsigned char*>(&serial), sizeof(serial)) == 1;
  serial &= 0x7FFFFFFFFFFFFFFFULL;
  BIGNUM* bn = BN_new();
  ok = ok && bn != nullptr && BN_set_word(bn, serial) == 1 &&
       BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(x509)) != nullptr;
  BN_free(bn);
  ok = ok && X509_gmtime_adj(X509_getm_notBefore(x509), -24L * 3600) != nullptr &&
       X509_gmtime_adj(X509_getm_notAfter(x509), static_cast<long>(valid_days) * 24 * 3600) != nullptr;
  X509_NAME* name = X509_get_subject_name(x509);
  const std::string cn(common_name.empty() ? "parley" : common_name);
  ok = ok && X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>(cn.c_str()),
                                        -1, -1, 0) == 1;
  ok = ok && X509_set_issuer_name(x509, name) == 1 && X509_set_pubkey(x509, key) == 1 &&
       X509_sign(x509, key, EVP_sha256()) > 0;
  if (!ok) {
    X509_free(x509);
    EVP_PKEY_free(key);
    return nullptr;
  }
  auto certificate = std::shared_ptr<const DtlsCertificate>(new DtlsCertificate(x509, key));
  if (certificate->fingerprint_sha256().empty()) return nullptr;
  return certificate;
}

std::optional<std::string> certificate_fingerprint(x509_st* certificate, std::string_view algorithm) {
  const EVP_MD* md = nullptr;
  auto is = [&](std::string_view name) {
    if (algorithm.size() != name.size()) return false;
    for (std::size_t i = 0; i < name.size(); ++i) {
      if (std::tolower(static_cast<unsigned char>(algorithm[i])) != name[i]) return false;
    }
    return true;
  };
  if (is("sha-256")) {
    md = EVP_sha256();
  } else if (is("sha-1")) {
    md = EVP_sha1();
  } else if (is("sha-384")) {
    md = EVP_sha384();
  } else if (is("sha-512")) {
    md = EVP_sha512();
  } else {
    return std::nullopt;
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (certificate == nullptr || X509_digest(certificate, md, digest, &length) != 1) return std::nullopt;
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(std::size_t{length} * 3);
  for (unsigned int i = 0; i < length; ++i) {
    if (i != 0) out += ':';
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 0x0F];
  }
  return out;
}

bool fingerprints_equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::toupper(static_cast<unsigned char>(a[i])) != std::toupper(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

}  // namespace parley::media::dtls
