#include "media/sdp/SdpAnswer.hpp"

#include <algorithm>

#include "media/sdp/SdpText.hpp"

namespace parley::media::sdp {
namespace {

bool contains_ci(const std::vector<std::string>& list, std::string_view value) {
  return std::any_of(list.begin(), list.end(), [&](const std::string& s) { return text::iequals(s, value); });
}

std::string fmtp_value(const MediaDescription& m, std::uint8_t pt, std::string_view key) {
  const Fmtp* f = m.find_fmtp(pt);
  if (f == nullptr) return {};
  for (auto& [k, v] : parse_fmtp_parameters(f->parameters)) {
    if (k == key) return v;
  }
  return {};
}

// H.264 we can forward to every browser: packetization-mode=1, (constrained) baseline profile.
bool is_forwardable_h264(const MediaDescription& m, std::uint8_t pt) {
  const auto profile = fmtp_value(m, pt, "profile-level-id");
  return fmtp_value(m, pt, "packetization-mode") == "1" && profile.size() == 6 &&
         text::iequals(profile.substr(0, 2), "42");
}

bool is_supported_feedback(const RtcpFeedback& fb) {
  if (fb.type == "nack") return fb.parameter.empty() || fb.parameter == "pli";
  if (fb.type == "ccm") return fb.parameter == "fir";
  return fb.type == "goog-remb" || fb.type == "transport-cc";
}

// Fills the codec parts of `answer` from `offer`; returns false if no codec is acceptable.
bool select_codecs(const MediaDescription& offer, const std::vector<std::string>& codecs, MediaDescription& answer) {
  std::vector<std::uint8_t> accepted;
  for (const auto& format : offer.formats) {
    auto pt = text::parse_number<std::uint8_t>(format);
    if (!pt) continue;
    const RtpMap* r = offer.find_rtpmap(*pt);
    if (r == nullptr || !contains_ci(codecs, r->encoding)) continue;
    if (text::iequals(r->encoding, "H264") && !is_forwardable_h264(offer, *pt)) continue;
    accepted.push_back(*pt);
  }
  if (accepted.empty()) return false;
  // RTX streams whose associated payload type was accepted.
  std::vector<std::uint8_t> with_rtx;
  for (const auto& format : offer.formats) {
    auto pt = text::parse_number<std::uint8_t>(format);
    if (!pt) continue;
    if (std::find(accepted.begin(), accepted.end(), *pt) != accepted.end()) {
      with_rtx.push_back(*pt);
      continue;
    }
    const RtpMap* r = offer.find_rtpmap(*pt);
    if (r == nullptr || !text::iequals(r->encoding, "rtx")) continue;
    auto apt = text::parse_number<std::uint8_t>(fmtp_value(offer, *pt, "apt"));
    if (apt && std::find(accepted.begin(), accepted.end(), *apt) != accepted.end()) with_rtx.push_back(*pt);
  }
  for (std::uint8_t pt : with_rtx) {
    answer.formats.push_back(std::to_string(pt));
    answer.rtpmaps.push_back(*offer.find_rtpmap(pt));
    if (const Fmtp* f = offer.find_fmtp(pt)) answer.fmtps.push_back(*f);
    for (const auto& fb : offer.rtcp_feedback) {
      if (fb.payload_type == pt && is_supported_feedback(fb)) answer.rtcp_feedback.push_back(fb);
    }
  }
  return true;
}

MediaDescription rejected_section(const MediaDescription& offer) {
  MediaDescription m;
  m.kind = offer.kind;
  m.port = 0;
  m.protocol = offer.protocol;
  m.formats = offer.formats.empty() ? std::vector<std::string>{"0"} : std::vector<std::string>{offer.formats[0]};
  m.connection = "IN IP4 0.0.0.0";
  m.mid = offer.mid;
  m.direction = Direction::Inactive;
  return m;
}

}  // namespace

std::optional<SessionDescription> create_answer(const SessionDescription& offer, const AnswerOptions& options) {
  SessionDescription answer;
  answer.origin.session_id = options.session_id;
  answer.origin.session_version = "1";
  answer.ice_lite = options.ice_lite;
  answer.extmap_allow_mixed = offer.extmap_allow_mixed;
  answer.msid_semantic = "WMS *";

  const Group* offered_bundle = offer.bundle_group();
  Group bundle{"BUNDLE", {}};
  for (const auto& om : offer.media) {
    const bool rtp = (om.kind == "audio" || om.kind == "video") && om.protocol.find("SAVPF") != std::string::npos;
    const bool in_bundle =
        offered_bundle == nullptr ||
        std::find(offered_bundle->mids.begin(), offered_bundle->mids.end(), om.mid) != offered_bundle->mids.end();
    const auto setup = offer.setup_for(om);
    if (!rtp || om.rejected() || !om.rtcp_mux || om.mid.empty() || !in_bundle || !offer.ice_ufrag_for(om) ||
        !offer.ice_pwd_for(om) || !offer.fingerprint_for(om) || setup == SetupRole::HoldConn) {
      answer.media.push_back(rejected_section(om));
      continue;
    }
    MediaDescription m;
    m.kind = om.kind;
    m.port = 9;
    m.protocol = om.protocol;
    m.connection = "IN IP4 0.0.0.0";
    if (!select_codecs(om, om.kind == "audio" ? options.audio_codecs : options.video_codecs, m)) {
      answer.media.push_back(rejected_section(om));
      continue;
    }
    m.mid = om.mid;
    m.direction = reverse(om.direction);
    m.rtcp_mux = true;
    m.rtcp_rsize = om.rtcp_rsize;
    m.ice_ufrag = options.ice_ufrag;
    m.ice_pwd = options.ice_pwd;
    m.fingerprint = options.fingerprint;
    // The offerer said actpass (or a role): we take the other one, preferring passive so the
    // browser, which is ICE-controlling towards an ICE-lite server, starts DTLS as soon as it can.
    m.setup = setup == SetupRole::Passive ? SetupRole::Active : SetupRole::Passive;
    for (const auto& e : om.extmaps) {
      if (contains_ci(options.header_extensions, e.uri)) m.extmaps.push_back({e.id, std::nullopt, e.uri, {}});
    }
    m.candidates = options.candidates;
    m.end_of_candidates = options.ice_lite && !options.candidates.empty();
    bundle.mids.push_back(m.mid);
    answer.media.push_back(std::move(m));
  }
  if (bundle.mids.empty()) return std::nullopt;
  answer.groups.push_back(std::move(bundle));
  return answer;
}

}  // namespace parley::media::sdp
