#include "rooms/LegacyRooms.hpp"

#include <gtest/gtest.h>

#include "RecordingOutbox.hpp"
#include "core/Error.hpp"

namespace parley::rooms {
namespace {

using nlohmann::json;
using testing::RecordingOutbox;
using namespace std::chrono_literals;

class LegacyRoomsTest : public ::testing::Test {
 protected:
  static RoomLimits limits() {
    RoomLimits l;
    l.mesh_limit = 3;
    l.chat_history = 2;
    return l;
  }
  std::string code(const std::function<void()>& fn) {
    try {
      fn();
    } catch (const core::Error& e) {
      return e.code();
    }
    return "accepted";
  }
  RecordingOutbox out_;
  LegacyRooms rooms_{limits(), out_};
  SteadyTime now_ = SteadyTime{} + 100s;
};

TEST_F(LegacyRoomsTest, UserJoinedGoesToEveryoneWithTheWholeRoster) {
  rooms_.join("a", "room", std::nullopt);
  rooms_.join("b", "room", std::nullopt);
  auto joined = out_.named("user-joined");
  ASSERT_EQ(joined.size(), 3u);  // a; then a and b
  EXPECT_EQ(joined[1].args, json::array({"b", json::array({"a", "b"})}));
  EXPECT_EQ(joined[2].args, json::array({"b", json::array({"a", "b"})}));
}

TEST_F(LegacyRoomsTest, SignalIsRelayedWithTheSenderIdOnlyWithinTheRoom) {
  rooms_.join("a", "room", std::nullopt);
  rooms_.join("b", "room", std::nullopt);
  rooms_.join("x", "other", std::nullopt);
  out_.clear();
  rooms_.signal("a", {"b", "{\"sdp\":1}"});
  ASSERT_EQ(out_.sent.size(), 1u);
  EXPECT_EQ(out_.sent[0].socket_id, "b");
  EXPECT_EQ(out_.sent[0].args, json::array({"a", "{\"sdp\":1}"}));
  EXPECT_EQ(code([&] { rooms_.signal("x", {"a", "m"}); }), "participant_not_found");
  EXPECT_EQ(code([&] { rooms_.signal("a", {"x", "m"}); }), "participant_not_found");
  EXPECT_EQ(code([&] { rooms_.signal("nobody", {"a", "m"}); }), "not_joined");
  EXPECT_EQ(out_.sent.size(), 1u);
}

TEST_F(LegacyRoomsTest, ChatReachesAllMembersAndIsReplayedBoundedToLateJoiners) {
  rooms_.join("a", "room", std::nullopt);
  rooms_.join("b", "room", std::string("Bea"));
  out_.clear();
  rooms_.chat("a", {"one", "Ann"}, now_);
  rooms_.chat("b", {"two", "Mallory"}, now_);  // a named socket cannot claim another name
  rooms_.chat("a", {"three", std::nullopt}, now_);
  EXPECT_EQ(out_.named("chat-message").size(), 6u);
  EXPECT_EQ(out_.sent[2].args, json::array({"two", "Bea", "b"}));
  EXPECT_EQ(out_.sent[4].args, json::array({"three", "Guest", "a"}));
  out_.clear();
  rooms_.join("c", "room", std::nullopt);
  auto replay = out_.to("c");
  ASSERT_EQ(replay.size(), 3u);  // user-joined + the last 2 lines
  EXPECT_EQ(replay[1].args, json::array({"two", "Bea", "b"}));
  EXPECT_EQ(replay[2].args, json::array({"three", "Guest", "a"}));
}

TEST_F(LegacyRoomsTest, AnEmptiedRoomForgetsItsHistory) {
  rooms_.join("a", "room", std::nullopt);
  rooms_.chat("a", {"secret", "Ann"}, now_);
  rooms_.leave("a");
  EXPECT_EQ(rooms_.room_count(), 0u);
  out_.clear();
  rooms_.join("z", "room", std::nullopt);
  EXPECT_EQ(out_.to("z").size(), 1u);  // user-joined only
}

TEST_F(LegacyRoomsTest, DisconnectSendsUserLeftToTheRest) {
  rooms_.join("a", "room", std::nullopt);
  rooms_.join("b", "room", std::nullopt);
  out_.clear();
  rooms_.leave("a");
  ASSERT_EQ(out_.sent.size(), 1u);
  EXPECT_EQ(out_.sent[0].socket_id, "b");
  EXPECT_EQ(out_.sent[0].event, "user-left");
  EXPECT_EQ(out_.sent[0].args, json::array({"a"}));
  rooms_.leave("a");  // twice is harmless
}

TEST_F(LegacyRoomsTest, RoomsAreCappedAndChatIsRateLimited) {
  rooms_.join("a", "room", std::nullopt);
  rooms_.join("b", "room", std::nullopt);
  rooms_.join("c", "room", std::nullopt);
  EXPECT_EQ(code([&] { rooms_.join("d", "room", std::nullopt); }), "meeting_full");
  int allowed = 0;
  for (int i = 0; i < 30; ++i) {
    if (code([&] { rooms_.chat("a", {"x", std::nullopt}, now_); }) == "accepted") ++allowed;
  }
  EXPECT_EQ(allowed, 10);
}

TEST_F(LegacyRoomsTest, JoiningAnotherRoomLeavesTheFirst) {
  rooms_.join("a", "one", std::nullopt);
  rooms_.join("b", "one", std::nullopt);
  rooms_.join("a", "two", std::nullopt);
  EXPECT_EQ(rooms_.member_count("one"), 1u);
  EXPECT_EQ(rooms_.member_count("two"), 1u);
  EXPECT_EQ(rooms_.room_of("a"), "two");
}

// An outbox that sees room-wide sends as one call (as the realtime adapter, which encodes once).
class GroupingOutbox final : public Outbox {
 public:
  struct Group {
    std::vector<std::string> ids;
    std::string event;
    json args;
  };
  void send(const std::string& socket_id, const std::string& event, json args) override {
    singles.push_back({{socket_id}, event, std::move(args)});
  }
  void send_to_each(const std::vector<std::string>& ids, const std::string& event, const json& args) override {
    groups.push_back({ids, event, args});
  }
  std::vector<Group> singles, groups;
};

TEST(LegacyRoomsGrouping, RoomWideEventsAreOneSendToEveryMemberInJoinOrder) {
  GroupingOutbox out;
  LegacyRooms rooms(RoomLimits{}, out);
  rooms.join("a", "room", std::nullopt);
  rooms.join("b", "room", std::nullopt);
  rooms.join("c", "room", std::nullopt);
  out.groups.clear();
  rooms.chat("b", {"hi", "Bo"}, SteadyTime{} + std::chrono::seconds(100));
  ASSERT_EQ(out.groups.size(), 1u);
  EXPECT_EQ(out.groups[0].ids, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(out.groups[0].event, "chat-message");
  EXPECT_EQ(out.groups[0].args, json::array({"hi", "Bo", "b"}));
  rooms.leave("a");
  ASSERT_EQ(out.groups.size(), 2u);
  EXPECT_EQ(out.groups[1].ids, (std::vector<std::string>{"b", "c"}));
  EXPECT_EQ(out.groups[1].event, "user-left");
  rooms.join("d", "room", std::nullopt);  // the roster and the recipients keep join order
  EXPECT_EQ(out.groups.back().ids, (std::vector<std::string>{"b", "c", "d"}));
  EXPECT_EQ(out.groups.back().args, json::array({"d", json::array({"b", "c", "d"})}));
  EXPECT_TRUE(out.singles.size() == 1u && out.singles[0].ids[0] == "d");  // the history replay, to the joiner
}

}  // namespace
}  // namespace parley::rooms
