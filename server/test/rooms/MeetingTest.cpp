#include "rooms/Meeting.hpp"

#include <gtest/gtest.h>

#include "RecordingOutbox.hpp"
#include "core/Error.hpp"

namespace parley::rooms {
namespace {

using nlohmann::json;
using testing::RecordingOutbox;
using namespace std::chrono_literals;

constexpr std::int64_t kHost = 1;

class MeetingTest : public ::testing::Test {
 protected:
  MeetingTest() : meeting_(info(), limits(), out_, [this] { return "id" + std::to_string(++next_id_); }) {}

  static MeetingInfo info() {
    MeetingInfo i;
    i.id = 7;
    i.code = "abc-defg-hij";
    i.title = "Standup";
    i.host_user_id = kHost;
    return i;
  }
  static RoomLimits limits() {
    RoomLimits l;
    l.mesh_limit = 4;
    l.reconnect_grace = 15s;
    return l;
  }
  static Identity user(std::int64_t id, std::string name) { return {id, std::move(name)}; }
  static Identity guest(std::string name) { return {std::nullopt, std::move(name)}; }

  JoinOutcome join(const Identity& who, const std::string& socket, std::optional<std::string> password = {},
                   std::optional<std::string> resume = {}) {
    JoinAttempt a{who, socket, std::move(resume), password.has_value(), password == std::optional<std::string>("pw")};
    auto outcome = meeting_.join(a, now_);
    if (outcome.kind != JoinOutcome::Kind::waiting)
      meeting_.announce(outcome.id, outcome.kind == JoinOutcome::Kind::resumed);
    return outcome;
  }
  std::string refusal(const std::function<void()>& fn) {
    try {
      fn();
    } catch (const core::Error& e) {
      return e.code();
    }
    return "accepted";
  }

