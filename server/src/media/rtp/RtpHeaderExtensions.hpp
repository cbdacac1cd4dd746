// Typed values of the header extensions WebRTC negotiates, and the URIs that name them in SDP extmap.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace parley::media::rtp {

namespace extension_uri {
inline constexpr std::string_view kMid = "urn:ietf:params:rtp-hdrext:sdes:mid";
inline constexpr std::string_view kRtpStreamId = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id";
inline constexpr std::string_view kRepairedRtpStreamId = "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id";
inline constexpr std::string_view kAudioLevel = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";
inline constexpr std::string_view kTransportWideCc =
    "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";
inline constexpr std::string_view kAbsSendTime = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";
}  // namespace extension_uri

// RFC 6464: V flag and level in -dBov (0 = loudest, 127 = silence).
struct AudioLevel {
  bool voice_activity = false;
  std::uint8_t level = 127;
};

std::optional<AudioLevel> parse_audio_level(std::span<const std::uint8_t> value);
std::uint8_t encode_audio_level(AudioLevel level);

std::optional<std::uint16_t> parse_transport_sequence_number(std::span<const std::uint8_t> value);

// MID / RID: 1..255 bytes of token text.
std::optional<std::string_view> parse_sdes_text(std::span<const std::uint8_t> value);

// Negotiated extension ids for one transport (0 = not negotiated).
struct ExtensionIds {
  std::uint8_t mid = 0;
  std::uint8_t rtp_stream_id = 0;
  std::uint8_t audio_level = 0;
  std::uint8_t transport_sequence_number = 0;
  std::uint8_t abs_send_time = 0;

  // Records `id` if `uri` is one we understand; returns whether it was.
  bool assign(std::string_view uri, std::uint8_t id);
};

}  // namespace parley::media::rtp
