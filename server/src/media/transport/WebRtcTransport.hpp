// One browser's bundled transport as the SFU sees it: ICE-lite checks, DTLS-SRTP and SRTP/SRTCP on
// a single 5-tuple family, demultiplexed by first byte (RFC 7983). Pure and single-threaded: the
// owner feeds received datagrams (with source address and time), sends what take_outgoing() returns,
// and calls tick() when next_timeout() says so. Media is decrypted and encrypted in place.
//
// Security rules: DTLS and SRTP are accepted only from addresses that passed an ICE check and still
// have consent; media is sent only to the address the browser nominated.
#pragma once

#include <boost/asio/ip/udp.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "media/dtls/DtlsTransport.hpp"
#include "media/ice/IceLiteAgent.hpp"
#include "media/srtp/SrtpSession.hpp"

namespace parley::media::transport {

class WebRtcTransport {
 public:
  using Clock = std::chrono::steady_clock;
  using Endpoint = boost::asio::ip::udp::endpoint;

  enum class State : std::uint8_t { New, Connecting, Connected, Disconnected, Failed };

  struct Options {
    std::string local_ufrag;
    std::string local_pwd;
    dtls::DtlsTransport::Role dtls_role = dtls::DtlsTransport::Role::Server;  // we answer setup:passive
    dtls::DtlsTransportOptions dtls;
    ice::IceLiteAgent::Options ice;
  };

  struct Counters {
    std::uint64_t stun_received = 0;
    std::uint64_t dtls_received = 0;
    std::uint64_t rtp_received = 0;
    std::uint64_t rtcp_received = 0;
    std::uint64_t dropped_unknown = 0;             // not STUN, DTLS, RTP or RTCP
    std::uint64_t dropped_unvalidated_source = 0;  // DTLS/SRTP from an address without ICE consent
    std::uint64_t dropped_not_ready = 0;           // SRTP before DTLS finished
    std::uint64_t dropped_srtp_auth = 0;           // failed SRTP/SRTCP authentication or replay check
  };

  struct Outgoing {
    std::vector<std::uint8_t> bytes;
    Endpoint destination;
  };

  enum class MediaKind : std::uint8_t { None, Rtp, Rtcp };
  struct Received {
    MediaKind kind = MediaKind::None;
    std::span<std::uint8_t> plaintext;  // inside the caller's buffer
  };

  WebRtcTransport(std::shared_ptr<const dtls::DtlsContext> dtls_context, Options options);

  // From the remote description: its ICE ufrag and DTLS fingerprint.
  void set_remote_parameters(std::string ice_ufrag, std::string fingerprint_algorithm, std::string fingerprint);

  // Handles one datagram. RTP/RTCP are unprotected in place and returned; everything else yields
  // MediaKind::None (responses, if any, go to take_outgoing()).
  Received receive(std::span<std::uint8_t> datagram, const Endpoint& source, Clock::time_point now);

  // Protects in place (the buffer needs SrtpSession::kMaxTrailer spare bytes after `length`) and
  // returns the datagram to send, or nullopt if not connected or protection failed.
  std::optional<Outgoing> protect_rtp(std::span<std::uint8_t> buffer, std::size_t length);
  std::optional<Outgoing> protect_rtcp(std::span<std::uint8_t> buffer, std::size_t length);
  std::optional<Endpoint> media_destination() const { return ice_.selected(); }

  std::vector<Outgoing> take_outgoing();

  // Consent expiry and DTLS retransmission. Call at `now >= next_timeout()`.
  void tick(Clock::time_point now);
  Clock::time_point next_timeout(Clock::time_point now) const;

  State state() const { return state_; }
  const Counters& counters() const { return counters_; }
  const ice::IceLiteAgent& ice() const { return ice_; }
  const dtls::DtlsTransport& dtls() const { return dtls_; }

 private:
  void handle_dtls(std::span<const std::uint8_t> datagram, const Endpoint& source);
  void collect_dtls_output();
  void update_state();

  Options options_;
  ice::IceLiteAgent ice_;
  dtls::DtlsTransport dtls_;
  std::unique_ptr<srtp::SrtpSession> srtp_in_;
  std::unique_ptr<srtp::SrtpSession> srtp_out_;
  std::optional<Endpoint> dtls_peer_;  // where DTLS came from last
  std::vector<Outgoing> outgoing_;
  State state_ = State::New;
  Counters counters_;
};

}  // namespace parley::media::transport
