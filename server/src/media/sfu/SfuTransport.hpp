// One browser connection as the SFU runs it: ICE-lite (restartable), DTLS server, SRTP both ways.
// Like transport/WebRtcTransport but built for forwarding: media is protected in the caller's send
// slot and never copied, and an ICE restart swaps the local credentials while the old ones keep the
// current address usable until the browser nominates again.
//
// Pure and single-threaded: the owner passes datagrams and the time, sends take_control() output
// and calls tick() every so often. DTLS and SRTP are accepted only from ICE-validated addresses.
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
#include "media/sfu/SrtpReceiver.hpp"
#include "media/sfu/SrtpSender.hpp"
#include "media/srtp/SrtpSession.hpp"

namespace parley::media::sfu {

class SfuTransport {
 public:
  using Clock = std::chrono::steady_clock;
  using Endpoint = boost::asio::ip::udp::endpoint;

  enum class State : std::uint8_t { New, Connecting, Connected, Disconnected, Failed };
  enum class MediaKind : std::uint8_t { None, Rtp, Rtcp };
  // Why a datagram yielded no media (None with a reason other than Ok is a drop).
  enum class Drop : std::uint8_t { Ok, Malformed, Unvalidated, NotReady, Srtp };

  struct Received {
    MediaKind kind = MediaKind::None;
    Drop drop = Drop::Ok;
    std::span<std::uint8_t> plaintext;  // inside the caller's buffer
    bool validated_check = false;       // a STUN check from `source` succeeded
  };

  struct Control {
    std::vector<std::uint8_t> bytes;
    Endpoint destination;
  };

  SfuTransport(std::shared_ptr<const dtls::DtlsContext> dtls_context, std::string local_ufrag, std::string local_pwd,
               std::chrono::milliseconds consent_timeout);

  const std::string& local_ufrag() const { return local_ufrag_; }
  const std::string& local_pwd() const { return local_pwd_; }
  const std::string& remote_ufrag() const { return remote_ufrag_; }
  // During an ICE restart, the credentials the working address still uses (checks with them go to
  // the old agent); empty otherwise.
  const std::string& previous_ufrag() const { return previous_ufrag_; }

  // From the remote description. A new remote ufrag is the browser's ICE restart. DTLS that arrived
  // before (a browser may start as soon as it applied our offer, before its answer reaches us) waits
  // until the fingerprint is known and is handled here.
  void set_remote_parameters(std::string ice_ufrag, std::string fingerprint_algorithm, std::string fingerprint);
  // New local credentials (our side of an ICE restart).
  void restart_ice(std::string local_ufrag, std::string local_pwd);

  Received receive(std::span<std::uint8_t> datagram, const Endpoint& source, Clock::time_point now);

  // Protects in place (`buffer` has room for the SRTP trailer); the new length, or nullopt when not
  // connected or protection failed. Send to destination(). RTP goes through SrtpSender (OpenSSL);
  // `stream` is the sending SSRC's rollover state, kept by its owner.
  std::optional<std::size_t> protect_rtp(std::span<std::uint8_t> buffer, std::size_t length, SrtpStreamState& stream);
  std::optional<std::size_t> protect_rtcp(std::span<std::uint8_t> buffer, std::size_t length);
  const std::optional<Endpoint>& destination() const;

  std::vector<Control> take_control();
  bool has_control() const { return !control_.empty(); }

  void tick(Clock::time_point now);
  State state() const { return state_; }
  bool connected() const { return state_ == State::Connected; }
  const dtls::DtlsTransport& dtls() const { return dtls_; }

 private:
  bool validated(const Endpoint& source, Clock::time_point now) const;
  ice::IceLiteAgent& agent_for(std::span<const std::uint8_t> stun);
  void drop_previous_ice();
  void handle_dtls(std::span<const std::uint8_t> datagram, const Endpoint& source);
  void collect_dtls_output();
  void update_state();

  std::string local_ufrag_;
  std::string local_pwd_;
  std::string remote_ufrag_;
  ice::IceLiteAgent::Options ice_options_;
  std::unique_ptr<ice::IceLiteAgent> ice_;
  std::unique_ptr<ice::IceLiteAgent> previous_ice_;  // until the restarted agent selects an address
  std::string previous_ufrag_;
  dtls::DtlsTransport dtls_;
  std::unique_ptr<srtp::SrtpSession> srtp_in_;  // RTCP
  std::unique_ptr<SrtpReceiver> rtp_in_;
  std::unique_ptr<srtp::SrtpSession> srtp_out_;  // RTCP
  std::unique_ptr<SrtpSender> rtp_out_;
  std::optional<Endpoint> dtls_peer_;
  bool unnominated_peer_ = false;  // dtls_peer_ is usable until a nomination (validated, with consent)
  bool remote_known_ = false;
  std::vector<Control> early_dtls_;  // bounded: a ClientHello flight
  std::vector<Control> control_;
  State state_ = State::New;
};

}  // namespace parley::media::sfu
