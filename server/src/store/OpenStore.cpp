#include <spdlog/spdlog.h>

#include "core/Error.hpp"
#include "store/Store.hpp"
#include "store/postgres/PostgresStore.hpp"
#include "store/sqlite/SqliteStore.hpp"

namespace parley::store {

std::unique_ptr<Store> open_store(const std::string& database, const std::filesystem::path& data_dir,
                                  std::size_t pool_size) {
  if (database.empty()) {
    std::filesystem::create_directories(data_dir);
    const auto file = data_dir / "parley.db";
    auto store = std::make_unique<sqlite::SqliteStore>(file, pool_size);
    spdlog::info("store engine=sqlite file={} schema_version={}", file.string(), store->schema_version());
    return store;
  }
  if (database.starts_with("postgres://") || database.starts_with("postgresql://")) {
    auto store = std::make_unique<postgres::PostgresStore>(database, pool_size);
    spdlog::info("store engine=postgresql schema_version={}", store->schema_version());
    return store;
  }
  throw core::bad_request("invalid_database_url", "--database must be empty (SQLite) or a postgres:// URL.");
}

}  // namespace parley::store
