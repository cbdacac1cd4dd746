#pragma once
// Every limit of meetings in progress and legacy rooms (documented in docs/PROTOCOL.md, "Meeting events").
#include <chrono>
#include <cstddef>

namespace parley::rooms {

struct RoomLimits {
  std::size_t mesh_limit = 4;                // --mesh-limit: participants in a peer-to-peer meeting
  bool sfu = true;                           // false with --no-sfu: the mesh limit is then the cap
  std::size_t max_participants = 50;         // --max-participants: in any meeting
  std::chrono::seconds reconnect_grace{15};  // --reconnect-grace
  std::size_t max_lobby = 50;                // waiting at once in one meeting's lobby
  std::size_t chat_max_chars = 2000;         // Unicode code points per chat message
  std::size_t chat_history = 100;            // messages replayed to a joiner
  double chat_burst = 10;                    // chat messages at once...
  double chat_per_second = 2;                // ...then this many per second
  double reaction_burst = 10;
  double reaction_per_second = 3;
  std::size_t reaction_max_chars = 16;
  std::size_t signal_max_bytes = 64 * 1024;  // rtc:signal / legacy signal payload, serialized
  std::size_t sdp_max_bytes = 64 * 1024;     // sfu:publish / sfu:answer SDP
  std::size_t max_published_tracks = 3;      // sfu:publish tracks (audio, video, screen)
  std::size_t code_max_chars = 64;
  std::size_t password_max_bytes = 72;
  std::size_t name_max_chars = 64;

  // Participants at most in a peer-to-peer room (legacy rooms never use the SFU).
  std::size_t capacity() const noexcept { return mesh_limit < max_participants ? mesh_limit : max_participants; }
  // Participants at most in one meeting: a meeting larger than the mesh limit switches to the SFU, so
  // only without the SFU is the mesh limit also its cap.
  std::size_t meeting_capacity() const noexcept { return sfu ? max_participants : capacity(); }
};

}  // namespace parley::rooms