  RecordingOutbox out_;
  int next_id_ = 0;
  SteadyTime now_ = SteadyTime{} + 1000s;
  Meeting meeting_;
};

TEST_F(MeetingTest, CreatorIsHostSignedInUsersAreMembersOthersGuests) {
  auto h = join(user(kHost, "Hana"), "s1");
  auto m = join(user(2, "Mo"), "s2");
  auto g = join(guest("Gil"), "s3");
  EXPECT_EQ(meeting_.find(h.id)->role, Role::host);
  EXPECT_EQ(meeting_.find(m.id)->role, Role::member);
  EXPECT_EQ(meeting_.find(g.id)->role, Role::guest);
  EXPECT_EQ(meeting_.participant_count(), 3u);
}

TEST_F(MeetingTest, JoinedPayloadListsTheOthersWithMediaAndTheSettings) {
  auto h = join(user(kHost, "Hana"), "s1");
  auto m = join(user(2, "Mo"), "s2");
  meeting_.update_media(h.id, MediaUpdate{true, std::nullopt, std::nullopt, std::nullopt});
  json p = meeting_.joined_payload(m.id);
  EXPECT_EQ(p["status"], "joined");
  EXPECT_EQ(p["self"]["id"], m.id);
  EXPECT_EQ(p["self"]["role"], "member");
  EXPECT_FALSE(p["self"]["resumeToken"].get<std::string>().empty());
  ASSERT_EQ(p["participants"].size(), 1u);
  EXPECT_EQ(p["participants"][0]["id"], h.id);
  EXPECT_EQ(p["participants"][0]["media"]["audio"], true);
  EXPECT_EQ(p["mode"], "mesh");
  EXPECT_EQ(p["meeting"], (json{{"code", "abc-defg-hij"},
                                {"title", "Standup"},
                                {"locked", false},
                                {"lobby", false},
                                {"guestsAllowed", true}}));
}

TEST_F(MeetingTest, OthersHearOfAJoinButNotTheJoinerItself) {
  auto h = join(user(kHost, "Hana"), "s1");
  out_.clear();
  auto m = join(user(2, "Mo"), "s2");
  ASSERT_EQ(out_.sent.size(), 1u);
  EXPECT_EQ(out_.sent[0].socket_id, "s1");
  EXPECT_EQ(out_.sent[0].event, "participant:joined");
  EXPECT_EQ(out_.sent[0].args[0]["id"], m.id);
  EXPECT_EQ(out_.sent[0].args[0]["name"], "Mo");
  (void)h;
}

TEST_F(MeetingTest, RefusalsAreCheckedInOrder) {
  MeetingInfo i = info();
  i.guests_allowed = false;
  i.has_password = true;
  meeting_.refresh(i);
  EXPECT_EQ(refusal([&] { join(guest("G"), "s9"); }), "guests_not_allowed");
  EXPECT_EQ(refusal([&] { join(user(2, "Mo"), "s2"); }), "password_required");
  EXPECT_EQ(refusal([&] { join(user(2, "Mo"), "s2", "nope"); }), "wrong_password");
  EXPECT_EQ(refusal([&] { join(user(2, "Mo"), "s2", "pw"); }), "accepted");
  // The creator needs no password and passes a lock.
  auto h = join(user(kHost, "Hana"), "s1");
  meeting_.set_locked(h.id, true);
  EXPECT_EQ(refusal([&] { join(user(3, "Al"), "s3", "pw"); }), "meeting_locked");
  EXPECT_EQ(refusal([&] { join(user(kHost, "Hana"), "s4"); }), "accepted");
}

TEST_F(MeetingTest, LockSurvivesARefreshFromTheStore) {
  auto h = join(user(kHost, "Hana"), "s1");
  meeting_.set_locked(h.id, true);
  meeting_.refresh(info());  // the store row may still say unlocked
  EXPECT_TRUE(meeting_.info().locked);
}

TEST_F(MeetingTest, WithoutTheSfuTheMeshLimitCapsTheMeetingWithMeetingFull) {
  RoomLimits l = limits();
  l.sfu = false;
  Meeting mesh(info(), l, out_);
  for (int i = 0; i < 4; ++i) mesh.join({user(10 + i, "U"), "s" + std::to_string(i), {}, false, false}, now_);
  EXPECT_EQ(refusal([&] { mesh.join({user(kHost, "Hana"), "sh", {}, false, false}, now_); }), "meeting_full");
  EXPECT_EQ(mesh.mode(), MeetingMode::mesh);
  EXPECT_TRUE(out_.named("meeting:mode").empty());
}

TEST_F(MeetingTest, EndedMeetingRefusesEveryone) {
  auto h = join(user(kHost, "Hana"), "s1");
  join(user(2, "Mo"), "s2");
  out_.clear();
  auto gone = meeting_.end("ended_by_host");
  EXPECT_EQ(gone.size(), 2u);
  EXPECT_EQ(out_.named("meeting:ended").size(), 2u);
  EXPECT_EQ(out_.sent[0].args[0]["reason"], "ended_by_host");
  EXPECT_EQ(refusal([&] { join(user(kHost, "Hana"), "s1"); }), "meeting_ended");
  (void)h;
}

TEST_F(MeetingTest, SignalsReachOnlyMembersAndCarryTheServerStampedSender) {
  auto a = join(user(kHost, "A"), "sa");
  auto b = join(user(2, "B"), "sb");
  out_.clear();
  meeting_.relay_signal(a.id, SignalRequest{b.id, {{"description", {{"type", "offer"}}}, {"from", "forged"}}});
  ASSERT_EQ(out_.sent.size(), 1u);
  EXPECT_EQ(out_.sent[0].socket_id, "sb");
  EXPECT_EQ(out_.sent[0].event, "rtc:signal");
  EXPECT_EQ(out_.sent[0].args[0]["from"], a.id);
  EXPECT_EQ(refusal([&] {
              meeting_.relay_signal(a.id, SignalRequest{"sb", json::object()});
            }),
            "participant_not_found");  // a socket id is not a participant id
  EXPECT_EQ(refusal([&] {
              meeting_.relay_signal(a.id, SignalRequest{"other-meeting-id", json::object()});
            }),
            "participant_not_found");
  EXPECT_EQ(refusal([&] { meeting_.relay_signal("stranger", SignalRequest{b.id, json::object()}); }), "not_joined");
}

TEST_F(MeetingTest, ChatGoesToEveryoneIncludingTheSenderAndIsRateLimited) {
  auto a = join(user(kHost, "A"), "sa");
  join(user(2, "B"), "sb");
  out_.clear();
  meeting_.deliver_chat(a.id, 41, {{"id", "41"}, {"text", "hi"}});
  EXPECT_EQ(out_.named("chat:message").size(), 2u);
  EXPECT_EQ(meeting_.chat_author_key(41, kHost, std::nullopt), a.id);
  EXPECT_EQ(meeting_.chat_author_key(40, kHost, std::nullopt), "user:1");
  EXPECT_EQ(meeting_.chat_author_key(39, std::nullopt, "Gil"), "guest:Gil");
  int allowed = 0;
  for (int i = 0; i < 50; ++i) {
    try {
      meeting_.check_chat_rate(a.id, now_);
      ++allowed;
    } catch (const core::Error& e) {
      EXPECT_EQ(e.code(), "rate_limited");
    }
  }
  EXPECT_EQ(allowed, 10);
  now_ += 1s;
  EXPECT_NO_THROW(meeting_.check_chat_rate(a.id, now_));
}

TEST_F(MeetingTest, MediaStateGoesToTheOthersAndReactionsToEveryone) {
  auto a = join(user(kHost, "A"), "sa");
  join(user(2, "B"), "sb");
  out_.clear();
  meeting_.update_media(a.id, MediaUpdate{std::nullopt, true, std::nullopt, true});
  ASSERT_EQ(out_.sent.size(), 1u);
  EXPECT_EQ(out_.sent[0].socket_id, "sb");
  EXPECT_EQ(out_.sent[0].args[0],
            (json{{"id", a.id}, {"media", {{"audio", false}, {"video", true}, {"screen", false}, {"hand", true}}}}));
  out_.clear();
  meeting_.react(a.id, "+1", now_);
  EXPECT_EQ(out_.named("reaction").size(), 2u);
}

TEST_F(MeetingTest, HostOnlyActionsAreRefusedForOthers) {
  auto h = join(user(kHost, "H"), "sh");
  auto m = join(user(2, "M"), "sm");
  EXPECT_EQ(refusal([&] { meeting_.mute(m.id, h.id); }), "not_host");
  EXPECT_EQ(refusal([&] { meeting_.remove(m.id, h.id); }), "not_host");
  EXPECT_EQ(refusal([&] { meeting_.promote(m.id, m.id); }), "not_host");
  EXPECT_EQ(refusal([&] { meeting_.set_locked(m.id, true); }), "not_host");
  EXPECT_EQ(refusal([&] { meeting_.require_host(m.id); }), "not_host");
  EXPECT_EQ(refusal([&] { meeting_.admit(m.id, "x"); }), "not_host");
  EXPECT_EQ(refusal([&] { meeting_.deny(m.id, "x"); }), "not_host");
  EXPECT_FALSE(meeting_.info().locked);
}

TEST_F(MeetingTest, HostMutesRemovesAndPromotes) {
  auto h = join(user(kHost, "H"), "sh");
  auto m = join(user(2, "M"), "sm");
  auto g = join(guest("G"), "sg");
  out_.clear();
  meeting_.mute(h.id, m.id);
  ASSERT_EQ(out_.sent.size(), 1u);
  EXPECT_EQ(out_.sent[0].socket_id, "sm");
  EXPECT_EQ(out_.sent[0].event, "host:mute-request");
  out_.clear();
  auto removed = meeting_.remove(h.id, g.id);
  EXPECT_EQ(removed.id, g.id);
  EXPECT_EQ(out_.to("sg").size(), 1u);
  EXPECT_EQ(out_.to("sg")[0].event, "meeting:removed");
  EXPECT_EQ(out_.named("participant:left").size(), 2u);
  EXPECT_EQ(out_.named("participant:left")[0].args[0]["reason"], "removed");
  EXPECT_EQ(meeting_.find(g.id), nullptr);
  out_.clear();
  meeting_.promote(h.id, m.id);
  EXPECT_EQ(meeting_.find(m.id)->role, Role::host);
  EXPECT_EQ(out_.named("participant:updated").size(), 2u);
  // A promoted host may use host controls, but not remove the creator.
  EXPECT_NO_THROW(meeting_.mute(m.id, h.id));
  EXPECT_EQ(refusal([&] { meeting_.remove(m.id, h.id); }), "invalid_target");
  EXPECT_EQ(refusal([&] { meeting_.remove(h.id, h.id); }), "invalid_target");
}

TEST_F(MeetingTest, LobbyHoldsNonHostsUntilAdmittedOrDenied) {
  MeetingInfo i = info();
  i.lobby = true;
  meeting_.refresh(i);
  auto early = join(user(2, "Early"), "se");  // waits with no host present
  EXPECT_EQ(early.kind, JoinOutcome::Kind::waiting);
  auto h = join(user(kHost, "H"), "sh");
  EXPECT_EQ(h.kind, JoinOutcome::Kind::joined);
  // The arriving host hears of the waiting one.
  ASSERT_EQ(out_.to("sh").size(), 1u);
  EXPECT_EQ(out_.to("sh")[0].event, "lobby:request");
  EXPECT_EQ(out_.to("sh")[0].args[0], (json{{"id", early.id}, {"name", "Early"}}));
  out_.clear();
  auto late = join(guest("Late"), "sl");
  EXPECT_EQ(late.kind, JoinOutcome::Kind::waiting);
  EXPECT_EQ(out_.to("sh").size(), 1u);
  EXPECT_EQ(meeting_.waiting_count(), 2u);

  auto admitted = meeting_.admit(h.id, early.id);
  EXPECT_EQ(admitted, early.id);
  EXPECT_EQ(meeting_.find(admitted)->role, Role::member);
  out_.clear();
  meeting_.deny(h.id, late.id);
  ASSERT_EQ(out_.to("sl").size(), 1u);
  EXPECT_EQ(out_.to("sl")[0].event, "lobby:denied");
  EXPECT_EQ(meeting_.waiting_count(), 0u);
  EXPECT_EQ(refusal([&] { meeting_.admit(h.id, late.id); }), "participant_not_found");
}

TEST_F(MeetingTest, LobbyEntryLeavesWhenItsSocketDrops) {
  MeetingInfo i = info();
  i.lobby = true;
  meeting_.refresh(i);
  auto h = join(user(kHost, "H"), "sh");
  auto w = join(guest("W"), "sw");
  out_.clear();
  meeting_.socket_dropped("sw", now_);
  EXPECT_EQ(meeting_.waiting_count(), 0u);
  ASSERT_EQ(out_.to("sh").size(), 1u);
  EXPECT_EQ(out_.to("sh")[0].args[0]["id"], w.id);
  (void)h;
}

TEST_F(MeetingTest, ADroppedParticipantKeepsItsPlaceWithinTheGrace) {
  auto a = join(user(kHost, "A"), "sa");
  auto b = join(user(2, "B"), "sb");
  const std::string token = meeting_.joined_payload(b.id)["self"]["resumeToken"];
  out_.clear();
  meeting_.socket_dropped("sb", now_);
  EXPECT_TRUE(out_.sent.empty());  // nobody is told
  now_ += 10s;
  EXPECT_TRUE(meeting_.expire(now_).empty());
  // A stranger with someone else's token does not get the place.
  auto thief = join(user(3, "C"), "sc", std::nullopt, token);
  EXPECT_NE(thief.id, b.id);
  auto back = join(user(2, "B"), "sb2", std::nullopt, token);
  EXPECT_EQ(back.kind, JoinOutcome::Kind::resumed);
  EXPECT_EQ(back.id, b.id);
  EXPECT_EQ(meeting_.find(b.id)->socket_id, "sb2");
  EXPECT_EQ(out_.to("sa").back().event, "participant:updated");
  now_ += 60s;
  EXPECT_TRUE(meeting_.expire(now_).empty());
  (void)a;
}

TEST_F(MeetingTest, AfterTheGraceTheParticipantLeavesWithReasonTimeout) {
  join(user(kHost, "A"), "sa");
  auto b = join(user(2, "B"), "sb");
  meeting_.set_participation(b.id, 99);
  out_.clear();
  meeting_.socket_dropped("sb", now_);
  now_ += 15s;
  auto gone = meeting_.expire(now_);
  ASSERT_EQ(gone.size(), 1u);
  EXPECT_EQ(gone[0].participation_id, 99);
  ASSERT_EQ(out_.sent.size(), 1u);
  EXPECT_EQ(out_.sent[0].event, "participant:left");
  EXPECT_EQ(out_.sent[0].args[0], (json{{"id", b.id}, {"reason", "timeout"}}));
  auto late = join(user(2, "B"), "sb3", std::nullopt, gone[0].resume_token);
  EXPECT_EQ(late.kind, JoinOutcome::Kind::joined);
  EXPECT_NE(late.id, b.id);
}

TEST_F(MeetingTest, SignalsToADisconnectedParticipantAreDropped) {
  auto a = join(user(kHost, "A"), "sa");
  auto b = join(user(2, "B"), "sb");
  meeting_.socket_dropped("sb", now_);
  out_.clear();
  meeting_.relay_signal(a.id, SignalRequest{b.id, {{"candidate", nullptr}}});
  EXPECT_TRUE(out_.sent.empty());
}

TEST_F(MeetingTest, LeaveTellsTheOthers) {
  auto a = join(user(kHost, "A"), "sa");
  auto b = join(user(2, "B"), "sb");
  out_.clear();
  auto gone = meeting_.leave(b.id, "left");
  ASSERT_TRUE(gone);
  ASSERT_EQ(out_.sent.size(), 1u);
  EXPECT_EQ(out_.sent[0].socket_id, "sa");
  EXPECT_EQ(out_.sent[0].args[0], (json{{"id", b.id}, {"reason", "left"}}));
  EXPECT_FALSE(meeting_.leave(b.id, "left"));
  meeting_.leave(a.id, "left");
  EXPECT_TRUE(meeting_.empty());
}

TEST_F(MeetingTest, TenParticipantsLifecycle) {
  MeetingInfo i = info();
  meeting_.refresh(i);
  RoomLimits l = limits();
  l.mesh_limit = 10;
  l.max_participants = 10;
  Meeting big(i, l, out_);
  std::vector<std::string> ids;
  for (int n = 0; n < 10; ++n) {
    auto o = big.join({user(n == 0 ? kHost : 100 + n, "P"), "s" + std::to_string(n), {}, false, false}, now_);
    big.announce(o.id, false);
    ids.push_back(o.id);
  }
  EXPECT_EQ(out_.named("participant:joined").size(), 45u);  // 0+1+...+9
  EXPECT_EQ(refusal([&] { big.join({user(200, "X"), "sx", {}, false, false}, now_); }), "meeting_full");
  for (int n = 1; n < 10; ++n) big.relay_signal(ids[0], SignalRequest{ids[n], {{"candidate", nullptr}}});
  EXPECT_EQ(out_.named("rtc:signal").size(), 9u);
  big.end("ended_by_host");
  EXPECT_EQ(out_.named("meeting:ended").size(), 10u);
}

}  // namespace
}  // namespace parley::rooms
