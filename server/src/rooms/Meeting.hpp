#pragma once
// One meeting in progress: its participants, their roles and media state, the lobby queue, host
// controls, the signalling relay between members, chat fan-out, and reconnect-grace bookkeeping.
//
// Pure state: no I/O, no locks, no clock of its own (callers pass `now`). Events go out through the
// Outbox; refusals are thrown as core::Error with the machine code the client sees in its ack. The
// owner (MeetingDirectory) serializes calls with the meeting's mutex.
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rooms/IceServers.hpp"
#include "rooms/Limits.hpp"
#include "rooms/Outbox.hpp"
#include "rooms/Participant.hpp"
#include "rooms/Payloads.hpp"
#include "rooms/SfuMembership.hpp"

namespace parley::rooms {

// The stored meeting as far as a live meeting needs it (from store::Meeting).
struct MeetingInfo {
  std::int64_t id = 0;
  std::string code;
  std::string title;
  std::int64_t host_user_id = 0;
  bool guests_allowed = true;
  bool lobby = false;
  bool locked = false;
  bool has_password = false;
  bool ended = false;
  bool sfu_from_start = false;  // created with mode 'sfu' (REST): no mesh phase
};

enum class MeetingMode { mesh, sfu };
std::string_view to_string(MeetingMode mode) noexcept;

struct JoinAttempt {
  Identity who;
  std::string socket_id;
  std::optional<std::string> resume_token;
  bool password_given = false;
  bool password_ok = false;  // checked by the caller (bcrypt blocks) against the stored hash
};

struct JoinOutcome {
  enum class Kind { joined, resumed, waiting } kind = Kind::joined;
  std::string id;  // participant id (joined, resumed) or lobby id (waiting)
};

class Meeting {
 public:
  using IdSource = std::function<std::string()>;
  // make_id: random ids for participants and resume tokens (injectable for tests). `sfu` hears who is
  // in the SFU while the meeting is in sfu mode (null: nobody listens, e.g. units). `ice` gives the ICE
  // servers for the SFU sent with meeting:mode (null: none sent).
  Meeting(MeetingInfo info, RoomLimits limits, Outbox& out, IdSource make_id = {}, SfuMembership* sfu = nullptr,
          const IceServerProvider* ice = nullptr);

  const MeetingInfo& info() const noexcept { return info_; }
  // Takes the stored settings that may have changed (title, guests, lobby, password) and keeps the live
  // lock state, which this meeting writes through to the store itself.
  void refresh(const MeetingInfo& stored);
  // mesh until a join or admission would make the meeting larger than the mesh limit, then sfu for the
  // rest of this live meeting (one-way); sfu from the start for meetings created so. Always mesh without
  // the SFU (limits.sfu false).
  MeetingMode mode() const noexcept { return sfu_mode_ ? MeetingMode::sfu : MeetingMode::mesh; }

  // Decides a join. Refusals throw core::Error: meeting_ended, meeting_locked, password_required,
  // wrong_password, guests_not_allowed, meeting_full (the order in which they are checked). A join past
  // the mesh limit switches the meeting to sfu first (meeting:mode {mode: "sfu"} to everyone in it). A valid
  // resume token for a participant within its grace reclaims that place (new socket, same id and role).
  // With the lobby on, non-hosts wait: hosts get lobby:request {id, name}. Tells nobody else about a
  // joined participant: call announce() once the joiner has its answer, so that its answer is the first
  // thing it hears about the meeting.
  JoinOutcome join(const JoinAttempt& attempt, SteadyTime now);
  // participant:joined to the others (participant:updated for a resumed one), and pending lobby
  // requests to a host.
  void announce(const std::string& participant_id, bool resumed);
  // The joined answer without `chat` and `iceServers` (the caller adds those): {status, self,
  // participants (the others), mode, meeting}.
  nlohmann::json joined_payload(const std::string& participant_id) const;
  // Replayed chat: {id, from, name, text, at}. `from` is the author's participant id when it was sent in
  // this meeting session, else a stable sender key ("user:<id>" or "guest:<name>").
  std::string chat_author_key(std::int64_t message_id, std::optional<std::int64_t> user_id,
                              const std::optional<std::string>& guest_name) const;

