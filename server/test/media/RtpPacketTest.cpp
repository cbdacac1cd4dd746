#include <gtest/gtest.h>

#include <array>

#include "HexBytes.hpp"
#include "media/rtp/RtpHeaderExtensions.hpp"
#include "media/rtp/RtpPacket.hpp"
#include "media/rtp/RtpPacketBuilder.hpp"

namespace parley::media::rtp {
namespace {

using test::hex_bytes;

TEST(RtpPacket, ParsesHandBuiltPacketWithOneByteExtensions) {
  // V=2 X=1 CC=0, M=1 PT=111, seq 0x1234, ts 0xdeadbeef, ssrc 0x01020304,
  // one-byte extensions: id 1 (audio level 0x85, len 1), id 3 (transport seq 0x0102, len 2), 1 pad byte.
  const auto bytes = hex_bytes(R"(
    90 ef 12 34 de ad be ef 01 02 03 04
    be de 00 02  10 85 31 01 02 00 00 00
    aa bb cc)");
  auto p = RtpPacket::parse(bytes);
  ASSERT_TRUE(p);
  EXPECT_TRUE(p->marker());
  EXPECT_EQ(p->payload_type(), 111);
  EXPECT_EQ(p->sequence_number(), 0x1234);
  EXPECT_EQ(p->timestamp(), 0xdeadbeefU);
  EXPECT_EQ(p->ssrc(), 0x01020304U);
  EXPECT_EQ(p->extension_format(), ExtensionFormat::OneByte);
  EXPECT_EQ(p->header_size(), 24U);
  ASSERT_EQ(p->payload().size(), 3U);
  EXPECT_EQ(p->payload()[0], 0xaa);

  auto level = parse_audio_level(*p->extension(1));
  ASSERT_TRUE(level);
  EXPECT_TRUE(level->voice_activity);
  EXPECT_EQ(level->level, 5);
  EXPECT_EQ(parse_transport_sequence_number(*p->extension(3)), 0x0102);
  EXPECT_FALSE(p->extension(2));
}

TEST(RtpPacket, ParsesTwoByteExtensionsCsrcsAndPadding) {
  // V=2 P=1 X=1 CC=2, PT=96; two-byte profile 0x1000; id 20 "video" (5 bytes), id 1 empty.
  const auto bytes = hex_bytes(R"(
    b2 60 00 01 00 00 00 64 11 11 11 11
    22 22 22 22 33 33 33 33
    10 00 00 03  14 05 76 69 64 65 6f 01 00 00 00 00
    ff 00 00 03)");
  auto p = RtpPacket::parse(bytes);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->csrc_count(), 2U);
  EXPECT_EQ(p->csrc(1), 0x33333333U);
  EXPECT_EQ(p->extension_format(), ExtensionFormat::TwoByte);
  EXPECT_EQ(parse_sdes_text(*p->extension(20)), "video");
  ASSERT_TRUE(p->extension(1));
  EXPECT_TRUE(p->extension(1)->empty());
  EXPECT_EQ(p->padding_size(), 3U);
  ASSERT_EQ(p->payload().size(), 1U);
  EXPECT_EQ(p->payload()[0], 0xff);
}

TEST(RtpPacket, RejectsMalformedPackets) {
  EXPECT_FALSE(RtpPacket::parse(hex_bytes("80 60 00 01 00 00 00 64 11 11 11")));     // short
  EXPECT_FALSE(RtpPacket::parse(hex_bytes("40 60 00 01 00 00 00 64 11 11 11 11")));  // version 1
  EXPECT_FALSE(RtpPacket::parse(hex_bytes("81 60 00 01 00 00 00 64 11 11 11 11")));  // CSRC missing
  EXPECT_FALSE(RtpPacket::parse(hex_bytes("90 60 00 01 00 00 00 64 11 11 11 11 be de 00 02 10 00")));
  EXPECT_FALSE(RtpPacket::parse(hex_bytes("a0 60 00 01 00 00 00 64 11 11 11 11 00 05")));  // padding > payload
  EXPECT_FALSE(RtpPacket::parse(hex_bytes("a0 60 00 01 00 00 00 64 11 11 11 11 00 00")));  // padding 0
}

TEST(RtpPacket, MalformedExtensionElementIsNotReturned) {
  // One-byte element id 1 claims 4 bytes inside a 4-byte block.
  const auto bytes = hex_bytes("90 60 00 01 00 00 00 64 11 11 11 11 be de 00 01 13 00 00 00");
  auto p = RtpPacket::parse(bytes);
  ASSERT_TRUE(p);
  EXPECT_FALSE(p->extension(1));
}

TEST(RtpPacketBuilder, RoundTripsOneByteExtensions) {
  const std::array<std::uint8_t, 4> payload = {1, 2, 3, 4};
  const std::uint8_t level = encode_audio_level({true, 30});
  const std::uint8_t twcc[2] = {0xab, 0xcd};
  const std::string_view mid = "0";
  const auto bytes = RtpPacketBuilder()
                         .payload_type(111)
                         .marker(true)
                         .sequence_number(65535)
                         .timestamp(48000)
                         .ssrc(0xcafebabe)
                         .add_extension(1, {&level, 1})
                         .add_extension(3, twcc)
                         .add_extension(4, {reinterpret_cast<const std::uint8_t*>(mid.data()), mid.size()})
                         .payload(payload)
                         .build();
  auto p = RtpPacket::parse(bytes);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->extension_format(), ExtensionFormat::OneByte);
  EXPECT_EQ(p->payload_type(), 111);
  EXPECT_TRUE(p->marker());
  EXPECT_EQ(p->sequence_number(), 65535);
  EXPECT_EQ(p->timestamp(), 48000U);
  EXPECT_EQ(p->ssrc(), 0xcafebabeU);
  EXPECT_EQ(parse_audio_level(*p->extension(1))->level, 30);
  EXPECT_EQ(parse_transport_sequence_number(*p->extension(3)), 0xabcd);
  EXPECT_EQ(parse_sdes_text(*p->extension(4)), "0");
  EXPECT_TRUE(std::equal(payload.begin(), payload.end(), p->payload().begin(), p->payload().end()));
}

