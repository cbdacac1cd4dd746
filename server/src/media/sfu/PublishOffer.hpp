// The send ("publish") side of negotiation: answers a client's offer as the SFU (recvonly, ICE-lite,
// DTLS passive, REMB rather than transport-cc so Chromium's sender follows our bitrate) and describes
// every published m-section as a producer: mid, SSRCs (primary and RTX from ssrc-group FID), codecs
// as accepted, feedback the publisher honours, and the source label the client gave for its mid.
// Pure: text in, values out.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "media/sdp/SdpAnswer.hpp"
#include "media/sdp/SessionDescription.hpp"
#include "media/sfu/SfuService.hpp"

namespace parley::media::sfu {

struct ProducerDescription {
  std::string mid;
  std::string kind;    // "audio" or "video"
  std::string source;  // "audio", "video" or "screen"
  std::uint32_t ssrc = 0;
  std::uint32_t rtx_ssrc = 0;  // 0: none
  std::string cname;
  std::string stream_id;
  std::string track_id;
  std::vector<sdp::RtpMap> codecs;  // accepted in our answer, RTX excluded, in answer order
  std::vector<sdp::Fmtp> fmtps;
  std::vector<std::pair<std::uint8_t, std::uint8_t>> rtx_payload_types;  // (RTX PT, associated PT)
  std::uint32_t clock_rate = 90000;
  bool nack = false;  // the publisher retransmits what we NACK (on its RTX SSRC when it has one)
  bool pli = false;
  bool fir = false;
};

struct PublishNegotiation {
  std::string error;  // empty on success: "invalid_sdp" or "unsupported_media"
  std::string message;
  sdp::SessionDescription answer;
  std::vector<ProducerDescription> producers;
  std::string remote_ufrag;
  sdp::Fingerprint remote_fingerprint;
};

// Header extensions we accept from publishers: transport-cc is left out on purpose (see above).
std::vector<std::string> publisher_header_extensions();

PublishNegotiation negotiate_publish(std::string_view offer_sdp, const std::vector<PublishedTrack>& tracks,
                                     const sdp::AnswerOptions& options);

// Producers of an already-parsed offer and our answer to it.
std::vector<ProducerDescription> describe_producers(const sdp::SessionDescription& offer,
                                                    const sdp::SessionDescription& answer,
                                                    const std::vector<PublishedTrack>& tracks);

}  // namespace parley::media::sfu
