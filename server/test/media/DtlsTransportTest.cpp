// Full DTLS-SRTP handshakes between our own client and server objects in memory, then SRTP with the
// exported keys for both profiles.
#include <gtest/gtest.h>

#include <thread>

#include "media/dtls/DtlsRecord.hpp"
#include "media/dtls/DtlsTransport.hpp"
#include "media/rtp/RtpPacket.hpp"
#include "media/rtp/RtpPacketBuilder.hpp"
#include "media/srtp/SrtpSession.hpp"

namespace parley::media::dtls {
namespace {

using srtp::SrtpProfile;
using srtp::SrtpSession;

struct Pair {
  std::shared_ptr<const DtlsCertificate> client_cert = DtlsCertificate::generate("client");
  std::shared_ptr<const DtlsCertificate> server_cert = DtlsCertificate::generate("server");
  std::unique_ptr<DtlsTransport> client;
  std::unique_ptr<DtlsTransport> server;

  Pair(std::vector<SrtpProfile> client_profiles, std::vector<SrtpProfile> server_profiles,
       DtlsTransportOptions options = {}) {
    client = std::make_unique<DtlsTransport>(DtlsContext::create(client_cert, client_profiles),
                                             DtlsTransport::Role::Client, options);
    server = std::make_unique<DtlsTransport>(DtlsContext::create(server_cert, server_profiles),
                                             DtlsTransport::Role::Server, options);
    client->set_remote_fingerprint("sha-256", server_cert->fingerprint_sha256());
    server->set_remote_fingerprint("sha-256", client_cert->fingerprint_sha256());
  }

