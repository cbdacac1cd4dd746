// Both scenarios end to end on loopback, small: every packet the publishers send reaches every
// subscriber of its room, carries the bench payload, and (SFU) decrypts with the negotiated keys.
// This is the bench's own correctness check, not a performance test: nothing here is timed.
#include <gtest/gtest.h>

#include <thread>

#include "Scenario.hpp"

namespace parley::bench::sfu {
namespace {

using namespace std::chrono_literals;

struct Delivery {
  std::uint64_t sent = 0, expected = 0, received = 0, decrypted = 0, srtp_failures = 0, payload_errors = 0;
  std::uint64_t latency_samples = 0;
};

// Sends for a moment, then collects until everything expected arrived (bounded by 10 s).
Delivery send_and_collect(Scenario& s) {
  s.publishers().set_sending(true);
  std::this_thread::sleep_for(300ms);
  s.publishers().set_sending(false);
  auto sent = s.publishers().take_stats();
  Delivery d;
  d.sent = sent.rtp_sent;
  for (std::size_t i = 0; i < sent.sent_per_stream.size(); ++i) {
    d.expected += sent.sent_per_stream[i] * s.subscribers_per_stream().at(i);
  }
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (std::chrono::steady_clock::now() < deadline) {
    auto r = s.subscribers().take_stats();
    d.received += r.rtp_received;
    d.decrypted += r.decrypted;
    d.srtp_failures += r.srtp_failures;
    d.payload_errors += r.bench_payload_errors;
    d.latency_samples += r.latency.count();
    if (d.received >= d.expected) break;
    std::this_thread::sleep_for(50ms);
  }
  return d;
}

TEST(Scenario, PlainForwarderDeliversEveryPacketToEverySubscriber) {
  ScenarioOptions options;
  options.subscribers_per_room = 3;
  auto s = make_plain_scenario(options);
  std::string error;
  ASSERT_TRUE(s->grow_to(7, error)) << error;
  EXPECT_EQ(s->consumers(), 7U);
  EXPECT_EQ(s->subscribers_per_stream(), (std::vector<std::uint64_t>{3, 3, 1}));
  auto d = send_and_collect(*s);
  ASSERT_GT(d.sent, 0U);
  EXPECT_EQ(d.received, d.expected);
  EXPECT_EQ(d.latency_samples, d.received);
  EXPECT_EQ(d.payload_errors, 0U);
  EXPECT_EQ(s->server_stats()["send_errors"], 0U);
}

TEST(Scenario, RoomsWithSeveralPublishersFanEachOneOutToTheRoomsSubscribers) {
  ScenarioOptions options;
  options.publishers_per_room = 2;
  options.subscribers_per_room = 3;
  auto s = make_plain_scenario(options);
  std::string error;
  ASSERT_TRUE(s->grow_to(8, error)) << error;
  EXPECT_EQ(s->rooms(), 2U);
  EXPECT_EQ(s->subscribers_per_stream(), (std::vector<std::uint64_t>{3, 3, 1, 1}));
  auto d = send_and_collect(*s);
  ASSERT_GT(d.sent, 0U);
  EXPECT_EQ(d.received, d.expected);
}

TEST(Scenario, SfuServiceForwardsSrtpFromWebRtcClientPublishersToSubscribers) {
  ScenarioOptions options;
  options.publishers_per_room = 2;  // each subscriber's offer carries two video tracks
  options.subscribers_per_room = 2;
  options.decrypt_every = 1;  // authenticate every packet
  auto s = make_sfu_scenario(options);
  if (!s) GTEST_SKIP() << "parley_media_sfu is not part of this build";
  std::string error;
  ASSERT_TRUE(s->grow_to(8, error)) << error;
  EXPECT_EQ(s->rooms(), 2U);
  EXPECT_EQ(s->publishers().connected(), 4U);
  EXPECT_EQ(s->subscribers().connected(), 4U);
  auto d = send_and_collect(*s);
  ASSERT_GT(d.sent, 0U);
  EXPECT_GE(d.received, d.expected * 99 / 100);
  EXPECT_LE(d.received, d.expected);
  EXPECT_EQ(d.decrypted, d.received);
  EXPECT_EQ(d.srtp_failures, 0U);
  EXPECT_EQ(d.payload_errors, 0U);
  EXPECT_GT(s->server_stats()["packets_out"].get<std::uint64_t>(), 0U);
}

}  // namespace
}  // namespace parley::bench::sfu
