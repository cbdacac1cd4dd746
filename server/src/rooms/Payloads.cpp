#include "rooms/Payloads.hpp"

#include <algorithm>
#include <cctype>

#include "core/Error.hpp"

namespace parley::rooms {

using nlohmann::json;

namespace {

core::Error invalid(std::string field, std::string message) {
  core::Error e(core::ErrorKind::bad_request, "invalid_payload", std::move(message));
  e.with_field(std::move(field));
  return e;
}

// The first argument of a native event: an object (missing counts as {} only when allowed).
const json& object_payload(const json& args, bool allow_missing = false) {
  static const json empty = json::object();
  if (!args.is_array() || args.empty()) {
    if (allow_missing) return empty;
    throw invalid("payload", "The event needs an object payload.");
  }
  const json& p = args.front();
  if (p.is_object()) return p;
  if (allow_missing && p.is_null()) return empty;
  throw invalid("payload", "The event payload must be an object.");
}

const json* member(const json& object, const char* name) {
  auto it = object.find(name);
  if (it == object.end() || it->is_null()) return nullptr;
  return &*it;
}

std::string required_string(const json& object, const char* field, std::size_t max_chars, std::size_t max_bytes = 0) {
  const json* v = member(object, field);
  if (!v) throw invalid(field, std::string("Missing field ") + field + ".");
  if (!v->is_string()) throw invalid(field, std::string("Field ") + field + " must be a string.");
  const auto& s = v->get_ref<const std::string&>();
  if (s.empty()) throw invalid(field, std::string("Field ") + field + " must not be empty.");
  if ((max_bytes && s.size() > max_bytes) || utf8_length(s) > max_chars)
    throw invalid(field, std::string("Field ") + field + " is too long.");
  return s;
}

std::optional<std::string> optional_string(const json& object, const char* field, std::size_t max_chars,
                                           std::size_t max_bytes = 0) {
  if (!member(object, field)) return std::nullopt;
  return required_string(object, field, max_chars, max_bytes);
}

std::optional<bool> optional_bool(const json& object, const char* field) {
  const json* v = member(object, field);
  if (!v) return std::nullopt;
  if (!v->is_boolean()) throw invalid(field, std::string("Field ") + field + " must be true or false.");
  return v->get<bool>();
}

bool has_control(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

bool is_code_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

std::size_t utf8_length(std::string_view text) noexcept {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::string trim(std::string_view text) {
  const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; };
  while (!text.empty() && space(text.front())) text.remove_prefix(1);
  while (!text.empty() && space(text.back())) text.remove_suffix(1);
  return std::string(text);
}

std::optional<std::string> clean_display_name(std::string_view raw, std::size_t max_chars) {
  std::string name = trim(raw);
  if (name.empty() || utf8_length(name) > max_chars || has_control(name)) return std::nullopt;
  return name;
}

void MediaUpdate::apply(MediaState& media) const {
  if (audio) media.audio = *audio;
  if (video) media.video = *video;
  if (screen) media.screen = *screen;
  if (hand) media.hand = *hand;
}

JoinRequest parse_join(const json& args, const RoomLimits& limits) {
  const json& p = object_payload(args);
  JoinRequest r;
  r.code = lower(trim(required_string(p, "code", limits.code_max_chars, limits.code_max_chars)));
  if (r.code.empty()) throw invalid("code", "Field code must not be empty.");
  r.password = optional_string(p, "password", limits.password_max_bytes, limits.password_max_bytes);
  r.resume_token = optional_string(p, "resumeToken", 128, 128);
  return r;
}

void parse_empty(const json& args) {
  object_payload(args, true);
}

SignalRequest parse_signal(const json& args, const RoomLimits& limits) {
  const json& p = object_payload(args);
  SignalRequest r;
  r.to = required_string(p, "to", 64, 64);
  r.relayed = json::object();
  auto d = p.find("description");
  auto c = p.find("candidate");
  if (d == p.end() && c == p.end()) throw invalid("description", "A signal needs a description or a candidate.");
  if (d != p.end()) {
    if (!d->is_object()) throw invalid("description", "Field description must be an object.");
    r.relayed["description"] = *d;
  }
  if (c != p.end()) {
    // null is the end-of-candidates marker.
    if (!c->is_object() && !c->is_null()) throw invalid("candidate", "Field candidate must be an object or null.");
    r.relayed["candidate"] = *c;
  }
  if (r.relayed.dump().size() > limits.signal_max_bytes) throw invalid("description", "The signal is too large.");
  return r;
}

std::string parse_chat(const json& args, const RoomLimits& limits) {
  const json& p = object_payload(args);
  std::string text = required_string(p, "text", limits.chat_max_chars, limits.chat_max_chars * 4);
  if (trim(text).empty()) throw invalid("text", "The message is empty.");
  return text;
}

MediaUpdate parse_media(const json& args) {
  const json& p = object_payload(args);
  MediaUpdate m{optional_bool(p, "audio"), optional_bool(p, "video"), optional_bool(p, "screen"),
                optional_bool(p, "hand")};
  if (!m.audio && !m.video && !m.screen && !m.hand)
    throw invalid("audio", "A media state needs at least one of audio, video, screen, hand.");
  return m;
}

std::string parse_reaction(const json& args, const RoomLimits& limits) {
  const json& p = object_payload(args);
  std::string emoji = required_string(p, "emoji", limits.reaction_max_chars, limits.reaction_max_chars * 4);
  if (has_control(emoji) || trim(emoji).empty()) throw invalid("emoji", "Field emoji is not a reaction.");
  return emoji;
}

std::string parse_target(const json& args) {
  return required_string(object_payload(args), "id", 64, 64);
}

bool parse_lock(const json& args) {
  const json& p = object_payload(args);
  auto locked = optional_bool(p, "locked");
  if (!locked) throw invalid("locked", "Missing field locked.");
  return *locked;
}

std::string legacy_room_from_path(const json& args, const RoomLimits& limits) {
  if (!args.is_array() || args.empty() || !args.front().is_string())
    throw invalid("path", "join-call needs the page URL (a string).");
  std::string_view path = args.front().get_ref<const std::string&>();
  if (path.size() > 2048) throw invalid("path", "The URL is too long.");
  if (auto cut = path.find_first_of("?#"); cut != std::string_view::npos) path = path.substr(0, cut);
  if (auto scheme = path.find("://"); scheme != std::string_view::npos) {
    // Skip the authority: "http://host:3000" alone names no room.
    auto slash = path.find('/', scheme + 3);
    path = slash == std::string_view::npos ? std::string_view{} : path.substr(slash);
  }
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);
  const auto slash = path.rfind('/');
  std::string code = lower(std::string(slash == std::string_view::npos ? path : path.substr(slash + 1)));
  if (code.empty() || code.size() > limits.code_max_chars || !std::all_of(code.begin(), code.end(), is_code_char))
    throw invalid("path", "The URL does not end with a meeting code.");
  return code;
}

LegacySignal parse_legacy_signal(const json& args, const RoomLimits& limits) {
  if (!args.is_array() || args.size() < 2 || !args[0].is_string())
    throw invalid("toId", "signal needs (toId, message).");
  const auto& to = args[0].get_ref<const std::string&>();
  if (to.empty() || to.size() > 64) throw invalid("toId", "Unknown socket id.");
  if (args[1].dump().size() > limits.signal_max_bytes) throw invalid("message", "The signal is too large.");
  return {to, args[1]};
}

LegacyChat parse_legacy_chat(const json& args, const RoomLimits& limits) {
  if (!args.is_array() || args.empty() || !args[0].is_string())
    throw invalid("data", "chat-message needs (data, sender).");
  LegacyChat c;
  c.text = args[0].get<std::string>();
  if (c.text.size() > limits.chat_max_chars * 4 || utf8_length(c.text) > limits.chat_max_chars)
    throw invalid("data", "The message is too long.");
  if (trim(c.text).empty()) throw invalid("data", "The message is empty.");
  if (args.size() > 1 && args[1].is_string())
    c.sender = clean_display_name(args[1].get<std::string>(), limits.name_max_chars);
  return c;
}

// ---- SFU signalling ------------------------------------------------------------------------------

namespace {

std::string sdp_field(const json& p, const RoomLimits& limits) {
  const json* v = member(p, "sdp");
  if (!v) throw invalid("sdp", "Missing field sdp.");
  if (!v->is_string()) throw invalid("sdp", "Field sdp must be a string.");
  const auto& sdp = v->get_ref<const std::string&>();
  if (sdp.empty()) throw invalid("sdp", "Field sdp must not be empty.");
  if (sdp.size() > limits.sdp_max_bytes) throw invalid("sdp", "Field sdp is too long.");
  return sdp;
}

}  // namespace

SfuPublishRequest parse_sfu_publish(const json& args, const RoomLimits& limits) {
  const json& p = object_payload(args);
  SfuPublishRequest r;
  r.sdp = sdp_field(p, limits);
  const json* tracks = member(p, "tracks");
  if (!tracks || !tracks->is_array()) throw invalid("tracks", "Field tracks must be an array of {mid, source}.");
  if (tracks->size() > limits.max_published_tracks)
    throw invalid("tracks", "At most " + std::to_string(limits.max_published_tracks) + " tracks may be published.");
  for (const auto& t : *tracks) {
    if (!t.is_object()) throw invalid("tracks", "Each track must be an object {mid, source}.");
    SfuTrack track{required_string(t, "mid", 32, 32), required_string(t, "source", 16, 16)};
    if (track.source != "audio" && track.source != "video" && track.source != "screen")
      throw invalid("source", "A track's source is audio, video or screen.");
    for (const auto& other : r.tracks)
      if (other.mid == track.mid || other.source == track.source)
        throw invalid("tracks", "Each mid and each source may appear once.");
    r.tracks.push_back(std::move(track));
  }
  return r;
}

SfuAnswerRequest parse_sfu_answer(const json& args, const RoomLimits& limits) {
  const json& p = object_payload(args);
  SfuAnswerRequest r;
  const json* version = member(p, "version");
  const bool whole = version && version->is_number_integer();
  if (!whole || (!version->is_number_unsigned() && version->get<std::int64_t>() < 0))
    throw invalid("version", "Field version must be the offer's version (a whole number).");
  r.version = version->get<std::uint64_t>();
  r.sdp = sdp_field(p, limits);
  return r;
}

}  // namespace parley::rooms
