#include "rooms/Payloads.hpp"

#include <gtest/gtest.h>

#include "core/Error.hpp"

namespace parley::rooms {
namespace {

using nlohmann::json;

std::string error_field(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const core::Error& e) {
    EXPECT_EQ(e.code(), "invalid_payload");
    return e.field().value_or("");
  }
  ADD_FAILURE() << "no error";
  return {};
}

const RoomLimits limits;

TEST(Payloads, JoinNormalizesTheCodeAndKeepsOptionalFields) {
  auto r = parse_join(json::array({{{"code", "  ABC-defg-HIJ "}, {"password", "pw"}, {"resumeToken", "t"}}}), limits);
  EXPECT_EQ(r.code, "abc-defg-hij");
  EXPECT_EQ(r.password, "pw");
  EXPECT_EQ(r.resume_token, "t");
  auto bare = parse_join(json::array({{{"code", "x"}, {"password", nullptr}}}), limits);
  EXPECT_FALSE(bare.password);
  EXPECT_FALSE(bare.resume_token);
}

TEST(Payloads, JoinRefusesWrongTypesMissingFieldsAndHugeStrings) {
  EXPECT_EQ(error_field([] { parse_join(json::array(), limits); }), "payload");
  EXPECT_EQ(error_field([] { parse_join(json::array({"abc"}), limits); }), "payload");
  EXPECT_EQ(error_field([] { parse_join(json::array({json::object()}), limits); }), "code");
  EXPECT_EQ(error_field([] { parse_join(json::array({{{"code", 5}}}), limits); }), "code");
  EXPECT_EQ(error_field([] { parse_join(json::array({{{"code", ""}}}), limits); }), "code");
  EXPECT_EQ(error_field([] { parse_join(json::array({{{"code", std::string(100000, 'a')}}}), limits); }), "code");
  EXPECT_EQ(error_field([] {
              parse_join(json::array({{{"code", "a"}, {"password", json::array()}}}), limits);
            }),
            "password");
  EXPECT_EQ(error_field([] {
              parse_join(json::array({{{"code", "a"}, {"password", std::string(73, 'p')}}}), limits);
            }),
            "password");
}

TEST(Payloads, SignalNeedsATargetAndADescriptionOrCandidate) {
  auto s = parse_signal(json::array({{{"to", "p1"}, {"description", {{"type", "offer"}, {"sdp", "v=0"}}}, {"x", 1}}}),
                        limits);
  EXPECT_EQ(s.to, "p1");
  EXPECT_EQ(s.relayed, (json{{"description", {{"type", "offer"}, {"sdp", "v=0"}}}}));
  auto end = parse_signal(json::array({{{"to", "p1"}, {"candidate", nullptr}}}), limits);
  EXPECT_TRUE(end.relayed.contains("candidate"));
  EXPECT_EQ(error_field([] { parse_signal(json::array({{{"to", "p1"}}}), limits); }), "description");
  EXPECT_EQ(error_field([] { parse_signal(json::array({{{"description", json::object()}}}), limits); }), "to");
  EXPECT_EQ(error_field([] {
              parse_signal(json::array({{{"to", "p"}, {"description", "sdp"}}}), limits);
            }),
            "description");
  EXPECT_EQ(error_field([] { parse_signal(json::array({{{"to", "p"}, {"candidate", 3}}}), limits); }), "candidate");
  json huge = {{"to", "p"}, {"description", {{"sdp", std::string(70 * 1024, 'x')}}}};
  EXPECT_EQ(error_field([&] { parse_signal(json::array({huge}), limits); }), "description");
}

TEST(Payloads, ChatTextIsOneToTwoThousandCharactersCountedAsCodePoints) {
  EXPECT_EQ(parse_chat(json::array({{{"text", "hi"}}}), limits), "hi");
  std::string accents;
  for (int i = 0; i < 2000; ++i) accents += "\xc3\xa9";  // 2000 x U+00E9, 4000 bytes
  EXPECT_EQ(parse_chat(json::array({{{"text", accents}}}), limits), accents);
  EXPECT_EQ(error_field([] { parse_chat(json::array({{{"text", std::string(2001, 'a')}}}), limits); }), "text");
  EXPECT_EQ(error_field([] { parse_chat(json::array({{{"text", "   "}}}), limits); }), "text");
  EXPECT_EQ(error_field([] { parse_chat(json::array({{{"text", json::object()}}}), limits); }), "text");
}

TEST(Payloads, MediaStateTakesBooleansOnly) {
  auto m = parse_media(json::array({{{"audio", true}, {"hand", false}}}));
  MediaState state{false, true, false, true};
  m.apply(state);
  EXPECT_TRUE(state.audio);
  EXPECT_TRUE(state.video);
  EXPECT_FALSE(state.hand);
  EXPECT_EQ(error_field([] { parse_media(json::array({{{"audio", "yes"}}})); }), "audio");
  EXPECT_EQ(error_field([] { parse_media(json::array({json::object()})); }), "audio");
}

TEST(Payloads, ReactionsTargetsAndLock) {
  EXPECT_EQ(parse_reaction(json::array({{{"emoji", "\xf0\x9f\x91\x8d"}}}), limits), "\xf0\x9f\x91\x8d");
  EXPECT_EQ(error_field([] { parse_reaction(json::array({{{"emoji", std::string(17, 'a')}}}), limits); }), "emoji");
  EXPECT_EQ(error_field([] { parse_reaction(json::array({{{"emoji", "a\nb"}}}), limits); }), "emoji");
  EXPECT_EQ(parse_target(json::array({{{"id", "abc"}}})), "abc");
  EXPECT_EQ(error_field([] { parse_target(json::array({{{"id", 1}}})); }), "id");
  EXPECT_TRUE(parse_lock(json::array({{{"locked", true}}})));
  EXPECT_EQ(error_field([] { parse_lock(json::array({{{"locked", 1}}})); }), "locked");
  EXPECT_NO_THROW(parse_empty(json::array()));
  EXPECT_NO_THROW(parse_empty(json::array({json::object()})));
  EXPECT_EQ(error_field([] { parse_empty(json::array({"x"})); }), "payload");
}

TEST(Payloads, LegacyRoomIsTheLastPathSegmentWhateverTheUrlDecoration) {
  for (const char* url : {"http://localhost:3000/abc123", "http://localhost:3000/abc123/", "https://h/x/ABC123?x=1#f",
                          "abc123", "/abc123//"}) {
    EXPECT_EQ(legacy_room_from_path(json::array({url}), limits), "abc123") << url;
  }
  EXPECT_EQ(error_field([] { legacy_room_from_path(json::array({"http://h/"}), limits); }), "path");
  EXPECT_EQ(error_field([] { legacy_room_from_path(json::array({"http://h/a b"}), limits); }), "path");
  EXPECT_EQ(error_field([] { legacy_room_from_path(json::array({42}), limits); }), "path");
  EXPECT_EQ(error_field([] { legacy_room_from_path(json::array(), limits); }), "path");
}

TEST(Payloads, LegacySignalAndChat) {
  auto s = parse_legacy_signal(json::array({"sock", "{\"sdp\":{}}"}), limits);
  EXPECT_EQ(s.to, "sock");
  EXPECT_EQ(s.message, "{\"sdp\":{}}");
  EXPECT_EQ(error_field([] { parse_legacy_signal(json::array({"sock"}), limits); }), "toId");
  EXPECT_EQ(error_field([] { parse_legacy_signal(json::array({1, "m"}), limits); }), "toId");
  auto c = parse_legacy_chat(json::array({"hello", "  Ann  "}), limits);
  EXPECT_EQ(c.text, "hello");
  EXPECT_EQ(c.sender, "Ann");
  EXPECT_FALSE(parse_legacy_chat(json::array({"hello", 7}), limits).sender);
  EXPECT_EQ(error_field([] { parse_legacy_chat(json::array({std::string(2001, 'a'), "x"}), limits); }), "data");
}

TEST(Payloads, DisplayNames) {
  EXPECT_EQ(clean_display_name("  Ada ", 64), "Ada");
  EXPECT_FALSE(clean_display_name("   ", 64));
  EXPECT_FALSE(clean_display_name(std::string(65, 'a'), 64));
  EXPECT_FALSE(clean_display_name("a\x01", 64));
}

TEST(Payloads, SfuPublishTakesAnSdpAndUpToThreeLabelledTracks) {
  auto r = parse_sfu_publish(json::array({{{"sdp", "v=0\r\n"},
                                           {"tracks",
                                            {{{"mid", "0"}, {"source", "audio"}},
                                             {{"mid", "1"}, {"source", "video"}},
                                             {{"mid", "2"}, {"source", "screen"}}}}}}),
                             limits);
  EXPECT_EQ(r.sdp, "v=0\r\n");
  ASSERT_EQ(r.tracks.size(), 3u);
  EXPECT_EQ(r.tracks[1].mid, "1");
  EXPECT_EQ(r.tracks[1].source, "video");
  EXPECT_TRUE(parse_sfu_publish(json::array({{{"sdp", "x"}, {"tracks", json::array()}}}), limits).tracks.empty());
}

TEST(Payloads, SfuPublishRefusesBadSdpTracksAndDuplicates) {
  auto publish = [](json p) { parse_sfu_publish(json::array({std::move(p)}), limits); };
  const json audio = {{"mid", "0"}, {"source", "audio"}};
  EXPECT_EQ(error_field([&] { publish({{"tracks", json::array()}}); }), "sdp");
  EXPECT_EQ(error_field([&] { publish({{"sdp", 1}, {"tracks", json::array()}}); }), "sdp");
  EXPECT_EQ(error_field([&] { publish({{"sdp", ""}, {"tracks", json::array()}}); }), "sdp");
  EXPECT_EQ(error_field([&] {
              publish({{"sdp", std::string(64 * 1024 + 1, 'a')}, {"tracks", json::array()}});
            }),
            "sdp");
  EXPECT_EQ(error_field([&] { publish({{"sdp", "x"}}); }), "tracks");
  EXPECT_EQ(error_field([&] { publish({{"sdp", "x"}, {"tracks", "audio"}}); }), "tracks");
  EXPECT_EQ(error_field([&] { publish({{"sdp", "x"}, {"tracks", {1}}}); }), "tracks");
  EXPECT_EQ(error_field([&] { publish({{"sdp", "x"}, {"tracks", {{{"source", "audio"}}}}}); }), "mid");
  EXPECT_EQ(error_field([&] {
              publish({{"sdp", "x"}, {"tracks", {{{"mid", std::string(33, '1')}, {"source", "audio"}}}}});
            }),
            "mid");
  EXPECT_EQ(error_field([&] { publish({{"sdp", "x"}, {"tracks", {{{"mid", "0"}, {"source", "data"}}}}}); }), "source");
  EXPECT_EQ(error_field([&] { publish({{"sdp", "x"}, {"tracks", {audio, audio}}}); }), "tracks");
  EXPECT_EQ(error_field([&] {
              publish({{"sdp", "x"}, {"tracks", {audio, {{"mid", "1"}, {"source", "audio"}}}}});
            }),
            "tracks");
  json four = json::array();
  for (int i = 0; i < 4; ++i) four.push_back({{"mid", std::to_string(i)}, {"source", "audio"}});
  EXPECT_EQ(error_field([&] { publish({{"sdp", "x"}, {"tracks", four}}); }), "tracks");
  EXPECT_EQ(error_field([] { parse_sfu_publish(json::array({"sdp"}), limits); }), "payload");
}

TEST(Payloads, SfuAnswerNeedsAWholeNonNegativeVersionAndAnSdp) {
  auto r = parse_sfu_answer(json::array({{{"version", 3}, {"sdp", "v=0"}}}), limits);
  EXPECT_EQ(r.version, 3u);
  EXPECT_EQ(r.sdp, "v=0");
  EXPECT_EQ(parse_sfu_answer(json::parse(R"([{"version": 18446744073709551615, "sdp": "v"}])"), limits).version,
            18446744073709551615ull);
  auto answer = [](json p) { parse_sfu_answer(json::array({std::move(p)}), limits); };
  EXPECT_EQ(error_field([&] { answer({{"sdp", "v=0"}}); }), "version");
  EXPECT_EQ(error_field([&] { answer({{"version", -1}, {"sdp", "v=0"}}); }), "version");
  EXPECT_EQ(error_field([&] { answer({{"version", 1.5}, {"sdp", "v=0"}}); }), "version");
  EXPECT_EQ(error_field([&] { answer({{"version", "1"}, {"sdp", "v=0"}}); }), "version");
  EXPECT_EQ(error_field([&] { answer({{"version", 1}}); }), "sdp");
}

}  // namespace
}  // namespace parley::rooms
