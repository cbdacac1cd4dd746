#pragma once
// Validation of the values people type (the limits are listed in docs/API.md) and of JSON request
// bodies. Every failure is core::invalid_field naming the field; nothing here touches the database.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "store/Store.hpp"

namespace parley::api {

struct Limits {
  static constexpr std::size_t username_min = 3, username_max = 32;
  static constexpr std::size_t name_min = 1, name_max = 64;    // characters
  static constexpr std::size_t title_max = 100;                // characters
  static constexpr std::size_t meeting_password_max = 72;      // bytes
  static constexpr std::size_t legacy_meeting_code_max = 128;  // bytes
  static constexpr std::size_t json_depth_max = 32;
  static constexpr std::size_t history_limit_default = 20, history_limit_max = 100;
};

// Lowercased; 3..32 of [a-z0-9._-]. Throws invalid_field("username").
std::string normalize_username(std::string_view username);
// Trimmed; 1..64 characters without control characters. Throws invalid_field(field).
std::string normalize_display_text(std::string_view text, const char* field, std::size_t min_chars,
                                   std::size_t max_chars);
std::size_t utf8_length(std::string_view s);

// Parses a request body that must be a JSON object (415 when it is not JSON, 400 when it does not
// parse, is nested too deeply or is not an object). An empty body is {} when allow_empty.
nlohmann::json parse_object(std::string_view body, std::optional<std::string_view> content_type, bool allow_empty);

std::string required_string(const nlohmann::json& body, const char* field);
// Absent or null: nothing.
std::optional<std::string> optional_string(const nlohmann::json& body, const char* field);
std::optional<bool> optional_bool(const nlohmann::json& body, const char* field);
// A meeting's media mode: "auto" (absent or null) or "sfu". Throws invalid_field("mode").
std::string meeting_mode(const nlohmann::json& body);

// ISO-8601 UTC with milliseconds: "2026-11-25T18:44:29.123Z".
std::string iso8601(store::TimePoint t);
// Accepts "YYYY-MM-DDTHH:MM:SS[.fff]Z".
std::optional<store::TimePoint> parse_iso8601(std::string_view text);

}  // namespace parley::api
