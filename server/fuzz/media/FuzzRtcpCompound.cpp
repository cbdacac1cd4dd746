// Fuzzes the RTCP compound reader and every typed parser on each packet it yields.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "media/rtcp/RtcpFeedback.hpp"
#include "media/rtcp/RtcpPacket.hpp"
#include "media/rtcp/RtcpReports.hpp"
#include "media/rtcp/RtcpWriter.hpp"
#include "media/rtcp/TransportCcFeedback.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace parley::media::rtcp;
  RtcpCompoundReader reader(std::span<const std::uint8_t>(data, size));
  while (auto p = reader.next()) {
    if (auto sr = parse_sender_report(*p)) {
      for (std::size_t i = 0; i < sr->reports.size(); ++i) sr->reports[i];
    }
    if (auto rr = parse_receiver_report(*p)) {
      for (std::size_t i = 0; i < rr->reports.size(); ++i) rr->reports[i];
    }
    for_each_sdes_item(*p, [](std::uint32_t, std::uint8_t, std::string_view) {});
    if (auto bye = parse_bye(*p)) {
      for (std::size_t i = 0; i < bye->ssrc_count(); ++i) bye->ssrc(i);
    }
    if (auto fb = parse_feedback(*p)) {
      is_pli(*p);
      if (is_fir(*p)) for_each_fir_entry(*fb, [](std::uint32_t, std::uint8_t) {});
      if (is_nack(*p)) for_each_nacked_sequence(*fb, [](std::uint16_t) {});
    }
    if (auto remb = parse_remb(*p)) {
      for (std::size_t i = 0; i < remb->ssrc_count(); ++i) remb->ssrc(i);
    }
    if (auto tcc = TransportCcFeedback::parse(*p)) {
      // What parsed must survive a rebuild and parse to the same packet statuses.
      auto bytes = RtcpWriter().add_transport_cc(*tcc).bytes();
      auto view = parse_rtcp_packet(bytes);
      auto again = view ? TransportCcFeedback::parse(*view) : std::nullopt;
      if (!again || again->packets.size() != tcc->packets.size()) __builtin_trap();
      for (std::size_t i = 0; i < tcc->packets.size(); ++i) {
        if (again->packets[i].received != tcc->packets[i].received ||
            again->packets[i].delta_ticks != tcc->packets[i].delta_ticks) {
          __builtin_trap();
        }
      }
    }
  }
  return 0;
}
