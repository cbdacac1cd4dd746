#include "rooms/MeetingDirectory.hpp"

#include <gtest/gtest.h>

#include "RecordingOutbox.hpp"
#include "core/Error.hpp"

namespace parley::rooms {
namespace {

MeetingInfo info(const std::string& code) {
  MeetingInfo i;
  i.code = code;
  i.host_user_id = 1;
  return i;
}

TEST(MeetingDirectory, OneLiveMeetingPerCode) {
  testing::RecordingOutbox out;
  MeetingDirectory dir(RoomLimits{}, out);
  auto a = dir.find_or_create(info("abc"));
  EXPECT_EQ(dir.find_or_create(info("abc")), a);
  EXPECT_EQ(dir.find("abc"), a);
  EXPECT_EQ(dir.find("xyz"), nullptr);
  EXPECT_EQ(dir.meeting_count(), 1u);
}

TEST(MeetingDirectory, BindingsNameTheSocketsMeetingAndId) {
  testing::RecordingOutbox out;
  MeetingDirectory dir(RoomLimits{}, out);
  auto a = dir.find_or_create(info("abc"));
  EXPECT_THROW(dir.bound("s1"), core::Error);
  dir.bind("s1", {"abc", "p1"});
  dir.bind("s2", {"abc", "p2"});
  auto [live, id] = dir.bound("s1");
  EXPECT_EQ(live, a);
  EXPECT_EQ(id, "p1");
  dir.unbind_participant("abc", "p1");
  EXPECT_FALSE(dir.binding("s1"));
  EXPECT_TRUE(dir.binding("s2"));
  dir.bind("s3", {"gone", "p3"});  // a binding to a meeting that is not live is not "joined"
  EXPECT_THROW(dir.bound("s3"), core::Error);
}

TEST(MeetingDirectory, AForgottenMeetingIsClosedAndAFreshOneTakesTheCode) {
  testing::RecordingOutbox out;
  MeetingDirectory dir(RoomLimits{}, out);
  auto a = dir.find_or_create(info("abc"));
  dir.bind("s1", {"abc", "p1"});
  dir.bind("s2", {"other", "p2"});
  {
    std::lock_guard lock(a->mutex);
    dir.forget_locked(*a, true);
  }
  EXPECT_TRUE(a->closed);
  EXPECT_EQ(dir.find("abc"), nullptr);
  EXPECT_FALSE(dir.binding("s1"));
  EXPECT_TRUE(dir.binding("s2"));
  auto b = dir.find_or_create(info("abc"));
  EXPECT_NE(a, b);
  // Forgetting the stale one again does not remove its successor.
  {
    std::lock_guard lock(a->mutex);
    dir.forget_locked(*a, false);
  }
  EXPECT_EQ(dir.find("abc"), b);
}

}  // namespace
}  // namespace parley::rooms