TEST(RtpPacketBuilder, UsesTwoByteFormatWhenNeededAndWritesPadding) {
  const std::uint8_t big[20] = {};
  const std::uint8_t payload[3] = {9, 9, 9};
  RtpPacketBuilder builder;
  builder.payload_type(96).add_csrc(7).add_extension(15, big).add_extension(2, {}).payload(payload).padding(4);
  std::array<std::uint8_t, 1500> buffer{};
  auto size = builder.write(buffer);
  ASSERT_TRUE(size);
  auto p = RtpPacket::parse(std::span<const std::uint8_t>(buffer.data(), *size));
  ASSERT_TRUE(p);
  EXPECT_EQ(p->extension_format(), ExtensionFormat::TwoByte);
  EXPECT_EQ(p->extension(15)->size(), 20U);
  EXPECT_TRUE(p->extension(2)->empty());
  EXPECT_EQ(p->csrc(0), 7U);
  EXPECT_EQ(p->padding_size(), 4U);
  EXPECT_EQ(p->payload().size(), 3U);
  std::array<std::uint8_t, 10> small{};
  EXPECT_FALSE(builder.write(small));
}

TEST(RtpPacket, InPlaceRewritesForForwarding) {
  const std::uint8_t twcc[2] = {0, 1};
  auto bytes = RtpPacketBuilder().payload_type(96).marker(true).sequence_number(1).add_extension(5, twcc).build();
  set_sequence_number(bytes, 777);
  set_timestamp(bytes, 90000);
  set_ssrc(bytes, 42);
  set_payload_type(bytes, 100);
  const std::uint8_t rewritten[2] = {0x12, 0x34};
  EXPECT_TRUE(overwrite_extension(bytes, 5, rewritten));
  EXPECT_FALSE(overwrite_extension(bytes, 6, rewritten));
  auto p = RtpPacket::parse(bytes);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->sequence_number(), 777);
  EXPECT_EQ(p->timestamp(), 90000U);
  EXPECT_EQ(p->ssrc(), 42U);
  EXPECT_EQ(p->payload_type(), 100);
  EXPECT_TRUE(p->marker());
  EXPECT_EQ(parse_transport_sequence_number(*p->extension(5)), 0x1234);
}

TEST(ExtensionIds, MapsKnownUris) {
  ExtensionIds ids;
  EXPECT_TRUE(ids.assign(extension_uri::kMid, 4));
  EXPECT_TRUE(ids.assign(extension_uri::kTransportWideCc, 3));
  EXPECT_FALSE(ids.assign("urn:example:unknown", 9));
  EXPECT_EQ(ids.mid, 4);
  EXPECT_EQ(ids.transport_sequence_number, 3);
}

}  // namespace
}  // namespace parley::media::rtp
