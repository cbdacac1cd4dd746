#pragma once
// The original client's event set (join-call, signal, chat-message, user-joined, user-left), in a space
// of rooms separate from native meetings. Peers are named by socket id, as the original expects. Unlike
// the original: signals reach only members of the sender's room; the sender id is stamped by the server;
// chat is length- and rate-limited and its history is bounded and forgotten when the room empties; a
// trailing slash or query string does not make a different room; rooms have the same size cap as
// meetings.
//
// Pure state like Meeting: callers serialize access (one mutex for the whole legacy space).
#include <deque>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "rooms/Limits.hpp"
#include "rooms/Outbox.hpp"
#include "rooms/Participant.hpp"
#include "rooms/Payloads.hpp"

namespace parley::rooms {

class LegacyRooms {
 public:
  LegacyRooms(RoomLimits limits, Outbox& out) : limits_(limits), out_(out) {}

  // join-call(path): leaves any previous room, joins `code`; everyone in the room (joiner included) gets
  // user-joined(newId, allIds), then the joiner gets the history as chat-message(data, sender, senderId).
  // Throws meeting_full when the room is at its cap. `name` is the server-decided display name, if any.
  void join(const std::string& socket_id, const std::string& code, std::optional<std::string> name);
  // signal(toId, message) -> signal(fromId, message), only between members of one room.
  void signal(const std::string& from_socket, const LegacySignal& signal);
  // chat-message(data, sender) -> chat-message(data, name, senderId) to every member.
  void chat(const std::string& from_socket, const LegacyChat& chat, SteadyTime now);
  // Disconnect: user-left(id) to the rest; an empty room is forgotten with its history.
  void leave(const std::string& socket_id);

  std::size_t room_count() const noexcept { return rooms_.size(); }
  std::size_t member_count(const std::string& code) const;
  std::optional<std::string> room_of(const std::string& socket_id) const;

 private:
  struct Member {
    std::string socket_id;
    std::optional<std::string> name;  // server-decided (token or guestName at CONNECT)
    RateLimiter chat;
  };
  struct Line {
    std::string text, sender, sender_id;
  };
  struct Room {
    std::vector<Member> members;   // in join order
    std::vector<std::string> ids;  // the members' socket ids, same order: the recipients of send_all
    std::deque<Line> history;
  };
  Member* find_member(const std::string& socket_id, Room** room = nullptr);
  void send_all(const Room& room, const std::string& event, const nlohmann::json& args);

  RoomLimits limits_;
  Outbox& out_;
  std::map<std::string, Room> rooms_;
  std::map<std::string, std::string> room_of_;  // socket id -> code
};

}  // namespace parley::rooms
