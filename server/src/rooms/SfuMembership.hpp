#pragma once
// What a meeting in sfu mode tells the SFU side about who is in it: the meeting calls these as its
// participants come, move to a new socket (resume) and go, so that every way out of a meeting (leave,
// removal, timeout, end) reaches the SFU. A room is a live meeting (its code); a participant is its
// participant id.
//
// Called under the meeting's mutex: implementations must not block (post work elsewhere) and must not
// call back into the meeting.
#include <string>

namespace parley::rooms {

class SfuMembership {
 public:
  virtual ~SfuMembership() = default;
  // A participant entered the SFU (joined or admitted in sfu mode, or present when the meeting switched).
  virtual void joined(const std::string& room, const std::string& participant, const std::string& socket_id) = 0;
  // The participant resumed on a new socket: it keeps its place in the SFU.
  virtual void moved(const std::string& room, const std::string& participant, const std::string& socket_id) = 0;
  virtual void left(const std::string& room, const std::string& participant) = 0;
  // The live meeting is over or forgotten: everyone in the room is gone.
  virtual void closed(const std::string& room) = 0;
};

}  // namespace parley::rooms
