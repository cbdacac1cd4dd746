// Shared DTLS 1.2 configuration (an OpenSSL SSL_CTX): our certificate, the SRTP profiles we accept
// in preference order, ECDHE-ECDSA/RSA AEAD ciphers, and "verify peer, accept any certificate" since
// WebRTC authenticates the peer certificate by the fingerprint in SDP after the handshake.
#pragma once

#include <memory>
#include <vector>

#include "media/dtls/DtlsCertificate.hpp"
#include "media/srtp/SrtpProfile.hpp"

struct ssl_ctx_st;

namespace parley::media::dtls {

class DtlsContext {
 public:
  static std::shared_ptr<const DtlsContext> create(std::shared_ptr<const DtlsCertificate> certificate,
                                                   const std::vector<srtp::SrtpProfile>& profiles = {
                                                       srtp::SrtpProfile::AeadAes128Gcm,
                                                       srtp::SrtpProfile::Aes128CmHmacSha1_80});
  ~DtlsContext();
  DtlsContext(const DtlsContext&) = delete;
  DtlsContext& operator=(const DtlsContext&) = delete;

  ssl_ctx_st* native() const { return context_; }
  const DtlsCertificate& certificate() const { return *certificate_; }

 private:
  DtlsContext(ssl_ctx_st* context, std::shared_ptr<const DtlsCertificate> certificate)
      : context_(context), certificate_(std::move(certificate)) {}

  ssl_ctx_st* context_;
  std::shared_ptr<const DtlsCertificate> certificate_;
};

}  // namespace parley::media::dtls