  // Moves datagrams both ways until both sides are quiet; returns how many moved.
  int pump() {
    int moved = 0;
    for (int round = 0; round < 20; ++round) {
      auto to_server = client->take_outgoing();
      auto to_client = server->take_outgoing();
      if (to_server.empty() && to_client.empty()) break;
      for (auto& d : to_server) {
        EXPECT_LE(d.size(), 1200U);
        EXPECT_TRUE(is_dtls_datagram(d));
        server->receive(d);
        ++moved;
      }
      for (auto& d : to_client) {
        client->receive(d);
        ++moved;
      }
    }
    return moved;
  }
};

std::vector<std::uint8_t> sample_rtp(std::uint16_t seq) {
  std::vector<std::uint8_t> payload(1000);
  for (std::size_t i = 0; i < payload.size(); ++i) payload[i] = static_cast<std::uint8_t>(i * 7 + seq);
  return rtp::RtpPacketBuilder()
      .payload_type(96)
      .sequence_number(seq)
      .timestamp(3000u * seq)
      .ssrc(0x1234)
      .payload(payload)
      .build();
}

// Protects with `sender`, unprotects with `receiver`, and checks the plaintext survives.
void expect_rtp_flows(SrtpSession& sender, SrtpSession& receiver, std::uint16_t seq) {
  const auto plain = sample_rtp(seq);
  std::vector<std::uint8_t> buffer(plain.size() + SrtpSession::kMaxTrailer);
  std::copy(plain.begin(), plain.end(), buffer.begin());
  auto protected_size = sender.protect_rtp(buffer, plain.size());
  ASSERT_TRUE(protected_size);
  EXPECT_GT(*protected_size, plain.size());
  EXPECT_NE(std::vector<std::uint8_t>(buffer.begin() + 12, buffer.begin() + 40),
            std::vector<std::uint8_t>(plain.begin() + 12, plain.begin() + 40));
  auto size = receiver.unprotect_rtp(std::span<std::uint8_t>(buffer.data(), *protected_size));
  ASSERT_TRUE(size);
  ASSERT_EQ(*size, plain.size());
  EXPECT_TRUE(std::equal(plain.begin(), plain.end(), buffer.begin()));
}

void handshake_and_protect(SrtpProfile expected, std::vector<SrtpProfile> client_profiles,
                           std::vector<SrtpProfile> server_profiles) {
  Pair p(client_profiles, server_profiles);
  ASSERT_TRUE(p.client_cert && p.server_cert);
  p.server->start();
  p.client->start();
  EXPECT_EQ(p.client->state(), DtlsTransport::State::Connecting);
  EXPECT_TRUE(p.client->retransmission_timeout());
  p.pump();
  ASSERT_EQ(p.client->state(), DtlsTransport::State::Connected) << p.client->failure_reason();
  ASSERT_EQ(p.server->state(), DtlsTransport::State::Connected) << p.server->failure_reason();

  const auto& ck = p.client->srtp_keying_material();
  const auto& sk = p.server->srtp_keying_material();
  ASSERT_TRUE(ck && sk);
  EXPECT_EQ(ck->profile, expected);
  EXPECT_EQ(sk->profile, expected);
  EXPECT_EQ(ck->local, sk->remote);
  EXPECT_EQ(ck->remote, sk->local);
  EXPECT_NE(ck->local, ck->remote);
  EXPECT_EQ(ck->local.size(), srtp::master_key_length(expected) + srtp::master_salt_length(expected));

  auto client_out = SrtpSession::create(expected, SrtpSession::Direction::Outbound, ck->local);
  auto client_in = SrtpSession::create(expected, SrtpSession::Direction::Inbound, ck->remote);
  auto server_out = SrtpSession::create(expected, SrtpSession::Direction::Outbound, sk->local);
  auto server_in = SrtpSession::create(expected, SrtpSession::Direction::Inbound, sk->remote);
  ASSERT_TRUE(client_out && client_in && server_out && server_in);
  for (std::uint16_t seq = 1; seq <= 5; ++seq) {
    expect_rtp_flows(*client_out, *server_in, seq);
    expect_rtp_flows(*server_out, *client_in, seq);
  }

  // A session keyed with the wrong key (the other direction's) rejects the packet.
  auto wrong_in =
      SrtpSession::create(expected, SrtpSession::Direction::Inbound, ck->local == sk->local ? ck->remote : sk->local);
  ASSERT_TRUE(wrong_in);
  const auto plain = sample_rtp(100);
  std::vector<std::uint8_t> buffer(plain.size() + SrtpSession::kMaxTrailer);
  std::copy(plain.begin(), plain.end(), buffer.begin());
  auto size = client_out->protect_rtp(buffer, plain.size());
  ASSERT_TRUE(size);
  std::vector<std::uint8_t> copy(buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(*size));
  EXPECT_FALSE(wrong_in->unprotect_rtp(copy));
  // The right key still works, and a replay of the same packet is refused.
  std::vector<std::uint8_t> good(buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(*size));
  EXPECT_TRUE(server_in->unprotect_rtp(good));
  std::vector<std::uint8_t> replay(buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(*size));
  EXPECT_FALSE(server_in->unprotect_rtp(replay));
  // A flipped bit in the payload fails authentication.
  auto tampered_plain = sample_rtp(101);
  std::vector<std::uint8_t> tampered(tampered_plain.size() + SrtpSession::kMaxTrailer);
  std::copy(tampered_plain.begin(), tampered_plain.end(), tampered.begin());
  auto tsize = client_out->protect_rtp(tampered, tampered_plain.size());
  ASSERT_TRUE(tsize);
  tampered[50] ^= 0x01;
  EXPECT_FALSE(server_in->unprotect_rtp(std::span<std::uint8_t>(tampered.data(), *tsize)));
}

TEST(DtlsTransport, HandshakePrefersAesGcmAndProtectsRtpBothWays) {
  handshake_and_protect(SrtpProfile::AeadAes128Gcm, {SrtpProfile::AeadAes128Gcm, SrtpProfile::Aes128CmHmacSha1_80},
                        {SrtpProfile::AeadAes128Gcm, SrtpProfile::Aes128CmHmacSha1_80});
}

TEST(DtlsTransport, HandshakeFallsBackToAesCmHmacSha1_80) {
  handshake_and_protect(SrtpProfile::Aes128CmHmacSha1_80,
                        {SrtpProfile::AeadAes128Gcm, SrtpProfile::Aes128CmHmacSha1_80},
                        {SrtpProfile::Aes128CmHmacSha1_80});
}

TEST(DtlsTransport, FingerprintMismatchFailsTheHandshake) {
  Pair p({SrtpProfile::AeadAes128Gcm}, {SrtpProfile::AeadAes128Gcm});
  auto other = DtlsCertificate::generate("mallory");
  p.client->set_remote_fingerprint("sha-256", other->fingerprint_sha256());
  p.server->start();
  p.client->start();
  p.pump();
  EXPECT_EQ(p.client->state(), DtlsTransport::State::Failed);
  EXPECT_FALSE(p.client->srtp_keying_material());
}

TEST(DtlsTransport, RetransmitsALostFlight) {
  DtlsTransportOptions options;
  options.initial_retransmission = std::chrono::milliseconds(30);
  Pair p({SrtpProfile::AeadAes128Gcm}, {SrtpProfile::AeadAes128Gcm}, options);
  p.server->start();
  p.client->start();
  auto lost = p.client->take_outgoing();  // the ClientHello never arrives
  ASSERT_FALSE(lost.empty());
  auto timeout = p.client->retransmission_timeout();
  ASSERT_TRUE(timeout);
  EXPECT_LE(*timeout, std::chrono::milliseconds(30));
  std::this_thread::sleep_for(*timeout + std::chrono::milliseconds(5));
  p.client->handle_timeout();
  EXPECT_EQ(p.client->counters().retransmissions, 1U);
  p.pump();
  EXPECT_EQ(p.client->state(), DtlsTransport::State::Connected);
  EXPECT_EQ(p.server->state(), DtlsTransport::State::Connected);
  EXPECT_FALSE(p.client->retransmission_timeout());
}

TEST(DtlsTransport, CarriesApplicationDataAndDropsGarbage) {
  Pair p({SrtpProfile::AeadAes128Gcm}, {SrtpProfile::AeadAes128Gcm});
  p.server->start();
  p.client->start();
  p.pump();
  ASSERT_EQ(p.server->state(), DtlsTransport::State::Connected);
  const std::uint8_t message[] = {1, 2, 3, 4, 5};
  EXPECT_TRUE(p.client->send_application_data(message));
  p.pump();
  auto received = p.server->take_application_data();
  ASSERT_EQ(received.size(), 1U);
  EXPECT_EQ(received[0], std::vector<std::uint8_t>(std::begin(message), std::end(message)));
  const std::uint8_t garbage[] = {0x80, 0x60, 0, 1};
  p.server->receive(garbage);
  EXPECT_EQ(p.server->counters().datagrams_dropped, 1U);
  EXPECT_EQ(p.server->state(), DtlsTransport::State::Connected);
  p.client->close();
  p.pump();
  EXPECT_EQ(p.server->state(), DtlsTransport::State::Closed);
}

TEST(DtlsCertificate, FingerprintIsSha256InSdpFormat) {
  auto cert = DtlsCertificate::generate();
  ASSERT_TRUE(cert);
  const auto& fp = cert->fingerprint_sha256();
  ASSERT_EQ(fp.size(), 32U * 3 - 1);
  for (std::size_t i = 2; i < fp.size(); i += 3) EXPECT_EQ(fp[i], ':');
  EXPECT_EQ(certificate_fingerprint(cert->certificate(), "SHA-256"), fp);
  EXPECT_TRUE(fingerprints_equal(fp, std::string(fp.begin(), fp.end())));
  EXPECT_FALSE(certificate_fingerprint(cert->certificate(), "md5"));
  EXPECT_NE(DtlsCertificate::generate()->fingerprint_sha256(), fp);
}

}  // namespace
}  // namespace parley::media::dtls