  // Leaving (meeting:leave, or a socket that joined another meeting): participant:left {id, reason} to
  // the others. Returns the removed participant (its participations row needs a `left` time).
  std::optional<Participant> leave(const std::string& participant_id, std::string_view reason);
  // A dropped connection: a participant keeps its place (others are not told) until expire(); a lobby
  // entry is dropped at once (hosts get participant:left {id, reason: "left_lobby"}).
  void socket_dropped(const std::string& socket_id, SteadyTime now);
  // Participants whose grace ended before `now`: removed, participant:left {id, reason: "timeout"}.
  std::vector<Participant> expire(SteadyTime now);

  // Member actions. Each throws core::Error for a refusal.
  void relay_signal(const std::string& from_id, const SignalRequest& signal);
  void check_chat_rate(const std::string& participant_id, SteadyTime now);
  // chat:message to every connected participant, sender included.
  void deliver_chat(const std::string& from_id, std::int64_t message_id, const nlohmann::json& message);
  void update_media(const std::string& participant_id, const MediaUpdate& update);
  void react(const std::string& participant_id, const std::string& emoji, SteadyTime now);

  // Host actions (refused with forbidden "not_host" for others).
  void mute(const std::string& host_id, const std::string& target_id);
  Participant remove(const std::string& host_id, const std::string& target_id);
  void promote(const std::string& host_id, const std::string& target_id);
  // True when the state changed (the caller writes it through to the store).
  bool set_locked(const std::string& host_id, bool locked);
  void require_host(const std::string& participant_id) const;
  // Admits a lobby entry as a participant (still to be told with lobby:admitted, then announce()).
  std::string admit(const std::string& host_id, const std::string& lobby_id);
  void deny(const std::string& host_id, const std::string& lobby_id);
  // meeting:ended {reason} to everyone, lobby included. Returns the participants (for their rows).
  std::vector<Participant> end(std::string_view reason);

  const Participant* find(const std::string& participant_id) const;
  const LobbyEntry* find_waiting(const std::string& lobby_id) const;
  std::size_t participant_count() const noexcept { return participants_.size(); }
  std::size_t waiting_count() const noexcept { return lobby_.size(); }
  bool empty() const noexcept { return participants_.empty() && lobby_.empty(); }
  bool ended() const noexcept { return info_.ended; }
  void set_participation(const std::string& participant_id, std::int64_t participation_id);

 private:
  Participant& member(const std::string& participant_id);
  const Participant& member(const std::string& participant_id) const;
  Participant& admit_participant(std::string id, std::string socket_id, const Identity& who, Role role);
  // Before one more participant comes in: switches to sfu when it would exceed the mesh limit.
  void make_room_for_one();
  Role role_for(const Identity& who) const;
  void send(const Participant& p, const std::string& event, nlohmann::json payload);
  void send_to_others(const std::string& except_id, const std::string& event, const nlohmann::json& payload);
  void send_to_all(const std::string& event, const nlohmann::json& payload);
  void send_to_hosts(const std::string& event, const nlohmann::json& payload);
  nlohmann::json settings_json() const;

  MeetingInfo info_;
  RoomLimits limits_;
  Outbox& out_;
  IdSource make_id_;
  SfuMembership* sfu_ = nullptr;
  const IceServerProvider* ice_ = nullptr;
  bool sfu_mode_ = false;
  std::map<std::string, Participant> participants_;
  std::vector<std::string> order_;  // participant ids in join order (roster order)
  std::deque<LobbyEntry> lobby_;
  std::deque<std::pair<std::int64_t, std::string>> chat_authors_;  // message id -> participant id
};

}  // namespace parley::rooms
