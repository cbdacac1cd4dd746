// One suite, run against every engine: SQLite (a temporary file) always, PostgreSQL when
// PARLEY_TEST_POSTGRES_URL is set (scripts/with-postgres.sh), each test in a fresh schema.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include "core/Error.hpp"
#include "core/SecureRandom.hpp"
#include "store/Migration.hpp"
#include "store/Store.hpp"
#include "store/postgres/PostgresStore.hpp"
#include "store/sqlite/SqliteConnection.hpp"
#include "store/sqlite/SqliteStore.hpp"

namespace parley::store {
namespace {

using namespace std::chrono_literals;

TimePoint at(std::int64_t ms) {
  return TimePoint(std::chrono::milliseconds(ms));
}

struct Engine {
  std::string name;
};

class StoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "sqlite") {
      dir_ = std::filesystem::temp_directory_path() / ("parley-store-" + core::secure_random_hex(6));
      std::filesystem::create_directories(dir_);
      store_ = open_store("", dir_, 4);
    } else {
      const char* url = std::getenv("PARLEY_TEST_POSTGRES_URL");
      if (!url || !*url) GTEST_SKIP() << "PARLEY_TEST_POSTGRES_URL is not set (run under scripts/with-postgres.sh)";
      const std::string base(url);
      store_ = open_store(
          base + (base.find('?') == std::string::npos ? "?" : "&") + "schema=t_" + core::secure_random_hex(6), "", 4);
    }
  }
  void TearDown() override {
    store_.reset();
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }

  User user(const std::string& username, const std::string& name = "Ada") {
    return store_->create_user(NewUser{name, username, "$2b$04$hash", at(1000)});
  }
  Meeting meeting(Id host, const std::string& code) {
    NewMeeting m;
    m.code = code;
    m.title = "Standup";
    m.host_user_id = host;
    m.created_at = at(2000);
    return store_->create_meeting(m);
  }

  std::filesystem::path dir_;
  std::unique_ptr<Store> store_;
};

TEST_P(StoreTest, CreatesAndFindsUsers) {
  const auto ada = user("ada");
  EXPECT_GT(ada.id, 0);
  auto found = store_->find_user_by_username("ada");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, ada.id);
  EXPECT_EQ(found->name, "Ada");
  EXPECT_EQ(found->created_at, at(1000));
  EXPECT_TRUE(store_->find_user(ada.id));
  EXPECT_FALSE(store_->find_user(ada.id + 1000));
  EXPECT_FALSE(store_->find_user_by_username("bob"));
}

TEST_P(StoreTest, RefusesATakenUsername) {
  user("ada");
  try {
    user("ada", "Other");
    FAIL() << "no conflict";
  } catch (const core::Error& e) {
    EXPECT_EQ(e.kind(), core::ErrorKind::conflict);
    EXPECT_EQ(e.code(), "username_taken");
  }
}

TEST_P(StoreTest, StoresSqlMetacharactersLiterally) {
  const std::string evil = "x'); DROP TABLE users; --";
  const auto u = user("evil", evil);
  EXPECT_EQ(store_->find_user(u.id)->name, evil);
  EXPECT_TRUE(store_->find_user_by_username("evil"));
  EXPECT_FALSE(store_->find_user_by_username("' OR '1'='1"));
}

