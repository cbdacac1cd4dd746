#include "media/sfu/SfuTransport.hpp"

#include "media/demux/PacketClassifier.hpp"
#include "media/ice/StunMessage.hpp"

namespace parley::media::sfu {

namespace {
const std::optional<SfuTransport::Endpoint> kNoEndpoint;
constexpr std::size_t kMaxEarlyDtls = 8;
}  // namespace

SfuTransport::SfuTransport(std::shared_ptr<const dtls::DtlsContext> dtls_context, std::string local_ufrag,
                           std::string local_pwd, std::chrono::milliseconds consent_timeout)
    : local_ufrag_(std::move(local_ufrag)),
      local_pwd_(std::move(local_pwd)),
      ice_options_{consent_timeout, 16},
      ice_(std::make_unique<ice::IceLiteAgent>(local_ufrag_, local_pwd_, ice_options_)),
      dtls_(std::move(dtls_context), dtls::DtlsTransport::Role::Server) {}

void SfuTransport::set_remote_parameters(std::string ice_ufrag, std::string fingerprint_algorithm,
                                         std::string fingerprint) {
  remote_ufrag_ = ice_ufrag;
  ice_->set_remote_ufrag(std::move(ice_ufrag));
  // The DTLS association is fixed once connected; a renegotiation repeats the same fingerprint.
  if (remote_known_) return;
  remote_known_ = true;
  dtls_.set_remote_fingerprint(std::move(fingerprint_algorithm), std::move(fingerprint));
  for (auto& early : std::exchange(early_dtls_, {})) handle_dtls(early.bytes, early.destination);
  update_state();
}

void SfuTransport::restart_ice(std::string local_ufrag, std::string local_pwd) {
  // Keep the agent that holds the working address until the new one has one of its own.
  if (ice_->selected()) {
    previous_ice_ = std::move(ice_);
    previous_ufrag_ = local_ufrag_;
  }
  local_ufrag_ = std::move(local_ufrag);
  local_pwd_ = std::move(local_pwd);
  ice_ = std::make_unique<ice::IceLiteAgent>(local_ufrag_, local_pwd_, ice_options_);
}

void SfuTransport::drop_previous_ice() {
  previous_ice_.reset();
  previous_ufrag_.clear();
}

ice::IceLiteAgent& SfuTransport::agent_for(std::span<const std::uint8_t> stun) {
  if (!previous_ice_) return *ice_;
  auto message = ice::StunMessage::parse(stun);
  if (!message) return *ice_;
  auto username = message->username();
  if (username && username->substr(0, username->find(':')) == previous_ufrag_) return *previous_ice_;
  return *ice_;
}

bool SfuTransport::validated(const Endpoint& source, Clock::time_point now) const {
  return ice_->is_validated(source, now) || (previous_ice_ && previous_ice_->is_validated(source, now));
}

// The nominated address; before any nomination (regular nomination: the browser may finish DTLS on a
// checked pair first) the validated address DTLS came from, while it keeps consent.
const std::optional<SfuTransport::Endpoint>& SfuTransport::destination() const {
  if (ice_->selected()) return ice_->selected();
  if (previous_ice_ && previous_ice_->selected()) return previous_ice_->selected();
  if (unnominated_peer_) return dtls_peer_;
  return kNoEndpoint;
}

SfuTransport::Received SfuTransport::receive(std::span<std::uint8_t> datagram, const Endpoint& source,
                                             Clock::time_point now) {
  Received out;
  switch (demux::classify_packet(datagram)) {
    case demux::PacketKind::Stun: {
      auto result = agent_for(datagram).handle_stun(datagram, source, now);
      if (!result.response.empty()) control_.push_back({std::move(result.response), source});
      out.validated_check = result.verdict == ice::IceLiteAgent::Verdict::Success;
      if (!out.validated_check && result.verdict == ice::IceLiteAgent::Verdict::Dropped) out.drop = Drop::Malformed;
      if (ice_->selected()) drop_previous_ice();
      update_state();
      return out;
    }
    case demux::PacketKind::Dtls:
      if (!validated(source, now)) {
        out.drop = Drop::Unvalidated;
        return out;
      }
      if (!remote_known_) {
        if (early_dtls_.size() < kMaxEarlyDtls) early_dtls_.push_back({{datagram.begin(), datagram.end()}, source});
        return out;
      }
      handle_dtls(datagram, source);
      update_state();
      return out;
    case demux::PacketKind::Rtp:
    case demux::PacketKind::Rtcp: {
      const bool rtcp = demux::classify_packet(datagram) == demux::PacketKind::Rtcp;
      if (!srtp_in_) {
        out.drop = Drop::NotReady;
        return out;
      }
      if (!validated(source, now)) {
        out.drop = Drop::Unvalidated;
        return out;
      }
      auto size = rtcp ? srtp_in_->unprotect_rtcp(datagram) : rtp_in_->unprotect_rtp(datagram);
      if (!size) {
        out.drop = Drop::Srtp;
        return out;
      }
      out.kind = rtcp ? MediaKind::Rtcp : MediaKind::Rtp;
      out.plaintext = datagram.first(*size);
      return out;
    }
    default:
      out.drop = Drop::Malformed;
      return out;
  }
}

void SfuTransport::handle_dtls(std::span<const std::uint8_t> datagram, const Endpoint& source) {
  dtls_peer_ = source;
  unnominated_peer_ = true;  // only validated sources get here
  if (dtls_.state() == dtls::DtlsTransport::State::New) dtls_.start();
  dtls_.receive(datagram);
  collect_dtls_output();
  if (dtls_.state() == dtls::DtlsTransport::State::Connected && !srtp_in_) {
    const auto& keys = dtls_.srtp_keying_material();
    srtp_in_ = srtp::SrtpSession::create(keys->profile, srtp::SrtpSession::Direction::Inbound, keys->remote);
    srtp_out_ = srtp::SrtpSession::create(keys->profile, srtp::SrtpSession::Direction::Outbound, keys->local);
    rtp_out_ = SrtpSender::create(keys->profile, keys->local);
    rtp_in_ = SrtpReceiver::create(keys->profile, keys->remote);
    if (!srtp_in_ || !srtp_out_ || !rtp_out_ || !rtp_in_) {
      srtp_in_.reset();
      srtp_out_.reset();
      rtp_out_.reset();
      rtp_in_.reset();
      state_ = State::Failed;
    }
  }
}

void SfuTransport::collect_dtls_output() {
  auto datagrams = dtls_.take_outgoing();
  if (!dtls_peer_) return;
  for (auto& d : datagrams) control_.push_back({std::move(d), *dtls_peer_});
}

void SfuTransport::update_state() {
  if (state_ == State::Failed) return;
  const bool has_address = destination().has_value();
  if (dtls_.state() == dtls::DtlsTransport::State::Failed) {
    state_ = State::Failed;
  } else if (srtp_out_ && has_address) {
    state_ = State::Connected;
  } else if (state_ == State::Connected || state_ == State::Disconnected) {
    state_ = State::Disconnected;  // had media and lost every address (consent)
  } else if (ice_->state() != ice::IceLiteAgent::State::New || previous_ice_) {
    state_ = State::Connecting;
  }
}

std::optional<std::size_t> SfuTransport::protect_rtp(std::span<std::uint8_t> buffer, std::size_t length,
                                                     SrtpStreamState& stream) {
  if (state_ != State::Connected) return std::nullopt;
  return rtp_out_->protect_rtp(buffer, length, stream);
}

std::optional<std::size_t> SfuTransport::protect_rtcp(std::span<std::uint8_t> buffer, std::size_t length) {
  if (state_ != State::Connected) return std::nullopt;
  return srtp_out_->protect_rtcp(buffer, length);
}

std::vector<SfuTransport::Control> SfuTransport::take_control() {
  return std::exchange(control_, {});
}

void SfuTransport::tick(Clock::time_point now) {
  ice_->tick(now);
  if (unnominated_peer_ && !validated(*dtls_peer_, now)) unnominated_peer_ = false;
  if (previous_ice_) {
    previous_ice_->tick(now);
    if (!previous_ice_->selected()) drop_previous_ice();
  }
  if (auto timeout = dtls_.retransmission_timeout(); timeout && timeout->count() == 0) {
    dtls_.handle_timeout();
    collect_dtls_output();
  }
  update_state();
}

}  // namespace parley::media::sfu
