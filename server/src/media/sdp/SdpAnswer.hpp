// JSEP answer creation for the SFU side: accept the offered audio/video sections whose codecs we
// forward (Opus; VP8 and constrained-baseline H.264 with packetization-mode=1, plus their RTX),
// keep the header extensions and feedback we understand, bundle everything on one ICE-lite,
// DTLS-passive transport, and reject the rest (port 0).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "media/sdp/SessionDescription.hpp"

namespace parley::media::sdp {

struct AnswerOptions {
  std::string ice_ufrag;
  std::string ice_pwd;
  Fingerprint fingerprint;  // our DTLS certificate
  std::vector<IceCandidate> candidates;
  bool ice_lite = true;
  std::string session_id = "1";
  std::vector<std::string> audio_codecs = {"opus"};
  std::vector<std::string> video_codecs = {"VP8", "H264"};
  std::vector<std::string> header_extensions = {
      "urn:ietf:params:rtp-hdrext:sdes:mid",
      "urn:ietf:params:rtp-hdrext:ssrc-audio-level",
      "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01",
      "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time",
      "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id",
      "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id",
  };
};

// nullopt if the offer has no usable section at all, lacks ICE credentials or a fingerprint.
std::optional<SessionDescription> create_answer(const SessionDescription& offer, const AnswerOptions& options);

}  // namespace parley::media::sdp
