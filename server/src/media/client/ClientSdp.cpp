#include "media/client/ClientSdp.hpp"

#include "media/sdp/SdpAnswer.hpp"

namespace parley::media::client {
namespace {

constexpr const char* kProtocol = "UDP/TLS/RTP/SAVPF";

void add_transport(sdp::MediaDescription& m, const LocalTransport& transport) {
  m.port = 9;
  m.protocol = kProtocol;
  m.connection = "IN IP4 0.0.0.0";
  m.rtcp = "9 IN IP4 0.0.0.0";
  m.ice_ufrag = transport.ice_ufrag;
  m.ice_pwd = transport.ice_pwd;
  m.ice_options = {"trickle"};
  m.fingerprint = transport.fingerprint;
  m.setup = sdp::SetupRole::ActPass;
  m.rtcp_mux = true;
  m.rtcp_rsize = true;
}

sdp::MediaDescription audio_section(const PublishOfferOptions& o, std::string mid) {
  sdp::MediaDescription m;
  m.kind = "audio";
  add_transport(m, o.transport);
  m.mid = std::move(mid);
  m.direction = sdp::Direction::SendOnly;
  m.formats = {std::to_string(kOpusPayloadType)};
  m.extmaps = {{1, std::nullopt, "urn:ietf:params:rtp-hdrext:ssrc-audio-level", {}},
               {2, std::nullopt, "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time", {}},
               {3, std::nullopt, "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01", {}},
               {4, std::nullopt, "urn:ietf:params:rtp-hdrext:sdes:mid", {}}};
  m.rtpmaps = {{kOpusPayloadType, "opus", 48000, 2}};
  m.fmtps = {{kOpusPayloadType, "minptime=10;useinbandfec=1"}};
  m.rtcp_feedback = {{kOpusPayloadType, "transport-cc", ""}};
  m.msids = {{o.stream_id, o.audio_track_id}};
  m.ssrcs = {{o.audio_ssrc, "cname", o.cname}, {o.audio_ssrc, "msid", o.stream_id + " " + o.audio_track_id}};
  return m;
}

sdp::MediaDescription video_section(const PublishOfferOptions& o, std::string mid) {
  sdp::MediaDescription m;
  m.kind = "video";
  add_transport(m, o.transport);
  m.mid = std::move(mid);
  m.direction = sdp::Direction::SendOnly;
  m.formats = {std::to_string(kVp8PayloadType), std::to_string(kVp8RtxPayloadType)};
  m.extmaps = {{2, std::nullopt, "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time", {}},
               {3, std::nullopt, "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01", {}},
               {4, std::nullopt, "urn:ietf:params:rtp-hdrext:sdes:mid", {}},
               {10, std::nullopt, "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id", {}},
               {11, std::nullopt, "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id", {}}};
  m.rtpmaps = {{kVp8PayloadType, "VP8", 90000, 0}, {kVp8RtxPayloadType, "rtx", 90000, 0}};
  m.fmtps = {{kVp8RtxPayloadType, "apt=" + std::to_string(kVp8PayloadType)}};
  for (const char* fb : {"goog-remb", "transport-cc"}) m.rtcp_feedback.push_back({kVp8PayloadType, fb, ""});
  m.rtcp_feedback.push_back({kVp8PayloadType, "ccm", "fir"});
  m.rtcp_feedback.push_back({kVp8PayloadType, "nack", ""});
  m.rtcp_feedback.push_back({kVp8PayloadType, "nack", "pli"});
  m.msids = {{o.stream_id, o.video_track_id}};
  m.ssrc_groups = {{"FID", {o.video_ssrc, o.video_rtx_ssrc}}};
  for (std::uint32_t ssrc : {o.video_ssrc, o.video_rtx_ssrc}) {
    m.ssrcs.push_back({ssrc, "cname", o.cname});
    m.ssrcs.push_back({ssrc, "msid", o.stream_id + " " + o.video_track_id});
  }
  return m;
}

}  // namespace

sdp::SessionDescription build_publish_offer(const PublishOfferOptions& options) {
  sdp::SessionDescription d;
  d.origin.session_id = options.session_id;
  d.origin.session_version = "2";
  d.extmap_allow_mixed = true;
  d.msid_semantic = " WMS " + options.stream_id;
  sdp::Group bundle{"BUNDLE", {}};
  if (options.audio) {
    d.media.push_back(audio_section(options, std::to_string(d.media.size())));
    bundle.mids.push_back(d.media.back().mid);
  }
  if (options.video) {
    d.media.push_back(video_section(options, std::to_string(d.media.size())));
    bundle.mids.push_back(d.media.back().mid);
  }
  d.groups.push_back(std::move(bundle));
  return d;
}

std::optional<sdp::SessionDescription> answer_subscriber_offer(const sdp::SessionDescription& offer,
                                                               const LocalTransport& transport) {
  for (const auto& m : offer.media) {
    if (!m.rejected() && offer.setup_for(m) == sdp::SetupRole::Active) return std::nullopt;
  }
  // The SFU's answer logic already selects the codecs, feedback and extensions both sides forward;
  // a browser answering the SFU differs only in being full ICE and the DTLS client.
  sdp::AnswerOptions options;
  options.ice_ufrag = transport.ice_ufrag;
  options.ice_pwd = transport.ice_pwd;
  options.fingerprint = transport.fingerprint;
  options.ice_lite = false;
  options.session_id = "3";
  auto answer = sdp::create_answer(offer, options);
  if (!answer) return std::nullopt;
  answer->msid_semantic = " WMS";
  for (auto& m : answer->media) {
    if (m.rejected()) continue;
    m.setup = sdp::SetupRole::Active;
    m.ice_options = {"trickle"};
  }
  return answer;
}

std::optional<WebRtcClient::RemoteParameters> read_remote_transport(const sdp::SessionDescription& description) {
  for (const auto& m : description.media) {
    if (m.rejected()) continue;
    auto ufrag = description.ice_ufrag_for(m);
    auto pwd = description.ice_pwd_for(m);
    auto fingerprint = description.fingerprint_for(m);
    if (!ufrag || !pwd || !fingerprint) return std::nullopt;
    WebRtcClient::RemoteParameters remote;
    remote.ice_ufrag = *ufrag;
    remote.ice_pwd = *pwd;
    remote.fingerprint_algorithm = fingerprint->algorithm;
    remote.fingerprint = fingerprint->value;
    for (const auto& c : m.candidates) {
      if (c.component != 1 || (c.transport != "udp" && c.transport != "UDP")) continue;
      boost::system::error_code ec;
      auto address = boost::asio::ip::make_address(c.address, ec);
      if (!ec) remote.candidates.emplace_back(address, c.port);
    }
    return remote;
  }
  return std::nullopt;
}

}  // namespace parley::media::client
