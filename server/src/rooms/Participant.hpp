#pragma once
// Who is in a meeting: the identity the server decided at CONNECT, the role in this meeting, and the
// media state the client reports.
#include <chrono>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "rooms/RateLimiter.hpp"

namespace parley::rooms {

using SteadyClock = std::chrono::steady_clock;
using SteadyTime = SteadyClock::time_point;

// The person behind a socket, decided by the server at CONNECT: a signed-in user (token) or a guest
// (guestName). Sockets without either may use only the legacy event set.
struct Identity {
  std::optional<std::int64_t> user_id;  // set for signed-in users
  std::string name;                     // display name (1..64 characters)

  bool guest() const noexcept { return !user_id.has_value(); }
};

enum class Role { host, member, guest };
std::string_view to_string(Role role) noexcept;

struct MediaState {
  bool audio = false;
  bool video = false;
  bool screen = false;
  bool hand = false;
};
nlohmann::json to_json(const MediaState& media);

struct Participant {
  std::string id;  // server-made, random; never a socket id
  std::string socket_id;
  Identity who;
  Role role = Role::guest;
  MediaState media;
  std::string resume_token;  // reclaims this place after a dropped connection
  bool connected = true;
  SteadyTime disconnected_at{};
  std::optional<std::int64_t> participation_id;  // the participations row, once written
  RateLimiter chat;
  RateLimiter reactions;

  // {id, name, role, media}: the shape of roster entries and participant:joined.
  nlohmann::json summary() const;
};

// A participant waiting in the lobby for a host's decision.
struct LobbyEntry {
  std::string id;  // becomes the participant id when admitted
  std::string socket_id;
  Identity who;
  Role role = Role::guest;  // the role it will have once admitted
  SteadyTime since{};
};

}  // namespace parley::rooms
