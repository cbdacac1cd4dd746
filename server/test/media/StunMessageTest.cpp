// STUN parse/build checked against every RFC 5769 test vector.
#include <gtest/gtest.h>

#include "HexBytes.hpp"
#include "media/crypto/Digest.hpp"
#include "media/ice/StunMessage.hpp"
#include "media/ice/StunMessageBuilder.hpp"

namespace parley::media::ice {
namespace {

using boost::asio::ip::make_address;
using boost::asio::ip::udp;
using test::hex_bytes;

constexpr std::string_view kShortTermPassword = "VOkJxbRl1RmTxUk/WvJxBt";
constexpr TransactionId kRfcTransaction = {0xb7, 0xe7, 0xa7, 0x01, 0xbc, 0x34, 0xd6, 0x86, 0xfa, 0x87, 0xdf, 0xae};

// RFC 5769 section 2.1.
const auto kSampleRequest = hex_bytes(R"(
  00 01 00 58 21 12 a4 42 b7 e7 a7 01 bc 34 d6 86 fa 87 df ae
  80 22 00 10 53 54 55 4e 20 74 65 73 74 20 63 6c 69 65 6e 74
  00 24 00 04 6e 00 01 ff
  80 29 00 08 93 2f f9 b1 51 26 3b 36
  00 06 00 09 65 76 74 6a 3a 68 36 76 59 20 20 20
  00 08 00 14 9a ea a7 0c bf d8 cb 56 78 1e f2 b5 b2 d3 f2 49 c1 b5 71 a2
  80 28 00 04 e5 7a 3b cf)");

// RFC 5769 section 2.2.
const auto kSampleIpv4Response = hex_bytes(R"(
  01 01 00 3c 21 12 a4 42 b7 e7 a7 01 bc 34 d6 86 fa 87 df ae
  80 22 00 0b 74 65 73 74 20 76 65 63 74 6f 72 20
  00 20 00 08 00 01 a1 47 e1 12 a6 43
  00 08 00 14 2b 91 f5 99 fd 9e 90 c3 8c 74 89 f9 2a f9 ba 53 f0 6b e7 d7
  80 28 00 04 c0 7d 4c 96)");

// RFC 5769 section 2.3.
const auto kSampleIpv6Response = hex_bytes(R"(
  01 01 00 48 21 12 a4 42 b7 e7 a7 01 bc 34 d6 86 fa 87 df ae
  80 22 00 0b 74 65 73 74 20 76 65 63 74 6f 72 20
  00 20 00 14 00 02 a1 47 01 13 a9 fa a5 d3 f1 79 bc 25 f4 b5 be d2 b9 d9
  00 08 00 14 a3 82 95 4e 4b e6 7b f1 17 84 c9 7c 82 92 c2 75 bf e3 ed 41
  80 28 00 04 c8 fb 0b 4c)");

// RFC 5769 section 2.4 (long-term credentials; no FINGERPRINT).
const auto kSampleLongTermRequest = hex_bytes(R"(
  00 01 00 60 21 12 a4 42 78 ad 34 33 c6 ad 72 c0 29 da 41 2e
  00 06 00 12 e3 83 9e e3 83 88 e3 83 aa e3 83 83 e3 82 af e3 82 b9 00 00
  00 15 00 1c 66 2f 2f 34 39 39 6b 39 35 34 64 36 4f 4c 33 34 6f 4c 39 46 53 54 76 79 36 34 73 41
  00 14 00 0b 65 78 61 6d 70 6c 65 2e 6f 72 67 00
  00 08 00 14 f6 70 24 65 6d d6 4a 3e 02 b8 e0 71 2e 85 c9 a2 8c a8 96 66)");

TEST(StunMessage, Rfc5769RequestParsesAndVerifies) {
  auto m = StunMessage::parse(kSampleRequest);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->message_class(), StunClass::Request);
  EXPECT_EQ(m->method(), stun_method::kBinding);
  EXPECT_EQ(m->transaction_id(), kRfcTransaction);
  EXPECT_EQ(m->software(), "STUN test client");
  EXPECT_EQ(m->priority(), 0x6e0001ffU);
  EXPECT_EQ(m->ice_controlled(), 0x932ff9b151263b36ULL);
  EXPECT_FALSE(m->ice_controlling());
  EXPECT_FALSE(m->use_candidate());
  EXPECT_EQ(m->username(), "evtj:h6vY");
  EXPECT_TRUE(m->verify_message_integrity(crypto::as_bytes(kShortTermPassword)));
  EXPECT_FALSE(m->verify_message_integrity(crypto::as_bytes("VOkJxbRl1RmTxUk/WvJxBT")));
  EXPECT_TRUE(m->verify_fingerprint());
}

TEST(StunMessage, Rfc5769RequestIsRebuiltByteForByte) {
  auto built = StunMessageBuilder(StunClass::Request, stun_method::kBinding, kRfcTransaction)
                   .set_padding_byte(0x20)
                   .add_string(stun_attr::kSoftware, "STUN test client")
                   .add_u32(stun_attr::kPriority, 0x6e0001ff)
                   .add_u64(stun_attr::kIceControlled, 0x932ff9b151263b36ULL)
                   .add_string(stun_attr::kUsername, "evtj:h6vY")
                   .add_message_integrity(crypto::as_bytes(kShortTermPassword))
                   .add_fingerprint()
                   .bytes();
  EXPECT_EQ(built, kSampleRequest);
}

TEST(StunMessage, Rfc5769Ipv4ResponseCarriesMappedAddress) {
  auto m = StunMessage::parse(kSampleIpv4Response);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->message_class(), StunClass::SuccessResponse);
  EXPECT_EQ(m->software(), "test vector");
  EXPECT_EQ(m->xor_mapped_address(), udp::endpoint(make_address("192.0.2.1"), 32853));
  EXPECT_TRUE(m->verify_message_integrity(crypto::as_bytes(kShortTermPassword)));
  EXPECT_TRUE(m->verify_fingerprint());

