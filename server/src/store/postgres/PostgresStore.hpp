#pragma once
// PostgreSQL through libpqxx 6.4: a small pool of connections (libpqxx allows one open transaction per
// connection), each call one short transaction.
#include <functional>
#include <pqxx/connection>
#include <pqxx/transaction>
#include <string>

#include "store/ConnectionPool.hpp"
#include "store/Store.hpp"

namespace parley::store::postgres {

struct PostgresTarget {
  std::string connection_url;  // what libpq receives (the schema parameter removed)
  std::string schema;          // empty: the server's default search_path
};

// Splits a "postgres://...[?schema=name&...]" URL. Throws core::Error for a malformed schema name.
PostgresTarget parse_postgres_url(const std::string& url);

class PostgresStore final : public Store {
 public:
  PostgresStore(const std::string& url, std::size_t connections);

  User create_user(const NewUser& user) override;
  std::optional<User> find_user(Id id) override;
  std::optional<User> find_user_by_username(std::string_view lowercased_username) override;

  void create_session(const NewSession& session) override;
  std::optional<User> use_session(std::string_view token_hash, TimePoint now, TimePoint new_expiry) override;
  bool revoke_session(std::string_view token_hash, TimePoint now) override;

  Meeting create_meeting(const NewMeeting& meeting) override;
  std::optional<Meeting> find_meeting(std::string_view code) override;
  std::optional<Meeting> update_meeting(std::string_view code, const MeetingUpdate& update) override;
  bool set_meeting_locked(std::string_view code, bool locked) override;
  bool end_meeting(std::string_view code, TimePoint at) override;

  Id start_participation(const NewParticipation& participation) override;
  void end_participation(Id participation_id, TimePoint left_at) override;
  std::vector<HistoryEntry> meeting_history(Id user_id, std::size_t limit, std::optional<TimePoint> before) override;

  StoredChatMessage add_chat_message(const NewChatMessage& message) override;
  std::vector<ChatMessage> recent_chat(Id meeting_id, std::size_t limit) override;

  void add_legacy_activity(const LegacyActivity& activity) override;
  std::vector<LegacyActivity> legacy_activity(Id user_id, std::size_t limit) override;

  int schema_version();

 private:
  template <class Fn>
  auto transact(Fn&& fn);
  std::unique_ptr<pqxx::connection> connect() const;
  void migrate();

  PostgresTarget target_;
  ConnectionPool<pqxx::connection> pool_;
};

}  // namespace parley::store::postgres