TEST_P(StoreTest, SessionsSlideExpireAndRevoke) {
  const auto ada = user("ada");
  store_->create_session(NewSession{"h1", ada.id, at(10'000), at(20'000)});
  store_->create_session(NewSession{"h2", ada.id, at(10'000), at(20'000)});
  auto u = store_->use_session("h1", at(15'000), at(30'000));
  ASSERT_TRUE(u);
  EXPECT_EQ(u->id, ada.id);
  // Slid to 30 000: still valid at 25 000.
  EXPECT_TRUE(store_->use_session("h1", at(25'000), at(40'000)));
  // h2 expired at 20 000.
  EXPECT_FALSE(store_->use_session("h2", at(25'000), at(40'000)));
  EXPECT_FALSE(store_->use_session("nope", at(25'000), at(40'000)));
  EXPECT_TRUE(store_->revoke_session("h1", at(26'000)));
  EXPECT_FALSE(store_->revoke_session("h1", at(26'000)));
  EXPECT_FALSE(store_->use_session("h1", at(27'000), at(40'000)));
}

TEST_P(StoreTest, MeetingsKeepSettingsAndEndOnce) {
  const auto ada = user("ada");
  NewMeeting m;
  m.code = "abc-defg-hij";
  m.title = "Planning";
  m.host_user_id = ada.id;
  m.settings.guests_allowed = false;
  m.settings.lobby = true;
  m.settings.password_hash = "$2b$04$x";
  m.created_at = at(5000);
  const auto created = store_->create_meeting(m);
  EXPECT_EQ(created.code, m.code);
  EXPECT_EQ(created.host_name, "Ada");
  EXPECT_FALSE(created.settings.guests_allowed);
  EXPECT_TRUE(created.settings.lobby);
  EXPECT_EQ(created.settings.password_hash, "$2b$04$x");
  EXPECT_FALSE(created.ended());

  try {
    store_->create_meeting(m);
    FAIL() << "no conflict";
  } catch (const core::Error& e) {
    EXPECT_EQ(e.code(), "meeting_code_taken");
  }

  EXPECT_TRUE(store_->set_meeting_locked(m.code, true));
  EXPECT_TRUE(store_->find_meeting(m.code)->settings.locked);
  EXPECT_FALSE(store_->set_meeting_locked("zzz-zzzz-zzz", true));

  EXPECT_TRUE(store_->end_meeting(m.code, at(9000)));
  EXPECT_TRUE(store_->end_meeting(m.code, at(9999)));
  EXPECT_EQ(store_->find_meeting(m.code)->ended_at, at(9000));
  EXPECT_FALSE(store_->end_meeting("zzz-zzzz-zzz", at(9000)));
  EXPECT_FALSE(store_->find_meeting("zzz-zzzz-zzz"));
}

TEST_P(StoreTest, UpdatesOnlyTheGivenSettings) {
  const auto ada = user("ada");
  meeting(ada.id, "abc-defg-hij");
  MeetingUpdate u;
  u.lobby = true;
  u.password_hash = std::optional<std::string>("$2b$04$p");
  auto updated = store_->update_meeting("abc-defg-hij", u);
  ASSERT_TRUE(updated);
  EXPECT_TRUE(updated->settings.lobby);
  EXPECT_TRUE(updated->settings.guests_allowed);
  EXPECT_EQ(updated->title, "Standup");
  EXPECT_EQ(updated->settings.password_hash, "$2b$04$p");

  MeetingUpdate clear;
  clear.password_hash = std::optional<std::string>();
  clear.title = "Retro";
  updated = store_->update_meeting("abc-defg-hij", clear);
  EXPECT_FALSE(updated->settings.password_hash);
  EXPECT_EQ(updated->title, "Retro");
  EXPECT_TRUE(updated->settings.lobby);
  EXPECT_FALSE(store_->update_meeting("zzz-zzzz-zzz", clear));
}

TEST_P(StoreTest, HistoryComesFromParticipationsNewestFirst) {
  const auto ada = user("ada");
  const auto bob = user("bob", "Bob");
  const auto m1 = meeting(bob.id, "aaa-aaaa-aaa");
  const auto m2 = meeting(ada.id, "bbb-bbbb-bbb");
  const auto p1 = store_->start_participation(NewParticipation{m1.id, ada.id, std::nullopt, at(10'000)});
  store_->end_participation(p1, at(70'000));
  store_->start_participation(NewParticipation{m2.id, ada.id, std::nullopt, at(80'000)});
  store_->start_participation(NewParticipation{m2.id, std::nullopt, std::string("Guest"), at(81'000)});
  store_->end_meeting(m1.code, at(75'000));

  auto history = store_->meeting_history(ada.id, 10, std::nullopt);
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0].code, "bbb-bbbb-bbb");
  EXPECT_FALSE(history[0].left_at);
  EXPECT_FALSE(history[0].meeting_ended_at);
  EXPECT_EQ(history[1].code, "aaa-aaaa-aaa");
  EXPECT_EQ(history[1].host_name, "Bob");
  EXPECT_EQ(history[1].left_at, at(70'000));
  EXPECT_EQ(history[1].meeting_ended_at, at(75'000));

  auto page = store_->meeting_history(ada.id, 1, at(80'000));
  ASSERT_EQ(page.size(), 1u);
  EXPECT_EQ(page[0].code, "aaa-aaaa-aaa");
  EXPECT_TRUE(store_->meeting_history(bob.id, 10, std::nullopt).empty());
}

TEST_P(StoreTest, RecentChatIsTheLastNOldestFirst) {
  const auto ada = user("ada");
  const auto m = meeting(ada.id, "abc-defg-hij");
  for (int i = 0; i < 5; ++i) {
    NewChatMessage msg;
    msg.meeting_id = m.id;
    if (i % 2)
      msg.guest_name = "G";
    else
      msg.sender_user_id = ada.id;
    msg.sender_name = i % 2 ? "G" : "Ada";
    msg.text = "message " + std::to_string(i);
    msg.at = at(1000 + i);
    const auto stored = store_->add_chat_message(msg);
    EXPECT_GT(stored.id, 0);
    EXPECT_EQ(stored.at, at(1000 + i));
  }
  const auto recent = store_->recent_chat(m.id, 3);
  ASSERT_EQ(recent.size(), 3u);
  EXPECT_EQ(recent[0].text, "message 2");
  EXPECT_EQ(recent[2].text, "message 4");
  EXPECT_EQ(recent[1].guest_name, "G");
  EXPECT_EQ(recent[2].sender_user_id, ada.id);
}

TEST_P(StoreTest, LegacyActivityIsKeptApartFromHistory) {
  const auto ada = user("ada");
  store_->add_legacy_activity(LegacyActivity{ada.id, "free text", at(1000)});
  EXPECT_TRUE(store_->meeting_history(ada.id, 10, std::nullopt).empty());
  const auto legacy = store_->legacy_activity(ada.id, 10);
  ASSERT_EQ(legacy.size(), 1u);
  EXPECT_EQ(legacy[0].meeting_code, "free text");
}

TEST_P(StoreTest, ManyThreadsWriteAtOnce) {
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 20; ++i) {
        try {
          const auto u = user("u" + std::to_string(t) + "_" + std::to_string(i));
          store_->create_session(NewSession{core::secure_random_hex(8), u.id, at(1), at(1'000'000)});
        } catch (const std::exception&) {
          ++failures;
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_TRUE(store_->find_user_by_username("u7_19"));
}

TEST_P(StoreTest, MeetingModeIsStoredAndDefaultsToAuto) {
  const auto ada = user("ada");
  EXPECT_EQ(meeting(ada.id, "aaa-aaaa-aaa").settings.mode, "auto");
  NewMeeting m;
  m.code = "sss-ssss-sss";
  m.title = "All hands";
  m.host_user_id = ada.id;
  m.settings.mode = "sfu";
  m.created_at = at(3000);
  EXPECT_EQ(store_->create_meeting(m).settings.mode, "sfu");
  MeetingUpdate update;
  update.title = "All hands (moved)";
  EXPECT_EQ(store_->update_meeting(m.code, update)->settings.mode, "sfu");
  EXPECT_EQ(store_->find_meeting(m.code)->settings.mode, "sfu");
  // The schema refuses anything else.
  m.code = "xxx-xxxx-xxx";
  m.settings.mode = "mesh";
  EXPECT_THROW(store_->create_meeting(m), core::Error);
}

INSTANTIATE_TEST_SUITE_P(Engines, StoreTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

TEST(SqliteStoreTest, DataAndSchemaVersionSurviveReopening) {
  const auto dir = std::filesystem::temp_directory_path() / ("parley-store-" + core::secure_random_hex(6));
  std::filesystem::create_directories(dir);
  {
    sqlite::SqliteStore s(dir / "p.db", 2);
    s.create_user(NewUser{"Ada", "ada", "h", at(1)});
    EXPECT_GE(s.schema_version(), 1);
  }
  {
    sqlite::SqliteStore s(dir / "p.db", 2);
    EXPECT_TRUE(s.find_user_by_username("ada"));
    EXPECT_GE(s.schema_version(), 1);
  }
  std::filesystem::remove_all(dir);
}

TEST(PostgresUrlTest, SplitsTheSchemaParameter) {
  auto t = postgres::parse_postgres_url("postgresql://u@127.0.0.1:5432/db?schema=abc_1&sslmode=disable");
  EXPECT_EQ(t.schema, "abc_1");
  EXPECT_EQ(t.connection_url, "postgresql://u@127.0.0.1:5432/db?sslmode=disable");
  t = postgres::parse_postgres_url("postgresql://u@h/db");
  EXPECT_EQ(t.schema, "");
  EXPECT_THROW(postgres::parse_postgres_url("postgresql://u@h/db?schema=x;drop"), core::Error);
}

// A database made by schema v1 (before the mode column) upgrades in place: its meetings are 'auto'.
TEST(SqliteStoreTest, AVersionOneDatabaseUpgradesWithMeetingsInAutoMode) {
  const auto dir = std::filesystem::temp_directory_path() / ("parley-store-" + core::secure_random_hex(6));
  std::filesystem::create_directories(dir);
  {
    sqlite::Connection conn(dir / "p.db");
    conn.exec(
        "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT "
        "NULL)");
    const auto& v1 = sqlite_migrations().at(0);
    ASSERT_EQ(v1.version, 1);
    conn.exec(v1.sql);
    conn.exec("INSERT INTO schema_migrations VALUES (1, 'initial', 0)");
    conn.exec("INSERT INTO users (name, username, password_hash, created_at) VALUES ('Ada', 'ada', 'h', 1)");
    conn.exec(
        "INSERT INTO meetings (code, title, host_user_id, created_at, guests_allowed, lobby) "
        "VALUES ('old-oooo-old', 'Old', 1, 2, 1, 0)");
  }
  {
    sqlite::SqliteStore s(dir / "p.db", 2);
    EXPECT_GE(s.schema_version(), 2);
    auto old = s.find_meeting("old-oooo-old");
    ASSERT_TRUE(old);
    EXPECT_EQ(old->settings.mode, "auto");
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace parley::store
