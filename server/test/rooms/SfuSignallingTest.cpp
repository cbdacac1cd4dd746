// SfuSignalling with the real SFU (SfuService on a loopback port) and real meetings: sfu:* requests
// complete across the media thread and back, the SFU's offers reach the right socket, refusals map
// to the contract's codes, transport states are filtered and follow a resumed participant.
#include "rooms/SfuSignalling.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <condition_variable>
#include <mutex>
#include <optional>

#include "../media/ChromiumOffer.hpp"
#include "core/Error.hpp"

namespace parley::rooms {
namespace {

namespace asio = boost::asio;
using nlohmann::json;
using namespace std::chrono_literals;

// An Outbox written from the media thread too: records under a lock and lets the test wait.
class WaitingOutbox final : public Outbox {
 public:
  struct Sent {
    std::string socket_id, event;
    json args;
  };
  void send(const std::string& socket_id, const std::string& event, json args) override {
    std::lock_guard lock(mutex_);
    sent_.push_back({socket_id, event, std::move(args)});
    changed_.notify_all();
  }
  // The first not yet taken `event` to `socket_id`, waiting up to `wait`.
  std::optional<Sent> take(const std::string& socket_id, const std::string& event,
                           std::chrono::milliseconds wait = 5s) {
    std::unique_lock lock(mutex_);
    std::optional<Sent> found;
    changed_.wait_for(lock, wait, [&] {
      for (auto it = sent_.begin(); it != sent_.end(); ++it)
        if (it->socket_id == socket_id && it->event == event) {
          found = std::move(*it);
          sent_.erase(it);
          return true;
        }
      return false;
    });
    return found;
  }
  std::size_t count(const std::string& event) {
    std::lock_guard lock(mutex_);
    return std::count_if(sent_.begin(), sent_.end(), [&](const Sent& s) { return s.event == event; });
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<Sent> sent_;
};

std::string publish_offer() {
  std::string sdp(media::test::kChromiumOffer);
  for (auto at = sdp.find("a=sendrecv"); at != std::string::npos; at = sdp.find("a=sendrecv"))
    sdp.replace(at, 10, "a=sendonly");
  return sdp;
}

media::sfu::SfuOptions loopback() {
  media::sfu::SfuOptions o;
  o.listen = {asio::ip::make_address("127.0.0.1"), 0};
  o.announced_addresses = {"127.0.0.1"};
  return o;
}

asio::awaitable<void> call(SfuSignalling& signalling, std::string socket, std::string event, json args, json& result,
                           asio::executor_work_guard<asio::io_context::executor_type>& guard) {
  try {
    result = co_await signalling.handle(socket, event, args);
  } catch (const core::Error& e) {
    result = {{"error", e.code()}};
    if (e.field()) result["field"] = *e.field();
  }
  guard.reset();
}

class SfuSignallingTest : public ::testing::Test {
 protected:
  SfuSignallingTest() : signalling_(directory_, out_, limits_), directory_(limits_, out_, &signalling_) {
    sfu_ = std::make_unique<media::sfu::SfuService>(loopback(), signalling_);
    sfu_->start();
    signalling_.attach(sfu_.get());
  }
  ~SfuSignallingTest() override { sfu_->stop(); }

  // Joins socket `socket` to meeting `code` (sfu from the start unless `mesh`); returns the participant id.
  std::string join(const std::string& code, std::int64_t user, const std::string& socket, bool mesh = false) {
    MeetingInfo info;
    info.code = code;
    info.host_user_id = 1;
    info.sfu_from_start = !mesh;
    auto live = directory_.find_or_create(info);
    std::lock_guard lock(live->mutex);
    auto outcome = live->meeting.join({{user, "U"}, socket, std::nullopt, false, false}, SteadyClock::now());
    directory_.bind(socket, {code, outcome.id});
    return outcome.id;
  }
  // Runs one sfu:* request to completion on this thread (the SFU completes on its media thread).
  json request(const std::string& socket, const std::string& event, json payload) {
    asio::io_context io;
    auto guard = asio::make_work_guard(io);
    json result;
    asio::co_spawn(io, call(signalling_, socket, event, json::array({std::move(payload)}), result, guard),
                   asio::detached);
    io.run_for(10s);
    return result;
  }

