#include <gtest/gtest.h>

#include <vector>

#include "HexBytes.hpp"
#include "media/rtcp/RtcpFeedback.hpp"
#include "media/rtcp/RtcpPacket.hpp"
#include "media/rtcp/RtcpReports.hpp"
#include "media/rtcp/RtcpWriter.hpp"
#include "media/rtcp/TransportCcFeedback.hpp"

namespace parley::media::rtcp {
namespace {

using test::hex_bytes;

std::vector<RtcpPacketView> read_all(std::span<const std::uint8_t> bytes) {
  std::vector<RtcpPacketView> out;
  RtcpCompoundReader reader(bytes);
  while (auto p = reader.next()) out.push_back(*p);
  EXPECT_FALSE(reader.malformed());
  return out;
}

TEST(Rtcp, ParsesHandBuiltCompoundReceiverReportAndSdes) {
  // RR with one report block (cumulative lost -1), then SDES CNAME "ab".
  const auto bytes = hex_bytes(R"(
    81 c9 00 07  00 00 00 01
      00 00 00 02  10 ff ff ff  00 01 00 10  00 00 00 20  11 22 33 44  00 00 00 05
    81 ca 00 03  00 00 00 01  01 02 61 62  00 00 00 00)");
  auto packets = read_all(bytes);
  ASSERT_EQ(packets.size(), 2U);
  auto rr = parse_receiver_report(packets[0]);
  ASSERT_TRUE(rr);
  EXPECT_EQ(rr->ssrc, 1U);
  ASSERT_EQ(rr->reports.size(), 1U);
  const auto block = rr->reports[0];
  EXPECT_EQ(block.ssrc, 2U);
  EXPECT_EQ(block.fraction_lost, 0x10);
  EXPECT_EQ(block.cumulative_lost, -1);
  EXPECT_EQ(block.highest_sequence, 0x00010010U);
  EXPECT_EQ(block.jitter, 0x20U);
  EXPECT_EQ(block.last_sr, 0x11223344U);
  EXPECT_EQ(block.delay_since_last_sr, 5U);
  std::string cname;
  EXPECT_TRUE(for_each_sdes_item(packets[1], [&](std::uint32_t ssrc, std::uint8_t type, std::string_view text) {
    EXPECT_EQ(ssrc, 1U);
    EXPECT_EQ(type, sdes_item::kCname);
    cname = text;
  }));
  EXPECT_EQ(cname, "ab");
}

TEST(Rtcp, RejectsBadLengthsAndVersions) {
  EXPECT_FALSE(RtcpCompoundReader::is_valid(hex_bytes("81 c9 00 07 00 00 00 01")));  // length past end
  EXPECT_FALSE(RtcpCompoundReader::is_valid(hex_bytes("41 c9 00 01 00 00 00 01")));  // version 1
  EXPECT_FALSE(RtcpCompoundReader::is_valid(hex_bytes("a0 c9 00 01 00 00 00 09")));  // padding too large
  EXPECT_FALSE(RtcpCompoundReader::is_valid({}));
  // Report count larger than the body.
  const auto overcounted = hex_bytes("82 c9 00 01 00 00 00 01");
  auto p = parse_rtcp_packet(overcounted);
  ASSERT_TRUE(p);
  EXPECT_FALSE(parse_receiver_report(*p));
}

TEST(Rtcp, SenderReportSdesByeRoundTrip) {
  SenderInfo info{0x11111111, 0xe1e2e3e4f1f2f3f4ULL, 90000, 100, 12000};
  const ReportBlock blocks[] = {{0x22222222, 5, -3, 70000, 12, 0xabcdef01, 655}};
  const std::uint32_t gone[] = {0x11111111, 0x33333333};
  auto bytes = RtcpWriter()
                   .add_sender_report(info, blocks)
                   .add_sdes_cname(0x11111111, "user@example")
                   .add_bye(gone, "left")
                   .bytes();
  ASSERT_TRUE(RtcpCompoundReader::is_valid(bytes));
  auto packets = read_all(bytes);
  ASSERT_EQ(packets.size(), 3U);
  auto sr = parse_sender_report(packets[0]);
  ASSERT_TRUE(sr);
  EXPECT_EQ(sr->sender.ntp_timestamp, info.ntp_timestamp);
  EXPECT_EQ(sr->sender.rtp_timestamp, 90000U);
  EXPECT_EQ(sr->sender.packet_count, 100U);
  EXPECT_EQ(sr->sender.octet_count, 12000U);
  ASSERT_EQ(sr->reports.size(), 1U);
  EXPECT_EQ(sr->reports[0].cumulative_lost, -3);
  EXPECT_EQ(sr->reports[0].delay_since_last_sr, 655U);
  std::string cname;
  EXPECT_TRUE(for_each_sdes_item(packets[1], [&](std::uint32_t, std::uint8_t, std::string_view t) { cname = t; }));
  EXPECT_EQ(cname, "user@example");
  auto bye = parse_bye(packets[2]);
  ASSERT_TRUE(bye);
  ASSERT_EQ(bye->ssrc_count(), 2U);
  EXPECT_EQ(bye->ssrc(1), 0x33333333U);
  EXPECT_EQ(bye->reason, "left");
}

TEST(Rtcp, PliFirRembRoundTrip) {
  const std::uint32_t ssrcs[] = {0xaaaa, 0xbbbb};
  auto bytes = RtcpWriter().add_pli(1, 2).add_fir(1, 3, 9).add_remb(1, 2500000, ssrcs).bytes();
  auto packets = read_all(bytes);
  ASSERT_EQ(packets.size(), 3U);
  EXPECT_TRUE(is_pli(packets[0]));
  EXPECT_EQ(parse_feedback(packets[0])->media_ssrc, 2U);
  EXPECT_TRUE(is_fir(packets[1]));
  int firs = 0;
  EXPECT_TRUE(for_each_fir_entry(*parse_feedback(packets[1]), [&](std::uint32_t ssrc, std::uint8_t seq) {
    EXPECT_EQ(ssrc, 3U);
    EXPECT_EQ(seq, 9);
    ++firs;
  }));
  EXPECT_EQ(firs, 1);
  auto remb = parse_remb(packets[2]);
  ASSERT_TRUE(remb);
  // 2.5 Mbit/s needs an exponent: the mantissa keeps 18 bits, so the value may round down slightly.
  EXPECT_LE(remb->bitrate_bps, 2500000U);
  EXPECT_GE(remb->bitrate_bps, 2500000U - 16);
  ASSERT_EQ(remb->ssrc_count(), 2U);
  EXPECT_EQ(remb->ssrc(1), 0xbbbbU);
}

TEST(Rtcp, ParsesHandBuiltRemb) {
  // exponent 2, mantissa 0x3ffff -> 1048572 bps, one SSRC.
  const auto bytes = hex_bytes("8f ce 00 05 00 00 00 01 00 00 00 00 52 45 4d 42 01 0b ff ff 00 00 00 07");
  auto p = parse_rtcp_packet(bytes);
  ASSERT_TRUE(p);
  auto remb = parse_remb(*p);
  ASSERT_TRUE(remb);
  EXPECT_EQ(remb->bitrate_bps, 0x3ffffU << 2);
  EXPECT_EQ(remb->ssrc(0), 7U);
}

TEST(Rtcp, NackPacksAndExpandsLostSequences) {
  const std::uint16_t lost[] = {65530, 65531, 65535, 0, 5, 100};
  auto bytes = RtcpWriter().add_nack(1, 2, lost).bytes();
  auto packets = read_all(bytes);
  ASSERT_EQ(packets.size(), 1U);
  ASSERT_TRUE(is_nack(packets[0]));
  auto fb = parse_feedback(packets[0]);
  ASSERT_TRUE(fb);
  EXPECT_EQ(fb->fci.size(), 8U);  // two PID/BLP items
  std::vector<std::uint16_t> expanded;
  EXPECT_TRUE(for_each_nacked_sequence(*fb, [&](std::uint16_t s) { expanded.push_back(s); }));
  EXPECT_EQ(expanded, std::vector<std::uint16_t>(std::begin(lost), std::end(lost)));
}

TEST(Rtcp, ParsesHandBuiltNack) {
  // PID 100, BLP 0x0005 -> 100, 101, 103.
  const auto bytes = hex_bytes("81 cd 00 03 00 00 00 01 00 00 00 02 00 64 00 05");
  auto p = parse_rtcp_packet(bytes);
  ASSERT_TRUE(p && is_nack(*p));
  std::vector<std::uint16_t> seqs;
  for_each_nacked_sequence(*parse_feedback(*p), [&](std::uint16_t s) { seqs.push_back(s); });
  EXPECT_EQ(seqs, (std::vector<std::uint16_t>{100, 101, 103}));
}

TEST(TransportCcFeedback, ParsesHandBuiltFeedback) {
  // base 10, 3 packets, reference time 2 (128 ms), fb count 7.
  // Chunk: two-bit vector [1, 0, 2, 0, 0, 0, 0] = 11 01 00 10 00 00 00 00 -> 0xd200 (3 of 7 used).
  // Deltas: 0x04 (1 ms), then large delta -8 (0xfff8).
  const auto bytes = hex_bytes(R"(
    8f cd 00 06 00 00 00 01 00 00 00 02
    00 0a 00 03 00 00 02 07
    d2 00 04 ff f8 00 00 00)");
  auto p = parse_rtcp_packet(bytes);
  ASSERT_TRUE(p);
  auto f = TransportCcFeedback::parse(*p);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->base_sequence, 10);
  EXPECT_EQ(f->reference_time, 2);
  EXPECT_EQ(f->feedback_count, 7);
  ASSERT_EQ(f->packets.size(), 3U);
  EXPECT_TRUE(f->packets[0].received);
  EXPECT_EQ(f->packets[0].delta_ticks, 4);
  EXPECT_FALSE(f->packets[1].received);
  EXPECT_EQ(f->packets[2].sequence_number, 12);
  EXPECT_EQ(f->packets[2].delta_ticks, -8);
}

TEST(TransportCcFeedback, RoundTripsMixedRunsAndVectors) {
  TransportCcFeedback f;
  f.sender_ssrc = 5;
  f.media_ssrc = 6;
  f.base_sequence = 65500;
  f.reference_time = -3;
  f.feedback_count = 200;
  for (int i = 0; i < 100; ++i) {
    TransportCcPacket p;
    p.sequence_number = static_cast<std::uint16_t>(65500 + i);
    if (i < 20) {  // a long received run: run-length chunk
      p.received = true;
      p.delta_ticks = 4;
    } else if (i < 40) {  // a lost run
      p.received = false;
    } else if (i % 3 == 0) {  // mixed with large and negative deltas: two-bit vectors
      p.received = true;
      p.delta_ticks = (i % 2) ? 1000 : -20;
    } else {
      p.received = (i % 2) == 0;
      p.delta_ticks = p.received ? 250 : 0;
    }
    f.packets.push_back(p);
  }
  auto bytes = RtcpWriter().add_transport_cc(f).bytes();
  auto p = parse_rtcp_packet(bytes);
  ASSERT_TRUE(p);
  ASSERT_EQ(p->packet.size(), bytes.size());
  auto back = TransportCcFeedback::parse(*p);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->base_sequence, 65500);
  EXPECT_EQ(back->reference_time, -3);
  EXPECT_EQ(back->feedback_count, 200);
  ASSERT_EQ(back->packets.size(), f.packets.size());
  for (std::size_t i = 0; i < f.packets.size(); ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(back->packets[i].sequence_number, f.packets[i].sequence_number);
    EXPECT_EQ(back->packets[i].received, f.packets[i].received);
    if (f.packets[i].received) {
      EXPECT_EQ(back->packets[i].delta_ticks, f.packets[i].delta_ticks);
    }
  }
}

