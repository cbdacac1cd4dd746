#include <gtest/gtest.h>

#include "realtime/SocketIoPacket.hpp"

namespace parley::realtime::socketio {
namespace {

using json = nlohmann::json;

TEST(SocketIoPacket, DecodesConnectWithAndWithoutAuth) {
  auto p = decode("0");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->type, PacketType::connect);
  EXPECT_EQ(p->nsp, "/");
  EXPECT_TRUE(p->data.is_null());
  auto q = decode(R"(0{"token":"abc"})");
  ASSERT_TRUE(q);
  EXPECT_EQ(q->data["token"], "abc");
  auto r = decode(R"(0/admin,{"token":"abc"})");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->nsp, "/admin");
}

TEST(SocketIoPacket, DecodesEventWithAckId) {
  auto p = decode(R"(212["hello",1,{"a":[true]}])");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->type, PacketType::event);
  ASSERT_TRUE(p->id);
  EXPECT_EQ(*p->id, 12u);
  EXPECT_EQ(p->data[0], "hello");
  EXPECT_EQ(p->data.size(), 3u);
}

TEST(SocketIoPacket, DecodesAckAndNamespacedAck) {
  auto p = decode(R"(37["ok"])");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->type, PacketType::ack);
  EXPECT_EQ(*p->id, 7u);
  auto q = decode(R"(3/chat,7[])");
  ASSERT_TRUE(q);
  EXPECT_EQ(q->nsp, "/chat");
}

TEST(SocketIoPacket, RejectsWrongPayloadForType) {
  EXPECT_FALSE(decode("2"));            // event without payload
  EXPECT_FALSE(decode("2[]"));          // event without a name
  EXPECT_FALSE(decode("2[1]"));         // name not a string
  EXPECT_FALSE(decode(R"(2{"a":1})"));  // not an array
  EXPECT_FALSE(decode("3[]"));          // ack without id
  EXPECT_FALSE(decode("0[]"));          // connect payload not an object
  EXPECT_FALSE(decode("1{}"));          // disconnect with payload
  EXPECT_FALSE(decode("05{}"));         // connect with an id
  EXPECT_FALSE(decode("7[]"));          // unknown type
  EXPECT_FALSE(decode(""));
}

TEST(SocketIoPacket, RejectsTruncatedAndGarbage) {
  EXPECT_FALSE(decode(R"(2["hello",)"));
  EXPECT_FALSE(decode(R"(2["hel)"));
  EXPECT_FALSE(decode("2\xff\xfe"));
  EXPECT_FALSE(decode("5-[\"a\"]"));                 // binary without a count
  EXPECT_FALSE(decode("51[\"a\"]"));                 // count without '-'
  EXPECT_FALSE(decode("21234567890123456[\"a\"]"));  // id beyond 15 digits
  EXPECT_FALSE(decode("2[\"a\"]trailing"));
}

TEST(SocketIoPacket, RejectsDeepNestingWithoutRecursingIntoIt) {
  std::string deep = "2[\"a\",";
  for (int i = 0; i < 100000; ++i) deep += '[';
  EXPECT_FALSE(decode(deep));
  std::string ok = "2[\"a\",";
  for (int i = 0; i < 20; ++i) ok += '[';
  for (int i = 0; i < 20; ++i) ok += ']';
  ok += ']';
  EXPECT_TRUE(decode(ok));
}

TEST(SocketIoPacket, BracketsInsideStringsDoNotCountAsDepth) {
  EXPECT_EQ(json_depth(R"(["[[[[", "\"[[["])", 100), 1u);
}

TEST(SocketIoPacket, ReassemblesBinaryAttachmentsIncludingNested) {
  auto header = decode(R"(52-["upload",{"a":{"_placeholder":true,"num":0},"b":[{"_placeholder":true,"num":1}]}])");
  ASSERT_TRUE(header);
  EXPECT_EQ(header->type, PacketType::binary_event);
  EXPECT_EQ(header->attachments, 2u);
  BinaryAssembler assembler(std::move(*header));
  EXPECT_FALSE(assembler.add(std::string("\x01\x02", 2)));
  EXPECT_TRUE(assembler.add(std::string("\x03", 1)));
  auto whole = assembler.finish();
  ASSERT_TRUE(whole);
  EXPECT_EQ(whole->type, PacketType::event);
  EXPECT_TRUE(whole->data[1]["a"].is_binary());
  EXPECT_EQ(whole->data[1]["a"].get_binary().size(), 2u);
  EXPECT_TRUE(whole->data[1]["b"][0].is_binary());
}

TEST(SocketIoPacket, RejectsPlaceholderPastTheAttachments) {
  auto header = decode(R"(51-["x",{"_placeholder":true,"num":3}])");
  ASSERT_TRUE(header);
  BinaryAssembler assembler(std::move(*header));
  EXPECT_TRUE(assembler.add("z"));
  EXPECT_FALSE(assembler.finish());
}

TEST(SocketIoPacket, RejectsTooManyAttachments) {
  EXPECT_FALSE(decode(R"(5100000-["x"])"));
  EXPECT_FALSE(decode(R"(565-["x"])"));
  EXPECT_TRUE(decode(R"(564-["x"])"));
}

TEST(SocketIoPacket, EncodesEventConnectErrorAndAck) {
  EXPECT_EQ(encode(make_event("hi", json::array({1, "x"}))).text, R"(2["hi",1,"x"])");
  EXPECT_EQ(encode(make_event("hi", json::array(), 4)).text, R"(24["hi"])");
  EXPECT_EQ(encode(make_ack(9, json::array({"ok"}))).text, R"(39["ok"])");
  EXPECT_EQ(encode(make_connect("abc")).text, R"(0{"sid":"abc"})");
  EXPECT_EQ(encode(make_connect_error("/", "nope", json{{"error", "x"}})).text,
            R"(4{"data":{"error":"x"},"message":"nope"})");
  EXPECT_EQ(encode(make_connect_error("/admin", "Invalid namespace")).text,
            R"(4/admin,{"message":"Invalid namespace"})");
  EXPECT_EQ(encode(make_disconnect()).text, "1");
}

TEST(SocketIoPacket, EncodesBinaryAsAttachmentsAndRoundTrips) {
  json args = json::array({json::binary({1, 2, 3}), json{{"nested", json::binary({9})}}});
  auto encoded = encode(make_event("bin", args, 2));
  EXPECT_EQ(encoded.text.substr(0, 4), "52-2");
  ASSERT_EQ(encoded.attachments.size(), 2u);
  auto header = decode(encoded.text);
  ASSERT_TRUE(header);
  BinaryAssembler assembler(std::move(*header));
  for (auto& a : encoded.attachments) assembler.add(a);
  auto whole = assembler.finish();
  ASSERT_TRUE(whole);
  EXPECT_EQ(whole->data[1], args[0]);
  EXPECT_EQ(whole->data[2]["nested"], args[1]["nested"]);
  EXPECT_EQ(*whole->id, 2u);
}

TEST(SocketIoPacket, InvalidUtf8FromTheAppIsReplacedNotThrown) {
  auto encoded = encode(make_event("x", json::array({std::string("\xff\xfe")})));
  EXPECT_NE(encoded.text.find("\xef\xbf\xbd"), std::string::npos);
}

TEST(SocketIoPacket, NonArrayArgsBecomeOneArgument) {
  EXPECT_EQ(encode(make_event("x", json{{"a", 1}})).text, R"(2["x",{"a":1}])");
  EXPECT_EQ(encode(make_event("x", nullptr)).text, R"(2["x"])");
}

}  // namespace
}  // namespace parley::realtime::socketio
