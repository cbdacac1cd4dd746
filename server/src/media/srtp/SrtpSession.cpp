#include "media/srtp/SrtpSession.hpp"

#include <srtp2/srtp.h>

#include <climits>
#include <mutex>
#include <vector>

namespace parley::media::srtp {

static_assert(SrtpSession::kMaxTrailer >= SRTP_MAX_TRAILER_LEN);

bool ensure_srtp_initialized() {
  static std::once_flag once;
  static bool ok = false;
  std::call_once(once, [] { ok = srtp_init() == srtp_err_status_ok; });
  return ok;
}

std::unique_ptr<SrtpSession> SrtpSession::create(SrtpProfile profile, Direction direction,
                                                 std::span<const std::uint8_t> key_and_salt) {
  if (!ensure_srtp_initialized()) return nullptr;
  if (key_and_salt.size() != master_key_length(profile) + master_salt_length(profile)) return nullptr;

  srtp_policy_t policy{};
  if (profile == SrtpProfile::AeadAes128Gcm) {
    srtp_crypto_policy_set_aes_gcm_128_16_auth(&policy.rtp);
    srtp_crypto_policy_set_aes_gcm_128_16_auth(&policy.rtcp);
  } else {
    srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&policy.rtp);
    srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&policy.rtcp);
  }
  policy.ssrc.type = direction == Direction::Outbound ? ssrc_any_outbound : ssrc_any_inbound;
  // libsrtp reads the key through a non-const pointer but does not modify it.
  std::vector<unsigned char> key(key_and_salt.begin(), key_and_salt.end());
  policy.key = key.data();
  policy.window_size = 1024;  // large enough for video bursts reordered by the network
  // NACK retransmissions without RTX re-protect the same packet under the same sequence number.
  // Callers must only ever repeat an identical packet: with AES-GCM a different payload under a
  // reused sequence number would reuse the nonce.
  policy.allow_repeat_tx = 1;
  policy.next = nullptr;

  srtp_t session = nullptr;
  if (srtp_create(&session, &policy) != srtp_err_status_ok) return nullptr;
  return std::unique_ptr<SrtpSession>(new SrtpSession(profile, session));
}

SrtpSession::~SrtpSession() {
  if (session_ != nullptr) srtp_dealloc(session_);
}

namespace {

bool fits(std::span<std::uint8_t> buffer, std::size_t length) {
  return length <= buffer.size() && buffer.size() - length >= SRTP_MAX_TRAILER_LEN &&
         buffer.size() <= static_cast<std::size_t>(INT_MAX);
}

}  // namespace

std::optional<std::size_t> SrtpSession::protect_rtp(std::span<std::uint8_t> buffer, std::size_t length) {
  if (!fits(buffer, length) || length < 12) return std::nullopt;
  int size = static_cast<int>(length);
  const auto status = srtp_protect(session_, buffer.data(), &size);
  if (status != srtp_err_status_ok) {
    last_error_ = status;
    return std::nullopt;
  }
  return static_cast<std::size_t>(size);
}

std::optional<std::size_t> SrtpSession::protect_rtcp(std::span<std::uint8_t> buffer, std::size_t length) {
  if (!fits(buffer, length) || length < 8) return std::nullopt;
  int size = static_cast<int>(length);
  const auto status = srtp_protect_rtcp(session_, buffer.data(), &size);
  if (status != srtp_err_status_ok) {
    last_error_ = status;
    return std::nullopt;
  }
  return static_cast<std::size_t>(size);
}

std::optional<std::size_t> SrtpSession::unprotect_rtp(std::span<std::uint8_t> packet) {
  if (packet.size() < 12 || packet.size() > static_cast<std::size_t>(INT_MAX)) return std::nullopt;
  int size = static_cast<int>(packet.size());
  const auto status = srtp_unprotect(session_, packet.data(), &size);
  if (status != srtp_err_status_ok) {
    last_error_ = status;
    return std::nullopt;
  }
  return static_cast<std::size_t>(size);
}

std::optional<std::size_t> SrtpSession::unprotect_rtcp(std::span<std::uint8_t> packet) {
  if (packet.size() < 8 || packet.size() > static_cast<std::size_t>(INT_MAX)) return std::nullopt;
  int size = static_cast<int>(packet.size());
  const auto status = srtp_unprotect_rtcp(session_, packet.data(), &size);
  if (status != srtp_err_status_ok) {
    last_error_ = status;
    return std::nullopt;
  }
  return static_cast<std::size_t>(size);
}

}  // namespace parley::media::srtp