  auto built = StunMessageBuilder(StunClass::SuccessResponse, stun_method::kBinding, kRfcTransaction)
                   .set_padding_byte(0x20)
                   .add_string(stun_attr::kSoftware, "test vector")
                   .add_xor_mapped_address(udp::endpoint(make_address("192.0.2.1"), 32853))
                   .add_message_integrity(crypto::as_bytes(kShortTermPassword))
                   .add_fingerprint()
                   .bytes();
  EXPECT_EQ(built, kSampleIpv4Response);
}

TEST(StunMessage, Rfc5769Ipv6ResponseCarriesMappedAddress) {
  auto m = StunMessage::parse(kSampleIpv6Response);
  ASSERT_TRUE(m);
  const udp::endpoint expected(make_address("2001:db8:1234:5678:11:2233:4455:6677"), 32853);
  EXPECT_EQ(m->xor_mapped_address(), expected);
  EXPECT_TRUE(m->verify_message_integrity(crypto::as_bytes(kShortTermPassword)));
  EXPECT_TRUE(m->verify_fingerprint());

  auto built = StunMessageBuilder(StunClass::SuccessResponse, stun_method::kBinding, kRfcTransaction)
                   .set_padding_byte(0x20)
                   .add_string(stun_attr::kSoftware, "test vector")
                   .add_xor_mapped_address(expected)
                   .add_message_integrity(crypto::as_bytes(kShortTermPassword))
                   .add_fingerprint()
                   .bytes();
  EXPECT_EQ(built, kSampleIpv6Response);
}

TEST(StunMessage, Rfc5769LongTermRequestVerifiesWithMd5Key) {
  auto m = StunMessage::parse(kSampleLongTermRequest);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->username(), "\xe3\x83\x9e\xe3\x83\x88\xe3\x83\xaa\xe3\x83\x83\xe3\x82\xaf\xe3\x82\xb9");
  EXPECT_EQ(m->realm(), "example.org");
  EXPECT_EQ(m->nonce(), "f//499k954d6OL34oL9FSTvy64sA");
  EXPECT_FALSE(m->has_fingerprint());
  // The RFC's password "The<U+00AD>M<U+00AA>tr<U+2168>" is "TheMatrIX" after SASLprep.
  const auto key = stun_long_term_key(*m->username(), "example.org", "TheMatrIX");
  EXPECT_TRUE(m->verify_message_integrity(key));
  EXPECT_FALSE(m->verify_message_integrity(stun_long_term_key(*m->username(), "example.org", "thematrix")));
}

TEST(StunMessage, TamperedRequestFailsIntegrityAndFingerprint) {
  auto bytes = kSampleRequest;
  bytes[47] ^= 0x01;  // inside PRIORITY
  auto m = StunMessage::parse(bytes);
  ASSERT_TRUE(m);
  EXPECT_FALSE(m->verify_message_integrity(crypto::as_bytes(kShortTermPassword)));
  EXPECT_FALSE(m->verify_fingerprint());
}

