#pragma once
// The meetings in progress on this node and which socket is in which: one entry per meeting code (its
// state behind its own mutex) and one binding per socket (meeting code + participant or lobby id).
//
// Lock order: a meeting's mutex may be held while calling into the directory (whose own mutex is a
// leaf); the directory never locks a meeting. A meeting forgotten while someone still holds it is
// marked `closed`: whoever finds it so must look the code up again.
#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "rooms/Limits.hpp"
#include "rooms/Meeting.hpp"
#include "rooms/Outbox.hpp"

namespace parley::rooms {

struct LiveMeeting {
  LiveMeeting(MeetingInfo info, RoomLimits limits, Outbox& out, SfuMembership* sfu, const IceServerProvider* ice)
      : meeting(std::move(info), limits, out, {}, sfu, ice) {}
  std::mutex mutex;
  Meeting meeting;
  bool closed = false;  // guarded by `mutex`
};

class MeetingDirectory {
 public:
  struct Binding {
    std::string code;
    std::string id;  // participant id, or lobby id while waiting
  };

  // `sfu` (optional) is given to every meeting (see SfuMembership).
  MeetingDirectory(RoomLimits limits, Outbox& out, SfuMembership* sfu = nullptr)
      : limits_(limits), out_(out), sfu_(sfu) {}

  // Given to meetings created from now on (set before the first one, at install time).
  void set_ice_servers(const IceServerProvider* ice) { ice_ = ice; }

  std::shared_ptr<LiveMeeting> find(const std::string& code) const;
  std::shared_ptr<LiveMeeting> find_or_create(const MeetingInfo& info);
  std::vector<std::shared_ptr<LiveMeeting>> all() const;

  std::optional<Binding> binding(const std::string& socket_id) const;
  // The socket's meeting and id; throws forbidden "not_joined" when it is in none.
  std::pair<std::shared_ptr<LiveMeeting>, std::string> bound(const std::string& socket_id) const;
  void bind(const std::string& socket_id, Binding binding);
  void unbind(const std::string& socket_id);
  // Every socket bound to this participant (its place was taken back by a new socket).
  void unbind_participant(const std::string& code, const std::string& id);

  // With `live.mutex` held: marks it closed and removes it (and, with `unbind_all`, its sockets' bindings).
  void forget_locked(LiveMeeting& live, bool unbind_all);
  // Forgets everything (shutdown).
  void clear();

  std::size_t meeting_count() const;
  std::size_t socket_count() const;

 private:
  RoomLimits limits_;
  Outbox& out_;
  SfuMembership* sfu_;
  const IceServerProvider* ice_ = nullptr;
  mutable std::mutex mutex_;
  std::map<std::string, std::shared_ptr<LiveMeeting>> meetings_;
  std::map<std::string, Binding> bindings_;  // socket id -> meeting
};

}  // namespace parley::rooms