TEST(TransportCcFeedback, RejectsTruncatedChunksAndDeltas) {
  // Claims 3 packets of small delta via a run, but carries no delta bytes.
  const auto no_deltas = hex_bytes("8f cd 00 04 00 00 00 01 00 00 00 02 00 0a 00 03 00 00 02 07 20 03 00 00");
  auto p = parse_rtcp_packet(no_deltas);
  ASSERT_TRUE(p);
  EXPECT_FALSE(TransportCcFeedback::parse(*p));
  // Claims 1000 packets with a single one-bit vector chunk.
  const auto short_chunks = hex_bytes("8f cd 00 04 00 00 00 01 00 00 00 02 00 0a 03 e8 00 00 02 07 80 00 00 00");
  p = parse_rtcp_packet(short_chunks);
  ASSERT_TRUE(p);
  EXPECT_FALSE(TransportCcFeedback::parse(*p));
  // Lost runs of 8191 + 1 and 8191 + 2 packets: both well-formed, but only the first is within the cap.
  const auto at_cap = hex_bytes("8f cd 00 05 00 00 00 01 00 00 00 02 00 0a 20 00 00 00 02 07 1f ff 00 01");
  p = parse_rtcp_packet(at_cap);
  ASSERT_TRUE(p);
  auto accepted = TransportCcFeedback::parse(*p);
  ASSERT_TRUE(accepted);
  EXPECT_EQ(accepted->packets.size(), TransportCcFeedback::kMaxPackets);
  const auto over_cap = hex_bytes("8f cd 00 05 00 00 00 01 00 00 00 02 00 0a 20 01 00 00 02 07 1f ff 00 02");
  p = parse_rtcp_packet(over_cap);
  ASSERT_TRUE(p);
  EXPECT_FALSE(TransportCcFeedback::parse(*p));
}

}  // namespace
}  // namespace parley::media::rtcp
