#include "media/rtcp/RtcpWriter.hpp"

#include <algorithm>

#include "media/common/ByteOrder.hpp"

namespace parley::media::rtcp {

std::size_t RtcpWriter::begin_packet(std::uint8_t count_or_format, std::uint8_t packet_type) {
  const std::size_t start = bytes_.size();
  put8(static_cast<std::uint8_t>(0x80 | (count_or_format & 0x1F)));
  put8(packet_type);
  put16(0);
  return start;
}

void RtcpWriter::end_packet(std::size_t start) {
  while ((bytes_.size() - start) % 4 != 0) put8(0);
  const std::size_t words = (bytes_.size() - start) / 4 - 1;
  store_be16(bytes_.data() + start + 2, static_cast<std::uint16_t>(words));
}

void RtcpWriter::put16(std::uint16_t v) {
  put8(static_cast<std::uint8_t>(v >> 8));
  put8(static_cast<std::uint8_t>(v));
}
void RtcpWriter::put24(std::uint32_t v) {
  put8(static_cast<std::uint8_t>(v >> 16));
  put16(static_cast<std::uint16_t>(v));
}
void RtcpWriter::put32(std::uint32_t v) {
  put16(static_cast<std::uint16_t>(v >> 16));
  put16(static_cast<std::uint16_t>(v));
}
void RtcpWriter::put64(std::uint64_t v) {
  put32(static_cast<std::uint32_t>(v >> 32));
  put32(static_cast<std::uint32_t>(v));
}

void RtcpWriter::put_report_block(const ReportBlock& b) {
  put32(b.ssrc);
  put8(b.fraction_lost);
  const std::int32_t lost = std::clamp<std::int32_t>(b.cumulative_lost, -0x800000, 0x7FFFFF);
  put24(static_cast<std::uint32_t>(lost) & 0xFFFFFFU);
  put32(b.highest_sequence);
  put32(b.jitter);
  put32(b.last_sr);
  put32(b.delay_since_last_sr);
}

RtcpWriter& RtcpWriter::add_sender_report(const SenderInfo& s, std::span<const ReportBlock> reports) {
  reports = reports.first(std::min<std::size_t>(reports.size(), 31));
  const std::size_t start = begin_packet(static_cast<std::uint8_t>(reports.size()), packet_type::kSenderReport);
  put32(s.ssrc);
  put64(s.ntp_timestamp);
  put32(s.rtp_timestamp);
  put32(s.packet_count);
  put32(s.octet_count);
  for (const auto& b : reports) put_report_block(b);
  end_packet(start);
  return *this;
}

RtcpWriter& RtcpWriter::add_receiver_report(std::uint32_t ssrc, std::span<const ReportBlock> reports) {
  reports = reports.first(std::min<std::size_t>(reports.size(), 31));
  const std::size_t start = begin_packet(static_cast<std::uint8_t>(reports.size()), packet_type::kReceiverReport);
  put32(ssrc);
  for (const auto& b : reports) put_report_block(b);
  end_packet(start);
  return *this;
}

RtcpWriter& RtcpWriter::add_sdes_cname(std::uint32_t ssrc, std::string_view cname) {
  cname = cname.substr(0, 255);
  const std::size_t start = begin_packet(1, packet_type::kSourceDescription);
  put32(ssrc);
  put8(sdes_item::kCname);
  put8(static_cast<std::uint8_t>(cname.size()));
  bytes_.insert(bytes_.end(), cname.begin(), cname.end());
  // The item list ends with at least one zero octet, then pads to 32 bits.
  put8(0);
  end_packet(start);
  return *this;
}

RtcpWriter& RtcpWriter::add_bye(std::span<const std::uint32_t> ssrcs, std::string_view reason) {
  ssrcs = ssrcs.first(std::min<std::size_t>(ssrcs.size(), 31));
  reason = reason.substr(0, 255);
  const std::size_t start = begin_packet(static_cast<std::uint8_t>(ssrcs.size()), packet_type::kBye);
  for (std::uint32_t ssrc : ssrcs) put32(ssrc);
  if (!reason.empty()) {
    put8(static_cast<std::uint8_t>(reason.size()));
    bytes_.insert(bytes_.end(), reason.begin(), reason.end());
  }
  end_packet(start);
  return *this;
}

RtcpWriter& RtcpWriter::add_pli(std::uint32_t sender_ssrc, std::uint32_t media_ssrc) {
  const std::size_t start = begin_packet(feedback_format::kPli, packet_type::kPayloadFeedback);
  put32(sender_ssrc);
  put32(media_ssrc);
  end_packet(start);
  return *this;
}

RtcpWriter& RtcpWriter::add_fir(std::uint32_t sender_ssrc, std::uint32_t media_ssrc, std::uint8_t command_sequence) {
  const std::size_t start = begin_packet(feedback_format::kFir, packet_type::kPayloadFeedback);
  put32(sender_ssrc);
  put32(0);  // RFC 5104: media source SSRC unused in FIR, the FCI names the target
  put32(media_ssrc);
  put8(command_sequence);
  put24(0);
  end_packet(start);
  return *this;
}

RtcpWriter& RtcpWriter::add_nack(std::uint32_t sender_ssrc, std::uint32_t media_ssrc,
                                 std::span<const std::uint16_t> lost) {
  const std::size_t start = begin_packet(feedback_format::kNack, packet_type::kTransportFeedback);
  put32(sender_ssrc);
  put32(media_ssrc);
  std::size_t i = 0;
  while (i < lost.size()) {
    const std::uint16_t pid = lost[i++];
    std::uint16_t blp = 0;
    while (i < lost.size()) {
      const auto distance = static_cast<std::uint16_t>(lost[i] - pid);
      if (distance == 0) {  // duplicate
        ++i;
        continue;
      }
      if (distance > 16) break;
      blp = static_cast<std::uint16_t>(blp | (1U << (distance - 1)));
      ++i;
    }
    put16(pid);
    put16(blp);
  }
  end_packet(start);
  return *this;
}

RtcpWriter& RtcpWriter::add_remb(std::uint32_t sender_ssrc, std::uint64_t bitrate_bps,
                                 std::span<const std::uint32_t> ssrcs) {
  ssrcs = ssrcs.first(std::min<std::size_t>(ssrcs.size(), 255));
  unsigned exponent = 0;
  while ((bitrate_bps >> exponent) > 0x3FFFF && exponent < 63) ++exponent;
  const auto mantissa = static_cast<std::uint32_t>(bitrate_bps >> exponent);
  const std::size_t start = begin_packet(feedback_format::kApplicationLayer, packet_type::kPayloadFeedback);
  put32(sender_ssrc);
  put32(0);
  put8('R');
  put8('E');
  put8('M');
  put8('B');
  put8(static_cast<std::uint8_t>(ssrcs.size()));
  put8(static_cast<std::uint8_t>((exponent << 2) | ((mantissa >> 16) & 0x3)));
  put16(static_cast<std::uint16_t>(mantissa));
  for (std::uint32_t ssrc : ssrcs) put32(ssrc);
  end_packet(start);
  return *this;
}

RtcpWriter& RtcpWriter::add_transport_cc(const TransportCcFeedback& f) {
  const std::size_t count = std::min<std::size_t>(f.packets.size(), 0xFFFF);
  std::vector<std::uint8_t> symbols(count);
  for (std::size_t i = 0; i < count; ++i) {
    const auto& p = f.packets[i];
    symbols[i] = !p.received ? 0 : (p.delta_ticks >= 0 && p.delta_ticks <= 255) ? 1 : 2;
  }

  const std::size_t start = begin_packet(feedback_format::kTransportCc, packet_type::kTransportFeedback);
  put32(f.sender_ssrc);
  put32(f.media_ssrc);
  put16(f.base_sequence);
  put16(static_cast<std::uint16_t>(count));
  put24(static_cast<std::uint32_t>(f.reference_time) & 0xFFFFFFU);
  put8(f.feedback_count);

  std::size_t i = 0;
  while (i < count) {
    std::size_t run = 1;
    while (i + run < count && symbols[i + run] == symbols[i] && run < 0x1FFF) ++run;
    if (run >= 7) {
      put16(static_cast<std::uint16_t>((symbols[i] << 13) | run));
      i += run;
      continue;
    }
    const std::size_t window = std::min<std::size_t>(14, count - i);
    const bool one_bit =
        std::all_of(symbols.begin() + static_cast<std::ptrdiff_t>(i),
                    symbols.begin() + static_cast<std::ptrdiff_t>(i + window), [](std::uint8_t s) { return s <= 1; });
    if (one_bit && window == 14) {
      std::uint16_t chunk = 0x8000;
      for (std::size_t k = 0; k < 14; ++k) chunk = static_cast<std::uint16_t>(chunk | (symbols[i + k] << (13 - k)));
      put16(chunk);
      i += 14;
    } else {
      std::uint16_t chunk = 0xC000;
      for (std::size_t k = 0; k < 7 && i + k < count; ++k) {
        chunk = static_cast<std::uint16_t>(chunk | (symbols[i + k] << (12 - 2 * k)));
      }
      put16(chunk);
      i += 7;
    }
  }
  for (std::size_t k = 0; k < count; ++k) {
    if (symbols[k] == 1) {
      put8(static_cast<std::uint8_t>(f.packets[k].delta_ticks));
    } else if (symbols[k] == 2) {
      put16(static_cast<std::uint16_t>(std::clamp<std::int32_t>(f.packets[k].delta_ticks, -32768, 32767)));
    }
  }
  end_packet(start);
  return *this;
}

}  // namespace parley::media::rtcp
