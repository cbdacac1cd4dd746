// A simulated browser (controlling ICE agent, DTLS client, SRTP) against our WebRtcTransport, all in
// memory: connectivity check with nomination, DTLS-SRTP handshake, then media both ways.
#include <gtest/gtest.h>

#include "media/crypto/Digest.hpp"
#include "media/ice/StunMessage.hpp"
#include "media/ice/StunMessageBuilder.hpp"
#include "media/rtcp/RtcpPacket.hpp"
#include "media/rtcp/RtcpWriter.hpp"
#include "media/rtp/RtpPacket.hpp"
#include "media/rtp/RtpPacketBuilder.hpp"
#include "media/transport/WebRtcTransport.hpp"

namespace parley::media::transport {
namespace {

using boost::asio::ip::make_address;
using Endpoint = WebRtcTransport::Endpoint;
using srtp::SrtpSession;
using namespace std::chrono_literals;

const Endpoint kBrowser(make_address("192.0.2.50"), 61000);
const Endpoint kStranger(make_address("198.51.100.66"), 61000);

struct Browser {
  std::shared_ptr<const dtls::DtlsCertificate> certificate = dtls::DtlsCertificate::generate("browser");
  dtls::DtlsTransport dtls{dtls::DtlsContext::create(certificate), dtls::DtlsTransport::Role::Client};
  std::unique_ptr<SrtpSession> out;
  std::unique_ptr<SrtpSession> in;
  std::uint8_t next_transaction = 1;

  std::vector<std::uint8_t> check(bool nominate) {
    ice::TransactionId tid{};
    tid.fill(next_transaction++);
    ice::StunMessageBuilder b(ice::StunClass::Request, ice::stun_method::kBinding, tid);
    b.add_string(ice::stun_attr::kUsername, "sfuU:brwU")
        .add_u32(ice::stun_attr::kPriority, 2122260223)
        .add_u64(ice::stun_attr::kIceControlling, 7);
    if (nominate) b.add_flag(ice::stun_attr::kUseCandidate);
    return b.add_message_integrity(crypto::as_bytes("sfu-password-0123456789")).add_fingerprint().take();
  }
};

struct Fixture {
  std::shared_ptr<const dtls::DtlsCertificate> sfu_certificate = dtls::DtlsCertificate::generate("sfu");
  Browser browser;
  WebRtcTransport sfu{dtls::DtlsContext::create(sfu_certificate), [] {
                        WebRtcTransport::Options o;
                        o.local_ufrag = "sfuU";
                        o.local_pwd = "sfu-password-0123456789";
                        return o;
                      }()};
  WebRtcTransport::Clock::time_point now = WebRtcTransport::Clock::now();

  Fixture() {
    sfu.set_remote_parameters("brwU", "sha-256", browser.certificate->fingerprint_sha256());
    browser.dtls.set_remote_fingerprint("sha-256", sfu_certificate->fingerprint_sha256());
  }

  // Delivers everything in flight between the browser and the SFU.
  void pump() {
    for (int round = 0; round < 20; ++round) {
      auto to_sfu = browser.dtls.take_outgoing();
      auto to_browser = sfu.take_outgoing();
      if (to_sfu.empty() && to_browser.empty()) return;
      for (auto& d : to_sfu) sfu.receive(d, kBrowser, now);
      for (auto& o : to_browser) {
        EXPECT_EQ(o.destination, kBrowser);
        if (ice::StunMessage::looks_like_stun(o.bytes)) continue;  // check responses
        browser.dtls.receive(o.bytes);
      }
    }
  }

  void connect() {
    auto check = browser.check(true);
    sfu.receive(check, kBrowser, now);
    auto responses = sfu.take_outgoing();
    ASSERT_EQ(responses.size(), 1U);
    auto response = ice::StunMessage::parse(responses[0].bytes);
    ASSERT_TRUE(response);
    EXPECT_EQ(response->message_class(), ice::StunClass::SuccessResponse);
    EXPECT_EQ(response->xor_mapped_address(), kBrowser);
    browser.dtls.start();
    pump();
    ASSERT_EQ(browser.dtls.state(), dtls::DtlsTransport::State::Connected) << browser.dtls.failure_reason();
    ASSERT_EQ(sfu.state(), WebRtcTransport::State::Connected);
    const auto& keys = *browser.dtls.srtp_keying_material();
    browser.out = SrtpSession::create(keys.profile, SrtpSession::Direction::Outbound, keys.local);
    browser.in = SrtpSession::create(keys.profile, SrtpSession::Direction::Inbound, keys.remote);
  }
};

std::vector<std::uint8_t> with_room(std::vector<std::uint8_t> packet) {
  packet.resize(packet.size() + SrtpSession::kMaxTrailer);
  return packet;
}

TEST(WebRtcTransport, ConnectsAndCarriesMediaBothWays) {
  Fixture f;
  f.connect();
  EXPECT_EQ(f.sfu.media_destination(), kBrowser);

  // Browser -> SFU: SRTP in, RTP plaintext out.
  const std::uint8_t payload[] = {1, 2, 3, 4, 5, 6};
  auto rtp = rtp::RtpPacketBuilder().payload_type(111).sequence_number(10).ssrc(0xabc).payload(payload).build();
  const std::size_t rtp_size = rtp.size();
  auto buffer = with_room(rtp);
  auto protected_size = f.browser.out->protect_rtp(buffer, rtp_size);
  ASSERT_TRUE(protected_size);
  auto received = f.sfu.receive(std::span<std::uint8_t>(buffer.data(), *protected_size), kBrowser, f.now);
  ASSERT_EQ(received.kind, WebRtcTransport::MediaKind::Rtp);
  auto parsed = rtp::RtpPacket::parse(received.plaintext);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->ssrc(), 0xabcU);
  EXPECT_EQ(parsed->payload().size(), sizeof(payload));

