// SfuService over a real loopback socket: plain STUN on the media port, participants, and the
// answer to a real Chromium publish offer.
#include <gtest/gtest.h>

#include <boost/asio/ip/udp.hpp>
#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <set>

#include "ChromiumOffer.hpp"
#include "media/ice/StunMessage.hpp"
#include "media/ice/StunMessageBuilder.hpp"
#include "media/sdp/SdpParser.hpp"
#include "media/sfu/SfuService.hpp"

namespace parley::media::sfu {
namespace {

namespace asio = boost::asio;
using asio::ip::udp;
using namespace std::chrono_literals;

struct RecordingEvents : SfuEvents {
  void on_subscriber_offer(const std::string&, const std::string& participant, SubscriberOffer offer) override {
    std::lock_guard lock(mutex);
    offers.emplace_back(participant, std::move(offer));
  }
  void on_transport_state(const std::string&, const std::string& participant, const std::string& connection,
                          const std::string& state) override {
    std::lock_guard lock(mutex);
    states.push_back(participant + "/" + connection + "/" + state);
  }
  std::mutex mutex;
  std::vector<std::pair<std::string, SubscriberOffer>> offers;
  std::vector<std::string> states;
};

SfuOptions loopback_options() {
  SfuOptions o;
  o.listen = udp::endpoint(asio::ip::make_address("127.0.0.1"), 0);
  return o;
}

// Waits for a completion (runs on the media thread) with a deadline.
SfuResult wait(std::function<void(SfuService::Done)> call) {
  auto promise = std::make_shared<std::promise<SfuResult>>();
  auto future = promise->get_future();
  call([promise](SfuResult r) { promise->set_value(std::move(r)); });
  if (future.wait_for(5s) != std::future_status::ready) return SfuResult{false, "timeout", "no completion", {}};
  return future.get();
}

TEST(SfuService, AnswersPlainStunBindingRequestsOnTheMediaPort) {
  RecordingEvents events;
  SfuService sfu(loopback_options(), events);
  sfu.start();
  asio::io_context io;
  udp::socket client(io, udp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  ice::TransactionId tid{};
  tid.fill(9);
  auto request = ice::StunMessageBuilder(ice::StunClass::Request, ice::stun_method::kBinding, tid).take();
  client.send_to(asio::buffer(request), sfu.local_endpoint());
  std::array<std::uint8_t, 1500> buffer{};
  udp::endpoint from;
  client.non_blocking(true);
  std::size_t n = 0;
  for (int i = 0; i < 500 && n == 0; ++i) {
    boost::system::error_code ec;
    n = client.receive_from(asio::buffer(buffer), from, 0, ec);
    if (ec) std::this_thread::sleep_for(10ms);
  }
  ASSERT_GT(n, 0U);
  auto response = ice::StunMessage::parse(std::span<const std::uint8_t>(buffer.data(), n));
  ASSERT_TRUE(response);
  EXPECT_EQ(response->message_class(), ice::StunClass::SuccessResponse);
  EXPECT_EQ(response->xor_mapped_address(), client.local_endpoint());
  const auto stats = sfu.stats();
  EXPECT_EQ(stats.stun_requests, 1U);
  EXPECT_EQ(stats.stun_responses, 1U);
}

TEST(SfuService, AnswersAChromiumPublishOfferAsAnIceLiteRecvonlySfu) {
  RecordingEvents events;
  auto options = loopback_options();
  options.announced_addresses = {"192.0.2.10"};
  SfuService sfu(options, events);
  sfu.start();
  auto added = wait([&](auto done) { sfu.add_participant("room", "alice", done); });
  ASSERT_TRUE(added.ok) << added.error;
  auto published = wait([&](auto done) {
    sfu.publish("room", "alice", std::string(test::kChromiumOffer), {{"0", "audio"}, {"1", "video"}}, done);
  });
  ASSERT_TRUE(published.ok) << published.error << ": " << published.message;
  auto answer = sdp::parse_sdp(published.sdp);
  ASSERT_TRUE(answer);
  EXPECT_TRUE(answer->ice_lite);
  ASSERT_EQ(answer->media.size(), 2U);
  for (const auto& m : answer->media) {
    EXPECT_EQ(m.direction, sdp::Direction::RecvOnly);
    ASSERT_TRUE(m.setup);
    EXPECT_EQ(*m.setup, sdp::SetupRole::Passive);
    ASSERT_TRUE(m.fingerprint);
    EXPECT_EQ(m.fingerprint->algorithm, "sha-256");
    ASSERT_EQ(m.candidates.size(), 1U);
    EXPECT_EQ(m.candidates[0].address, "192.0.2.10");
    EXPECT_EQ(m.candidates[0].port, sfu.local_endpoint().port());
    for (const auto& fb : m.rtcp_feedback) EXPECT_NE(fb.type, "transport-cc");
    for (const auto& e : m.extmaps) EXPECT_EQ(e.uri.find("transport-wide-cc"), std::string::npos);
  }
  const auto& video = answer->media[1];
  EXPECT_TRUE(std::any_of(video.rtcp_feedback.begin(), video.rtcp_feedback.end(),
                          [](const auto& fb) { return fb.type == "goog-remb"; }));
  const auto stats = sfu.stats();
  EXPECT_EQ(stats.transports, 2U);
  EXPECT_EQ(stats.producers, 2U);
  EXPECT_EQ(stats.rooms, 1U);

  auto bad = wait([&](auto done) { sfu.publish("room", "alice", "not sdp", {}, done); });
  EXPECT_FALSE(bad.ok);
  EXPECT_EQ(bad.error, "invalid_sdp");
  auto unknown = wait([&](auto done) { sfu.publish("room", "bob", std::string(test::kChromiumOffer), {}, done); });
  EXPECT_EQ(unknown.error, "not_found");

  sfu.remove_participant("room", "alice");
  auto probe = wait([&](auto done) { sfu.add_participant("other", "x", done); });
  EXPECT_TRUE(probe.ok);
  EXPECT_EQ(sfu.stats().producers, 0U);
  EXPECT_EQ(sfu.stats().rooms, 1U);
  sfu.stop();
  auto after = wait([&](auto done) { sfu.add_participant("room", "late", done); });
  EXPECT_EQ(after.error, "stopped");
}

TEST(SfuService, OffersEveryPublishedTrackToOtherParticipants) {
  RecordingEvents events;
  SfuService sfu(loopback_options(), events);
  sfu.start();
  ASSERT_TRUE(wait([&](auto done) { sfu.add_participant("room", "alice", done); }).ok);
  ASSERT_TRUE(wait([&](auto done) { sfu.add_participant("room", "bob", done); }).ok);
  ASSERT_TRUE(
      wait([&](auto done) {
        sfu.publish("room", "alice", std::string(test::kChromiumOffer), {{"0", "audio"}, {"1", "screen"}}, done);
      }).ok);
  std::lock_guard lock(events.mutex);
  ASSERT_EQ(events.offers.size(), 1U);
  EXPECT_EQ(events.offers[0].first, "bob");
  const auto& offer = events.offers[0].second;
  EXPECT_EQ(offer.version, 1U);
  ASSERT_EQ(offer.tracks.size(), 2U);
  EXPECT_EQ(offer.tracks[0].participant_id, "alice");
  EXPECT_EQ(offer.tracks[1].source, "screen");
  EXPECT_EQ(offer.tracks[1].kind, "video");
  auto parsed = sdp::parse_sdp(offer.sdp);
  ASSERT_TRUE(parsed);
  EXPECT_TRUE(parsed->ice_lite);
  ASSERT_EQ(parsed->media.size(), 2U);
  EXPECT_EQ(parsed->media[1].direction, sdp::Direction::SendOnly);
  ASSERT_EQ(parsed->media[1].msids.size(), 1U);
  EXPECT_EQ(parsed->media[1].msids[0].stream_id, "alice");
}

TEST(SfuService, SpreadsRoomsOverMediaThreadsEachWithItsOwnPort) {
  RecordingEvents events;
  auto options = loopback_options();
  options.threads = 2;
  SfuService sfu(options, events);
  sfu.start();
  std::set<std::uint16_t> ports;
  for (int i = 0; i < 16; ++i) {
    const auto room = "room-" + std::to_string(i);
    ASSERT_TRUE(wait([&](auto done) { sfu.add_participant(room, "alice", done); }).ok);
    auto published = wait([&](auto done) {
      sfu.publish(room, "alice", std::string(test::kChromiumOffer), {{"0", "audio"}, {"1", "video"}}, done);
    });
    ASSERT_TRUE(published.ok) << published.error;
    auto answer = sdp::parse_sdp(published.sdp);
    ASSERT_TRUE(answer);
    ports.insert(answer->media[0].candidates.at(0).port);
  }
  EXPECT_EQ(ports.size(), 2U);
  EXPECT_TRUE(ports.count(sfu.local_endpoint().port()));
  const auto stats = sfu.stats();
  EXPECT_EQ(stats.rooms, 16U);
  EXPECT_EQ(stats.producers, 32U);
  EXPECT_EQ(stats.transports, 32U);
}

}  // namespace
}  // namespace parley::media::sfu
