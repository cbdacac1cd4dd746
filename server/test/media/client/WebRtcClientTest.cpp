// WebRtcClient (our browser side) against WebRtcTransport (the SFU side), in memory: SDP exchange,
// ICE with nomination, DTLS-SRTP with each profile, media both ways, and a wrong fingerprint.
#include <gtest/gtest.h>

#include "media/client/ClientSdp.hpp"
#include "media/client/WebRtcClient.hpp"
#include "media/rtcp/RtcpWriter.hpp"
#include "media/rtp/RtpPacket.hpp"
#include "media/rtp/RtpPacketBuilder.hpp"
#include "media/sdp/SdpAnswer.hpp"
#include "media/sdp/SdpParser.hpp"
#include "media/sdp/SdpWriter.hpp"
#include "media/transport/WebRtcTransport.hpp"

namespace parley::media::client {
namespace {

using boost::asio::ip::make_address;
using Endpoint = WebRtcClient::Endpoint;
using srtp::SrtpSession;
using transport::WebRtcTransport;
using namespace std::chrono_literals;

const Endpoint kClient(make_address("127.0.0.1"), 40001);
const Endpoint kServer(make_address("127.0.0.1"), 40000);

struct Pair {
  std::shared_ptr<const dtls::DtlsCertificate> server_certificate = dtls::DtlsCertificate::generate("sfu");
  std::shared_ptr<const dtls::DtlsCertificate> client_certificate = dtls::DtlsCertificate::generate("client");
  WebRtcClient client;
  std::unique_ptr<WebRtcTransport> server;
  WebRtcClient::Clock::time_point now = WebRtcClient::Clock::now();
  std::size_t server_to_client = 0;

  explicit Pair(std::vector<srtp::SrtpProfile> server_profiles = {srtp::SrtpProfile::AeadAes128Gcm,
                                                                  srtp::SrtpProfile::Aes128CmHmacSha1_80})
      : client(dtls::DtlsContext::create(client_certificate)) {
    WebRtcTransport::Options o;
    o.local_ufrag = "sfuU";
    o.local_pwd = "sfu-password-0123456789";
    server = std::make_unique<WebRtcTransport>(dtls::DtlsContext::create(server_certificate, server_profiles), o);
  }

  // Offer/answer through SDP text, as the bench and the SFU tests do it.
  WebRtcClient::RemoteParameters negotiate() {
    PublishOfferOptions options;
    options.transport = {client.local_ufrag(), client.local_pwd(), {"sha-256", client.local_fingerprint()}};
    auto offer = sdp::parse_sdp(sdp::write_sdp(build_publish_offer(options)));
    EXPECT_TRUE(offer);
    sdp::AnswerOptions answer_options;
    answer_options.ice_ufrag = "sfuU";
    answer_options.ice_pwd = "sfu-password-0123456789";
    answer_options.fingerprint = {"sha-256", server_certificate->fingerprint_sha256()};
    sdp::IceCandidate candidate;
    candidate.foundation = "1";
    candidate.priority = 2130706431;
    candidate.address = "127.0.0.1";
    candidate.port = kServer.port();
    answer_options.candidates = {candidate};
    auto answer = sdp::create_answer(*offer, answer_options);
    EXPECT_TRUE(answer);
    const auto& offered = offer->media[0];
    server->set_remote_parameters(*offer->ice_ufrag_for(offered), "sha-256", offer->fingerprint_for(offered)->value);
    auto parsed_answer = sdp::parse_sdp(sdp::write_sdp(*answer));
    EXPECT_TRUE(parsed_answer);
    auto remote = read_remote_transport(*parsed_answer);
    EXPECT_TRUE(remote);
    return *remote;
  }

  // Delivers everything in flight both ways until both sides are quiet.
  void pump() {
    for (int round = 0; round < 30; ++round) {
      auto to_server = client.take_outgoing();
      auto to_client = server->take_outgoing();
      if (to_server.empty() && to_client.empty()) return;
      for (auto& o : to_server) {
        EXPECT_EQ(o.destination, kServer);
        server->receive(o.bytes, kClient, now);
      }
      for (auto& o : to_client) {
        EXPECT_EQ(o.destination, kClient);
        ++server_to_client;
        client.receive(o.bytes, kServer, now);
      }
    }
  }

