#include <gtest/gtest.h>

#include "realtime/Base64.hpp"
#include "realtime/EngineIoPacket.hpp"

namespace parley::realtime::engineio {
namespace {

TEST(Base64, RoundTripsEveryLengthModuloThree) {
  for (const std::string& s : std::vector<std::string>{"", "a", "ab", "abc", "abcd", std::string("\x00\xff\x10", 3)}) {
    const auto encoded = base64_encode(s);
    EXPECT_EQ(encoded.size() % 4, 0u);
    auto decoded = base64_decode(encoded);
    ASSERT_TRUE(decoded) << encoded;
    EXPECT_EQ(*decoded, s);
  }
  EXPECT_EQ(base64_encode("\x01\x02\x03\x04"), "AQIDBA==");
}

TEST(Base64, RejectsBadAlphabetLengthAndPadding) {
  EXPECT_FALSE(base64_decode("abc"));
  EXPECT_FALSE(base64_decode("ab!d"));
  EXPECT_FALSE(base64_decode("a==="));
  EXPECT_FALSE(base64_decode("ab=d"));
  EXPECT_FALSE(base64_decode("AA==AAAA"));
}

TEST(EngineIoPacket, DecodesEveryTextType) {
  auto p = decode_text("4hello");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->type, PacketType::message);
  EXPECT_EQ(p->data, "hello");
  EXPECT_FALSE(p->binary);
  EXPECT_EQ(decode_text("2probe")->type, PacketType::ping);
  EXPECT_EQ(decode_text("2probe")->data, "probe");
  EXPECT_EQ(decode_text("3")->type, PacketType::pong);
  EXPECT_EQ(decode_text("5")->type, PacketType::upgrade);
  EXPECT_EQ(decode_text("6")->type, PacketType::noop);
  EXPECT_EQ(decode_text("1")->type, PacketType::close);
}

TEST(EngineIoPacket, DecodesBase64BinaryRecords) {
  auto p = decode_text("bAQID");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->data, std::string("\x01\x02\x03"));
  EXPECT_FALSE(
      decode_text("bAQI"
                  "D="));
  auto q = decode_text("bAQIDBA==");
  ASSERT_TRUE(q);
  EXPECT_TRUE(q->binary);
  EXPECT_EQ(q->type, PacketType::message);
  EXPECT_EQ(q->data, std::string("\x01\x02\x03\x04"));
}

TEST(EngineIoPacket, RejectsEmptyUnknownTypeAndBadBase64) {
  EXPECT_FALSE(decode_text(""));
  EXPECT_FALSE(decode_text("7"));
  EXPECT_FALSE(decode_text("x"));
  EXPECT_FALSE(decode_text("b!!!!"));
}

TEST(EngineIoPacket, SplitsPayloadOnRecordSeparator) {
  auto packets = decode_payload(
      "4hello\x1e"
      "2\x1e"
      "bAQIDBA==");
  ASSERT_TRUE(packets);
  ASSERT_EQ(packets->size(), 3u);
  EXPECT_EQ((*packets)[0], (Packet{PacketType::message, "hello", false}));
  EXPECT_EQ((*packets)[1].type, PacketType::ping);
  EXPECT_TRUE((*packets)[2].binary);
}

TEST(EngineIoPacket, RejectsPayloadWithEmptyOrBadRecordOrTooMany) {
  EXPECT_FALSE(decode_payload(""));
  EXPECT_FALSE(decode_payload("4a\x1e"));
  EXPECT_FALSE(
      decode_payload("\x1e"
                     "4a"));
  EXPECT_FALSE(
      decode_payload("4a\x1e"
                     "9"));
  EXPECT_FALSE(
      decode_payload("4a\x1e"
                     "4b\x1e"
                     "4c",
                     2));
  EXPECT_TRUE(
      decode_payload("4a\x1e"
                     "4b",
                     2));
}

TEST(EngineIoPacket, HugePayloadOfTinyRecordsIsBounded) {
  std::string body;
  for (int i = 0; i < 5000; ++i) append_record(body, Packet{PacketType::noop, "", false});
  EXPECT_FALSE(decode_payload(body));  // over the default 1024 records
  EXPECT_TRUE(decode_payload(body, 10000));
}

TEST(EngineIoPacket, EncodesTextAndRecords) {
  EXPECT_EQ(encode_text(Packet{PacketType::message, "hi", false}), "4hi");
  EXPECT_EQ(encode_record(Packet{PacketType::message, "\x01\x02\x03\x04", true}), "bAQIDBA==");
  std::string body;
  append_record(body, Packet{PacketType::ping, "", false});
  append_record(body, Packet{PacketType::message, "x", false});
  EXPECT_EQ(body,
            "2\x1e"
            "4x");
}

TEST(EngineIoPacket, BinaryWebSocketMessageIsABinaryMessagePacket) {
  const auto p = decode_binary(std::string("\x00\x01", 2));
  EXPECT_EQ(p.type, PacketType::message);
  EXPECT_TRUE(p.binary);
  EXPECT_EQ(p.data.size(), 2u);
}

}  // namespace
}  // namespace parley::realtime::engineio
