#pragma once
// The embedded default: one SQLite file (WAL) in the data folder, a few connections shared by the
// blocking-pool threads.
#include <filesystem>

#include "store/ConnectionPool.hpp"
#include "store/Store.hpp"
#include "store/sqlite/SqliteConnection.hpp"

namespace parley::store::sqlite {

class SqliteStore final : public Store {
 public:
  // Opens (creating) the file and applies pending migrations.
  SqliteStore(std::filesystem::path file, std::size_t connections);

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

  // The highest migration version applied.
  int schema_version();

 private:
  void migrate();
  std::optional<Meeting> find_meeting_on(Connection& conn, std::string_view code);

  std::filesystem::path file_;
  ConnectionPool<Connection> pool_;
};

}  // namespace parley::store::sqlite
