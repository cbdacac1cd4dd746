#include "store/sqlite/SqliteStore.hpp"

#include "core/Error.hpp"
#include "store/Migration.hpp"
#include "store/Time.hpp"

namespace parley::store::sqlite {

namespace {

constexpr std::string_view kUserColumns = "id, name, username, password_hash, created_at";

User read_user(const Statement& s, int first = 0) {
  return User{s.integer(first), s.text(first + 1), s.text(first + 2), s.text(first + 3),
              from_millis(s.integer(first + 4))};
}

constexpr std::string_view kMeetingSelect =
    "SELECT m.id, m.code, m.title, m.host_user_id, u.name, m.created_at, m.guests_allowed, m.lobby, "
    "m.password_hash, m.locked, m.ended_at, m.mode FROM meetings m JOIN users u ON u.id = m.host_user_id ";

Meeting read_meeting(const Statement& s) {
  Meeting m;
  m.id = s.integer(0);
  m.code = s.text(1);
  m.title = s.text(2);
  m.host_user_id = s.integer(3);
  m.host_name = s.text(4);
  m.created_at = from_millis(s.integer(5));
  m.settings.guests_allowed = s.boolean(6);
  m.settings.lobby = s.boolean(7);
  m.settings.password_hash = s.optional_text(8);
  m.settings.locked = s.boolean(9);
  if (auto ended = s.optional_integer(10)) m.ended_at = from_millis(*ended);
  m.settings.mode = s.text(11);
  return m;
}

bool is_unique_violation(const core::Error& e) {
  return e.kind() == core::ErrorKind::conflict && e.code() == "constraint_violation";
}

}  // namespace

SqliteStore::SqliteStore(std::filesystem::path file, std::size_t connections)
    : file_(std::move(file)), pool_(connections, [this] { return std::make_unique<Connection>(file_); }) {
  migrate();
}

void SqliteStore::migrate() {
  auto conn = pool_.acquire();
  conn->exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
      "applied_at INTEGER NOT NULL)");
  for (const auto& migration : sqlite_migrations()) {
    WriteTransaction tx(*conn);
    auto check = conn->prepare("SELECT 1 FROM schema_migrations WHERE version = ?");
    check.bind(1, static_cast<std::int64_t>(migration.version));
    if (check.step()) continue;
    conn->exec(migration.sql);
    conn->prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)")
        .bind(1, static_cast<std::int64_t>(migration.version))
        .bind(2, migration.name)
        .bind(3, to_millis(Clock::now()))
        .run();
    tx.commit();
  }
}

