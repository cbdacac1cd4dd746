#include "api/Fields.hpp"

#include <ctime>

#include "core/Error.hpp"

namespace parley::api {

std::size_t utf8_length(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) {
    if ((c & 0xC0) != 0x80) ++n;
  }
  return n;
}

std::string normalize_username(std::string_view username) {
  if (username.size() < Limits::username_min || username.size() > Limits::username_max) {
    throw core::invalid_field("username", "The username must be 3 to 32 characters long.");
  }
  std::string out;
  for (char c : username) {
    const char lower = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    const bool ok = (lower >= 'a' && lower <= 'z') || (lower >= '0' && lower <= '9') || lower == '.' || lower == '_' ||
                    lower == '-';
    if (!ok) {
      throw core::invalid_field("username", "The username may contain only letters, digits, '.', '_' and '-'.");
    }
    out.push_back(lower);
  }
  return out;
}

std::string normalize_display_text(std::string_view text, const char* field, std::size_t min_chars,
                                   std::size_t max_chars) {
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  for (unsigned char c : text) {
    if (c < 0x20 || c == 0x7f) {
      throw core::invalid_field(field, std::string("The ") + field + " must not contain control characters.");
    }
  }
  const auto length = utf8_length(text);
  if (length < min_chars || length > max_chars) {
    throw core::invalid_field(field, std::string("The ") + field + " must be " + std::to_string(min_chars) + " to " +
                                         std::to_string(max_chars) + " characters long.");
  }
  return std::string(text);
}

namespace {

// Nesting depth of JSON text, counted outside strings (nlohmann's parser and destructor recurse).
std::size_t nesting_depth(std::string_view text) {
  std::size_t depth = 0, deepest = 0;
  bool in_string = false, escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped)
        escaped = false;
      else if (c == '\\')
        escaped = true;
      else if (c == '"')
        in_string = false;
      continue;
    }
    if (c == '"')
      in_string = true;
    else if (c == '{' || c == '[')
      deepest = std::max(deepest, ++depth);
    else if ((c == '}' || c == ']') && depth > 0)
      --depth;
  }
  return deepest;
}

bool is_json_media_type(std::string_view type) {
  const auto semicolon = type.find(';');
  std::string_view base = type.substr(0, semicolon);
  while (!base.empty() && base.back() == ' ') base.remove_suffix(1);
  std::string lower;
  for (char c : base) lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  return lower == "application/json";
}

}  // namespace

nlohmann::json parse_object(std::string_view body, std::optional<std::string_view> content_type, bool allow_empty) {
  if (body.empty() && allow_empty) return nlohmann::json::object();
  if (!content_type || !is_json_media_type(*content_type)) {
    throw core::Error(core::ErrorKind::unsupported_media_type, "unsupported_media_type",
                      "The request body must be JSON (Content-Type: application/json).");
  }
  if (nesting_depth(body) > Limits::json_depth_max) {
    throw core::bad_request("invalid_json", "The JSON body is nested too deeply.");
  }
  auto parsed = nlohmann::json::parse(body, nullptr, false);
  if (parsed.is_discarded()) throw core::bad_request("invalid_json", "The request body is not valid JSON.");
  if (!parsed.is_object()) throw core::bad_request("invalid_json", "The request body must be a JSON object.");
  return parsed;
}

std::string required_string(const nlohmann::json& body, const char* field) {
  auto it = body.find(field);
  if (it == body.end() || it->is_null())
    throw core::invalid_field(field, std::string("The ") + field + " is required.");
  if (!it->is_string()) throw core::invalid_field(field, std::string("The ") + field + " must be a string.");
  return it->get<std::string>();
}

std::optional<std::string> optional_string(const nlohmann::json& body, const char* field) {
  auto it = body.find(field);
  if (it == body.end() || it->is_null()) return std::nullopt;
  if (!it->is_string()) throw core::invalid_field(field, std::string("The ") + field + " must be a string.");
  return it->get<std::string>();
}

std::optional<bool> optional_bool(const nlohmann::json& body, const char* field) {
  auto it = body.find(field);
  if (it == body.end() || it->is_null()) return std::nullopt;
  if (!it->is_boolean()) throw core::invalid_field(field, std::string("The ") + field + " must be true or false.");
  return it->get<bool>();
}

std::string meeting_mode(const nlohmann::json& body) {
  auto mode = optional_string(body, "mode");
  if (!mode) return "auto";
  if (*mode != "auto" && *mode != "sfu") throw core::invalid_field("mode", "The mode must be 'auto' or 'sfu'.");
  return *mode;
}

std::string iso8601(store::TimePoint t) {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
  const std::time_t seconds = static_cast<std::time_t>(ms >= 0 ? ms / 1000 : (ms - 999) / 1000);
  const int millis = static_cast<int>(ms - static_cast<long long>(seconds) * 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buf[96];
  std::snprintf(buf, sizeof(buf), "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec, millis);
  return buf;
}

std::optional<store::TimePoint> parse_iso8601(std::string_view text) {
  if (text.size() < 20 || text.size() > 24 || text.back() != 'Z') return std::nullopt;
  auto digits = [&](std::size_t at, std::size_t n) -> std::optional<int> {
    int v = 0;
    for (std::size_t i = at; i < at + n; ++i) {
      if (text[i] < '0' || text[i] > '9') return std::nullopt;
      v = v * 10 + (text[i] - '0');
    }
    return v;
  };
  if (text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' || text[16] != ':') return std::nullopt;
  auto year = digits(0, 4), month = digits(5, 2), day = digits(8, 2), hour = digits(11, 2), minute = digits(14, 2),
       second = digits(17, 2);
  if (!year || !month || !day || !hour || !minute || !second) return std::nullopt;
  if (*month < 1 || *month > 12 || *day < 1 || *day > 31 || *hour > 23 || *minute > 59 || *second > 60) {
    return std::nullopt;
  }
  int millis = 0;
  if (text.size() > 20) {
    if (text[19] != '.') return std::nullopt;
    const std::size_t n = text.size() - 21;
    if (n < 1 || n > 3) return std::nullopt;
    auto frac = digits(20, n);
    if (!frac) return std::nullopt;
    millis = *frac * (n == 1 ? 100 : n == 2 ? 10 : 1);
  } else if (text.size() != 20) {
    return std::nullopt;
  }
  std::tm tm{};
  tm.tm_year = *year - 1900;
  tm.tm_mon = *month - 1;
  tm.tm_mday = *day;
  tm.tm_hour = *hour;
  tm.tm_min = *minute;
  tm.tm_sec = *second;
  const std::time_t seconds = timegm(&tm);
  return store::TimePoint(std::chrono::duration_cast<store::Clock::duration>(std::chrono::seconds(seconds) +
                                                                             std::chrono::milliseconds(millis)));
}

}  // namespace parley::api
