#include "rooms/Participant.hpp"

namespace parley::rooms {

std::string_view to_string(Role role) noexcept {
  switch (role) {
    case Role::host:
      return "host";
    case Role::member:
      return "member";
    case Role::guest:
      return "guest";
  }
  return "guest";
}

nlohmann::json to_json(const MediaState& media) {
  return {{"audio", media.audio}, {"video", media.video}, {"screen", media.screen}, {"hand", media.hand}};
}

nlohmann::json Participant::summary() const {
  return {{"id", id}, {"name", who.name}, {"role", std::string(to_string(role))}, {"media", to_json(media)}};
}

}  // namespace parley::rooms
