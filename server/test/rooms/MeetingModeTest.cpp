// Meeting mode: mesh until a join would pass the mesh limit, then sfu for the rest of the live meeting;
// sfu from the start when created so; and what the SFU side hears (SfuMembership) in sfu mode.
#include <gtest/gtest.h>

#include <set>

#include "RecordingOutbox.hpp"
#include "core/Error.hpp"
#include "rooms/Meeting.hpp"

namespace parley::rooms {
namespace {

using nlohmann::json;
using testing::RecordingOutbox;
using namespace std::chrono_literals;

constexpr std::int64_t kHost = 1;

// Records the calls as "joined room/id@socket", "moved ...", "left room/id", "closed room".
class RecordingSfu final : public SfuMembership {
 public:
  void joined(const std::string& room, const std::string& id, const std::string& socket) override {
    calls.push_back("joined " + room + "/" + id + "@" + socket);
  }
  void moved(const std::string& room, const std::string& id, const std::string& socket) override {
    calls.push_back("moved " + room + "/" + id + "@" + socket);
  }
  void left(const std::string& room, const std::string& id) override { calls.push_back("left " + room + "/" + id); }
  void closed(const std::string& room) override { calls.push_back("closed " + room); }
  std::vector<std::string> calls;
};

class MeetingModeTest : public ::testing::Test {
 protected:
  static MeetingInfo info(bool sfu_from_start = false) {
    MeetingInfo i;
    i.id = 7;
    i.code = "abc-defg-hij";
    i.title = "Standup";
    i.host_user_id = kHost;
    i.sfu_from_start = sfu_from_start;
    return i;
  }
  static RoomLimits limits(std::size_t mesh_limit = 2, std::size_t max = 5, bool sfu = true) {
    RoomLimits l;
    l.mesh_limit = mesh_limit;
    l.max_participants = max;
    l.sfu = sfu;
    l.reconnect_grace = 15s;
    return l;
  }
  Meeting make(MeetingInfo i, RoomLimits l) {
    return Meeting(
        std::move(i), l, out_, [this] { return "p" + std::to_string(++next_id_); }, &sfu_);
  }
  std::string join(Meeting& m, std::int64_t user, const std::string& socket,
                   std::optional<std::string> resume = std::nullopt) {
    auto o = m.join({{user, "U" + std::to_string(user)}, socket, std::move(resume), false, false}, now_);
    if (o.kind != JoinOutcome::Kind::waiting) m.announce(o.id, o.kind == JoinOutcome::Kind::resumed);
    return o.id;
  }
  static std::string refusal(const std::function<void()>& fn) {
    try {
      fn();
    } catch (const core::Error& e) {
      return e.code();
    }
    return "accepted";
  }

