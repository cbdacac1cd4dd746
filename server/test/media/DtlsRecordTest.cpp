#include <gtest/gtest.h>

#include "HexBytes.hpp"
#include "media/dtls/DtlsRecord.hpp"

namespace parley::media::dtls {
namespace {

using test::hex_bytes;

TEST(DtlsRecord, ParsesTwoRecordsInOneDatagram) {
  // Handshake record (epoch 0, seq 1) holding a 4-byte ClientHello fragment, then a CCS record.
  const auto bytes = hex_bytes(R"(
    16 fe fd 00 00 00 00 00 00 00 01 00 10
      01 00 00 04 00 00 00 00 00 00 00 04 aa bb cc dd
    14 fe fd 00 00 00 00 00 00 00 02 00 01 01)");
  DtlsRecordReader reader(bytes);
  auto first = reader.next();
  ASSERT_TRUE(first);
  EXPECT_EQ(first->content_type, content_type::kHandshake);
  EXPECT_EQ(first->version, 0xfefd);
  EXPECT_EQ(first->epoch, 0);
  EXPECT_EQ(first->sequence_number, 1U);
  EXPECT_EQ(first->fragment.size(), 16U);
  auto hs = parse_dtls_handshake(*first);
  ASSERT_TRUE(hs);
  EXPECT_EQ(hs->message_type, handshake_type::kClientHello);
  EXPECT_EQ(hs->message_length, 4U);
  EXPECT_EQ(hs->fragment.size(), 4U);
  auto second = reader.next();
  ASSERT_TRUE(second);
  EXPECT_EQ(second->content_type, content_type::kChangeCipherSpec);
  EXPECT_EQ(second->sequence_number, 2U);
  EXPECT_FALSE(reader.next());
  EXPECT_FALSE(reader.malformed());
  EXPECT_TRUE(is_dtls_datagram(bytes));
}

TEST(DtlsRecord, RejectsBadHeadersAndOverruns) {
  EXPECT_FALSE(parse_dtls_record(hex_bytes("16 fe fd 00 00 00 00 00 00 00 01 00")));           // short
  EXPECT_FALSE(parse_dtls_record(hex_bytes("16 03 03 00 00 00 00 00 00 00 01 00 00")));        // TLS version
  EXPECT_FALSE(parse_dtls_record(hex_bytes("80 fe fd 00 00 00 00 00 00 00 01 00 00")));        // not DTLS
  EXPECT_FALSE(parse_dtls_record(hex_bytes("17 fe fd 00 01 00 00 00 00 00 01 00 05 00 00")));  // overrun
  EXPECT_FALSE(is_dtls_datagram(hex_bytes("17 fe fd 00 01 00 00 00 00 00 01 00 00 ff")));      // trailing byte
  // Fragment that claims to extend past its message.
  const auto overlong = hex_bytes("16 fe fd 00 00 00 00 00 00 00 01 00 0d 01 00 00 01 00 00 00 00 00 00 00 02 aa");
  auto r = parse_dtls_record(overlong);
  ASSERT_TRUE(r);
  EXPECT_FALSE(parse_dtls_handshake(*r));
}

}  // namespace
}  // namespace parley::media::dtls
