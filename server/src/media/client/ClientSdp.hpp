// SDP for the client side of our SFU's two connections, shaped like Chromium's (Unified Plan):
//  - publish: a sendonly offer with Opus/111 and VP8/96 + RTX/97 (FID group), ssrcs, msid, mids,
//    extmaps, rtcp-mux, our ICE credentials and fingerprint, setup:actpass;
//  - subscribe: the answer to the SFU's offer (recvonly, setup:active);
//  - the server's transport parameters (ufrag, pwd, fingerprint, candidates) from its description.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "media/client/WebRtcClient.hpp"
#include "media/sdp/SessionDescription.hpp"

namespace parley::media::client {

struct LocalTransport {
  std::string ice_ufrag;
  std::string ice_pwd;
  sdp::Fingerprint fingerprint;  // {"sha-256", WebRtcClient::local_fingerprint()}
};

struct PublishOfferOptions {
  LocalTransport transport;
  bool audio = true;
  bool video = true;
  std::uint32_t audio_ssrc = 0x11111111;
  std::uint32_t video_ssrc = 0x22222222;
  std::uint32_t video_rtx_ssrc = 0x33333333;
  std::string cname = "parleyclient";
  std::string stream_id = "stream";  // msid stream id
  std::string audio_track_id = "audio-track";
  std::string video_track_id = "video-track";
  std::string session_id = "4215775240449105457";
};

// Payload types in the publish offer.
inline constexpr std::uint8_t kOpusPayloadType = 111;
inline constexpr std::uint8_t kVp8PayloadType = 96;
inline constexpr std::uint8_t kVp8RtxPayloadType = 97;

// Mids are "0" (audio) and "1" (video), or "0" alone for a single track.
sdp::SessionDescription build_publish_offer(const PublishOfferOptions& options);

// Answers every offered audio/video section we can receive (Opus, VP8, H.264 and their RTX) as
// recvonly with setup:active; others are rejected. nullopt if the offer lacks ICE credentials or a
// fingerprint, or asks us to be DTLS server (setup:active), which this client does not do.
std::optional<sdp::SessionDescription> answer_subscriber_offer(const sdp::SessionDescription& offer,
                                                               const LocalTransport& transport);

// The remote transport of a bundled description: the first section that is not rejected. UDP
// candidates with IP literal addresses become endpoints. nullopt without ufrag, pwd or fingerprint.
std::optional<WebRtcClient::RemoteParameters> read_remote_transport(const sdp::SessionDescription& description);

}  // namespace parley::media::client
