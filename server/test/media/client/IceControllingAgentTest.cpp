// IceControllingAgent against the real ICE-lite agent (the SFU's), plus forged responses.
#include <gtest/gtest.h>

#include "media/client/IceControllingAgent.hpp"
#include "media/crypto/Digest.hpp"
#include "media/ice/IceLiteAgent.hpp"
#include "media/ice/StunMessage.hpp"
#include "media/ice/StunMessageBuilder.hpp"

namespace parley::media::client {
namespace {

using boost::asio::ip::make_address;
using Endpoint = IceControllingAgent::Endpoint;
using namespace std::chrono_literals;

const Endpoint kClient(make_address("127.0.0.1"), 50001);
const Endpoint kServerA(make_address("127.0.0.1"), 50000);
const Endpoint kServerB(make_address("127.0.0.2"), 50000);

IceControllingAgent make_client() {
  IceControllingAgent agent("cliU", "client-password-0123456789", {});
  agent.set_remote("sfuU", "sfu-password-0123456789");
  return agent;
}

TEST(IceControllingAgent, ChecksCarryTheIceAttributesTheSfuRequires) {
  auto client = make_client();
  const auto now = IceControllingAgent::Clock::now();
  client.start({kServerA}, now);
  auto out = client.take_outgoing();
  ASSERT_EQ(out.size(), 1U);
  EXPECT_EQ(out[0].destination, kServerA);
  auto check = ice::StunMessage::parse(out[0].bytes);
  ASSERT_TRUE(check);
  EXPECT_EQ(check->message_class(), ice::StunClass::Request);
  EXPECT_EQ(check->username(), "sfuU:cliU");
  EXPECT_TRUE(check->priority());
  EXPECT_TRUE(check->ice_controlling());
  EXPECT_TRUE(check->use_candidate());
  EXPECT_TRUE(check->verify_message_integrity(crypto::as_bytes("sfu-password-0123456789")));
  EXPECT_TRUE(check->verify_fingerprint());
}

TEST(IceControllingAgent, SelectsTheCandidateThatAnswersAndIgnoresForgedResponses) {
  auto client = make_client();
  ice::IceLiteAgent server("sfuU", "sfu-password-0123456789");
  server.set_remote_ufrag("cliU");
  auto now = IceControllingAgent::Clock::now();
  client.start({kServerB, kServerA}, now);  // B never answers
  std::vector<IceControllingAgent::Outgoing> to_a;
  for (int i = 0; i < 4; ++i) {
    for (auto& o : client.take_outgoing()) {
      if (o.destination == kServerA) to_a.push_back(std::move(o));
    }
    now = client.next_timeout(now);
    client.tick(now);
  }
  ASSERT_FALSE(to_a.empty());
  auto result = server.handle_stun(to_a[0].bytes, kClient, now);
  ASSERT_EQ(result.verdict, ice::IceLiteAgent::Verdict::Success);
  EXPECT_EQ(server.selected(), kClient);  // USE-CANDIDATE nominated us

  // The response from the wrong address, or tampered with, does not count.
  EXPECT_FALSE(client.handle_stun(result.response, kServerB, now));
  auto tampered = result.response;
  tampered[tampered.size() - 20] ^= 0x01;  // inside the MESSAGE-INTEGRITY value
  EXPECT_FALSE(client.handle_stun(tampered, kServerA, now));
  EXPECT_EQ(client.state(), IceControllingAgent::State::Checking);
  EXPECT_EQ(client.counters().responses_rejected, 2U);

  EXPECT_TRUE(client.handle_stun(result.response, kServerA, now));
  EXPECT_EQ(client.state(), IceControllingAgent::State::Connected);
  EXPECT_EQ(client.selected(), kServerA);
  EXPECT_FALSE(client.handle_stun(result.response, kServerA, now));  // the transaction is done
}

TEST(IceControllingAgent, FailsWhenNothingAnswers) {
  IceControllingAgent::Options options;
  options.max_checks = 5;
  IceControllingAgent client("cliU", "client-password-0123456789", options);
  client.set_remote("sfuU", "sfu-password-0123456789");
  auto now = IceControllingAgent::Clock::now();
  client.start({kServerA}, now);
  for (int i = 0; i < 10 && client.state() == IceControllingAgent::State::Checking; ++i) {
    now = client.next_timeout(now);
    client.tick(now);
  }
  EXPECT_EQ(client.state(), IceControllingAgent::State::Failed);
  EXPECT_EQ(client.counters().checks_sent, 5U);
}

TEST(IceControllingAgent, AnswersChecksFromAFullIcePeer) {
  auto client = make_client();
  ice::TransactionId tid{};
  tid.fill(3);
  ice::StunMessageBuilder b(ice::StunClass::Request, ice::stun_method::kBinding, tid);
  b.add_string(ice::stun_attr::kUsername, "cliU:sfuU")
      .add_u32(ice::stun_attr::kPriority, 1)
      .add_u64(ice::stun_attr::kIceControlled, 1)
      .add_message_integrity(crypto::as_bytes("client-password-0123456789"))
      .add_fingerprint();
  auto request = b.take();
  client.handle_stun(request, kServerA, IceControllingAgent::Clock::now());
  auto out = client.take_outgoing();
  ASSERT_EQ(out.size(), 1U);
  auto response = ice::StunMessage::parse(out[0].bytes);
  ASSERT_TRUE(response);
  EXPECT_EQ(response->message_class(), ice::StunClass::SuccessResponse);
  EXPECT_EQ(response->xor_mapped_address(), kServerA);
  EXPECT_TRUE(response->verify_message_integrity(crypto::as_bytes("client-password-0123456789")));

  request[request.size() - 1] ^= 1;  // bad FINGERPRINT
  client.handle_stun(request, kServerA, IceControllingAgent::Clock::now());
  EXPECT_TRUE(client.take_outgoing().empty());
  EXPECT_EQ(client.counters().requests_rejected, 1U);
}

TEST(IceControllingAgent, RandomCredentialsAreLongEnoughAndDiffer) {
  auto a = random_ice_string(24);
  auto b = random_ice_string(24);
  EXPECT_EQ(a.size(), 24U);
  EXPECT_NE(a, b);
}

}  // namespace
}  // namespace parley::media::client
