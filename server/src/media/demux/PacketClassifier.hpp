// Classifies a datagram arriving on a shared ICE/DTLS/SRTP port by its first byte (RFC 7983) and, for
// RTP versus RTCP, by the payload type octet (RFC 5761 section 4: RTCP packet types 192..223).
#pragma once

#include <cstdint>
#include <span>

namespace parley::media::demux {

enum class PacketKind : std::uint8_t { Unknown, Stun, Zrtp, Dtls, TurnChannel, Rtp, Rtcp };

PacketKind classify_packet(std::span<const std::uint8_t> datagram);

const char* to_string(PacketKind kind);

}  // namespace parley::media::demux
