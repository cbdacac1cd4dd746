#include "store/postgres/PostgresStore.hpp"

#include <spdlog/spdlog.h>

#include <pqxx/except>
#include <pqxx/nontransaction>
#include <pqxx/result>

#include "core/Error.hpp"
#include "store/Migration.hpp"
#include "store/Time.hpp"

namespace parley::store::postgres {

namespace {

// libpqxx 6.4 treats a null const char* as SQL NULL.
const char* nullable(const std::optional<std::string>& value) {
  return value ? value->c_str() : nullptr;
}

std::optional<std::string> nullable_number(const std::optional<std::int64_t>& value) {
  if (!value) return std::nullopt;
  return std::to_string(*value);
}

std::optional<std::string> nullable_bool(const std::optional<bool>& value) {
  if (!value) return std::nullopt;
  return std::string(*value ? "true" : "false");
}

std::optional<std::int64_t> optional_int(const pqxx::field& f) {
  if (f.is_null()) return std::nullopt;
  return f.as<std::int64_t>();
}

std::optional<std::string> optional_text(const pqxx::field& f) {
  if (f.is_null()) return std::nullopt;
  return f.as<std::string>();
}

User read_user(const pqxx::row& r) {
  return User{r[0].as<std::int64_t>(), r[1].as<std::string>(), r[2].as<std::string>(), r[3].as<std::string>(),
              from_millis(r[4].as<std::int64_t>())};
}

const std::string kUserSelect = "SELECT id, name, username, password_hash, created_at FROM users ";

const std::string kMeetingSelect =
    "SELECT m.id, m.code, m.title, m.host_user_id, u.name, m.created_at, m.guests_allowed, m.lobby, "
    "m.password_hash, m.locked, m.ended_at, m.mode FROM meetings m JOIN users u ON u.id = m.host_user_id ";

Meeting read_meeting(const pqxx::row& r) {
  Meeting m;
  m.id = r[0].as<std::int64_t>();
  m.code = r[1].as<std::string>();
  m.title = r[2].as<std::string>();
  m.host_user_id = r[3].as<std::int64_t>();
  m.host_name = r[4].as<std::string>();
  m.created_at = from_millis(r[5].as<std::int64_t>());
  m.settings.guests_allowed = r[6].as<bool>();
  m.settings.lobby = r[7].as<bool>();
  m.settings.password_hash = optional_text(r[8]);
  m.settings.locked = r[9].as<bool>();
  if (auto ended = optional_int(r[10])) m.ended_at = from_millis(*ended);
  m.settings.mode = r[11].as<std::string>();
  return m;
}

bool valid_schema_name(const std::string& s) {
  if (s.empty() || s.size() > 63) return false;
  if (!(s[0] >= 'a' && s[0] <= 'z') && s[0] != '_') return false;
  for (char c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

}  // namespace

PostgresTarget parse_postgres_url(const std::string& url) {
  PostgresTarget target{url, ""};
  const auto q = url.find('?');
  if (q == std::string::npos) return target;
  std::string kept;
  std::string_view rest(url);
  rest.remove_prefix(q + 1);
  while (!rest.empty()) {
    const auto amp = rest.find('&');
    const std::string_view pair = rest.substr(0, amp);
    if (pair.starts_with("schema=")) {
      target.schema = std::string(pair.substr(7));
    } else if (!pair.empty()) {
      if (!kept.empty()) kept += '&';
      kept += pair;
    }
    if (amp == std::string_view::npos) break;
    rest.remove_prefix(amp + 1);
  }
  target.connection_url = url.substr(0, q) + (kept.empty() ? "" : "?" + kept);
  if (q != std::string::npos && !target.schema.empty() && !valid_schema_name(target.schema)) {
    throw core::bad_request("invalid_database_url", "The schema name must be 1..63 of [a-z0-9_].");
  }
  return target;
}

PostgresStore::PostgresStore(const std::string& url, std::size_t connections)
    : target_(parse_postgres_url(url)), pool_(connections, [this] { return connect(); }) {
  migrate();
}

std::unique_ptr<pqxx::connection> PostgresStore::connect() const {
  try {
    auto conn = std::make_unique<pqxx::connection>(target_.connection_url);
    if (!target_.schema.empty()) {
      pqxx::nontransaction tx(*conn);
      tx.exec("SET search_path TO " + tx.quote_name(target_.schema));
    }
    return conn;
  } catch (const pqxx::broken_connection& e) {
    spdlog::error("postgres connection failed: {}", e.what());
    throw core::Error(core::ErrorKind::unavailable, "database_unavailable", "The database is unavailable.");
  }
}

template <class Fn>
auto PostgresStore::transact(Fn&& fn) {
  auto conn = pool_.acquire();
  try {
    pqxx::work tx(*conn);
    if constexpr (std::is_void_v<decltype(fn(tx))>) {
      fn(tx);
      tx.commit();
    } else {
      auto result = fn(tx);
      tx.commit();
      return result;
    }
  } catch (const pqxx::broken_connection& e) {
    conn.discard();
    spdlog::error("postgres connection lost: {}", e.what());
    throw core::Error(core::ErrorKind::unavailable, "database_unavailable", "The database is unavailable.");
  } catch (const pqxx::in_doubt_error& e) {
    conn.discard();
    throw core::Error(core::ErrorKind::unavailable, "database_unavailable", "The database is unavailable.");
  } catch (const pqxx::unique_violation&) {
    throw core::Error(core::ErrorKind::conflict, "constraint_violation", "unique violation");
  } catch (const pqxx::sql_error& e) {
    throw core::Error(core::ErrorKind::internal, "database_error", std::string("postgres: ") + e.what());
  }
}

void PostgresStore::migrate() {
  auto conn = pool_.acquire();
  try {
    if (!target_.schema.empty()) {
      pqxx::work tx(*conn);
      tx.exec("CREATE SCHEMA IF NOT EXISTS " + tx.quote_name(target_.schema));
      tx.commit();
    }
    for (const auto& migration : postgres_migrations()) {
      pqxx::work tx(*conn);
      // Several servers starting at once on one database take turns here.
      tx.exec("SELECT pg_advisory_xact_lock(7310453)");
      tx.exec(
          "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
          "applied_at BIGINT NOT NULL)");
      if (!tx.exec_params("SELECT 1 FROM schema_migrations WHERE version = $1", migration.version).empty()) continue;
      tx.exec(std::string(migration.sql));
      tx.exec_params("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)", migration.version,
                     std::string(migration.name), to_millis(Clock::now()));
      tx.commit();
    }
  } catch (const pqxx::failure& e) {
    throw core::Error(core::ErrorKind::unavailable, "database_unavailable",
                      std::string("Cannot migrate the PostgreSQL schema: ") + e.what());
  }
}

int PostgresStore::schema_version() {
  return transact([](pqxx::work& tx) {
    return tx.exec("SELECT COALESCE(MAX(version), 0) FROM schema_migrations")[0][0].as<int>();
  });
}

User PostgresStore::create_user(const NewUser& user) {
  try {
    return transact([&](pqxx::work& tx) {
      auto r = tx.exec_params1(
          "INSERT INTO users (name, username, password_hash, created_at) VALUES ($1, $2, $3, $4) "
          "RETURNING id, name, username, password_hash, created_at",
          user.name, user.username, user.password_hash, to_millis(user.created_at));
      return read_user(r);
    });
  } catch (const core::Error& e) {
    if (e.code() == "constraint_violation") throw core::conflict("username_taken", "This username is already taken.");
    throw;
  }
}

std::optional<User> PostgresStore::find_user(Id id) {
  return transact([&](pqxx::work& tx) -> std::optional<User> {
    auto r = tx.exec_params(kUserSelect + "WHERE id = $1", id);
    if (r.empty()) return std::nullopt;
    return read_user(r[0]);
  });
}

std::optional<User> PostgresStore::find_user_by_username(std::string_view lowercased_username) {
  return transact([&](pqxx::work& tx) -> std::optional<User> {
    auto r = tx.exec_params(kUserSelect + "WHERE username = $1", std::string(lowercased_username));
    if (r.empty()) return std::nullopt;
    return read_user(r[0]);
  });
}

void PostgresStore::create_session(const NewSession& s) {
  transact([&](pqxx::work& tx) {
    tx.exec_params(
        "INSERT INTO sessions (token_hash, user_id, created_at, last_used_at, expires_at) "
        "VALUES ($1, $2, $3, $3, $4)",
        s.token_hash, s.user_id, to_millis(s.created_at), to_millis(s.expires_at));
  });
}

std::optional<User> PostgresStore::use_session(std::string_view token_hash, TimePoint now, TimePoint new_expiry) {
  return transact([&](pqxx::work& tx) -> std::optional<User> {
    auto r = tx.exec_params(
        "WITH s AS (UPDATE sessions SET last_used_at = $2, expires_at = $3 "
        " WHERE token_hash = $1 AND revoked_at IS NULL AND expires_at > $2 RETURNING user_id) "
        "SELECT u.id, u.name, u.username, u.password_hash, u.created_at FROM s JOIN users u ON u.id = s.user_id",
        std::string(token_hash), to_millis(now), to_millis(new_expiry));
    if (r.empty()) return std::nullopt;
    return read_user(r[0]);
  });
}

bool PostgresStore::revoke_session(std::string_view token_hash, TimePoint now) {
  return transact([&](pqxx::work& tx) {
    auto r = tx.exec_params(
        "UPDATE sessions SET revoked_at = $2 WHERE token_hash = $1 AND revoked_at IS NULL "
        "AND expires_at > $2",
        std::string(token_hash), to_millis(now));
    return r.affected_rows() == 1;
  });
}

Meeting PostgresStore::create_meeting(const NewMeeting& m) {
  try {
    return transact([&](pqxx::work& tx) {
      tx.exec_params(
          "INSERT INTO meetings (code, title, host_user_id, created_at, guests_allowed, lobby, "
          "password_hash, locked, mode) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
          m.code, m.title, m.host_user_id, to_millis(m.created_at), m.settings.guests_allowed, m.settings.lobby,
          nullable(m.settings.password_hash), m.settings.locked, m.settings.mode);
      return read_meeting(tx.exec_params1(kMeetingSelect + "WHERE m.code = $1", m.code));
    });
  } catch (const core::Error& e) {
    if (e.code() == "constraint_violation") {
      throw core::conflict("meeting_code_taken", "This meeting code is already in use.");
    }
    throw;
  }
}

std::optional<Meeting> PostgresStore::find_meeting(std::string_view code) {
  return transact([&](pqxx::work& tx) -> std::optional<Meeting> {
    auto r = tx.exec_params(kMeetingSelect + "WHERE m.code = $1", std::string(code));
    if (r.empty()) return std::nullopt;
    return read_meeting(r[0]);
  });
}

std::optional<Meeting> PostgresStore::update_meeting(std::string_view code, const MeetingUpdate& u) {
  const auto guests = nullable_bool(u.guests_allowed);
  const auto lobby = nullable_bool(u.lobby);
  const auto locked = nullable_bool(u.locked);
  const std::optional<std::string> password = u.password_hash ? *u.password_hash : std::nullopt;
  return transact([&](pqxx::work& tx) -> std::optional<Meeting> {
    auto r = tx.exec_params(
        "UPDATE meetings SET title = COALESCE($2, title), guests_allowed = COALESCE($3::boolean, guests_allowed), "
        "lobby = COALESCE($4::boolean, lobby), locked = COALESCE($5::boolean, locked), "
        "password_hash = CASE WHEN $6::boolean THEN $7 ELSE password_hash END WHERE code = $1",
        std::string(code), nullable(u.title), nullable(guests), nullable(lobby), nullable(locked),
        u.password_hash.has_value(), nullable(password));
    if (r.affected_rows() != 1) return std::nullopt;
    return read_meeting(tx.exec_params1(kMeetingSelect + "WHERE m.code = $1", std::string(code)));
  });
}

bool PostgresStore::set_meeting_locked(std::string_view code, bool locked) {
  return transact([&](pqxx::work& tx) {
    return tx.exec_params("UPDATE meetings SET locked = $2 WHERE code = $1", std::string(code), locked)
               .affected_rows() == 1;
  });
}

bool PostgresStore::end_meeting(std::string_view code, TimePoint at) {
  return transact([&](pqxx::work& tx) {
    return tx.exec_params("UPDATE meetings SET ended_at = COALESCE(ended_at, $2) WHERE code = $1", std::string(code),
                          to_millis(at))
               .affected_rows() == 1;
  });
}

Id PostgresStore::start_participation(const NewParticipation& p) {
  const auto user = nullable_number(p.user_id);
  return transact([&](pqxx::work& tx) {
    return tx
        .exec_params1(
            "INSERT INTO participations (meeting_id, user_id, guest_name, joined_at) "
            "VALUES ($1, $2::bigint, $3, $4) RETURNING id",
            p.meeting_id, nullable(user), nullable(p.guest_name), to_millis(p.joined_at))[0]
        .as<std::int64_t>();
  });
}

void PostgresStore::end_participation(Id participation_id, TimePoint left_at) {
  transact([&](pqxx::work& tx) {
    tx.exec_params("UPDATE participations SET left_at = $2 WHERE id = $1 AND left_at IS NULL", participation_id,
                   to_millis(left_at));
  });
}

std::vector<HistoryEntry> PostgresStore::meeting_history(Id user_id, std::size_t limit,
                                                         std::optional<TimePoint> before) {
  const std::int64_t cutoff = before ? to_millis(*before) : std::numeric_limits<std::int64_t>::max();
  return transact([&](pqxx::work& tx) {
    auto r = tx.exec_params(
        "SELECT p.id, m.code, m.title, m.host_user_id, u.name, p.joined_at, p.left_at, m.ended_at "
        "FROM participations p JOIN meetings m ON m.id = p.meeting_id JOIN users u ON u.id = m.host_user_id "
        "WHERE p.user_id = $1 AND p.joined_at < $2 ORDER BY p.joined_at DESC, p.id DESC LIMIT $3",
        user_id, cutoff, static_cast<std::int64_t>(limit));
    std::vector<HistoryEntry> out;
    for (const auto& row : r) {
      HistoryEntry e;
      e.participation_id = row[0].as<std::int64_t>();
      e.code = row[1].as<std::string>();
      e.title = row[2].as<std::string>();
      e.host_user_id = row[3].as<std::int64_t>();
      e.host_name = row[4].as<std::string>();
      e.joined_at = from_millis(row[5].as<std::int64_t>());
      if (auto left = optional_int(row[6])) e.left_at = from_millis(*left);
      if (auto ended = optional_int(row[7])) e.meeting_ended_at = from_millis(*ended);
      out.push_back(std::move(e));
    }
    return out;
  });
}

StoredChatMessage PostgresStore::add_chat_message(const NewChatMessage& m) {
  const auto sender = nullable_number(m.sender_user_id);
  return transact([&](pqxx::work& tx) {
    auto row = tx.exec_params1(
        "INSERT INTO chat_messages (meeting_id, sender_user_id, guest_name, sender_name, body, sent_at) "
        "VALUES ($1, $2::bigint, $3, $4, $5, $6) RETURNING id, sent_at",
        m.meeting_id, nullable(sender), nullable(m.guest_name), m.sender_name, m.text, to_millis(m.at));
    return StoredChatMessage{row[0].as<std::int64_t>(), from_millis(row[1].as<std::int64_t>())};
  });
}

std::vector<ChatMessage> PostgresStore::recent_chat(Id meeting_id, std::size_t limit) {
  return transact([&](pqxx::work& tx) {
    auto r = tx.exec_params(
        "SELECT id, meeting_id, sender_user_id, guest_name, sender_name, body, sent_at FROM ("
        " SELECT * FROM chat_messages WHERE meeting_id = $1 ORDER BY id DESC LIMIT $2) recent ORDER BY id ASC",
        meeting_id, static_cast<std::int64_t>(limit));
    std::vector<ChatMessage> out;
    for (const auto& row : r) {
      out.push_back(ChatMessage{row[0].as<std::int64_t>(), row[1].as<std::int64_t>(), optional_int(row[2]),
                                optional_text(row[3]), row[4].as<std::string>(), row[5].as<std::string>(),
                                from_millis(row[6].as<std::int64_t>())});
    }
    return out;
  });
}

void PostgresStore::add_legacy_activity(const LegacyActivity& a) {
  transact([&](pqxx::work& tx) {
    tx.exec_params("INSERT INTO legacy_activity (user_id, meeting_code, at) VALUES ($1, $2, $3)", a.user_id,
                   a.meeting_code, to_millis(a.at));
  });
}

std::vector<LegacyActivity> PostgresStore::legacy_activity(Id user_id, std::size_t limit) {
  return transact([&](pqxx::work& tx) {
    auto r = tx.exec_params(
        "SELECT user_id, meeting_code, at FROM legacy_activity WHERE user_id = $1 ORDER BY id DESC LIMIT $2", user_id,
        static_cast<std::int64_t>(limit));
    std::vector<LegacyActivity> out;
    for (const auto& row : r) {
      out.push_back(
          LegacyActivity{row[0].as<std::int64_t>(), row[1].as<std::string>(), from_millis(row[2].as<std::int64_t>())});
    }
    return out;
  });
}

}  // namespace parley::store::postgres
