#include "media/demux/PacketClassifier.hpp"

namespace parley::media::demux {

PacketKind classify_packet(std::span<const std::uint8_t> datagram) {
  if (datagram.empty()) return PacketKind::Unknown;
  const std::uint8_t b = datagram[0];
  if (b <= 3) return datagram.size() >= 20 ? PacketKind::Stun : PacketKind::Unknown;
  if (b >= 16 && b <= 19) return PacketKind::Zrtp;
  if (b >= 20 && b <= 63) return datagram.size() >= 13 ? PacketKind::Dtls : PacketKind::Unknown;
  if (b >= 64 && b <= 79) return datagram.size() >= 4 ? PacketKind::TurnChannel : PacketKind::Unknown;
  if (b >= 128 && b <= 191) {
    if (datagram.size() < 2) return PacketKind::Unknown;
    const std::uint8_t pt = datagram[1];
    if (pt >= 192 && pt <= 223) return datagram.size() >= 8 ? PacketKind::Rtcp : PacketKind::Unknown;
    return datagram.size() >= 12 ? PacketKind::Rtp : PacketKind::Unknown;
  }
  return PacketKind::Unknown;
}

const char* to_string(PacketKind kind) {
  switch (kind) {
    case PacketKind::Stun:
      return "stun";
    case PacketKind::Zrtp:
      return "zrtp";
    case PacketKind::Dtls:
      return "dtls";
    case PacketKind::TurnChannel:
      return "turn-channel";
    case PacketKind::Rtp:
      return "rtp";
    case PacketKind::Rtcp:
      return "rtcp";
    case PacketKind::Unknown:
      break;
  }
  return "unknown";
}

}  // namespace parley::media::demux
