#pragma once
// Schema migrations, versioned in the repo (store/migrations/<engine>/NNNN_name.sql) and compiled in.
// Each engine applies, in one transaction each, the versions above the one recorded in its
// schema_migrations table at start-up.
#include <string_view>
#include <vector>

namespace parley::store {

struct Migration {
  int version;
  std::string_view name;
  std::string_view sql;
};

const std::vector<Migration>& sqlite_migrations();
const std::vector<Migration>& postgres_migrations();

}  // namespace parley::store