  void connect() {
    client.connect(negotiate(), now);
    EXPECT_EQ(client.state(), WebRtcClient::State::Checking);
    pump();
  }
};

std::vector<std::uint8_t> with_room(std::vector<std::uint8_t> packet) {
  packet.resize(packet.size() + SrtpSession::kMaxTrailer);
  return packet;
}

void expect_media_both_ways(Pair& p) {
  // Client -> server: a VP8-sized RTP packet.
  std::vector<std::uint8_t> payload(1100, 0x5a);
  auto rtp = rtp::RtpPacketBuilder().payload_type(96).sequence_number(7).ssrc(0x22222222).payload(payload).build();
  const std::size_t size = rtp.size();
  auto buffer = with_room(rtp);
  auto out = p.client.protect_rtp(buffer, size);
  ASSERT_TRUE(out);
  EXPECT_EQ(out->destination, kServer);
  EXPECT_GT(out->bytes.size(), size);  // auth tag
  auto received = p.server->receive(out->bytes, kClient, p.now);
  ASSERT_EQ(received.kind, WebRtcTransport::MediaKind::Rtp);
  auto parsed = rtp::RtpPacket::parse(received.plaintext);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->ssrc(), 0x22222222U);
  EXPECT_EQ(parsed->payload().size(), payload.size());

  // Server -> client: RTP and an RTCP PLI.
  auto down = rtp::RtpPacketBuilder().payload_type(111).sequence_number(9).ssrc(0x44).payload(payload).build();
  const std::size_t down_size = down.size();
  auto down_buffer = with_room(down);
  auto down_out = p.server->protect_rtp(down_buffer, down_size);
  ASSERT_TRUE(down_out);
  auto replayed = down_out->bytes;
  auto down_received = p.client.receive(down_out->bytes, kServer, p.now);
  ASSERT_EQ(down_received.kind, WebRtcClient::MediaKind::Rtp);
  EXPECT_EQ(down_received.plaintext.size(), down_size);
  EXPECT_EQ(rtp::RtpPacket::parse(down_received.plaintext)->ssrc(), 0x44U);

  auto pli = rtcp::RtcpWriter().add_pli(1, 0x22222222).take();
  const std::size_t pli_size = pli.size();
  auto pli_buffer = with_room(pli);
  auto pli_out = p.server->protect_rtcp(pli_buffer, pli_size);
  ASSERT_TRUE(pli_out);
  auto pli_received = p.client.receive(pli_out->bytes, kServer, p.now);
  ASSERT_EQ(pli_received.kind, WebRtcClient::MediaKind::Rtcp);
  EXPECT_EQ(pli_received.plaintext.size(), pli_size);