  RecordingOutbox out_;
  RecordingSfu sfu_;
  int next_id_ = 0;
  SteadyTime now_ = SteadyTime{} + 1000s;
};

TEST_F(MeetingModeTest, MeshUpToTheLimitThenTheNextJoinSwitchesEveryoneToSfu) {
  Meeting m = make(info(), limits(2));
  const auto a = join(m, kHost, "sa");
  const auto b = join(m, 2, "sb");
  EXPECT_EQ(m.mode(), MeetingMode::mesh);
  EXPECT_EQ(m.joined_payload(b)["mode"], "mesh");
  EXPECT_TRUE(sfu_.calls.empty()) << "nobody is in the SFU while the meeting is mesh";
  out_.clear();

  const auto c = join(m, 3, "sc");
  EXPECT_EQ(m.mode(), MeetingMode::sfu);
  EXPECT_EQ(m.joined_payload(c)["mode"], "sfu");
  auto modes = out_.named("meeting:mode");
  ASSERT_EQ(modes.size(), 2u) << "the two already in it, not the joiner";
  EXPECT_EQ(modes[0].args, json::array({json{{"mode", "sfu"}}}));
  EXPECT_TRUE(out_.to("sc").empty() || out_.to("sc")[0].event != "meeting:mode");
  std::set<std::string> told{modes[0].socket_id, modes[1].socket_id};
  EXPECT_EQ(told, (std::set<std::string>{"sa", "sb"}));
  // meeting:mode reaches the others before they hear of the joiner.
  EXPECT_EQ(out_.to("sa")[0].event, "meeting:mode");
  EXPECT_EQ(out_.to("sa")[1].event, "participant:joined");
  EXPECT_EQ(sfu_.calls,
            (std::vector<std::string>{"joined abc-defg-hij/" + a + "@sa", "joined abc-defg-hij/" + b + "@sb",
                                      "joined abc-defg-hij/" + c + "@sc"}));
}

TEST_F(MeetingModeTest, TheSwitchIsOneWayAndLaterJoinersEnterTheSfu) {
  Meeting m = make(info(), limits(2));
  join(m, kHost, "sa");
  const auto b = join(m, 2, "sb");
  const auto c = join(m, 3, "sc");
  m.leave(c, "left");
  m.leave(b, "left");
  EXPECT_EQ(m.mode(), MeetingMode::sfu) << "back under the limit, still sfu";
  out_.clear();
  sfu_.calls.clear();
  const auto d = join(m, 4, "sd");
  EXPECT_TRUE(out_.named("meeting:mode").empty()) << "no second switch";
  EXPECT_EQ(sfu_.calls, std::vector<std::string>{"joined abc-defg-hij/" + d + "@sd"});
}

TEST_F(MeetingModeTest, WithTheSfuTheCapIsMaxParticipantsNotTheMeshLimit) {
  Meeting m = make(info(), limits(2, 4));
  for (int i = 0; i < 4; ++i) join(m, 10 + i, "s" + std::to_string(i));
  EXPECT_EQ(m.participant_count(), 4u);
  EXPECT_EQ(refusal([&] { join(m, kHost, "sx"); }), "meeting_full");
}

TEST_F(MeetingModeTest, WithoutTheSfuAMeetingStaysMeshAndIsFullAtTheMeshLimit) {
  Meeting m = make(info(true), limits(2, 5, false));
  EXPECT_EQ(m.mode(), MeetingMode::mesh) << "created as sfu, but there is no SFU";
  join(m, kHost, "sa");
  join(m, 2, "sb");
  EXPECT_EQ(refusal([&] { join(m, 3, "sc"); }), "meeting_full");
  EXPECT_TRUE(sfu_.calls.empty());
}

TEST_F(MeetingModeTest, AMeetingCreatedAsSfuIsSfuFromTheFirstJoin) {
  Meeting m = make(info(true), limits(4));
  EXPECT_EQ(m.mode(), MeetingMode::sfu);
  const auto a = join(m, kHost, "sa");
  EXPECT_EQ(m.joined_payload(a)["mode"], "sfu");
  EXPECT_TRUE(out_.named("meeting:mode").empty());
  EXPECT_EQ(sfu_.calls, std::vector<std::string>{"joined abc-defg-hij/" + a + "@sa"});
}

TEST_F(MeetingModeTest, EveryWayOutReachesTheSfuAndAResumeKeepsThePlace) {
  Meeting m = make(info(true), limits(4));
  const auto host = join(m, kHost, "sh");
  const auto leaver = join(m, 2, "s2");
  const auto removed = join(m, 3, "s3");
  const auto dropped = join(m, 4, "s4");
  const auto resumer = join(m, 5, "s5");
  const std::string token = m.find(resumer)->resume_token;
  sfu_.calls.clear();

  m.leave(leaver, "left");
  m.remove(host, removed);
  m.socket_dropped("s5", now_);
  m.socket_dropped("s4", now_);
  join(m, 5, "s5b", token);              // resumed within the grace
  EXPECT_EQ(m.participant_count(), 3u);  // host, the dropped one (in its grace), the resumed one
  now_ += 16s;
  m.expire(now_);
  EXPECT_EQ(sfu_.calls,
            (std::vector<std::string>{"left abc-defg-hij/" + leaver, "left abc-defg-hij/" + removed,
                                      "moved abc-defg-hij/" + resumer + "@s5b", "left abc-defg-hij/" + dropped}));
  sfu_.calls.clear();
  m.end("ended_by_host");
  EXPECT_EQ(sfu_.calls, std::vector<std::string>{"closed abc-defg-hij"});
}

TEST_F(MeetingModeTest, TheLastOneLeavingClosesTheRoomAndANewJoinerStartsItAgain) {
  Meeting m = make(info(true), limits(4));
  const auto a = join(m, kHost, "sa");
  m.leave(a, "left");
  const auto b = join(m, 2, "sb");
  EXPECT_EQ(sfu_.calls, (std::vector<std::string>{"joined abc-defg-hij/" + a + "@sa", "left abc-defg-hij/" + a,
                                                  "closed abc-defg-hij", "joined abc-defg-hij/" + b + "@sb"}));
}

TEST_F(MeetingModeTest, AdmittingFromTheLobbyPastTheLimitSwitchesAndAnswersSfu) {
  MeetingInfo i = info();
  i.lobby = true;
  Meeting m = make(i, limits(1));
  const auto host = join(m, kHost, "sh");
  const auto waiting = join(m, 2, "sw");
  EXPECT_EQ(m.mode(), MeetingMode::mesh) << "waiting does not count";
  out_.clear();
  const auto admitted = m.admit(host, waiting);
  EXPECT_EQ(m.mode(), MeetingMode::sfu);
  EXPECT_EQ(m.joined_payload(admitted)["mode"], "sfu");
  ASSERT_EQ(out_.named("meeting:mode").size(), 1u);
  EXPECT_EQ(out_.named("meeting:mode")[0].socket_id, "sh");
  EXPECT_EQ(sfu_.calls, (std::vector<std::string>{"joined abc-defg-hij/" + host + "@sh",
                                                  "joined abc-defg-hij/" + admitted + "@sw"}));
}

TEST_F(MeetingModeTest, ADisconnectedParticipantEntersTheSfuAtTheSwitchButIsNotSentTheEvent) {
  Meeting m = make(info(), limits(2));
  const auto a = join(m, kHost, "sa");
  join(m, 2, "sb");
  m.socket_dropped("sa", now_);
  out_.clear();
  join(m, 3, "sc");
  EXPECT_TRUE(out_.to("sa").empty());
  EXPECT_EQ(sfu_.calls.front(), "joined abc-defg-hij/" + a + "@sa");
}

TEST_F(MeetingModeTest, MeetingModeCarriesTheIceServersForTheSfuWithoutParleysOwnStun) {
  ConfiguredIceServers ice({}, {"turn:t:3478"}, {}, "stun:127.0.0.1:3478");
  Meeting m(
      info(), limits(1), out_, [this] { return "p" + std::to_string(++next_id_); }, &sfu_, &ice);
  join(m, kHost, "sa");
  out_.clear();
  join(m, 2, "sb");
  auto modes = out_.named("meeting:mode");
  ASSERT_EQ(modes.size(), 1u);
  EXPECT_EQ(modes[0].args[0], json::parse(R"({"mode":"sfu","iceServers":[{"urls":["turn:t:3478"]}]})"));
}

}  // namespace
}  // namespace parley::rooms
