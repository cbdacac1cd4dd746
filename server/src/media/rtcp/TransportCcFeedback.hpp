// Transport-wide congestion control feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01):
// RTPFB FMT 15. Parsing expands every reported packet; builder encodes run-length and status-vector
// chunks and the receive deltas.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "media/rtcp/RtcpFeedback.hpp"

namespace parley::media::rtcp {

struct TransportCcPacket {
  std::uint16_t sequence_number = 0;
  bool received = false;
  std::int32_t delta_ticks = 0;  // receive delta from the previous packet, in 250 us ticks
};

struct TransportCcFeedback {
  static constexpr std::int64_t kTickMicros = 250;
  static constexpr std::int64_t kReferenceTimeMicros = 64000;
  // The format allows 65535 statuses, and a 20-byte FCI of run-length chunks can claim them all.
  // Browsers report tens to hundreds per feedback; refusing more bounds the work one packet causes.
  static constexpr std::size_t kMaxPackets = 8192;

  std::uint32_t sender_ssrc = 0;
  std::uint32_t media_ssrc = 0;
  std::uint16_t base_sequence = 0;
  std::int32_t reference_time = 0;  // 24-bit signed, in multiples of 64 ms
  std::uint8_t feedback_count = 0;
  std::vector<TransportCcPacket> packets;  // consecutive sequence numbers from base_sequence

  static std::optional<TransportCcFeedback> parse(const RtcpPacketView& packet);
};

}  // namespace parley::media::rtcp
