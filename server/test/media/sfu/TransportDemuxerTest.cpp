// The demuxer in front of real SfuTransports: ICE checks find their transport by ufrag and open the
// 5-tuple; other traffic needs an opened 5-tuple; plain Binding requests get a STUN server answer.
#include <gtest/gtest.h>

#include "media/crypto/Digest.hpp"
#include "media/dtls/DtlsCertificate.hpp"
#include "media/dtls/DtlsContext.hpp"
#include "media/ice/StunMessage.hpp"
#include "media/ice/StunMessageBuilder.hpp"
#include "media/sfu/SfuTransport.hpp"
#include "media/sfu/TransportDemuxer.hpp"

namespace parley::media::sfu {
namespace {

using boost::asio::ip::make_address;

struct Target final : DemuxTarget {
  Target(std::shared_ptr<const dtls::DtlsContext> context, std::string ufrag)
      : transport(std::move(context), std::move(ufrag), "password-password-password", std::chrono::seconds(30)) {}
  bool on_datagram(std::span<std::uint8_t> datagram, const Endpoint& source, Clock::time_point now) override {
    ++datagrams;
    return transport.receive(datagram, source, now).validated_check;
  }
  SfuTransport transport;
  int datagrams = 0;
};

std::vector<std::uint8_t> check(const std::string& username, const std::string& pwd, std::uint8_t id) {
  ice::TransactionId tid{};
  tid.fill(id);
  return ice::StunMessageBuilder(ice::StunClass::Request, ice::stun_method::kBinding, tid)
      .add_string(ice::stun_attr::kUsername, username)
      .add_u32(ice::stun_attr::kPriority, 1)
      .add_u64(ice::stun_attr::kIceControlling, 1)
      .add_flag(ice::stun_attr::kUseCandidate)
      .add_message_integrity(crypto::as_bytes(pwd))
      .add_fingerprint()
      .take();
}

TEST(TransportDemuxer, RoutesChecksByUfragAndEverythingElseByValidatedFiveTuple) {
  auto context = dtls::DtlsContext::create(dtls::DtlsCertificate::generate("sfu"));
  SfuCounters counters;
  std::vector<std::pair<std::vector<std::uint8_t>, Endpoint>> replies;
  TransportDemuxer demuxer(counters, true, [&](std::span<const std::uint8_t> d, const Endpoint& to) {
    replies.emplace_back(std::vector<std::uint8_t>(d.begin(), d.end()), to);
  });
  Target a(context, "ufragA");
  Target b(context, "ufragB");
  demuxer.add_ufrag("ufragA", &a);
  demuxer.add_ufrag("ufragB", &b);
  const Endpoint browser_a(make_address("192.0.2.1"), 5000);
  const Endpoint browser_b(make_address("2001:db8::2"), 5000);
  const auto now = Clock::now();

  std::vector<std::uint8_t> rtp_like(100, 0);
  rtp_like[0] = 0x80;
  rtp_like[1] = 96;
  demuxer.on_datagram(rtp_like, browser_a, now);  // nobody validated this 5-tuple yet
  EXPECT_EQ(counters.dropped_unknown_source.load(), 1U);

  auto to_a = check("ufragA:remote", "password-password-password", 1);
  demuxer.on_datagram(to_a, browser_a, now);
  auto bad_password = check("ufragB:remote", "wrong-password-wrong-pass", 2);
  demuxer.on_datagram(bad_password, browser_b, now);
  auto unknown = check("nobody:remote", "password-password-password", 3);
  demuxer.on_datagram(unknown, browser_b, now);
  EXPECT_EQ(a.datagrams, 1);
  EXPECT_EQ(b.datagrams, 1);
  EXPECT_EQ(demuxer.routes(), 1U);  // only A's check validated
  EXPECT_EQ(counters.dropped_unknown_source.load(), 2U);

  demuxer.on_datagram(rtp_like, browser_a, now);  // now routed to A (which drops it: no SRTP yet)
  EXPECT_EQ(a.datagrams, 2);
  demuxer.on_datagram(rtp_like, browser_b, now);
  EXPECT_EQ(b.datagrams, 1);
  EXPECT_EQ(counters.dropped_unknown_source.load(), 3U);

  // A plain Binding request (no USERNAME) is answered by the demuxer itself.
  ice::TransactionId tid{};
  tid.fill(9);
  auto plain = ice::StunMessageBuilder(ice::StunClass::Request, ice::stun_method::kBinding, tid).take();
  demuxer.on_datagram(plain, browser_b, now);
  ASSERT_EQ(replies.size(), 1U);
  EXPECT_EQ(replies[0].second, browser_b);
  auto response = ice::StunMessage::parse(replies[0].first);
  ASSERT_TRUE(response);
  EXPECT_EQ(response->xor_mapped_address(), browser_b);

  demuxer.remove(&a);
  EXPECT_EQ(demuxer.routes(), 0U);
  demuxer.on_datagram(to_a, browser_a, now);
  EXPECT_EQ(a.datagrams, 2);  // the ufrag is gone too
}

TEST(TransportDemuxer, KeepsABoundedNumberOfAddressesPerTransport) {
  auto context = dtls::DtlsContext::create(dtls::DtlsCertificate::generate("sfu"));
  SfuCounters counters;
  TransportDemuxer demuxer(counters, true, [](std::span<const std::uint8_t>, const Endpoint&) {});
  Target a(context, "ufragA");
  demuxer.add_ufrag("ufragA", &a);
  const auto now = Clock::now();
  for (std::uint16_t port = 1000; port < 1100; ++port) {
    auto c = check("ufragA:remote", "password-password-password", static_cast<std::uint8_t>(port));
    demuxer.on_datagram(c, Endpoint(make_address("192.0.2.1"), port), now);
  }
  EXPECT_EQ(demuxer.routes(), TransportDemuxer::kMaxAddressesPerTarget);
  demuxer.remove(&a);
  EXPECT_EQ(demuxer.routes(), 0U);
}

TEST(TransportDemuxer, WithoutTheStunServerPlainBindingRequestsAreDropped) {
  SfuCounters counters;
  int replies = 0;
  TransportDemuxer demuxer(counters, false, [&](std::span<const std::uint8_t>, const Endpoint&) { ++replies; });
  ice::TransactionId tid{};
  auto plain = ice::StunMessageBuilder(ice::StunClass::Request, ice::stun_method::kBinding, tid).take();
  demuxer.on_datagram(plain, Endpoint(make_address("192.0.2.1"), 1), Clock::now());
  EXPECT_EQ(replies, 0);
  EXPECT_EQ(counters.dropped_unknown_source.load(), 1U);
}

}  // namespace
}  // namespace parley::media::sfu
