#include "rooms/LegacyRooms.hpp"

#include <algorithm>

#include "core/Error.hpp"

namespace parley::rooms {

using nlohmann::json;

void LegacyRooms::join(const std::string& socket_id, const std::string& code, std::optional<std::string> name) {
  if (auto current = room_of(socket_id)) {
    if (*current == code) return;  // already there: nothing changes
    leave(socket_id);
  }
  auto found = rooms_.find(code);
  if (found != rooms_.end() && found->second.members.size() >= limits_.capacity())
    throw core::Error(core::ErrorKind::conflict, "meeting_full",
                      "This room is full (" + std::to_string(limits_.capacity()) + " participants).");
  Room& room = rooms_[code];
  room.members.push_back({socket_id, std::move(name), RateLimiter(limits_.chat_burst, limits_.chat_per_second)});
  room.ids.push_back(socket_id);
  room_of_[socket_id] = code;

  json ids(room.ids);
  send_all(room, "user-joined", json::array({socket_id, ids}));
  for (const auto& line : room.history)
    out_.send(socket_id, "chat-message", json::array({line.text, line.sender, line.sender_id}));
}

void LegacyRooms::signal(const std::string& from_socket, const LegacySignal& signal) {
  Room* room = nullptr;
  if (!find_member(from_socket, &room))
    throw core::Error(core::ErrorKind::forbidden, "not_joined", "Join a call first.");
  const bool same_room = std::any_of(room->members.begin(), room->members.end(),
                                     [&](const Member& m) { return m.socket_id == signal.to; });
  if (!same_room || signal.to == from_socket)
    throw core::Error(core::ErrorKind::not_found, "participant_not_found", "No such peer in this call.");
  out_.send(signal.to, "signal", json::array({from_socket, signal.message}));
}

void LegacyRooms::chat(const std::string& from_socket, const LegacyChat& chat, SteadyTime now) {
  Room* room = nullptr;
  Member* me = find_member(from_socket, &room);
  if (!me) throw core::Error(core::ErrorKind::forbidden, "not_joined", "Join a call first.");
  if (!me->chat.allow(now))
    throw core::Error(core::ErrorKind::too_many_requests, "rate_limited", "Too many chat messages; wait a moment.")
        .with_retry_after(1);
  // A signed-in or named guest socket speaks under its own name; an anonymous legacy socket under the
  // (cleaned) name it gives, as the original client has no other way to name its user.
  std::string sender = me->name.value_or(chat.sender.value_or("Guest"));
  room->history.push_back({chat.text, sender, from_socket});
  while (room->history.size() > limits_.chat_history) room->history.pop_front();
  send_all(*room, "chat-message", json::array({chat.text, sender, from_socket}));
}

void LegacyRooms::leave(const std::string& socket_id) {
  auto where = room_of_.find(socket_id);
  if (where == room_of_.end()) return;
  auto it = rooms_.find(where->second);
  room_of_.erase(where);
  if (it == rooms_.end()) return;
  auto& members = it->second.members;
  members.erase(
      std::remove_if(members.begin(), members.end(), [&](const Member& m) { return m.socket_id == socket_id; }),
      members.end());
  auto& ids = it->second.ids;
  ids.erase(std::remove(ids.begin(), ids.end(), socket_id), ids.end());
  if (members.empty()) {
    rooms_.erase(it);
    return;
  }
  send_all(it->second, "user-left", json::array({socket_id}));
}

std::size_t LegacyRooms::member_count(const std::string& code) const {
  auto it = rooms_.find(code);
  return it == rooms_.end() ? 0 : it->second.members.size();
}

std::optional<std::string> LegacyRooms::room_of(const std::string& socket_id) const {
  auto it = room_of_.find(socket_id);
  if (it == room_of_.end()) return std::nullopt;
  return it->second;
}

LegacyRooms::Member* LegacyRooms::find_member(const std::string& socket_id, Room** room_out) {
  auto where = room_of_.find(socket_id);
  if (where == room_of_.end()) return nullptr;
  auto it = rooms_.find(where->second);
  if (it == rooms_.end()) return nullptr;
  for (auto& m : it->second.members) {
    if (m.socket_id == socket_id) {
      if (room_out) *room_out = &it->second;
      return &m;
    }
  }
  return nullptr;
}

void LegacyRooms::send_all(const Room& room, const std::string& event, const json& args) {
  out_.send_to_each(room.ids, event, args);  // encoded once for the whole room
}

}  // namespace parley::rooms
