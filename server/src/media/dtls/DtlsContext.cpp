#include "media/dtls/DtlsContext.hpp"

#include <openssl/ssl.h>

#include <string>

namespace parley::media::dtls {
namespace {

int accept_any_certificate(int, X509_STORE_CTX*) {
  return 1;
}

}  // namespace

std::shared_ptr<const DtlsContext> DtlsContext::create(std::shared_ptr<const DtlsCertificate> certificate,
                                                       const std::vector<srtp::SrtpProfile>& profiles) {
  if (!certificate || profiles.empty()) return nullptr;
  SSL_CTX* ctx = SSL_CTX_new(DTLS_method());
  if (ctx == nullptr) return nullptr;
  std::string profile_list;
  for (auto p : profiles) {
    if (!profile_list.empty()) profile_list += ':';
    profile_list += srtp::openssl_name(p);
  }
  bool ok = SSL_CTX_set_min_proto_version(ctx, DTLS1_2_VERSION) == 1 &&
            SSL_CTX_set_max_proto_version(ctx, DTLS1_2_VERSION) == 1 &&
            SSL_CTX_use_certificate(ctx, certificate->certificate()) == 1 &&
            SSL_CTX_use_PrivateKey(ctx, certificate->private_key()) == 1 && SSL_CTX_check_private_key(ctx) == 1 &&
            SSL_CTX_set_cipher_list(ctx,
                                    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
                                    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
                                    "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305") == 1 &&
            SSL_CTX_set1_groups_list(ctx, "X25519:P-256:P-384") == 1 &&
            // Unlike most OpenSSL calls, this one returns 0 on success.
            SSL_CTX_set_tlsext_use_srtp(ctx, profile_list.c_str()) == 0;
  if (!ok) {
    SSL_CTX_free(ctx);
    return nullptr;
  }
  SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, accept_any_certificate);
  // We run over memory BIOs and choose the MTU ourselves; no tickets or renegotiation for DTLS-SRTP.
  SSL_CTX_set_options(ctx, SSL_OP_NO_QUERY_MTU | SSL_OP_NO_TICKET | SSL_OP_NO_RENEGOTIATION);
  SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
  return std::shared_ptr<const DtlsContext>(new DtlsContext(ctx, std::move(certificate)));
}

DtlsContext::~DtlsContext() {
  SSL_CTX_free(context_);
}

}  // namespace parley::media::dtls
