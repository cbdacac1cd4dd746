// The browser side of one bundled WebRTC connection, as a synthetic publisher or subscriber uses it
// against our SFU: ICE controlling (IceControllingAgent), DTLS client (setup:active) that checks the
// server certificate against the SDP fingerprint, and SRTP/SRTCP both ways. Pure and single-threaded
// like WebRtcTransport: the owner feeds datagrams (with source and time), sends take_outgoing(), and
// calls tick() at next_timeout(). Media is encrypted and decrypted in place.
//
// DTLS and SRTP are accepted only from the selected (answering) remote address.
#pragma once

#include <boost/asio/ip/udp.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "media/client/IceControllingAgent.hpp"
#include "media/dtls/DtlsTransport.hpp"
#include "media/srtp/SrtpSession.hpp"

namespace parley::media::client {

class WebRtcClient {
 public:
  using Clock = std::chrono::steady_clock;
  using Endpoint = boost::asio::ip::udp::endpoint;

  enum class State : std::uint8_t { New, Checking, Connecting, Connected, Disconnected, Failed };

  struct Options {
    std::string local_ufrag;  // empty: random
    std::string local_pwd;    // empty: random
    dtls::DtlsTransportOptions dtls;
    IceControllingAgent::Options ice;
  };

  // What the client needs from the server's description (see ClientSdp's read_remote_transport).
  struct RemoteParameters {
    std::string ice_ufrag;
    std::string ice_pwd;
    std::string fingerprint_algorithm = "sha-256";
    std::string fingerprint;
    std::vector<Endpoint> candidates;
  };

  struct Counters {
    std::uint64_t stun_received = 0;
    std::uint64_t dtls_received = 0;
    std::uint64_t rtp_received = 0;
    std::uint64_t rtcp_received = 0;
    std::uint64_t dropped_unknown = 0;       // not STUN, DTLS, RTP or RTCP
    std::uint64_t dropped_wrong_source = 0;  // DTLS/SRTP not from the selected address
    std::uint64_t dropped_not_ready = 0;     // SRTP before DTLS finished
    std::uint64_t dropped_srtp_auth = 0;     // failed SRTP/SRTCP authentication or replay check
  };

  using Outgoing = IceControllingAgent::Outgoing;

  enum class MediaKind : std::uint8_t { None, Rtp, Rtcp };
  struct Received {
    MediaKind kind = MediaKind::None;
    std::span<std::uint8_t> plaintext;  // inside the caller's buffer
  };

  // `dtls_context` holds our certificate: its fingerprint goes into our SDP (local_fingerprint()).
  WebRtcClient(std::shared_ptr<const dtls::DtlsContext> dtls_context, Options options = {});

  // Sets the remote parameters and starts ICE checks towards its candidates.
  void connect(RemoteParameters remote, Clock::time_point now);

  Received receive(std::span<std::uint8_t> datagram, const Endpoint& source, Clock::time_point now);

  // In place: `buffer` holds the packet in its first `length` bytes and has SrtpSession::kMaxTrailer
  // spare bytes. Returns the protected length (send it to media_destination()), or nullopt if not
  // connected or protection failed. The Outgoing forms copy, for convenience outside hot paths.
  std::optional<std::size_t> protect_rtp_in_place(std::span<std::uint8_t> buffer, std::size_t length);
  std::optional<std::size_t> protect_rtcp_in_place(std::span<std::uint8_t> buffer, std::size_t length);
  std::optional<Outgoing> protect_rtp(std::span<std::uint8_t> buffer, std::size_t length);
  std::optional<Outgoing> protect_rtcp(std::span<std::uint8_t> buffer, std::size_t length);
  const std::optional<Endpoint>& media_destination() const { return ice_.selected(); }

  std::vector<Outgoing> take_outgoing();

  // ICE pacing and consent, DTLS retransmission. Call at `now >= next_timeout(now)`.
  void tick(Clock::time_point now);
  Clock::time_point next_timeout(Clock::time_point now) const;

  State state() const { return state_; }
  const std::string& local_ufrag() const { return ice_.local_ufrag(); }
  const std::string& local_pwd() const { return ice_.local_pwd(); }
  const std::string& local_fingerprint() const;  // sha-256 of our certificate
  const Counters& counters() const { return counters_; }
  const IceControllingAgent& ice() const { return ice_; }
  const dtls::DtlsTransport& dtls() const { return dtls_; }
  std::optional<srtp::SrtpProfile> srtp_profile() const;

 private:
  void after_ice();
  void handle_dtls(std::span<const std::uint8_t> datagram);
  void collect_outgoing();
  void update_state();

  std::shared_ptr<const dtls::DtlsContext> context_;
  IceControllingAgent ice_;
  dtls::DtlsTransport dtls_;
  std::unique_ptr<srtp::SrtpSession> srtp_in_;
  std::unique_ptr<srtp::SrtpSession> srtp_out_;
  std::vector<Outgoing> outgoing_;
  State state_ = State::New;
  Counters counters_;
};

}  // namespace parley::media::client
