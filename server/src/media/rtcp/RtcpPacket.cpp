#include "media/rtcp/RtcpPacket.hpp"

#include "media/common/ByteOrder.hpp"

namespace parley::media::rtcp {

std::optional<RtcpPacketView> parse_rtcp_packet(std::span<const std::uint8_t> bytes) {
  if (bytes.size() < 4 || (bytes[0] >> 6) != 2) return std::nullopt;
  const std::size_t size = 4 * (std::size_t{load_be16(bytes.data() + 2)} + 1);
  if (size > bytes.size()) return std::nullopt;
  RtcpPacketView view;
  view.count_or_format = bytes[0] & 0x1F;
  view.packet_type = bytes[1];
  view.packet = bytes.first(size);
  std::size_t body_end = size;
  if ((bytes[0] & 0x20) != 0) {
    const std::size_t padding = bytes[size - 1];
    if (padding == 0 || 4 + padding > size) return std::nullopt;
    body_end -= padding;
  }
  view.body = bytes.subspan(4, body_end - 4);
  return view;
}

std::optional<RtcpPacketView> RtcpCompoundReader::next() {
  if (rest_.empty() || malformed_) return std::nullopt;
  auto view = parse_rtcp_packet(rest_);
  if (!view) {
    malformed_ = true;
    return std::nullopt;
  }
  rest_ = rest_.subspan(view->packet.size());
  return view;
}

bool RtcpCompoundReader::is_valid(std::span<const std::uint8_t> bytes) {
  RtcpCompoundReader reader(bytes);
  std::size_t count = 0;
  while (reader.next()) ++count;
  return count > 0 && !reader.malformed();
}

}  // namespace parley::media::rtcp
