#include "media/sfu/PublishOffer.hpp"

#include <algorithm>
#include <cstdio>

#include "media/rtp/RtpHeaderExtensions.hpp"
#include "media/sdp/SdpParser.hpp"

namespace parley::media::sfu {
namespace {

bool is_rtx(const sdp::RtpMap& r) {
  return r.encoding == "rtx" || r.encoding == "RTX";
}

const sdp::MediaDescription* find_mid(const sdp::SessionDescription& d, const std::string& mid) {
  for (const auto& m : d.media) {
    if (m.mid == mid) return &m;
  }
  return nullptr;
}

// Primary and RTX SSRC: FID group if there is one, else the first SSRC listed.
void assign_ssrcs(const sdp::MediaDescription& m, ProducerDescription& p) {
  for (const auto& g : m.ssrc_groups) {
    if (g.semantics == "FID" && g.ssrcs.size() >= 2) {
      p.ssrc = g.ssrcs[0];
      p.rtx_ssrc = g.ssrcs[1];
      return;
    }
  }
  for (const auto& g : m.ssrc_groups) {
    if (g.semantics == "SIM" && !g.ssrcs.empty()) {  // simulcast is not forwarded: lowest layer only
      p.ssrc = g.ssrcs[0];
      return;
    }
  }
  if (!m.ssrcs.empty()) p.ssrc = m.ssrcs[0].ssrc;
}

void assign_identity(const sdp::MediaDescription& m, ProducerDescription& p) {
  for (const auto& a : m.ssrcs) {
    if (a.ssrc != p.ssrc) continue;
    if (a.name == "cname") p.cname = a.value;
    if (a.name == "msid" && p.stream_id.empty()) {
      const auto space = a.value.find(' ');
      p.stream_id = a.value.substr(0, space);
      if (space != std::string::npos) p.track_id = a.value.substr(space + 1);
    }
  }
  if (!m.msids.empty()) {
    p.stream_id = m.msids[0].stream_id;
    p.track_id = m.msids[0].track_id;
  }
}

void assign_codecs(const sdp::MediaDescription& answer, ProducerDescription& p) {
  for (const auto& r : answer.rtpmaps) {
    if (is_rtx(r)) {
      if (const auto* f = answer.find_fmtp(r.payload_type)) {
        for (const auto& [key, value] : sdp::parse_fmtp_parameters(f->parameters)) {
          unsigned apt = 0;
          if (key == "apt" && std::sscanf(value.c_str(), "%u", &apt) == 1 && apt < 128) {
            p.rtx_payload_types.emplace_back(r.payload_type, static_cast<std::uint8_t>(apt));
          }
        }
      }
      continue;
    }
    p.codecs.push_back(r);
    if (const auto* f = answer.find_fmtp(r.payload_type)) p.fmtps.push_back(*f);
  }
  if (!p.codecs.empty()) p.clock_rate = p.codecs.front().clock_rate;
  for (const auto& fb : answer.rtcp_feedback) {
    if (fb.type == "nack" && fb.parameter.empty()) p.nack = true;
    if (fb.type == "nack" && fb.parameter == "pli") p.pli = true;
    if (fb.type == "ccm" && fb.parameter == "fir") p.fir = true;
  }
}

}  // namespace

std::vector<std::string> publisher_header_extensions() {
  return {std::string(rtp::extension_uri::kMid), std::string(rtp::extension_uri::kAudioLevel),
          std::string(rtp::extension_uri::kAbsSendTime)};
}

std::vector<ProducerDescription> describe_producers(const sdp::SessionDescription& offer,
                                                    const sdp::SessionDescription& answer,
                                                    const std::vector<PublishedTrack>& tracks) {
  std::vector<ProducerDescription> out;
  for (const auto& om : offer.media) {
    const auto* am = find_mid(answer, om.mid);
    if (am == nullptr || am->rejected() || am->direction == sdp::Direction::Inactive) continue;
    if (om.direction != sdp::Direction::SendOnly && om.direction != sdp::Direction::SendRecv) continue;
    ProducerDescription p;
    p.mid = om.mid;
    p.kind = om.kind;
    assign_ssrcs(om, p);
    if (p.ssrc == 0) continue;  // a transceiver with nothing attached
    p.source = om.kind;
    for (const auto& t : tracks) {
      if (t.mid == om.mid) p.source = t.source;
    }
    assign_identity(om, p);
    assign_codecs(*am, p);
    if (p.codecs.empty()) continue;
    out.push_back(std::move(p));
  }
  return out;
}

PublishNegotiation negotiate_publish(std::string_view offer_sdp, const std::vector<PublishedTrack>& tracks,
                                     const sdp::AnswerOptions& options) {
  PublishNegotiation n;
  auto offer = sdp::parse_sdp(offer_sdp);
  if (!offer || offer->media.empty()) {
    n.error = "invalid_sdp";
    n.message = "the offer is not a session description";
    return n;
  }
  const auto& first = offer->media.front();
  auto ufrag = offer->ice_ufrag_for(first);
  auto fingerprint = offer->fingerprint_for(first);
  if (!ufrag || !offer->ice_pwd_for(first) || !fingerprint) {
    n.error = "invalid_sdp";
    n.message = "the offer lacks ICE credentials or a DTLS fingerprint";
    return n;
  }
  auto answer = sdp::create_answer(*offer, options);
  if (!answer) {
    n.error = "unsupported_media";
    n.message = "no offered m-section carries a codec the SFU forwards";
    return n;
  }
  for (auto& m : answer->media) {
    // Congestion control by REMB: without transport-cc feedback Chromium's sender follows REMB.
    std::erase_if(m.rtcp_feedback, [](const sdp::RtcpFeedback& fb) { return fb.type == "transport-cc"; });
    if (!m.rejected()) m.direction = m.direction == sdp::Direction::Inactive ? m.direction : sdp::Direction::RecvOnly;
  }
  // An offer section that only receives gets inactive: the SFU sends nothing on this connection.
  for (std::size_t i = 0; i < answer->media.size() && i < offer->media.size(); ++i) {
    const auto d = offer->media[i].direction;
    if (d == sdp::Direction::RecvOnly || d == sdp::Direction::Inactive)
      answer->media[i].direction = sdp::Direction::Inactive;
  }
  n.producers = describe_producers(*offer, *answer, tracks);
  n.remote_ufrag = *ufrag;
  n.remote_fingerprint = *fingerprint;
  n.answer = std::move(*answer);
  return n;
}

}  // namespace parley::media::sfu
