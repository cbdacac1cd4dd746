// The OpenSSL SRTP receiver fed by libsrtp as sender (what browsers use), for both profiles:
// decryption across a sequence number wrap, reordering inside the window, replays and packets older
// than the window refused, tampering refused without disturbing the stream, several SSRCs.
#include <gtest/gtest.h>

#include <random>

#include "media/rtp/RtpPacketBuilder.hpp"
#include "media/sfu/SrtpReceiver.hpp"
#include "media/srtp/SrtpSession.hpp"

namespace parley::media::sfu {
namespace {

using srtp::SrtpProfile;
using srtp::SrtpSession;

struct Pair {
  explicit Pair(SrtpProfile profile) : key(srtp::master_key_length(profile) + srtp::master_salt_length(profile)) {
    std::mt19937 random(static_cast<unsigned>(profile) + 11);
    for (auto& b : key) b = static_cast<std::uint8_t>(random());
    sender = SrtpSession::create(profile, SrtpSession::Direction::Outbound, key);
    receiver = SrtpReceiver::create(profile, key);
  }

  std::vector<std::uint8_t> plain(std::uint16_t sequence, std::uint32_t ssrc) const {
    std::vector<std::uint8_t> payload(100 + sequence % 40, static_cast<std::uint8_t>(sequence));
    rtp::RtpPacketBuilder b;
    b.payload_type(111).sequence_number(sequence).timestamp(sequence * 960U).ssrc(ssrc).payload(payload);
    if (sequence % 3 == 0) {
      const std::uint8_t level[] = {0x85};
      b.add_extension(1, level);
    }
    return b.build();
  }

  std::vector<std::uint8_t> protect(std::uint16_t sequence, std::uint32_t ssrc) {
    auto p = plain(sequence, ssrc);
    const std::size_t length = p.size();
    p.resize(length + SrtpSession::kMaxTrailer);
    auto size = sender->protect_rtp(p, length);
    EXPECT_TRUE(size);
    p.resize(*size);
    return p;
  }

  // True if the receiver accepts it (and then the plaintext must be the original).
  bool deliver(std::vector<std::uint8_t> packet, std::uint16_t sequence, std::uint32_t ssrc) {
    auto size = receiver->unprotect_rtp(packet);
    if (!size) return false;
    packet.resize(*size);
    EXPECT_EQ(packet, plain(sequence, ssrc));
    return true;
  }

  std::vector<std::uint8_t> key;
  std::unique_ptr<SrtpSession> sender;
  std::unique_ptr<SrtpReceiver> receiver;
};

void check_profile(SrtpProfile profile) {
  Pair p(profile);
  ASSERT_TRUE(p.sender);
  ASSERT_TRUE(p.receiver);
  // In order across the wrap, with 65534 held back and delivered late (reordered).
  std::vector<std::uint8_t> late;
  for (std::uint32_t i = 0; i < 30; ++i) {
    const auto sequence = static_cast<std::uint16_t>(65520 + i);
    auto packet = p.protect(sequence, 0xA1);
    if (sequence == 65534) {
      late = packet;
      continue;
    }
    EXPECT_TRUE(p.deliver(packet, sequence, 0xA1)) << sequence;
    EXPECT_TRUE(
        p.deliver(p.protect(static_cast<std::uint16_t>(7000 + i), 0xB2), static_cast<std::uint16_t>(7000 + i), 0xB2));
  }
  EXPECT_TRUE(p.deliver(late, 65534, 0xA1));
  EXPECT_FALSE(p.deliver(late, 65534, 0xA1));  // replay

  // Tampering: refused, and the real packet is still accepted afterwards.
  auto next = p.protect(14, 0xA1);
  auto forged = next;
  forged[forged.size() / 2] ^= 0x01;
  EXPECT_FALSE(p.deliver(forged, 14, 0xA1));
  auto forged_tag = next;
  forged_tag.back() ^= 0x80;
  EXPECT_FALSE(p.deliver(forged_tag, 14, 0xA1));
  EXPECT_TRUE(p.deliver(next, 14, 0xA1));

  // Far ahead, then something older than the window.
  std::vector<std::vector<std::uint8_t>> old;
  for (std::uint16_t s = 15; s < 20; ++s) old.push_back(p.protect(s, 0xA1));
  for (std::uint16_t s = 20; s < 1100; ++s) p.protect(s, 0xA1);
  EXPECT_TRUE(p.deliver(p.protect(1100, 0xA1), 1100, 0xA1));
  EXPECT_FALSE(p.deliver(old[0], 15, 0xA1));  // 1085 behind: outside the 1024 window
  EXPECT_FALSE(p.receiver->unprotect_rtp(std::span<std::uint8_t>(old[1].data(), 8)));  // truncated
}

TEST(SrtpReceiver, InteroperatesWithLibsrtpForAesGcm) {
  check_profile(SrtpProfile::AeadAes128Gcm);
}

TEST(SrtpReceiver, InteroperatesWithLibsrtpForAesCmHmacSha1) {
  check_profile(SrtpProfile::Aes128CmHmacSha1_80);
}

TEST(SrtpReceiver, AForgedPacketCreatesNoStream) {
  Pair p(SrtpProfile::AeadAes128Gcm);
  auto packet = p.protect(100, 0xC3);
  auto forged = packet;
  forged[20] ^= 0xFF;
  // A forged first packet must not set the stream's starting point...
  EXPECT_FALSE(p.deliver(forged, 100, 0xC3));
  // ...so the genuine one, and older ones, are still accepted.
  auto earlier = p.protect(101, 0xC3);
  EXPECT_TRUE(p.deliver(earlier, 101, 0xC3));
  EXPECT_TRUE(p.deliver(packet, 100, 0xC3));
}

}  // namespace
}  // namespace parley::media::sfu
