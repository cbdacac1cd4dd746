#include "Wire.hpp"

#include <gtest/gtest.h>

using namespace parley::bench::wire;

TEST(BenchWire, ParsesEngineIoControlPackets) {
  EXPECT_EQ(parse("0{\"sid\":\"a\"}")->kind, Kind::open);
  EXPECT_EQ(parse("2")->kind, Kind::ping);
  EXPECT_EQ(parse("3")->kind, Kind::pong);
  EXPECT_EQ(parse("1")->kind, Kind::close);
  EXPECT_EQ(parse("6")->kind, Kind::noop);
  EXPECT_FALSE(parse(""));
}

TEST(BenchWire, ParsesSocketIoConnectAndErrors) {
  auto connect = parse("40{\"sid\":\"abc\"}");
  ASSERT_TRUE(connect);
  EXPECT_EQ(connect->kind, Kind::connect);
  EXPECT_EQ(string_field(connect->body, "sid"), "abc");
  EXPECT_EQ(parse("44{\"message\":\"no\"}")->kind, Kind::connect_error);
  EXPECT_EQ(parse("41")->kind, Kind::disconnect);
  EXPECT_EQ(parse("42/admin,[\"x\"]")->kind, Kind::other);
}

TEST(BenchWire, ParsesEventsWithAndWithoutAckIds) {
  auto plain = parse("42[\"chat-message\",\"hi\",\"bob\"]");
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->kind, Kind::event);
  EXPECT_FALSE(plain->ack_id);
  EXPECT_EQ(event_name(plain->body), "chat-message");

  auto with_id = parse("4217[\"meeting:join\",{}]");
  ASSERT_TRUE(with_id);
  EXPECT_EQ(with_id->ack_id, 17u);
  EXPECT_EQ(event_name(with_id->body), "meeting:join");

  auto ack = parse("431[{\"ok\":true}]");
  ASSERT_TRUE(ack);
  EXPECT_EQ(ack->kind, Kind::ack);
  EXPECT_EQ(ack->ack_id, 1u);
  EXPECT_EQ(ack->body, "[{\"ok\":true}]");
}

TEST(BenchWire, RejectsMalformedEvents) {
  EXPECT_FALSE(parse("4"));
  EXPECT_FALSE(parse("43[1]"));                          // an ack without id
  EXPECT_FALSE(parse("42abc"));                          // no array
  EXPECT_FALSE(parse("4299999999999999999999[\"x\"]"));  // id overflow
  EXPECT_FALSE(event_name("[1,2]"));
  EXPECT_FALSE(event_name("[\"unterminated"));
}

TEST(BenchWire, EncodesConnectAndEvents) {
  EXPECT_EQ(encode_connect(""), "40");
  EXPECT_EQ(encode_connect("{\"token\":\"t\"}"), "40{\"token\":\"t\"}");
  EXPECT_EQ(encode_event("[\"a\",1]"), "42[\"a\",1]");
  EXPECT_EQ(encode_event("[\"a\"]", 5), "425[\"a\"]");
}

TEST(BenchWire, StampsSurviveAnyEnvelope) {
  const auto text = stamp(1234567890123);
  EXPECT_EQ(find_stamp("42[\"chat-message\",\"" + text + "\",\"bench\",\"id\"]"), 1234567890123u);
  EXPECT_EQ(find_stamp("42[\"chat:message\",{\"id\":\"1\",\"text\":\"" + text + "xxxx\"}]"), 1234567890123u);
  EXPECT_FALSE(find_stamp("42[\"chat-message\",\"hello\"]"));
  EXPECT_FALSE(find_stamp("bench:T"));
}

TEST(BenchWire, FindsStringFields) {
  EXPECT_EQ(string_field("{\"ok\":false,\"error\": \"meeting_full\"}", "error"), "meeting_full");
  EXPECT_FALSE(string_field("{\"error\":3}", "error"));
  EXPECT_FALSE(string_field("{}", "error"));
}