  // SFU -> browser: RTCP PLI protected by the SFU, unprotected by the browser.
  auto pli = rtcp::RtcpWriter().add_pli(1, 0xabc).take();
  const std::size_t pli_size = pli.size();
  auto pli_buffer = with_room(pli);
  auto outgoing = f.sfu.protect_rtcp(pli_buffer, pli_size);
  ASSERT_TRUE(outgoing);
  EXPECT_EQ(outgoing->destination, kBrowser);
  auto plain = f.browser.in->unprotect_rtcp(outgoing->bytes);
  ASSERT_TRUE(plain);
  EXPECT_EQ(*plain, pli_size);
  EXPECT_EQ(f.sfu.counters().rtp_received, 1U);
}

TEST(WebRtcTransport, IgnoresDtlsAndMediaFromAddressesWithoutIceConsent) {
  Fixture f;
  f.browser.dtls.start();
  for (auto& d : f.browser.dtls.take_outgoing()) f.sfu.receive(d, kBrowser, f.now);  // before any check
  EXPECT_EQ(f.sfu.counters().dropped_unvalidated_source, 1U);
  EXPECT_TRUE(f.sfu.take_outgoing().empty());
  EXPECT_EQ(f.sfu.state(), WebRtcTransport::State::New);

  Fixture g;
  g.connect();
  auto rtp = rtp::RtpPacketBuilder().payload_type(96).sequence_number(1).ssrc(5).build();
  const std::size_t size = rtp.size();
  auto buffer = with_room(rtp);
  auto protected_size = g.browser.out->protect_rtp(buffer, size);
  ASSERT_TRUE(protected_size);
  auto received = g.sfu.receive(std::span<std::uint8_t>(buffer.data(), *protected_size), kStranger, g.now);
  EXPECT_EQ(received.kind, WebRtcTransport::MediaKind::None);
  EXPECT_EQ(g.sfu.counters().dropped_unvalidated_source, 1U);
}

TEST(WebRtcTransport, DropsForgedSrtpAndLosesConsentWithoutChecks) {
  Fixture f;
  f.connect();
  auto rtp = rtp::RtpPacketBuilder().payload_type(96).sequence_number(1).ssrc(5).build();
  const std::size_t size = rtp.size();
  auto buffer = with_room(rtp);
  auto protected_size = f.browser.out->protect_rtp(buffer, size);
  ASSERT_TRUE(protected_size);
  buffer[*protected_size - 1] ^= 0xff;  // corrupt the tag
  auto received = f.sfu.receive(std::span<std::uint8_t>(buffer.data(), *protected_size), kBrowser, f.now);
  EXPECT_EQ(received.kind, WebRtcTransport::MediaKind::None);
  EXPECT_EQ(f.sfu.counters().dropped_srtp_auth, 1U);

  EXPECT_LE(f.sfu.next_timeout(f.now), f.now + 1s);
  f.sfu.tick(f.now + 31s);
  EXPECT_EQ(f.sfu.state(), WebRtcTransport::State::Disconnected);
  std::vector<std::uint8_t> out(100, 0);
  out[0] = 0x80;
  EXPECT_FALSE(f.sfu.protect_rtp(out, 12));
}

TEST(WebRtcTransport, StartsDtlsAsClientWhenTheBrowserIsPassive) {
  auto sfu_certificate = dtls::DtlsCertificate::generate("sfu");
  auto browser_certificate = dtls::DtlsCertificate::generate("browser");
  WebRtcTransport::Options o;
  o.local_ufrag = "sfuU";
  o.local_pwd = "sfu-password-0123456789";
  o.dtls_role = dtls::DtlsTransport::Role::Client;
  WebRtcTransport sfu(dtls::DtlsContext::create(sfu_certificate), o);
  sfu.set_remote_parameters("brwU", "sha-256", browser_certificate->fingerprint_sha256());
  dtls::DtlsTransport browser(dtls::DtlsContext::create(browser_certificate), dtls::DtlsTransport::Role::Server);
  browser.set_remote_fingerprint("sha-256", sfu_certificate->fingerprint_sha256());
  browser.start();

  Browser checks;
  const auto now = WebRtcTransport::Clock::now();
  auto check = checks.check(true);
  sfu.receive(check, kBrowser, now);
  for (int round = 0; round < 20; ++round) {
    auto to_browser = sfu.take_outgoing();
    auto to_sfu = browser.take_outgoing();
    if (to_browser.empty() && to_sfu.empty()) break;
    for (auto& d : to_browser) {
      if (!ice::StunMessage::looks_like_stun(d.bytes)) browser.receive(d.bytes);
    }
    for (auto& d : to_sfu) sfu.receive(d, kBrowser, now);
  }
  EXPECT_EQ(browser.state(), dtls::DtlsTransport::State::Connected);
  EXPECT_EQ(sfu.state(), WebRtcTransport::State::Connected);
}

}  // namespace
}  // namespace parley::media::transport