int SqliteStore::schema_version() {
  auto conn = pool_.acquire();
  auto s = conn->prepare("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
  s.step();
  return static_cast<int>(s.integer(0));
}

User SqliteStore::create_user(const NewUser& user) {
  auto conn = pool_.acquire();
  try {
    conn->prepare("INSERT INTO users (name, username, password_hash, created_at) VALUES (?, ?, ?, ?)")
        .bind(1, std::string_view(user.name))
        .bind(2, std::string_view(user.username))
        .bind(3, std::string_view(user.password_hash))
        .bind(4, to_millis(user.created_at))
        .run();
  } catch (const core::Error& e) {
    if (is_unique_violation(e)) throw core::conflict("username_taken", "This username is already taken.");
    throw;
  }
  return User{conn->last_insert_id(), user.name, user.username, user.password_hash,
              from_millis(to_millis(user.created_at))};
}

std::optional<User> SqliteStore::find_user(Id id) {
  auto conn = pool_.acquire();
  auto s = conn->prepare("SELECT " + std::string(kUserColumns) + " FROM users WHERE id = ?");
  s.bind(1, id);
  if (!s.step()) return std::nullopt;
  return read_user(s);
}

std::optional<User> SqliteStore::find_user_by_username(std::string_view lowercased_username) {
  auto conn = pool_.acquire();
  auto s = conn->prepare("SELECT " + std::string(kUserColumns) + " FROM users WHERE username = ?");
  s.bind(1, lowercased_username);
  if (!s.step()) return std::nullopt;
  return read_user(s);
}

void SqliteStore::create_session(const NewSession& session) {
  auto conn = pool_.acquire();
  conn->prepare(
          "INSERT INTO sessions (token_hash, user_id, created_at, last_used_at, expires_at) VALUES (?, ?, ?, ?, ?)")
      .bind(1, std::string_view(session.token_hash))
      .bind(2, session.user_id)
      .bind(3, to_millis(session.created_at))
      .bind(4, to_millis(session.created_at))
      .bind(5, to_millis(session.expires_at))
      .run();
}

std::optional<User> SqliteStore::use_session(std::string_view token_hash, TimePoint now, TimePoint new_expiry) {
  auto conn = pool_.acquire();
  conn->prepare(
          "UPDATE sessions SET last_used_at = ?, expires_at = ? "
          "WHERE token_hash = ? AND revoked_at IS NULL AND expires_at > ?")
      .bind(1, to_millis(now))
      .bind(2, to_millis(new_expiry))
      .bind(3, token_hash)
      .bind(4, to_millis(now))
      .run();
  if (conn->changes() != 1) return std::nullopt;
  auto s = conn->prepare(
      "SELECT u.id, u.name, u.username, u.password_hash, u.created_at FROM sessions s "
      "JOIN users u ON u.id = s.user_id WHERE s.token_hash = ? AND s.revoked_at IS NULL");
  s.bind(1, token_hash);
  if (!s.step()) return std::nullopt;
  return read_user(s);
}

bool SqliteStore::revoke_session(std::string_view token_hash, TimePoint now) {
  auto conn = pool_.acquire();
  conn->prepare("UPDATE sessions SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL AND expires_at > ?")
      .bind(1, to_millis(now))
      .bind(2, token_hash)
      .bind(3, to_millis(now))
      .run();
  return conn->changes() == 1;
}

Meeting SqliteStore::create_meeting(const NewMeeting& meeting) {
  auto conn = pool_.acquire();
  try {
    conn->prepare(
            "INSERT INTO meetings (code, title, host_user_id, created_at, guests_allowed, lobby, password_hash, "
            "locked, mode) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .bind(1, std::string_view(meeting.code))
        .bind(2, std::string_view(meeting.title))
        .bind(3, meeting.host_user_id)
        .bind(4, to_millis(meeting.created_at))
        .bind(5, meeting.settings.guests_allowed)
        .bind(6, meeting.settings.lobby)
        .bind(7, meeting.settings.password_hash)
        .bind(8, meeting.settings.locked)
        .bind(9, std::string_view(meeting.settings.mode))
        .run();
  } catch (const core::Error& e) {
    if (is_unique_violation(e)) throw core::conflict("meeting_code_taken", "This meeting code is already in use.");
    throw;
  }
  auto found = find_meeting_on(*conn, meeting.code);
  if (!found) throw core::Error(core::ErrorKind::internal, "database_error", "meeting vanished after insert");
  return *found;
}

std::optional<Meeting> SqliteStore::find_meeting_on(Connection& conn, std::string_view code) {
  auto s = conn.prepare(std::string(kMeetingSelect) + "WHERE m.code = ?");
  s.bind(1, code);
  if (!s.step()) return std::nullopt;
  return read_meeting(s);
}

std::optional<Meeting> SqliteStore::find_meeting(std::string_view code) {
  auto conn = pool_.acquire();
  return find_meeting_on(*conn, code);
}

std::optional<Meeting> SqliteStore::update_meeting(std::string_view code, const MeetingUpdate& update) {
  auto conn = pool_.acquire();
  WriteTransaction tx(*conn);
  // COALESCE keeps a column when its parameter is NULL; the password has its own "change" flag since
  // NULL is also a value it may take.
  auto s = conn->prepare(
      "UPDATE meetings SET title = COALESCE(?, title), guests_allowed = COALESCE(?, guests_allowed), "
      "lobby = COALESCE(?, lobby), locked = COALESCE(?, locked), "
      "password_hash = CASE WHEN ? THEN ? ELSE password_hash END WHERE code = ?");
  s.bind(1, update.title);
  auto opt_bool = [](const std::optional<bool>& b) -> std::optional<std::int64_t> {
    if (!b) return std::nullopt;
    return static_cast<std::int64_t>(*b);
  };
  s.bind(2, opt_bool(update.guests_allowed));
  s.bind(3, opt_bool(update.lobby));
  s.bind(4, opt_bool(update.locked));
  s.bind(5, update.password_hash.has_value());
  s.bind(6, update.password_hash ? *update.password_hash : std::optional<std::string>());
  s.bind(7, code);
  s.run();
  if (conn->changes() != 1) return std::nullopt;
  auto found = find_meeting_on(*conn, code);
  tx.commit();
  return found;
}

bool SqliteStore::set_meeting_locked(std::string_view code, bool locked) {
  auto conn = pool_.acquire();
  conn->prepare("UPDATE meetings SET locked = ? WHERE code = ?").bind(1, locked).bind(2, code).run();
  return conn->changes() == 1;
}

bool SqliteStore::end_meeting(std::string_view code, TimePoint at) {
  auto conn = pool_.acquire();
  conn->prepare("UPDATE meetings SET ended_at = COALESCE(ended_at, ?) WHERE code = ?")
      .bind(1, to_millis(at))
      .bind(2, code)
      .run();
  return conn->changes() == 1;
}

Id SqliteStore::start_participation(const NewParticipation& p) {
  auto conn = pool_.acquire();
  conn->prepare("INSERT INTO participations (meeting_id, user_id, guest_name, joined_at) VALUES (?, ?, ?, ?)")
      .bind(1, p.meeting_id)
      .bind(2, p.user_id)
      .bind(3, p.guest_name)
      .bind(4, to_millis(p.joined_at))
      .run();
  return conn->last_insert_id();
}

void SqliteStore::end_participation(Id participation_id, TimePoint left_at) {
  auto conn = pool_.acquire();
  conn->prepare("UPDATE participations SET left_at = ? WHERE id = ? AND left_at IS NULL")
      .bind(1, to_millis(left_at))
      .bind(2, participation_id)
      .run();
}

std::vector<HistoryEntry> SqliteStore::meeting_history(Id user_id, std::size_t limit, std::optional<TimePoint> before) {
  auto conn = pool_.acquire();
  auto s = conn->prepare(
      "SELECT p.id, m.code, m.title, m.host_user_id, u.name, p.joined_at, p.left_at, m.ended_at "
      "FROM participations p JOIN meetings m ON m.id = p.meeting_id JOIN users u ON u.id = m.host_user_id "
      "WHERE p.user_id = ? AND p.joined_at < ? ORDER BY p.joined_at DESC, p.id DESC LIMIT ?");
  s.bind(1, user_id);
  s.bind(2, before ? to_millis(*before) : std::numeric_limits<std::int64_t>::max());
  s.bind(3, static_cast<std::int64_t>(limit));
  std::vector<HistoryEntry> out;
  while (s.step()) {
    HistoryEntry e;
    e.participation_id = s.integer(0);
    e.code = s.text(1);
    e.title = s.text(2);
    e.host_user_id = s.integer(3);
    e.host_name = s.text(4);
    e.joined_at = from_millis(s.integer(5));
    if (auto left = s.optional_integer(6)) e.left_at = from_millis(*left);
    if (auto ended = s.optional_integer(7)) e.meeting_ended_at = from_millis(*ended);
    out.push_back(std::move(e));
  }
  return out;
}

StoredChatMessage SqliteStore::add_chat_message(const NewChatMessage& m) {
  auto conn = pool_.acquire();
  conn->prepare(
          "INSERT INTO chat_messages (meeting_id, sender_user_id, guest_name, sender_name, body, sent_at) "
          "VALUES (?, ?, ?, ?, ?, ?)")
      .bind(1, m.meeting_id)
      .bind(2, m.sender_user_id)
      .bind(3, m.guest_name)
      .bind(4, std::string_view(m.sender_name))
      .bind(5, std::string_view(m.text))
      .bind(6, to_millis(m.at))
      .run();
  return StoredChatMessage{conn->last_insert_id(), from_millis(to_millis(m.at))};
}

std::vector<ChatMessage> SqliteStore::recent_chat(Id meeting_id, std::size_t limit) {
  auto conn = pool_.acquire();
  auto s = conn->prepare(
      "SELECT id, meeting_id, sender_user_id, guest_name, sender_name, body, sent_at FROM ("
      " SELECT * FROM chat_messages WHERE meeting_id = ? ORDER BY id DESC LIMIT ?) ORDER BY id ASC");
  s.bind(1, meeting_id);
  s.bind(2, static_cast<std::int64_t>(limit));
  std::vector<ChatMessage> out;
  while (s.step()) {
    out.push_back(ChatMessage{s.integer(0), s.integer(1), s.optional_integer(2), s.optional_text(3), s.text(4),
                              s.text(5), from_millis(s.integer(6))});
  }
  return out;
}

void SqliteStore::add_legacy_activity(const LegacyActivity& a) {
  auto conn = pool_.acquire();
  conn->prepare("INSERT INTO legacy_activity (user_id, meeting_code, at) VALUES (?, ?, ?)")
      .bind(1, a.user_id)
      .bind(2, std::string_view(a.meeting_code))
      .bind(3, to_millis(a.at))
      .run();
}

std::vector<LegacyActivity> SqliteStore::legacy_activity(Id user_id, std::size_t limit) {
  auto conn = pool_.acquire();
  auto s =
      conn->prepare("SELECT user_id, meeting_code, at FROM legacy_activity WHERE user_id = ? ORDER BY id DESC LIMIT ?");
  s.bind(1, user_id);
  s.bind(2, static_cast<std::int64_t>(limit));
  std::vector<LegacyActivity> out;
  while (s.step()) out.push_back(LegacyActivity{s.integer(0), s.text(1), from_millis(s.integer(2))});
  return out;
}

}  // namespace parley::store::sqlite