  // A replayed packet is refused by the client's SRTP.
  EXPECT_EQ(p.client.receive(replayed, kServer, p.now).kind, WebRtcClient::MediaKind::None);
  EXPECT_EQ(p.client.counters().dropped_srtp_auth, 1U);
  EXPECT_EQ(p.client.counters().rtp_received, 1U);
  EXPECT_EQ(p.client.counters().rtcp_received, 1U);
}

TEST(WebRtcClient, HandshakesWithWebRtcTransportOverGcmAndCarriesMedia) {
  Pair p;
  p.connect();
  ASSERT_EQ(p.client.state(), WebRtcClient::State::Connected) << p.client.dtls().failure_reason();
  ASSERT_EQ(p.server->state(), WebRtcTransport::State::Connected);
  EXPECT_EQ(p.client.srtp_profile(), srtp::SrtpProfile::AeadAes128Gcm);
  EXPECT_EQ(p.server->media_destination(), kClient);
  EXPECT_EQ(p.client.media_destination(), kServer);
  EXPECT_EQ(p.client.ice().counters().responses_accepted, 1U);
  expect_media_both_ways(p);
}

TEST(WebRtcClient, HandshakesOverAesCmWhenTheServerOffersOnlyThatProfile) {
  Pair p({srtp::SrtpProfile::Aes128CmHmacSha1_80});
  p.connect();
  ASSERT_EQ(p.client.state(), WebRtcClient::State::Connected) << p.client.dtls().failure_reason();
  ASSERT_EQ(p.server->state(), WebRtcTransport::State::Connected);
  EXPECT_EQ(p.client.srtp_profile(), srtp::SrtpProfile::Aes128CmHmacSha1_80);
  expect_media_both_ways(p);
}

TEST(WebRtcClient, FailsWhenTheServerCertificateDoesNotMatchTheFingerprint) {
  Pair p;
  auto remote = p.negotiate();
  remote.fingerprint = dtls::DtlsCertificate::generate("impostor")->fingerprint_sha256();
  p.client.connect(remote, p.now);
  p.pump();
  EXPECT_EQ(p.client.state(), WebRtcClient::State::Failed);
  EXPECT_EQ(p.client.dtls().state(), dtls::DtlsTransport::State::Failed);
  EXPECT_NE(p.client.dtls().failure_reason().find("fingerprint"), std::string::npos);
  std::vector<std::uint8_t> packet(100 + SrtpSession::kMaxTrailer, 0);
  packet[0] = 0x80;
  EXPECT_FALSE(p.client.protect_rtp(packet, 100));
}

TEST(WebRtcClient, DropsMediaBeforeDtlsAndFromOtherAddresses) {
  Pair p;
  p.connect();
  ASSERT_EQ(p.client.state(), WebRtcClient::State::Connected);
  std::vector<std::uint8_t> payload(20, 1);
  auto rtp = rtp::RtpPacketBuilder().payload_type(96).sequence_number(1).ssrc(5).payload(payload).build();
  const std::size_t size = rtp.size();
  auto buffer = with_room(rtp);
  auto out = p.server->protect_rtp(buffer, size);
  ASSERT_TRUE(out);
  const Endpoint stranger(make_address("127.0.0.9"), 40000);
  EXPECT_EQ(p.client.receive(out->bytes, stranger, p.now).kind, WebRtcClient::MediaKind::None);
  EXPECT_EQ(p.client.counters().dropped_wrong_source, 1U);
  out->bytes.back() ^= 0x01;  // corrupt the tag
  EXPECT_EQ(p.client.receive(out->bytes, kServer, p.now).kind, WebRtcClient::MediaKind::None);
  EXPECT_EQ(p.client.counters().dropped_srtp_auth, 1U);

  Pair fresh;
  fresh.client.connect(fresh.negotiate(), fresh.now);
  std::vector<std::uint8_t> early = rtp;
  EXPECT_EQ(fresh.client.receive(early, kServer, fresh.now).kind, WebRtcClient::MediaKind::None);
}

TEST(WebRtcClient, KeepsConsentWithPeriodicChecksAndLosesItWithoutAnswers) {
  Pair p;
  p.connect();
  ASSERT_EQ(p.client.state(), WebRtcClient::State::Connected);
  // Consent checks keep both sides alive across the server's 30 s consent timeout.
  for (int i = 0; i < 10; ++i) {
    p.now = p.client.next_timeout(p.now);
    EXPECT_LE(p.now - WebRtcClient::Clock::now(), 60s);
    p.client.tick(p.now);
    p.server->tick(p.now);
    p.pump();
  }
  EXPECT_EQ(p.client.state(), WebRtcClient::State::Connected);
  EXPECT_EQ(p.server->state(), WebRtcTransport::State::Connected);
  EXPECT_GE(p.client.ice().counters().checks_sent, 10U);

  // The server goes silent: the client's checks go unanswered until consent expires.
  for (int i = 0; i < 20 && p.client.state() == WebRtcClient::State::Connected; ++i) {
    p.now = p.client.next_timeout(p.now);
    p.client.tick(p.now);
    (void)p.client.take_outgoing();
  }
  EXPECT_EQ(p.client.state(), WebRtcClient::State::Disconnected);
}

}  // namespace
}  // namespace parley::media::client
