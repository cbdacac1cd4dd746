#include "media/rtcp/RtcpFeedback.hpp"

namespace parley::media::rtcp {

std::optional<FeedbackHeader> parse_feedback(const RtcpPacketView& packet) {
  if (packet.packet_type != packet_type::kTransportFeedback && packet.packet_type != packet_type::kPayloadFeedback) {
    return std::nullopt;
  }
  if (packet.body.size() < 8) return std::nullopt;
  return FeedbackHeader{load_be32(packet.body.data()), load_be32(packet.body.data() + 4), packet.body.subspan(8)};
}

bool is_pli(const RtcpPacketView& packet) {
  return packet.packet_type == packet_type::kPayloadFeedback && packet.count_or_format == feedback_format::kPli &&
         packet.body.size() >= 8;
}

bool is_fir(const RtcpPacketView& packet) {
  return packet.packet_type == packet_type::kPayloadFeedback && packet.count_or_format == feedback_format::kFir &&
         packet.body.size() >= 8;
}

bool is_nack(const RtcpPacketView& packet) {
  return packet.packet_type == packet_type::kTransportFeedback && packet.count_or_format == feedback_format::kNack &&
         packet.body.size() >= 8;
}

bool is_transport_cc(const RtcpPacketView& packet) {
  return packet.packet_type == packet_type::kTransportFeedback &&
         packet.count_or_format == feedback_format::kTransportCc && packet.body.size() >= 8;
}

std::optional<Remb> parse_remb(const RtcpPacketView& packet) {
  if (packet.packet_type != packet_type::kPayloadFeedback ||
      packet.count_or_format != feedback_format::kApplicationLayer) {
    return std::nullopt;
  }
  auto feedback = parse_feedback(packet);
  if (!feedback || feedback->fci.size() < 8) return std::nullopt;
  const auto fci = feedback->fci;
  if (fci[0] != 'R' || fci[1] != 'E' || fci[2] != 'M' || fci[3] != 'B') return std::nullopt;
  const std::size_t count = fci[4];
  if (fci.size() < 8 + 4 * count) return std::nullopt;
  const unsigned exponent = fci[5] >> 2;
  const std::uint64_t mantissa = ((std::uint64_t{fci[5]} & 0x03) << 16) | (std::uint64_t{fci[6]} << 8) | fci[7];
  Remb remb;
  // An exponent above 46 would overflow 64 bits; saturate (no real bitrate gets there).
  remb.bitrate_bps = exponent > 46 ? UINT64_MAX : (mantissa << exponent);
  remb.ssrc_bytes = fci.subspan(8, 4 * count);
  return remb;
}

}  // namespace parley::media::rtcp
