#include "media/rtp/RtpHeaderExtensions.hpp"

#include "media/common/ByteOrder.hpp"

namespace parley::media::rtp {

std::optional<AudioLevel> parse_audio_level(std::span<const std::uint8_t> value) {
  if (value.empty()) return std::nullopt;
  return AudioLevel{(value[0] & 0x80) != 0, static_cast<std::uint8_t>(value[0] & 0x7F)};
}

std::uint8_t encode_audio_level(AudioLevel level) {
  return static_cast<std::uint8_t>((level.voice_activity ? 0x80 : 0) | (level.level & 0x7F));
}

std::optional<std::uint16_t> parse_transport_sequence_number(std::span<const std::uint8_t> value) {
  if (value.size() < 2) return std::nullopt;
  return load_be16(value.data());
}

std::optional<std::string_view> parse_sdes_text(std::span<const std::uint8_t> value) {
  if (value.empty()) return std::nullopt;
  return std::string_view(reinterpret_cast<const char*>(value.data()), value.size());
}

bool ExtensionIds::assign(std::string_view uri, std::uint8_t id) {
  if (uri == extension_uri::kMid) {
    mid = id;
  } else if (uri == extension_uri::kRtpStreamId) {
    rtp_stream_id = id;
  } else if (uri == extension_uri::kAudioLevel) {
    audio_level = id;
  } else if (uri == extension_uri::kTransportWideCc) {
    transport_sequence_number = id;
  } else if (uri == extension_uri::kAbsSendTime) {
    abs_send_time = id;
  } else {
    return false;
  }
  return true;
}

}  // namespace parley::media::rtp
