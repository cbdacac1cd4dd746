#pragma once
// Validation of every client event's payload. Each parser takes the event's argument list (a JSON
// array, as the socket server delivers it) and returns a typed request, or throws core::Error
// bad_request "invalid_payload" naming the field. Nothing a client sends can get past these with a
// wrong type, a missing field or an oversized string.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rooms/Limits.hpp"
#include "rooms/Participant.hpp"

namespace parley::rooms {

struct JoinRequest {
  std::string code;  // lowercased, trimmed
  std::optional<std::string> password;
  std::optional<std::string> resume_token;
};

struct SignalRequest {
  std::string to;
  nlohmann::json relayed;  // {description?, candidate?}: what the target receives besides `from`
};

struct MediaUpdate {
  std::optional<bool> audio, video, screen, hand;
  void apply(MediaState& media) const;
};

JoinRequest parse_join(const nlohmann::json& args, const RoomLimits& limits);
// meeting:leave, meeting:end: no payload, {} or anything object-like is accepted; a non-object is not.
void parse_empty(const nlohmann::json& args);
SignalRequest parse_signal(const nlohmann::json& args, const RoomLimits& limits);
std::string parse_chat(const nlohmann::json& args, const RoomLimits& limits);
MediaUpdate parse_media(const nlohmann::json& args);
std::string parse_reaction(const nlohmann::json& args, const RoomLimits& limits);
// host:mute, host:remove, host:promote, lobby:admit, lobby:deny: {id}
std::string parse_target(const nlohmann::json& args);
bool parse_lock(const nlohmann::json& args);

// SFU signalling (docs/PROTOCOL.md, "SFU events").
struct SfuTrack {
  std::string mid;     // the m-section in the client's offer
  std::string source;  // "audio", "video" or "screen"
};
struct SfuPublishRequest {
  std::string sdp;  // the client's offer for its send connection
  std::vector<SfuTrack> tracks;
};
struct SfuAnswerRequest {
  std::uint64_t version = 0;  // of the sfu:offer answered
  std::string sdp;
};
// sfu:publish {sdp, tracks: [{mid, source}]}: at most max_published_tracks, distinct mids and sources.
SfuPublishRequest parse_sfu_publish(const nlohmann::json& args, const RoomLimits& limits);
// sfu:answer {version, sdp}
SfuAnswerRequest parse_sfu_answer(const nlohmann::json& args, const RoomLimits& limits);

// Legacy event set.
// join-call(path): the meeting code is the last non-empty path segment of the URL or path, without
// query or fragment, lowercased. Throws invalid_payload when there is none or it is not a code.
std::string legacy_room_from_path(const nlohmann::json& args, const RoomLimits& limits);
struct LegacySignal {
  std::string to;
  nlohmann::json message;  // relayed verbatim (the original client sends a JSON string)
};
LegacySignal parse_legacy_signal(const nlohmann::json& args, const RoomLimits& limits);
struct LegacyChat {
  std::string text;
  std::optional<std::string> sender;  // the name the client claims; used only for sockets without identity
};
LegacyChat parse_legacy_chat(const nlohmann::json& args, const RoomLimits& limits);

// Helpers shared with the connect handler.
std::size_t utf8_length(std::string_view text) noexcept;
std::string trim(std::string_view text);
// A display name: trimmed, 1..max characters, no control characters; nullopt otherwise.
std::optional<std::string> clean_display_name(std::string_view raw, std::size_t max_chars);

}  // namespace parley::rooms
