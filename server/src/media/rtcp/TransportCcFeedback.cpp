#include "media/rtcp/TransportCcFeedback.hpp"

namespace parley::media::rtcp {
namespace {

enum Symbol : std::uint8_t { kNotReceived = 0, kSmallDelta = 1, kLargeDelta = 2 };

}  // namespace

std::optional<TransportCcFeedback> TransportCcFeedback::parse(const RtcpPacketView& packet) {
  if (!is_transport_cc(packet)) return std::nullopt;
  auto feedback = parse_feedback(packet);
  if (!feedback || feedback->fci.size() < 8) return std::nullopt;
  const auto fci = feedback->fci;

  TransportCcFeedback out;
  out.sender_ssrc = feedback->sender_ssrc;
  out.media_ssrc = feedback->media_ssrc;
  out.base_sequence = load_be16(fci.data());
  const std::size_t status_count = load_be16(fci.data() + 2);
  if (status_count > kMaxPackets) return std::nullopt;
  std::uint32_t reference = load_be24(fci.data() + 4);
  if (reference & 0x800000U) reference |= 0xFF000000U;
  out.reference_time = static_cast<std::int32_t>(reference);
  out.feedback_count = fci[7];

  // Every chunk is 2 bytes and covers at least 7 packets (or a run), so a count that the FCI cannot
  // hold is rejected before anything is allocated for it.
  std::size_t offset = 8;
  std::vector<std::uint8_t> symbols;
  symbols.reserve(status_count);
  while (symbols.size() < status_count) {
    if (offset + 2 > fci.size()) return std::nullopt;
    const std::uint16_t chunk = load_be16(fci.data() + offset);
    offset += 2;
    const std::size_t remaining = status_count - symbols.size();
    if ((chunk & 0x8000) == 0) {  // run-length chunk
      const auto symbol = static_cast<std::uint8_t>((chunk >> 13) & 0x3);
      const std::size_t run = chunk & 0x1FFF;
      if (symbol == 3) return std::nullopt;
      for (std::size_t i = 0; i < run && symbols.size() < status_count; ++i) symbols.push_back(symbol);
      if (run == 0) return std::nullopt;
    } else if ((chunk & 0x4000) == 0) {  // status vector, 14 one-bit symbols
      for (std::size_t i = 0; i < 14 && i < remaining; ++i) {
        symbols.push_back(static_cast<std::uint8_t>((chunk >> (13 - i)) & 0x1));
      }
    } else {  // status vector, 7 two-bit symbols
      for (std::size_t i = 0; i < 7 && i < remaining; ++i) {
        const auto symbol = static_cast<std::uint8_t>((chunk >> (12 - 2 * i)) & 0x3);
        if (symbol == 3) return std::nullopt;
        symbols.push_back(symbol);
      }
    }
  }

  out.packets.resize(status_count);
  for (std::size_t i = 0; i < status_count; ++i) {
    auto& p = out.packets[i];
    p.sequence_number = static_cast<std::uint16_t>(out.base_sequence + i);
    if (symbols[i] == kSmallDelta) {
      if (offset + 1 > fci.size()) return std::nullopt;
      p.received = true;
      p.delta_ticks = fci[offset];
      offset += 1;
    } else if (symbols[i] == kLargeDelta) {
      if (offset + 2 > fci.size()) return std::nullopt;
      p.received = true;
      p.delta_ticks = static_cast<std::int16_t>(load_be16(fci.data() + offset));
      offset += 2;
    }
  }
  return out;
}

}  // namespace parley::media::rtcp
