// RTCP common header (RFC 3550 section 6.4) and a reader over a compound packet. Each packet is
// exposed as a view; typed parsers (RtcpReports, RtcpFeedback, TransportCcFeedback) interpret it.
#pragma once

#include <cstdint>
#include <optional>
#include <span>

namespace parley::media::rtcp {

namespace packet_type {
inline constexpr std::uint8_t kSenderReport = 200;
inline constexpr std::uint8_t kReceiverReport = 201;
inline constexpr std::uint8_t kSourceDescription = 202;
inline constexpr std::uint8_t kBye = 203;
inline constexpr std::uint8_t kApplication = 204;
inline constexpr std::uint8_t kTransportFeedback = 205;  // RTPFB (RFC 4585)
inline constexpr std::uint8_t kPayloadFeedback = 206;    // PSFB (RFC 4585)
}  // namespace packet_type

namespace feedback_format {
inline constexpr std::uint8_t kNack = 1;               // RTPFB
inline constexpr std::uint8_t kTransportCc = 15;       // RTPFB, draft-holmer-rmcat-transport-wide-cc
inline constexpr std::uint8_t kPli = 1;                // PSFB
inline constexpr std::uint8_t kFir = 4;                // PSFB (RFC 5104)
inline constexpr std::uint8_t kApplicationLayer = 15;  // PSFB, carries REMB
}  // namespace feedback_format

struct RtcpPacketView {
  std::uint8_t count_or_format = 0;  // RC / SC / FMT: the 5 low bits of the first octet
  std::uint8_t packet_type = 0;
  std::span<const std::uint8_t> packet;  // the whole packet, header and padding included
  std::span<const std::uint8_t> body;    // after the 4-byte header, padding removed
};

// Parses the packet at the start of `bytes`; nullopt if its header or length is invalid.
std::optional<RtcpPacketView> parse_rtcp_packet(std::span<const std::uint8_t> bytes);

class RtcpCompoundReader {
 public:
  explicit RtcpCompoundReader(std::span<const std::uint8_t> bytes) : rest_(bytes) {}

  // The next packet, or nullopt at the end or at the first malformed packet (then malformed()).
  std::optional<RtcpPacketView> next();
  bool malformed() const { return malformed_; }

  // True if the whole buffer is a sequence of well-formed RTCP packets (at least one).
  static bool is_valid(std::span<const std::uint8_t> bytes);

 private:
  std::span<const std::uint8_t> rest_;
  bool malformed_ = false;
};

}  // namespace parley::media::rtcp
