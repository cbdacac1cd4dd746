#include "media/sfu/SubscriberSdp.hpp"

namespace parley::media::sfu {
namespace {

sdp::MediaDescription media_section(const OfferSlot& slot, const SubscriberOfferOptions& options) {
  sdp::MediaDescription m;
  m.kind = slot.kind;
  m.port = 9;
  m.protocol = "UDP/TLS/RTP/SAVPF";
  m.connection = "IN IP4 0.0.0.0";
  m.mid = slot.mid;
  m.direction = slot.active ? sdp::Direction::SendOnly : sdp::Direction::Inactive;
  m.rtcp_mux = true;
  m.rtcp_rsize = true;
  m.ice_ufrag = options.ice_ufrag;
  m.ice_pwd = options.ice_pwd;
  m.fingerprint = options.fingerprint;
  m.setup = sdp::SetupRole::ActPass;
  m.candidates = options.candidates;
  m.end_of_candidates = !options.candidates.empty();
  for (const auto& codec : slot.codecs) {
    m.formats.push_back(std::to_string(codec.payload_type));
    m.rtpmaps.push_back(codec);
    if (slot.kind != "video") continue;
    if (slot.nack) m.rtcp_feedback.push_back({codec.payload_type, "nack", ""});
    if (slot.pli) m.rtcp_feedback.push_back({codec.payload_type, "nack", "pli"});
    if (slot.fir) m.rtcp_feedback.push_back({codec.payload_type, "ccm", "fir"});
  }
  m.fmtps = slot.fmtps;
  if (m.formats.empty()) m.formats.push_back(slot.kind == "audio" ? "111" : "96");
  if (slot.active) {
    m.msids.push_back({slot.stream_id, slot.track_id});
    m.ssrcs.push_back({slot.ssrc, "cname", slot.cname});
    m.ssrcs.push_back({slot.ssrc, "msid", slot.stream_id + " " + slot.track_id});
  }
  return m;
}

}  // namespace

sdp::SessionDescription build_subscriber_offer(const std::vector<OfferSlot>& slots,
                                               const SubscriberOfferOptions& options) {
  sdp::SessionDescription d;
  d.origin.session_id = options.session_id;
  d.origin.session_version = std::to_string(options.version);
  d.ice_lite = true;
  d.msid_semantic = "WMS *";
  sdp::Group bundle{"BUNDLE", {}};
  for (const auto& slot : slots) {
    d.media.push_back(media_section(slot, options));
    bundle.mids.push_back(slot.mid);
  }
  if (!bundle.mids.empty()) d.groups.push_back(std::move(bundle));
  return d;
}

}  // namespace parley::media::sfu
