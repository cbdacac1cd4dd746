// Appends RTCP packets to a compound packet. Each add_* writes one complete packet with its length.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "media/rtcp/RtcpReports.hpp"
#include "media/rtcp/TransportCcFeedback.hpp"

namespace parley::media::rtcp {

class RtcpWriter {
 public:
  RtcpWriter() { bytes_.reserve(256); }

  // At most 31 report blocks are written per packet.
  RtcpWriter& add_sender_report(const SenderInfo& sender, std::span<const ReportBlock> reports = {});
  RtcpWriter& add_receiver_report(std::uint32_t ssrc, std::span<const ReportBlock> reports = {});
  RtcpWriter& add_sdes_cname(std::uint32_t ssrc, std::string_view cname);
  RtcpWriter& add_bye(std::span<const std::uint32_t> ssrcs, std::string_view reason = {});
  RtcpWriter& add_pli(std::uint32_t sender_ssrc, std::uint32_t media_ssrc);
  RtcpWriter& add_fir(std::uint32_t sender_ssrc, std::uint32_t media_ssrc, std::uint8_t command_sequence);
  // `lost` in sending order (wrap-around allowed); packed into PID + BLP items.
  RtcpWriter& add_nack(std::uint32_t sender_ssrc, std::uint32_t media_ssrc, std::span<const std::uint16_t> lost);
  RtcpWriter& add_remb(std::uint32_t sender_ssrc, std::uint64_t bitrate_bps, std::span<const std::uint32_t> ssrcs);
  // Packets with a delta that fits neither symbol are clamped to the large-delta range.
  RtcpWriter& add_transport_cc(const TransportCcFeedback& feedback);

  const std::vector<std::uint8_t>& bytes() const { return bytes_; }
  // Moves the message out; the builder is left empty.
  std::vector<std::uint8_t> take() { return std::move(bytes_); }

 private:
  std::size_t begin_packet(std::uint8_t count_or_format, std::uint8_t packet_type);
  void end_packet(std::size_t start);  // pads to 32 bits with zeros and writes the length
  void put8(std::uint8_t v) { bytes_.push_back(v); }
  void put16(std::uint16_t v);
  void put24(std::uint32_t v);
  void put32(std::uint32_t v);
  void put64(std::uint64_t v);
  void put_report_block(const ReportBlock& block);

  std::vector<std::uint8_t> bytes_;
};

}  // namespace parley::media::rtcp
