#include "media/transport/WebRtcTransport.hpp"

#include "media/demux/PacketClassifier.hpp"

namespace parley::media::transport {

namespace {
// How often consent is re-evaluated when nothing else is pending.
constexpr std::chrono::seconds kConsentCheckInterval{1};
}  // namespace

WebRtcTransport::WebRtcTransport(std::shared_ptr<const dtls::DtlsContext> dtls_context, Options options)
    : options_(std::move(options)),
      ice_(options_.local_ufrag, options_.local_pwd, options_.ice),
      dtls_(std::move(dtls_context), options_.dtls_role, options_.dtls) {}

void WebRtcTransport::set_remote_parameters(std::string ice_ufrag, std::string fingerprint_algorithm,
                                            std::string fingerprint) {
  ice_.set_remote_ufrag(std::move(ice_ufrag));
  dtls_.set_remote_fingerprint(std::move(fingerprint_algorithm), std::move(fingerprint));
}

WebRtcTransport::Received WebRtcTransport::receive(std::span<std::uint8_t> datagram, const Endpoint& source,
                                                   Clock::time_point now) {
  switch (demux::classify_packet(datagram)) {
    case demux::PacketKind::Stun: {
      ++counters_.stun_received;
      auto result = ice_.handle_stun(datagram, source, now);
      if (!result.response.empty()) outgoing_.push_back({std::move(result.response), source});
      // We are DTLS client only when the browser answered setup:passive; start once ICE works.
      if (ice_.selected() && dtls_.state() == dtls::DtlsTransport::State::New &&
          options_.dtls_role == dtls::DtlsTransport::Role::Client) {
        dtls_peer_ = ice_.selected();
        dtls_.start();
        collect_dtls_output();
      }
      update_state();
      return {};
    }
    case demux::PacketKind::Dtls:
      ++counters_.dtls_received;
      if (!ice_.is_validated(source, now)) {
        ++counters_.dropped_unvalidated_source;
        return {};
      }
      handle_dtls(datagram, source);
      update_state();
      return {};
    case demux::PacketKind::Rtp:
    case demux::PacketKind::Rtcp: {
      const bool rtcp = demux::classify_packet(datagram) == demux::PacketKind::Rtcp;
      if (!ice_.is_validated(source, now)) {
        ++counters_.dropped_unvalidated_source;
        return {};
      }
      if (!srtp_in_) {
        ++counters_.dropped_not_ready;
        return {};
      }
      auto size = rtcp ? srtp_in_->unprotect_rtcp(datagram) : srtp_in_->unprotect_rtp(datagram);
      if (!size) {
        ++counters_.dropped_srtp_auth;
        return {};
      }
      ++(rtcp ? counters_.rtcp_received : counters_.rtp_received);
      return {rtcp ? MediaKind::Rtcp : MediaKind::Rtp, datagram.first(*size)};
    }
    default:
      ++counters_.dropped_unknown;
      return {};
  }
}

void WebRtcTransport::handle_dtls(std::span<const std::uint8_t> datagram, const Endpoint& source) {
  dtls_peer_ = source;
  if (dtls_.state() == dtls::DtlsTransport::State::New) dtls_.start();
  dtls_.receive(datagram);
  collect_dtls_output();
  if (dtls_.state() == dtls::DtlsTransport::State::Connected && !srtp_in_) {
    const auto& keys = dtls_.srtp_keying_material();
    srtp_in_ = srtp::SrtpSession::create(keys->profile, srtp::SrtpSession::Direction::Inbound, keys->remote);
    srtp_out_ = srtp::SrtpSession::create(keys->profile, srtp::SrtpSession::Direction::Outbound, keys->local);
    if (!srtp_in_ || !srtp_out_) {
      srtp_in_.reset();
      srtp_out_.reset();
      state_ = State::Failed;
    }
  }
}

void WebRtcTransport::collect_dtls_output() {
  auto datagrams = dtls_.take_outgoing();
  if (!dtls_peer_) return;  // cannot happen: DTLS only starts once a peer address is known
  for (auto& d : datagrams) outgoing_.push_back({std::move(d), *dtls_peer_});
}

void WebRtcTransport::update_state() {
  if (state_ == State::Failed) return;
  if (dtls_.state() == dtls::DtlsTransport::State::Failed) {
    state_ = State::Failed;
  } else if (ice_.state() == ice::IceLiteAgent::State::Disconnected) {
    state_ = State::Disconnected;
  } else if (srtp_out_ && ice_.selected()) {
    state_ = State::Connected;
  } else if (ice_.state() != ice::IceLiteAgent::State::New) {
    state_ = State::Connecting;
  }
}

std::optional<WebRtcTransport::Outgoing> WebRtcTransport::protect_rtp(std::span<std::uint8_t> buffer,
                                                                      std::size_t length) {
  if (state_ != State::Connected || !srtp_out_) return std::nullopt;
  auto size = srtp_out_->protect_rtp(buffer, length);
  if (!size) return std::nullopt;
  return Outgoing{{buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(*size)}, *ice_.selected()};
}

std::optional<WebRtcTransport::Outgoing> WebRtcTransport::protect_rtcp(std::span<std::uint8_t> buffer,
                                                                       std::size_t length) {
  if (state_ != State::Connected || !srtp_out_) return std::nullopt;
  auto size = srtp_out_->protect_rtcp(buffer, length);
  if (!size) return std::nullopt;
  return Outgoing{{buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(*size)}, *ice_.selected()};
}

std::vector<WebRtcTransport::Outgoing> WebRtcTransport::take_outgoing() {
  return std::exchange(outgoing_, {});
}

void WebRtcTransport::tick(Clock::time_point now) {
  ice_.tick(now);
  if (auto timeout = dtls_.retransmission_timeout(); timeout && timeout->count() == 0) {
    dtls_.handle_timeout();
    collect_dtls_output();
  }
  update_state();
}

WebRtcTransport::Clock::time_point WebRtcTransport::next_timeout(Clock::time_point now) const {
  auto next = now + kConsentCheckInterval;
  if (auto timeout = dtls_.retransmission_timeout()) next = std::min(next, now + *timeout);
  return next;
}

}  // namespace parley::media::transport
