// SfuTransport against a simulated browser in memory (controlling ICE checks, DTLS client, SRTP):
// regular nomination (DTLS finishes on a checked pair before USE-CANDIDATE), states on the way,
// and an ICE restart that keeps the working address until the new credentials are nominated.
#include <gtest/gtest.h>

#include "media/crypto/Digest.hpp"
#include "media/dtls/DtlsCertificate.hpp"
#include "media/dtls/DtlsContext.hpp"
#include "media/ice/StunMessage.hpp"
#include "media/ice/StunMessageBuilder.hpp"
#include "media/rtp/RtpPacketBuilder.hpp"
#include "media/sfu/SfuTransport.hpp"

namespace parley::media::sfu {
namespace {

using boost::asio::ip::make_address;
using namespace std::chrono_literals;

const SfuTransport::Endpoint kBrowser(make_address("192.0.2.50"), 61000);
const SfuTransport::Endpoint kMoved(make_address("192.0.2.51"), 62000);

struct Fixture {
  std::shared_ptr<const dtls::DtlsCertificate> browser_certificate = dtls::DtlsCertificate::generate("browser");
  std::shared_ptr<const dtls::DtlsCertificate> sfu_certificate = dtls::DtlsCertificate::generate("sfu");
  dtls::DtlsTransport browser{dtls::DtlsContext::create(browser_certificate), dtls::DtlsTransport::Role::Client};
  SfuTransport sfu{dtls::DtlsContext::create(sfu_certificate), "sfuUfrag", "sfu-password-0123456789", 30s};
  SfuTransport::Clock::time_point now = SfuTransport::Clock::now();
  std::uint8_t next = 1;
  std::vector<SfuTransport::State> states;

  Fixture() {
    sfu.set_remote_parameters("brw", "sha-256", browser_certificate->fingerprint_sha256());
    browser.set_remote_fingerprint("sha-256", sfu_certificate->fingerprint_sha256());
  }

  bool check(const std::string& ufrag, const std::string& pwd, bool nominate, const SfuTransport::Endpoint& from) {
    ice::TransactionId tid{};
    tid.fill(next++);
    ice::StunMessageBuilder b(ice::StunClass::Request, ice::stun_method::kBinding, tid);
    b.add_string(ice::stun_attr::kUsername, ufrag + ":brw")
        .add_u32(ice::stun_attr::kPriority, 1)
        .add_u64(ice::stun_attr::kIceControlling, 1);
    if (nominate) b.add_flag(ice::stun_attr::kUseCandidate);
    auto request = b.add_message_integrity(crypto::as_bytes(pwd)).add_fingerprint().take();
    const bool ok = sfu.receive(request, from, now).validated_check;
    record();
    return ok;
  }

  void record() {
    if (states.empty() || states.back() != sfu.state()) states.push_back(sfu.state());
  }

  void handshake(const SfuTransport::Endpoint& from) {
    browser.start();
    for (int round = 0; round < 20; ++round) {
      auto to_sfu = browser.take_outgoing();
      auto to_browser = sfu.take_control();
      if (to_sfu.empty() && to_browser.empty()) break;
      for (auto& d : to_sfu) {
        sfu.receive(d, from, now);
        record();
      }
      for (auto& c : to_browser) {
        EXPECT_EQ(c.destination, from);
        if (!ice::StunMessage::looks_like_stun(c.bytes)) browser.receive(c.bytes);
      }
    }
  }
};

TEST(SfuTransport, ConnectsOnACheckedPairBeforeNominationWithoutReportingDisconnected) {
  Fixture f;
  ASSERT_TRUE(f.check("sfuUfrag", "sfu-password-0123456789", false, kBrowser));
  EXPECT_EQ(f.sfu.state(), SfuTransport::State::Connecting);
  f.handshake(kBrowser);
  ASSERT_EQ(f.browser.state(), dtls::DtlsTransport::State::Connected);
  EXPECT_EQ(f.sfu.state(), SfuTransport::State::Connected);
  EXPECT_EQ(f.sfu.destination(), kBrowser);
  ASSERT_TRUE(f.check("sfuUfrag", "sfu-password-0123456789", true, kBrowser));
  EXPECT_EQ(f.sfu.destination(), kBrowser);
  for (auto s : f.states) EXPECT_NE(s, SfuTransport::State::Disconnected);

  // Protects media for the browser.
  auto packet = rtp::RtpPacketBuilder().payload_type(96).sequence_number(1).ssrc(9).build();
  const std::size_t length = packet.size();
  packet.resize(length + SrtpSender::kMaxTrailer);
  SrtpStreamState stream;
  EXPECT_TRUE(f.sfu.protect_rtp(packet, length, stream));

  // Consent lost: disconnected, and nothing is protected any more.
  f.sfu.tick(f.now + 31s);
  EXPECT_EQ(f.sfu.state(), SfuTransport::State::Disconnected);
  EXPECT_FALSE(f.sfu.destination());
  EXPECT_FALSE(f.sfu.protect_rtp(packet, length, stream));
}

TEST(SfuTransport, AnIceRestartKeepsTheOldAddressUntilTheNewCredentialsAreNominated) {
  Fixture f;
  ASSERT_TRUE(f.check("sfuUfrag", "sfu-password-0123456789", true, kBrowser));
  f.handshake(kBrowser);
  ASSERT_EQ(f.sfu.state(), SfuTransport::State::Connected);
  f.sfu.restart_ice("newUfrag", "new-password-0123456789");
  EXPECT_EQ(f.sfu.local_ufrag(), "newUfrag");
  EXPECT_EQ(f.sfu.state(), SfuTransport::State::Connected);
  EXPECT_EQ(f.sfu.destination(), kBrowser);
  EXPECT_EQ(f.sfu.previous_ufrag(), "sfuUfrag");
  // Consent on the working address still uses the old credentials: answered by the old agent.
  EXPECT_TRUE(f.check("sfuUfrag", "sfu-password-0123456789", false, kBrowser));
  EXPECT_FALSE(f.check("sfuUfrag", "wrong-password-0123456", false, kBrowser));
  EXPECT_EQ(f.sfu.destination(), kBrowser);
  ASSERT_TRUE(f.check("newUfrag", "new-password-0123456789", true, kMoved));
  EXPECT_EQ(f.sfu.destination(), kMoved);
  EXPECT_EQ(f.sfu.state(), SfuTransport::State::Connected);
  EXPECT_EQ(f.sfu.previous_ufrag(), "");  // the old credentials are retired
  EXPECT_FALSE(f.check("sfuUfrag", "sfu-password-0123456789", false, kBrowser));
}

}  // namespace
}  // namespace parley::media::sfu
