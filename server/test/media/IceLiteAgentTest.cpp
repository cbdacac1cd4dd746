#include <gtest/gtest.h>

#include "media/crypto/Digest.hpp"
#include "media/ice/IceLiteAgent.hpp"
#include "media/ice/StunMessage.hpp"
#include "media/ice/StunMessageBuilder.hpp"

namespace parley::media::ice {
namespace {

using boost::asio::ip::make_address;
using Endpoint = IceLiteAgent::Endpoint;
using namespace std::chrono_literals;

constexpr std::string_view kLocalUfrag = "srvU";
constexpr std::string_view kLocalPwd = "serverpassword0123456789";
constexpr std::string_view kRemoteUfrag = "brw1";

struct CheckOptions {
  std::string username = std::string(kLocalUfrag) + ":" + std::string(kRemoteUfrag);
  std::string password = std::string(kLocalPwd);
  bool use_candidate = false;
  bool controlled = false;
  bool priority = true;
  bool fingerprint = true;
  std::uint8_t id = 1;
};

// A connectivity check as Chromium sends it (controlling, with PRIORITY, maybe USE-CANDIDATE).
std::vector<std::uint8_t> make_check(const CheckOptions& o) {
  TransactionId tid{};
  tid.fill(o.id);
  StunMessageBuilder b(StunClass::Request, stun_method::kBinding, tid);
  b.add_string(stun_attr::kUsername, o.username);
  if (o.priority) b.add_u32(stun_attr::kPriority, 1853824767);
  if (o.controlled) {
    b.add_u64(stun_attr::kIceControlled, 42);
  } else {
    b.add_u64(stun_attr::kIceControlling, 42);
  }
  if (o.use_candidate) b.add_flag(stun_attr::kUseCandidate);
  b.add_message_integrity(crypto::as_bytes(o.password));
  if (o.fingerprint) b.add_fingerprint();
  return std::move(b).take();
}

const Endpoint kBrowserA(make_address("192.0.2.10"), 50000);
const Endpoint kBrowserB(make_address("2001:db8::10"), 50001);

IceLiteAgent make_agent() {
  IceLiteAgent agent{std::string(kLocalUfrag), std::string(kLocalPwd)};
  agent.set_remote_ufrag(std::string(kRemoteUfrag));
  return agent;
}

TEST(IceLiteAgent, AnswersValidCheckWithAuthenticatedResponse) {
  auto agent = make_agent();
  const auto now = IceLiteAgent::Clock::now();
  auto r = agent.handle_stun(make_check({}), kBrowserA, now);
  ASSERT_EQ(r.verdict, IceLiteAgent::Verdict::Success);
  EXPECT_FALSE(r.selected_changed);
  EXPECT_EQ(agent.state(), IceLiteAgent::State::Checking);
  EXPECT_TRUE(agent.is_validated(kBrowserA, now));
  EXPECT_FALSE(agent.is_validated(kBrowserB, now));
  auto response = StunMessage::parse(r.response);
  ASSERT_TRUE(response);
  EXPECT_EQ(response->message_class(), StunClass::SuccessResponse);
  EXPECT_EQ(response->xor_mapped_address(), kBrowserA);
  EXPECT_TRUE(response->verify_message_integrity(crypto::as_bytes(kLocalPwd)));
  EXPECT_TRUE(response->verify_fingerprint());
}

TEST(IceLiteAgent, UseCandidateSelectsAndLaterNominationSwitches) {
  auto agent = make_agent();
  const auto now = IceLiteAgent::Clock::now();
  CheckOptions nominate;
  nominate.use_candidate = true;
  auto r = agent.handle_stun(make_check(nominate), kBrowserA, now);
  EXPECT_TRUE(r.selected_changed);
  EXPECT_EQ(agent.state(), IceLiteAgent::State::Connected);
  EXPECT_EQ(agent.selected(), kBrowserA);
  // Repeated nomination of the same address is not a change.
  EXPECT_FALSE(agent.handle_stun(make_check(nominate), kBrowserA, now + 1s).selected_changed);
  // A plain check from B validates B but keeps A selected.
  EXPECT_FALSE(agent.handle_stun(make_check({}), kBrowserB, now + 2s).selected_changed);
  EXPECT_EQ(agent.selected(), kBrowserA);
  // Nominating B switches (e.g. the browser moved from Wi-Fi to cellular).
  EXPECT_TRUE(agent.handle_stun(make_check(nominate), kBrowserB, now + 3s).selected_changed);
  EXPECT_EQ(agent.selected(), kBrowserB);
}

TEST(IceLiteAgent, RejectsWrongCredentialsWith401WithoutIntegrity) {
  auto agent = make_agent();
  const auto now = IceLiteAgent::Clock::now();
  CheckOptions wrong_password;
  wrong_password.password = "not-the-password";
  auto r = agent.handle_stun(make_check(wrong_password), kBrowserA, now);
  EXPECT_EQ(r.verdict, IceLiteAgent::Verdict::Unauthorized);
  auto response = StunMessage::parse(r.response);
  ASSERT_TRUE(response);
  EXPECT_EQ(response->error_code()->code, 401);
  EXPECT_FALSE(response->has_message_integrity());
  CheckOptions wrong_ufrag;
  wrong_ufrag.username = "other:brw1";
  EXPECT_EQ(agent.handle_stun(make_check(wrong_ufrag), kBrowserA, now).verdict, IceLiteAgent::Verdict::Unauthorized);
  CheckOptions wrong_remote;
  wrong_remote.username = "srvU:zzzz";
  EXPECT_EQ(agent.handle_stun(make_check(wrong_remote), kBrowserA, now).verdict, IceLiteAgent::Verdict::Unauthorized);
  EXPECT_EQ(agent.state(), IceLiteAgent::State::New);
  EXPECT_FALSE(agent.is_validated(kBrowserA, now));
}

TEST(IceLiteAgent, AcceptsAnyRemoteUfragBeforeItIsKnown) {
  IceLiteAgent agent{std::string(kLocalUfrag), std::string(kLocalPwd)};
  CheckOptions o;
  o.username = "srvU:later";
  EXPECT_EQ(agent.handle_stun(make_check(o), kBrowserA, IceLiteAgent::Clock::now()).verdict,
            IceLiteAgent::Verdict::Success);
}

TEST(IceLiteAgent, BadRequestsRoleConflictsAndDrops) {
  auto agent = make_agent();
  const auto now = IceLiteAgent::Clock::now();
  CheckOptions no_priority;
  no_priority.priority = false;
  EXPECT_EQ(agent.handle_stun(make_check(no_priority), kBrowserA, now).verdict, IceLiteAgent::Verdict::BadRequest);
  CheckOptions controlled;
  controlled.controlled = true;
  auto conflict = agent.handle_stun(make_check(controlled), kBrowserA, now);
  EXPECT_EQ(conflict.verdict, IceLiteAgent::Verdict::RoleConflict);
  EXPECT_EQ(StunMessage::parse(conflict.response)->error_code()->code, 487);
  CheckOptions no_fingerprint;
  no_fingerprint.fingerprint = false;
  auto dropped = agent.handle_stun(make_check(no_fingerprint), kBrowserA, now);
  EXPECT_EQ(dropped.verdict, IceLiteAgent::Verdict::Dropped);
  EXPECT_TRUE(dropped.response.empty());
  const std::uint8_t garbage[] = {0, 1, 2};
  EXPECT_EQ(agent.handle_stun(garbage, kBrowserA, now).verdict, IceLiteAgent::Verdict::Dropped);
}

TEST(IceLiteAgent, ConsentExpiresWithoutChecks) {
  IceLiteAgent::Options options;
  options.consent_timeout = 30s;
  IceLiteAgent agent{std::string(kLocalUfrag), std::string(kLocalPwd), options};
  const auto start = IceLiteAgent::Clock::now();
  CheckOptions nominate;
  nominate.use_candidate = true;
  agent.handle_stun(make_check(nominate), kBrowserA, start);
  EXPECT_FALSE(agent.tick(start + 20s));
  agent.handle_stun(make_check({}), kBrowserA, start + 25s);  // consent refreshed
  EXPECT_FALSE(agent.tick(start + 50s));
  EXPECT_EQ(agent.state(), IceLiteAgent::State::Connected);
  EXPECT_TRUE(agent.tick(start + 56s));
  EXPECT_EQ(agent.state(), IceLiteAgent::State::Disconnected);
  EXPECT_FALSE(agent.selected());
  EXPECT_FALSE(agent.is_validated(kBrowserA, start + 56s));
}

TEST(IceLiteAgent, RemembersABoundedNumberOfAddresses) {
  IceLiteAgent::Options options;
  options.max_remote_addresses = 2;
  IceLiteAgent agent{std::string(kLocalUfrag), std::string(kLocalPwd), options};
  const auto now = IceLiteAgent::Clock::now();
  for (unsigned short port = 1000; port < 1010; ++port) {
    agent.handle_stun(make_check({}), Endpoint(make_address("192.0.2.1"), port), now + std::chrono::seconds(port));
  }
  EXPECT_TRUE(agent.is_validated(Endpoint(make_address("192.0.2.1"), 1009), now + 1009s));
  EXPECT_FALSE(agent.is_validated(Endpoint(make_address("192.0.2.1"), 1000), now + 1009s));
}

}  // namespace
}  // namespace parley::media::ice
