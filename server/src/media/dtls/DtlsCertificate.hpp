// A self-signed ECDSA P-256 certificate generated in memory for DTLS-SRTP, and certificate
// fingerprints in the SDP "a=fingerprint" format (RFC 8122): upper-case hex pairs joined by ':'.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

struct x509_st;
struct evp_pkey_st;

namespace parley::media::dtls {

class DtlsCertificate {
 public:
  // nullptr if OpenSSL fails. Valid from one day ago for `valid_days` (WebRTC certificates are
  // identified by fingerprint, so their names and dates only need to be sane).
  static std::shared_ptr<const DtlsCertificate> generate(std::string_view common_name = "parley", int valid_days = 30);
  ~DtlsCertificate();
  DtlsCertificate(const DtlsCertificate&) = delete;
  DtlsCertificate& operator=(const DtlsCertificate&) = delete;

  x509_st* certificate() const { return certificate_; }
  evp_pkey_st* private_key() const { return key_; }
  const std::string& fingerprint_sha256() const { return fingerprint_sha256_; }

 private:
  DtlsCertificate(x509_st* certificate, evp_pkey_st* key);

  x509_st* certificate_;
  evp_pkey_st* key_;
  std::string fingerprint_sha256_;
};

// "sha-256", "sha-1", "sha-384", "sha-512" (case-insensitive); nullopt for other algorithms.
std::optional<std::string> certificate_fingerprint(x509_st* certificate, std::string_view algorithm);

// Compares fingerprints ignoring case.
bool fingerprints_equal(std::string_view a, std::string_view b);

}  // namespace parley::media::dtls