  RoomLimits limits_;
  WaitingOutbox out_;
  SfuSignalling signalling_;
  MeetingDirectory directory_;
  std::unique_ptr<media::sfu::SfuService> sfu_;
};

TEST_F(SfuSignallingTest, PublishAnswersAndTheOtherParticipantGetsAnOfferNamingThePublisher) {
  const auto a = join("room-1", 1, "sa");
  const auto b = join("room-1", 2, "sb");
  json tracks = json::array({{{"mid", "0"}, {"source", "audio"}}, {{"mid", "1"}, {"source", "video"}}});
  json published = request("sa", "sfu:publish", {{"sdp", publish_offer()}, {"tracks", tracks}});
  ASSERT_EQ(published.value("ok", false), true) << published.dump();
  const auto answer = published["sdp"].get<std::string>();
  EXPECT_NE(answer.find("a=ice-lite"), std::string::npos);
  EXPECT_NE(answer.find("a=recvonly"), std::string::npos);
  EXPECT_NE(answer.find(" 127.0.0.1 " + std::to_string(sfu_->local_endpoint().port()) + " typ host"),
            std::string::npos);

  auto offer = out_.take("sb", "sfu:offer");
  ASSERT_TRUE(offer);
  const json& o = offer->args[0];
  ASSERT_EQ(o["tracks"].size(), 2u);
  for (const auto& t : o["tracks"]) EXPECT_EQ(t["participantId"], a);
  EXPECT_NE(o["sdp"].get<std::string>().find("a=msid:" + a + " "), std::string::npos);
  EXPECT_FALSE(out_.take("sa", "sfu:offer", 200ms)) << "a publisher is not offered its own tracks";

  const auto version = o["version"].get<std::uint64_t>();
  EXPECT_EQ(request("sb", "sfu:answer", {{"version", version + 1}, {"sdp", "v=0\r\n"}})["error"], "stale_answer");
  EXPECT_EQ(request("sb", "sfu:answer", {{"version", version}, {"sdp", "v=0\r\n"}})["error"], "invalid_sdp");
  (void)b;
}

TEST_F(SfuSignallingTest, RefusalsUseTheContractsCodes) {
  join("room-2", 1, "sa");
  join("mesh-room", 2, "sm", /*mesh=*/true);
  json none = json::array();
  EXPECT_EQ(request("nobody", "sfu:restart", json::object())["error"], "not_joined");
  EXPECT_EQ(request("sm", "sfu:publish", {{"sdp", publish_offer()}, {"tracks", none}})["error"], "not_sfu");
  EXPECT_EQ(request("sa", "sfu:publish", {{"sdp", "not sdp"}, {"tracks", none}})["error"], "invalid_sdp");
  EXPECT_EQ(request("sa", "sfu:publish", {{"sdp", publish_offer()}})["field"], "tracks");
  EXPECT_EQ(request("sa", "sfu:nonsense", json::object())["error"], "unknown_event");
  EXPECT_EQ(request("sa", "sfu:restart", json::object()), (json{{"ok", true}}));
}

TEST_F(SfuSignallingTest, TransportStatesAreToldOnlyOnceConnectedAndFollowAResume) {
  signalling_.joined("room-3", "p1", "s1");
  signalling_.on_transport_state("room-3", "p1", "send", "disconnected");
  signalling_.on_transport_state("room-3", "p1", "recv", "connected");
  auto connected = out_.take("s1", "sfu:transport");
  ASSERT_TRUE(connected);
  EXPECT_EQ(connected->args[0], (json{{"connection", "recv"}, {"state", "connected"}}));
  EXPECT_EQ(out_.count("sfu:transport"), 0u) << "no 'disconnected' before the send connection ever connected";

  signalling_.moved("room-3", "p1", "s2");
  signalling_.on_transport_state("room-3", "p1", "recv", "disconnected");
  signalling_.on_transport_state("room-3", "p1", "send", "failed");
  auto lost = out_.take("s2", "sfu:transport");
  ASSERT_TRUE(lost);
  EXPECT_EQ(lost->args[0]["state"], "disconnected");
  EXPECT_EQ(out_.take("s2", "sfu:transport")->args[0]["state"], "failed");

  signalling_.left("room-3", "p1");
  signalling_.on_transport_state("room-3", "p1", "recv", "connected");
  signalling_.on_subscriber_offer("room-3", "p1", {"v=0", {}, 9});
  EXPECT_EQ(out_.count("sfu:transport") + out_.count("sfu:offer"), 0u) << "nothing for someone who left";
}

TEST(SfuSignallingJson, OfferPayloadMapsEveryTrack) {
  media::sfu::SubscriberOffer offer{"v=0", {{"3", "pa", "screen", "video"}}, 7};
  EXPECT_EQ(SfuSignalling::offer_json(offer),
            json::parse(R"({"sdp":"v=0","version":7,"tracks":[{"mid":"3","participantId":"pa","source":"screen",
                           "kind":"video"}]})"));
}

}  // namespace
}  // namespace parley::rooms
