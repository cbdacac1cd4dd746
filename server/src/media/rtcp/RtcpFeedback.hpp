// RTP/AVPF feedback messages (RFC 4585, RFC 5104): generic NACK, PLI, FIR, and REMB
// (draft-alvestrand-rmcat-remb). Transport-wide congestion control feedback is in TransportCcFeedback.
#pragma once

#include <cstdint>
#include <optional>
#include <span>

#include "media/common/ByteOrder.hpp"
#include "media/rtcp/RtcpPacket.hpp"

namespace parley::media::rtcp {

struct FeedbackHeader {
  std::uint32_t sender_ssrc = 0;
  std::uint32_t media_ssrc = 0;
  std::span<const std::uint8_t> fci;  // feedback control information
};

// Accepts RTPFB and PSFB packets with at least the two SSRCs.
std::optional<FeedbackHeader> parse_feedback(const RtcpPacketView& packet);

bool is_pli(const RtcpPacketView& packet);
bool is_fir(const RtcpPacketView& packet);
bool is_nack(const RtcpPacketView& packet);
bool is_transport_cc(const RtcpPacketView& packet);

// Calls fn(ssrc, command_sequence_number) for each FIR entry; false if the FCI is malformed.
template <typename Fn>
bool for_each_fir_entry(const FeedbackHeader& feedback, Fn&& fn) {
  if (feedback.fci.size() % 8 != 0) return false;
  for (std::size_t i = 0; i < feedback.fci.size(); i += 8) {
    fn(load_be32(feedback.fci.data() + i), feedback.fci[i + 4]);
  }
  return true;
}

// Calls fn(sequence_number) for every lost packet a generic NACK reports (PID plus BLP bits).
template <typename Fn>
bool for_each_nacked_sequence(const FeedbackHeader& feedback, Fn&& fn) {
  if (feedback.fci.size() % 4 != 0) return false;
  for (std::size_t i = 0; i < feedback.fci.size(); i += 4) {
    const std::uint16_t pid = load_be16(feedback.fci.data() + i);
    const std::uint16_t blp = load_be16(feedback.fci.data() + i + 2);
    fn(pid);
    for (unsigned bit = 0; bit < 16; ++bit) {
      if (blp & (1U << bit)) fn(static_cast<std::uint16_t>(pid + bit + 1));
    }
  }
  return true;
}

struct Remb {
  std::uint64_t bitrate_bps = 0;
  std::span<const std::uint8_t> ssrc_bytes;
  std::size_t ssrc_count() const { return ssrc_bytes.size() / 4; }
  std::uint32_t ssrc(std::size_t index) const { return load_be32(ssrc_bytes.data() + 4 * index); }
};

std::optional<Remb> parse_remb(const RtcpPacketView& packet);

}  // namespace parley::media::rtcp
