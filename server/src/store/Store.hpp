#pragma once
// The persistence interface the services use (auth/, api/, rooms/). Two implementations share it and
// one test suite: SQLite (embedded default) and PostgreSQL. Every method blocks: call it through
// core::BlockingPool, never on an I/O thread. Implementations are safe to call from several threads
// at once. Failures throw core::Error (conflict "username_taken" / "meeting_code_taken",
// unavailable "database_unavailable"); "not found" is an empty optional or `false`.
//
// Times are std::chrono::system_clock points stored with millisecond precision (UTC).
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parley::store {

using Clock = std::chrono::system_clock;
using TimePoint = Clock::time_point;
using Id = std::int64_t;

struct User {
  Id id = 0;
  std::string name;
  std::string username;  // stored lowercased; unique
  std::string password_hash;
  TimePoint created_at;
};

struct NewUser {
  std::string name;
  std::string username;  // the caller lowercases it
  std::string password_hash;
  TimePoint created_at;
};

struct NewSession {
  std::string token_hash;  // SHA-256 of the token, hex; the token itself is never stored
  Id user_id = 0;
  TimePoint created_at;
  TimePoint expires_at;
};

struct MeetingSettings {
  bool guests_allowed = true;
  bool lobby = false;
  std::optional<std::string> password_hash;  // bcrypt; empty optional: no password
  bool locked = false;
  std::string mode = "auto";  // "auto" (mesh, then the SFU past the mesh limit) or "sfu" (from the start)
};

struct Meeting {
  Id id = 0;
  std::string code;  // "abc-defg-hij"
  std::string title;
  Id host_user_id = 0;
  std::string host_name;  // the host's display name (joined from users)
  TimePoint created_at;
  MeetingSettings settings;
  std::optional<TimePoint> ended_at;

  bool ended() const noexcept { return ended_at.has_value(); }
};

struct NewMeeting {
  std::string code;
  std::string title;
  Id host_user_id = 0;
  MeetingSettings settings;
  TimePoint created_at;
};

// A partial update: only the fields that hold a value change.
struct MeetingUpdate {
  std::optional<std::string> title;
  std::optional<bool> guests_allowed;
  std::optional<bool> lobby;
  std::optional<bool> locked;
  // Outer optional: change it or not; inner: the new hash, or empty to remove the password.
  std::optional<std::optional<std::string>> password_hash;
};

// Who attended: a signed-in user or a guest (exactly one of the two).
struct NewParticipation {
  Id meeting_id = 0;
  std::optional<Id> user_id;
  std::optional<std::string> guest_name;
  TimePoint joined_at;
};

// One row of a user's meeting history (one per participation).
struct HistoryEntry {
  Id participation_id = 0;
  std::string code;
  std::string title;
  Id host_user_id = 0;
  std::string host_name;
  TimePoint joined_at;
  std::optional<TimePoint> left_at;
  std::optional<TimePoint> meeting_ended_at;
};

struct NewChatMessage {
  Id meeting_id = 0;
  std::optional<Id> sender_user_id;       // a signed-in sender
  std::optional<std::string> guest_name;  // or a guest
  std::string sender_name;                // the display name the server decided
  std::string text;
  TimePoint at;
};

struct ChatMessage {
  Id id = 0;
  Id meeting_id = 0;
  std::optional<Id> sender_user_id;
  std::optional<std::string> guest_name;
  std::string sender_name;
  std::string text;
  TimePoint at;
};

struct StoredChatMessage {
  Id id = 0;
  TimePoint at;
};

// What the legacy POST /api/v1/users/add_to_activity recorded (a click, not an attendance: kept apart
// from participations so that it never shows in the real history).
struct LegacyActivity {
  Id user_id = 0;
  std::string meeting_code;
  TimePoint at;
};

class Store {
 public:
  virtual ~Store() = default;

  // Users. create_user throws conflict "username_taken" when the (lowercased) username exists.
  virtual User create_user(const NewUser& user) = 0;
  virtual std::optional<User> find_user(Id id) = 0;
  virtual std::optional<User> find_user_by_username(std::string_view lowercased_username) = 0;

  // Sessions (many per user). use_session returns the session's user when the session exists, is not
  // revoked and has not expired at `now`; it then records the use and slides the expiry to `new_expiry`.
  virtual void create_session(const NewSession& session) = 0;
  virtual std::optional<User> use_session(std::string_view token_hash, TimePoint now, TimePoint new_expiry) = 0;
  // True when a live session was revoked.
  virtual bool revoke_session(std::string_view token_hash, TimePoint now) = 0;

  // Meetings. create_meeting throws conflict "meeting_code_taken" on a code clash (the caller retries).
  virtual Meeting create_meeting(const NewMeeting& meeting) = 0;
  virtual std::optional<Meeting> find_meeting(std::string_view code) = 0;
  // Returns the updated meeting, or nothing when the code is unknown.
  virtual std::optional<Meeting> update_meeting(std::string_view code, const MeetingUpdate& update) = 0;
  virtual bool set_meeting_locked(std::string_view code, bool locked) = 0;
  // Marks it ended at `at` (once; a second call keeps the first time). False when the code is unknown.
  virtual bool end_meeting(std::string_view code, TimePoint at) = 0;

  // Participations: written when someone actually joins and leaves a meeting in progress.
  virtual Id start_participation(const NewParticipation& participation) = 0;
  virtual void end_participation(Id participation_id, TimePoint left_at) = 0;
  // The user's participations, newest joined first, joined strictly before `before` when given.
  virtual std::vector<HistoryEntry> meeting_history(Id user_id, std::size_t limit, std::optional<TimePoint> before) = 0;

  // Chat.
  virtual StoredChatMessage add_chat_message(const NewChatMessage& message) = 0;
  // The last `limit` messages of the meeting, oldest first.
  virtual std::vector<ChatMessage> recent_chat(Id meeting_id, std::size_t limit) = 0;

  // Legacy activity (original client's history page).
  virtual void add_legacy_activity(const LegacyActivity& activity) = 0;
  virtual std::vector<LegacyActivity> legacy_activity(Id user_id, std::size_t limit) = 0;
};

// Opens the store named by `database`: empty for SQLite at data_dir/parley.db, or a
// postgres:// / postgresql:// URL (an optional `schema=name` query parameter selects, and creates, a
// schema). Applies pending migrations before returning. Throws core::Error on failure.
std::unique_ptr<Store> open_store(const std::string& database, const std::filesystem::path& data_dir,
                                  std::size_t pool_size);

}  // namespace parley::store
