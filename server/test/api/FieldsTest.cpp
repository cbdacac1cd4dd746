#include <gtest/gtest.h>

#include <set>

#include "api/Fields.hpp"
#include "api/MeetingCode.hpp"
#include "core/Error.hpp"

namespace parley::api {
namespace {

TEST(MeetingCodeTest, GeneratedCodesHaveTheShapeAndDiffer) {
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) {
    const auto code = generate_meeting_code();
    EXPECT_TRUE(is_meeting_code(code)) << code;
    seen.insert(code);
  }
  EXPECT_EQ(seen.size(), 200u);
}

TEST(MeetingCodeTest, RejectsAnythingElse) {
  for (const char* bad :
       {"", "abc-defg-hi", "abc-defg-hijk", "ABC-DEFG-HIJ", "abc_defg_hij", "abc-defg-hi1", "history", "' OR 1=1 --"}) {
    EXPECT_FALSE(is_meeting_code(bad)) << bad;
  }
  EXPECT_TRUE(is_meeting_code("abc-defg-hij"));
}

TEST(FieldsTest, UsernamesAreLowercasedAndChecked) {
  EXPECT_EQ(normalize_username("Ada.L_x-1"), "ada.l_x-1");
  for (const char* bad : {"ab", "a b c", "ada'--", "ådå", "0123456789012345678901234567890123"}) {
    EXPECT_THROW(normalize_username(bad), core::Error) << bad;
  }
}

TEST(FieldsTest, DisplayTextIsTrimmedAndBounded) {
  EXPECT_EQ(normalize_display_text("  Ada  ", "name", 1, 64), "Ada");
  EXPECT_THROW(normalize_display_text("   ", "name", 1, 64), core::Error);
  EXPECT_THROW(normalize_display_text(std::string(65, 'a'), "name", 1, 64), core::Error);
  EXPECT_THROW(normalize_display_text("a\x01b", "name", 1, 64), core::Error);
  EXPECT_EQ(normalize_display_text("Zoë", "name", 1, 3), "Zoë");
}

TEST(FieldsTest, BodiesMustBeJsonObjectsOfTheRightTypes) {
  const std::string json = "application/json";
  EXPECT_THROW(parse_object("{}", std::string("text/plain"), false), core::Error);
  EXPECT_THROW(parse_object("{", json, false), core::Error);
  EXPECT_THROW(parse_object("[]", json, false), core::Error);
  EXPECT_THROW(parse_object(std::string(100, '[') + std::string(100, ']'), json, false), core::Error);
  EXPECT_TRUE(parse_object("", std::nullopt, true).empty());
  const auto body = parse_object(R"({"name": {"a": 1}, "flag": "yes", "ok": true})",
                                 std::string("application/json; charset=utf-8"), false);
  try {
    required_string(body, "name");
    FAIL();
  } catch (const core::Error& e) {
    EXPECT_EQ(e.field(), "name");
  }
  EXPECT_THROW(required_string(body, "missing"), core::Error);
  EXPECT_THROW(optional_bool(body, "flag"), core::Error);
  EXPECT_EQ(optional_bool(body, "ok"), true);
  EXPECT_FALSE(optional_string(body, "missing"));
}

TEST(FieldsTest, MeetingModeIsAutoOrSfu) {
  EXPECT_EQ(meeting_mode(nlohmann::json::object()), "auto");
  EXPECT_EQ(meeting_mode({{"mode", nullptr}}), "auto");
  EXPECT_EQ(meeting_mode({{"mode", "auto"}}), "auto");
  EXPECT_EQ(meeting_mode({{"mode", "sfu"}}), "sfu");
  for (const auto& bad : {nlohmann::json("mesh"), nlohmann::json("SFU"), nlohmann::json(""), nlohmann::json(1)}) {
    try {
      meeting_mode({{"mode", bad}});
      FAIL() << bad;
    } catch (const core::Error& e) {
      EXPECT_EQ(e.code(), "invalid_field");
      EXPECT_EQ(e.field(), "mode");
    }
  }
}

TEST(FieldsTest, Iso8601RoundTrips) {
  const store::TimePoint t{std::chrono::milliseconds(1764096269123)};
  EXPECT_EQ(iso8601(t), "2025-11-25T18:44:29.123Z");
  EXPECT_EQ(parse_iso8601("2025-11-25T18:44:29.123Z"), t);
  EXPECT_EQ(parse_iso8601("2025-11-25T18:44:29Z"), store::TimePoint{std::chrono::milliseconds(1764096269000)});
  EXPECT_FALSE(parse_iso8601("2025-11-25 18:44:29Z"));
  EXPECT_FALSE(parse_iso8601("yesterday"));
}

}  // namespace
}  // namespace parley::api
