// Sender/receiver reports, SDES and BYE (RFC 3550 sections 6.4 to 6.6) as views over RTCP packets.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "media/rtcp/RtcpPacket.hpp"

namespace parley::media::rtcp {

struct ReportBlock {
  std::uint32_t ssrc = 0;
  std::uint8_t fraction_lost = 0;
  std::int32_t cumulative_lost = 0;  // 24-bit signed on the wire
  std::uint32_t highest_sequence = 0;
  std::uint32_t jitter = 0;
  std::uint32_t last_sr = 0;
  std::uint32_t delay_since_last_sr = 0;
};
inline constexpr std::size_t kReportBlockSize = 24;

// A run of report blocks inside an SR or RR.
class ReportBlocks {
 public:
  ReportBlocks() = default;
  ReportBlocks(std::span<const std::uint8_t> bytes, std::size_t count) : bytes_(bytes), count_(count) {}
  std::size_t size() const { return count_; }
  ReportBlock operator[](std::size_t index) const;

 private:
  std::span<const std::uint8_t> bytes_;
  std::size_t count_ = 0;
};

struct SenderInfo {
  std::uint32_t ssrc = 0;
  std::uint64_t ntp_timestamp = 0;
  std::uint32_t rtp_timestamp = 0;
  std::uint32_t packet_count = 0;
  std::uint32_t octet_count = 0;
};

struct SenderReport {
  SenderInfo sender;
  ReportBlocks reports;
};

struct ReceiverReport {
  std::uint32_t ssrc = 0;
  ReportBlocks reports;
};

std::optional<SenderReport> parse_sender_report(const RtcpPacketView& packet);
std::optional<ReceiverReport> parse_receiver_report(const RtcpPacketView& packet);

namespace sdes_item {
inline constexpr std::uint8_t kCname = 1;
}

// Calls fn(ssrc, item_type, text) for each SDES item. Returns false if the packet is malformed
// (items seen before the error have already been delivered).
template <typename Fn>
bool for_each_sdes_item(const RtcpPacketView& packet, Fn&& fn);

struct Bye {
  std::span<const std::uint8_t> ssrc_bytes;
  std::string_view reason;
  std::size_t ssrc_count() const { return ssrc_bytes.size() / 4; }
  std::uint32_t ssrc(std::size_t index) const;
};

std::optional<Bye> parse_bye(const RtcpPacketView& packet);

template <typename Fn>
bool for_each_sdes_item(const RtcpPacketView& packet, Fn&& fn) {
  if (packet.packet_type != packet_type::kSourceDescription) return false;
  const auto body = packet.body;
  std::size_t offset = 0;
  for (std::size_t chunk = 0; chunk < packet.count_or_format; ++chunk) {
    if (offset + 4 > body.size()) return false;
    const std::uint32_t ssrc = (std::uint32_t{body[offset]} << 24) | (std::uint32_t{body[offset + 1]} << 16) |
                               (std::uint32_t{body[offset + 2]} << 8) | body[offset + 3];
    offset += 4;
    while (true) {
      if (offset >= body.size()) return false;
      const std::uint8_t type = body[offset];
      if (type == 0) {  // end of list; skip to the next 32-bit boundary
        offset = (offset + 4) & ~std::size_t{3};
        break;
      }
      if (offset + 2 > body.size()) return false;
      const std::size_t length = body[offset + 1];
      if (offset + 2 + length > body.size()) return false;
      fn(ssrc, type, std::string_view(reinterpret_cast<const char*>(body.data() + offset + 2), length));
      offset += 2 + length;
    }
  }
  return true;
}

}  // namespace parley::media::rtcp
