#pragma once
// A thin RAII layer over the sqlite3 C API: one connection (WAL, busy timeout, foreign keys) and
// prepared statements with positional binding. Errors throw core::Error.
#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace parley::store::sqlite {

class Statement {
 public:
  Statement(sqlite3* db, std::string_view sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, bool value) { return bind(index, static_cast<std::int64_t>(value)); }
  Statement& bind(int index, std::string_view value);
  Statement& bind(int index, const std::optional<std::int64_t>& value);
  Statement& bind(int index, const std::optional<std::string>& value);
  Statement& bind_null(int index);

  // True while a row is available; false when done.
  bool step();
  // Runs a statement that returns no rows.
  void run() {
    while (step()) {
    }
  }

  std::int64_t integer(int column) const;
  bool boolean(int column) const { return integer(column) != 0; }
  std::string text(int column) const;
  bool is_null(int column) const;
  std::optional<std::int64_t> optional_integer(int column) const;
  std::optional<std::string> optional_text(int column) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

class Connection {
 public:
  explicit Connection(const std::filesystem::path& file);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  sqlite3* handle() const noexcept { return db_; }
  void exec(std::string_view sql);
  Statement prepare(std::string_view sql) { return Statement(db_, sql); }
  std::int64_t last_insert_id() const { return sqlite3_last_insert_rowid(db_); }
  int changes() const { return sqlite3_changes(db_); }

 private:
  sqlite3* db_ = nullptr;
};

// BEGIN IMMEDIATE (takes the write lock at once, so two writers never deadlock upgrading) ... COMMIT;
// rolls back when destroyed uncommitted.
class WriteTransaction {
 public:
  explicit WriteTransaction(Connection& conn);
  ~WriteTransaction();
  WriteTransaction(const WriteTransaction&) = delete;
  WriteTransaction& operator=(const WriteTransaction&) = delete;
  void commit();

 private:
  Connection& conn_;
  bool done_ = false;
};

// Throws the core::Error matching an sqlite result code (busy -> 503 database_busy, others internal).
[[noreturn]] void throw_sqlite_error(sqlite3* db, int rc, std::string_view what);

}  // namespace parley::store::sqlite
