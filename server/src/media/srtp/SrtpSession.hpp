// One direction of SRTP/SRTCP protection over libsrtp2, for any SSRC. Owned by one thread (libsrtp
// sessions are not thread-safe); operations never throw and report failure as nullopt.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>

#include "media/srtp/SrtpProfile.hpp"

struct srtp_ctx_t_;

namespace parley::media::srtp {

class SrtpSession {
 public:
  enum class Direction { Outbound, Inbound };

  // Room a caller must leave after a packet for protect_*: auth tag plus SRTCP index.
  static constexpr std::size_t kMaxTrailer = 16 + 4 + 128;  // >= SRTP_MAX_TRAILER_LEN

  // `key_and_salt` must be master_key_length + master_salt_length bytes. nullptr on failure.
  static std::unique_ptr<SrtpSession> create(SrtpProfile profile, Direction direction,
                                             std::span<const std::uint8_t> key_and_salt);
  ~SrtpSession();
  SrtpSession(const SrtpSession&) = delete;
  SrtpSession& operator=(const SrtpSession&) = delete;

  // In place: `buffer` holds the packet in its first `length` bytes and has room for the trailer.
  // Returns the new length.
  std::optional<std::size_t> protect_rtp(std::span<std::uint8_t> buffer, std::size_t length);
  std::optional<std::size_t> protect_rtcp(std::span<std::uint8_t> buffer, std::size_t length);
  // In place: returns the plaintext length, or nullopt if authentication or replay checks fail.
  std::optional<std::size_t> unprotect_rtp(std::span<std::uint8_t> packet);
  std::optional<std::size_t> unprotect_rtcp(std::span<std::uint8_t> packet);

  SrtpProfile profile() const { return profile_; }
  int last_error() const { return last_error_; }  // libsrtp srtp_err_status_t of the last failure

 private:
  SrtpSession(SrtpProfile profile, srtp_ctx_t_* session) : profile_(profile), session_(session) {}

  SrtpProfile profile_;
  srtp_ctx_t_* session_;
  int last_error_ = 0;
};

// Calls srtp_init() once per process; safe to call from any thread. False if it failed.
bool ensure_srtp_initialized();

}  // namespace parley::media::srtp
