#include "media/rtcp/RtcpReports.hpp"

#include "media/common/ByteOrder.hpp"

namespace parley::media::rtcp {

ReportBlock ReportBlocks::operator[](std::size_t index) const {
  const std::uint8_t* p = bytes_.data() + index * kReportBlockSize;
  ReportBlock b;
  b.ssrc = load_be32(p);
  b.fraction_lost = p[4];
  std::uint32_t lost = load_be24(p + 5);
  if (lost & 0x800000U) lost |= 0xFF000000U;  // sign-extend
  b.cumulative_lost = static_cast<std::int32_t>(lost);
  b.highest_sequence = load_be32(p + 8);
  b.jitter = load_be32(p + 12);
  b.last_sr = load_be32(p + 16);
  b.delay_since_last_sr = load_be32(p + 20);
  return b;
}

std::optional<SenderReport> parse_sender_report(const RtcpPacketView& packet) {
  if (packet.packet_type != packet_type::kSenderReport) return std::nullopt;
  const std::size_t count = packet.count_or_format;
  if (packet.body.size() < 24 + count * kReportBlockSize) return std::nullopt;
  const std::uint8_t* p = packet.body.data();
  SenderReport sr;
  sr.sender.ssrc = load_be32(p);
  sr.sender.ntp_timestamp = load_be64(p + 4);
  sr.sender.rtp_timestamp = load_be32(p + 12);
  sr.sender.packet_count = load_be32(p + 16);
  sr.sender.octet_count = load_be32(p + 20);
  sr.reports = ReportBlocks(packet.body.subspan(24, count * kReportBlockSize), count);
  return sr;
}

std::optional<ReceiverReport> parse_receiver_report(const RtcpPacketView& packet) {
  if (packet.packet_type != packet_type::kReceiverReport) return std::nullopt;
  const std::size_t count = packet.count_or_format;
  if (packet.body.size() < 4 + count * kReportBlockSize) return std::nullopt;
  ReceiverReport rr;
  rr.ssrc = load_be32(packet.body.data());
  rr.reports = ReportBlocks(packet.body.subspan(4, count * kReportBlockSize), count);
  return rr;
}

std::uint32_t Bye::ssrc(std::size_t index) const {
  return load_be32(ssrc_bytes.data() + 4 * index);
}

std::optional<Bye> parse_bye(const RtcpPacketView& packet) {
  if (packet.packet_type != packet_type::kBye) return std::nullopt;
  const std::size_t ssrc_size = 4 * std::size_t{packet.count_or_format};
  if (packet.body.size() < ssrc_size) return std::nullopt;
  Bye bye;
  bye.ssrc_bytes = packet.body.first(ssrc_size);
  if (packet.body.size() > ssrc_size) {
    const std::size_t length = packet.body[ssrc_size];
    if (ssrc_size + 1 + length > packet.body.size()) return std::nullopt;
    bye.reason = std::string_view(reinterpret_cast<const char*>(packet.body.data() + ssrc_size + 1), length);
  }
  return bye;
}

}  // namespace parley::media::rtcp