TEST(StunMessage, RejectsMalformedInput) {
  EXPECT_FALSE(StunMessage::parse({}));
  auto bytes = kSampleRequest;
  bytes[3] = 0x5c;  // length not matching the datagram
  EXPECT_FALSE(StunMessage::parse(bytes));
  bytes = kSampleRequest;
  bytes[4] = 0;  // bad magic cookie
  EXPECT_FALSE(StunMessage::parse(bytes));
  bytes = kSampleRequest;
  bytes[0] = 0x40;  // top bits set: not STUN
  EXPECT_FALSE(StunMessage::parse(bytes));
  bytes = kSampleRequest;
  bytes[63] = 0x40;  // USERNAME length runs past the end
  EXPECT_FALSE(StunMessage::parse(bytes));
  bytes = kSampleRequest;
  bytes[79] = 0x10;  // MESSAGE-INTEGRITY with the wrong size
  EXPECT_FALSE(StunMessage::parse(bytes));
}

TEST(StunMessage, RejectsAttributesAfterFingerprint) {
  auto bytes = StunMessageBuilder(StunClass::Request, stun_method::kBinding, kRfcTransaction)
                   .add_fingerprint()
                   .add_flag(stun_attr::kUseCandidate)
                   .bytes();
  EXPECT_FALSE(StunMessage::parse(bytes));
}

TEST(StunMessage, IgnoresAttributesAfterMessageIntegrity) {
  auto bytes = StunMessageBuilder(StunClass::Request, stun_method::kBinding, kRfcTransaction)
                   .add_string(stun_attr::kUsername, "a:b")
                   .add_message_integrity(crypto::as_bytes("pw"))
                   .add_flag(stun_attr::kUseCandidate)
                   .bytes();
  auto m = StunMessage::parse(bytes);
  ASSERT_TRUE(m);
  EXPECT_FALSE(m->use_candidate());
  EXPECT_TRUE(m->verify_message_integrity(crypto::as_bytes("pw")));
}

TEST(StunMessage, IceAttributesAndErrorCodeRoundTrip) {
  const TransactionId tid = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
  auto bytes = StunMessageBuilder(StunClass::ErrorResponse, stun_method::kBinding, tid)
                   .add_error_code(stun_error::kRoleConflict, "Role Conflict")
                   .add_u64(stun_attr::kIceControlling, 0x0102030405060708ULL)
                   .add_flag(stun_attr::kUseCandidate)
                   .add_mapped_address(udp::endpoint(make_address("10.1.2.3"), 5000))
                   .add_message_integrity(crypto::as_bytes("secret"))
                   .add_fingerprint()
                   .bytes();
  auto m = StunMessage::parse(bytes);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->message_class(), StunClass::ErrorResponse);
  EXPECT_EQ(m->method(), stun_method::kBinding);
  ASSERT_TRUE(m->error_code());
  EXPECT_EQ(m->error_code()->code, 487);
  EXPECT_EQ(m->error_code()->reason, "Role Conflict");
  EXPECT_EQ(m->ice_controlling(), 0x0102030405060708ULL);
  EXPECT_TRUE(m->use_candidate());
  EXPECT_EQ(m->mapped_address(), udp::endpoint(make_address("10.1.2.3"), 5000));
  EXPECT_TRUE(m->verify_message_integrity(crypto::as_bytes("secret")));
  EXPECT_TRUE(m->verify_fingerprint());
}

TEST(StunMessage, MessageTypeEncodesClassAndMethod) {
  EXPECT_EQ(stun_message_type(StunClass::Request, stun_method::kBinding), 0x0001);
  EXPECT_EQ(stun_message_type(StunClass::Indication, stun_method::kBinding), 0x0011);
  EXPECT_EQ(stun_message_type(StunClass::SuccessResponse, stun_method::kBinding), 0x0101);
  EXPECT_EQ(stun_message_type(StunClass::ErrorResponse, stun_method::kBinding), 0x0111);
  EXPECT_EQ(stun_message_type(StunClass::ErrorResponse, stun_method::kAllocate), 0x0113);
}

TEST(StunMessage, ReportsUnknownComprehensionRequiredAttributes) {
  const TransactionId tid{};
  const std::uint8_t value[4] = {};
  auto bytes = StunMessageBuilder(StunClass::Request, stun_method::kBinding, tid)
                   .add(0x7777, value)
                   .add(0xC001, value)  // comprehension-optional: ignored
                   .bytes();
  auto m = StunMessage::parse(bytes);
  ASSERT_TRUE(m);
  std::uint16_t unknown[4];
  ASSERT_EQ(m->unknown_comprehension_required(unknown), 1U);
  EXPECT_EQ(unknown[0], 0x7777);
}

}  // namespace
}  // namespace parley::media::ice
