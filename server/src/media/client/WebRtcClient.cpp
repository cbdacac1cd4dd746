#include "media/client/WebRtcClient.hpp"

#include "media/demux/PacketClassifier.hpp"

namespace parley::media::client {
namespace {

std::string or_random(std::string value, std::size_t length) {
  return value.empty() ? random_ice_string(length) : value;
}

}  // namespace

WebRtcClient::WebRtcClient(std::shared_ptr<const dtls::DtlsContext> dtls_context, Options options)
    : context_(dtls_context),
      ice_(or_random(std::move(options.local_ufrag), 8), or_random(std::move(options.local_pwd), 24), options.ice),
      dtls_(std::move(dtls_context), dtls::DtlsTransport::Role::Client, options.dtls) {}

const std::string& WebRtcClient::local_fingerprint() const {
  return context_->certificate().fingerprint_sha256();
}

std::optional<srtp::SrtpProfile> WebRtcClient::srtp_profile() const {
  if (!srtp_out_) return std::nullopt;
  return srtp_out_->profile();
}

void WebRtcClient::connect(RemoteParameters remote, Clock::time_point now) {
  ice_.set_remote(std::move(remote.ice_ufrag), std::move(remote.ice_pwd));
  dtls_.set_remote_fingerprint(std::move(remote.fingerprint_algorithm), std::move(remote.fingerprint));
  ice_.start(std::move(remote.candidates), now);
  collect_outgoing();
  update_state();
}

WebRtcClient::Received WebRtcClient::receive(std::span<std::uint8_t> datagram, const Endpoint& source,
                                             Clock::time_point now) {
  const auto kind = demux::classify_packet(datagram);
  switch (kind) {
    case demux::PacketKind::Stun:
      ++counters_.stun_received;
      ice_.handle_stun(datagram, source, now);
      after_ice();
      return {};
    case demux::PacketKind::Dtls:
      ++counters_.dtls_received;
      if (ice_.selected() != source) {
        ++counters_.dropped_wrong_source;
        return {};
      }
      handle_dtls(datagram);
      update_state();
      return {};
    case demux::PacketKind::Rtp:
    case demux::PacketKind::Rtcp: {
      const bool rtcp = kind == demux::PacketKind::Rtcp;
      if (ice_.selected() != source) {
        ++counters_.dropped_wrong_source;
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

// We are the DTLS client (setup:active): the ClientHello goes out once ICE has selected an address.
void WebRtcClient::after_ice() {
  if (ice_.selected() && dtls_.state() == dtls::DtlsTransport::State::New) dtls_.start();
  collect_outgoing();
  update_state();
}

void WebRtcClient::handle_dtls(std::span<const std::uint8_t> datagram) {
  dtls_.receive(datagram);
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
  collect_outgoing();
}

void WebRtcClient::collect_outgoing() {
  for (auto& o : ice_.take_outgoing()) outgoing_.push_back(std::move(o));
  auto datagrams = dtls_.take_outgoing();
  if (!ice_.selected()) return;  // cannot happen: DTLS starts only once an address is selected
  for (auto& d : datagrams) outgoing_.push_back({std::move(d), *ice_.selected()});
}

void WebRtcClient::update_state() {
  if (state_ == State::Failed) return;
  using IceState = IceControllingAgent::State;
  if (dtls_.state() == dtls::DtlsTransport::State::Failed || ice_.state() == IceState::Failed) {
    state_ = State::Failed;
  } else if (ice_.state() == IceState::Disconnected) {
    state_ = State::Disconnected;
  } else if (srtp_out_ && ice_.selected()) {
    state_ = State::Connected;
  } else if (ice_.selected()) {
    state_ = State::Connecting;
  } else if (ice_.state() == IceState::Checking) {
    state_ = State::Checking;
  }
}

std::optional<std::size_t> WebRtcClient::protect_rtp_in_place(std::span<std::uint8_t> buffer, std::size_t length) {
  if (state_ != State::Connected) return std::nullopt;
  return srtp_out_->protect_rtp(buffer, length);
}

std::optional<std::size_t> WebRtcClient::protect_rtcp_in_place(std::span<std::uint8_t> buffer, std::size_t length) {
  if (state_ != State::Connected) return std::nullopt;
  return srtp_out_->protect_rtcp(buffer, length);
}

std::optional<WebRtcClient::Outgoing> WebRtcClient::protect_rtp(std::span<std::uint8_t> buffer, std::size_t length) {
  auto size = protect_rtp_in_place(buffer, length);
  if (!size) return std::nullopt;
  return Outgoing{{buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(*size)}, *ice_.selected()};
}

std::optional<WebRtcClient::Outgoing> WebRtcClient::protect_rtcp(std::span<std::uint8_t> buffer, std::size_t length) {
  auto size = protect_rtcp_in_place(buffer, length);
  if (!size) return std::nullopt;
  return Outgoing{{buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(*size)}, *ice_.selected()};
}

std::vector<WebRtcClient::Outgoing> WebRtcClient::take_outgoing() {
  collect_outgoing();
  return std::exchange(outgoing_, {});
}

void WebRtcClient::tick(Clock::time_point now) {
  ice_.tick(now);
  if (auto timeout = dtls_.retransmission_timeout(); timeout && timeout->count() == 0) dtls_.handle_timeout();
  after_ice();
}

WebRtcClient::Clock::time_point WebRtcClient::next_timeout(Clock::time_point now) const {
  auto next = ice_.next_timeout(now);
  if (auto timeout = dtls_.retransmission_timeout()) next = std::min(next, now + *timeout);
  return next;
}

}  // namespace parley::media::client
