// The OpenSSL SRTP sender against libsrtp as receiver (what browsers use), for both profiles:
// every packet must authenticate and decrypt to the original, across a sequence number wrap (ROC)
// and for a retransmission of a packet from before the wrap.
#include <gtest/gtest.h>

#include <random>

#include "media/rtp/RtpPacketBuilder.hpp"
#include "media/sfu/SrtpSender.hpp"
#include "media/srtp/SrtpSession.hpp"

namespace parley::media::sfu {
namespace {

using srtp::SrtpProfile;
using srtp::SrtpSession;

std::vector<std::uint8_t> packet(std::uint16_t sequence, std::uint32_t ssrc, bool extension) {
  std::vector<std::uint8_t> payload(200 + sequence % 50);
  for (std::size_t i = 0; i < payload.size(); ++i) payload[i] = static_cast<std::uint8_t>(i * 7 + sequence);
  rtp::RtpPacketBuilder b;
  b.payload_type(96).sequence_number(sequence).timestamp(sequence * 3000U).ssrc(ssrc).payload(payload);
  if (extension) {
    const std::uint8_t value[] = {1, 2, 3};
    b.add_extension(2, value).add_csrc(0xC5C5C5C5);
  }
  return b.build();
}

void check_profile(SrtpProfile profile) {
  std::vector<std::uint8_t> key(srtp::master_key_length(profile) + srtp::master_salt_length(profile));
  std::mt19937 random(static_cast<unsigned>(profile));
  for (auto& b : key) b = static_cast<std::uint8_t>(random());
  auto sender = SrtpSender::create(profile, key);
  ASSERT_TRUE(sender);
  auto receiver = SrtpSession::create(profile, SrtpSession::Direction::Inbound, key);
  ASSERT_TRUE(receiver);

  SrtpStreamState a;
  SrtpStreamState b;
  std::vector<std::vector<std::uint8_t>> sent;
  auto send = [&](std::uint16_t sequence, std::uint32_t ssrc, SrtpStreamState& state, bool deliver) {
    const auto plain = packet(sequence, ssrc, sequence % 2 == 0);
    auto buffer = plain;
    buffer.resize(plain.size() + SrtpSender::kMaxTrailer);
    auto size = sender->protect_rtp(buffer, plain.size(), state);
    ASSERT_TRUE(size);
    buffer.resize(*size);
    EXPECT_NE(std::vector<std::uint8_t>(buffer.begin() + 20, buffer.begin() + 40),
              std::vector<std::uint8_t>(plain.begin() + 20, plain.begin() + 40));
    if (!deliver) return;
    auto plain_size = receiver->unprotect_rtp(buffer);
    ASSERT_TRUE(plain_size) << "seq " << sequence << " libsrtp error " << receiver->last_error();
    buffer.resize(*plain_size);
    EXPECT_EQ(buffer, plain);
  };
  // Two streams; the first wraps. Packet 65534 is "lost" and retransmitted after the wrap.
  for (std::uint32_t i = 0; i < 20; ++i) {
    const auto sequence = static_cast<std::uint16_t>(65525 + i);
    send(sequence, 0x1111, a, sequence != 65534);
    send(static_cast<std::uint16_t>(100 + i), 0x2222, b, true);
  }
  send(65534, 0x1111, a, true);
  EXPECT_EQ(a.roc, 1U);
  EXPECT_EQ(b.roc, 0U);
}

TEST(SrtpSender, InteroperatesWithLibsrtpForAesGcm) {
  check_profile(SrtpProfile::AeadAes128Gcm);
}

TEST(SrtpSender, InteroperatesWithLibsrtpForAesCmHmacSha1) {
  check_profile(SrtpProfile::Aes128CmHmacSha1_80);
}

TEST(SrtpSender, RefusesKeysOfTheWrongSizeAndPacketsWithoutRoom) {
  std::vector<std::uint8_t> short_key(20, 1);
  EXPECT_FALSE(SrtpSender::create(SrtpProfile::AeadAes128Gcm, short_key));
  std::vector<std::uint8_t> key(28, 1);
  auto sender = SrtpSender::create(SrtpProfile::AeadAes128Gcm, key);
  ASSERT_TRUE(sender);
  auto p = packet(1, 1, false);
  SrtpStreamState s;
  EXPECT_FALSE(sender->protect_rtp(p, p.size(), s));  // no trailer room
  std::vector<std::uint8_t> truncated = {0x90, 96, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0xBE, 0xDE, 0, 9};
  truncated.resize(truncated.size() + 32);
  EXPECT_FALSE(sender->protect_rtp(truncated, 16, s));  // extension longer than the packet
}

}  // namespace
}  // namespace parley::media::sfu
