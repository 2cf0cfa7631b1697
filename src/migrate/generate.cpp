#include "migrate/generate.hpp"

#include "migrate/alter_sql.hpp"
#include "migrate/migration_files.hpp"
#include "migrate/snapshot.hpp"

namespace toasty::migrations {

namespace {

std::string header(const Migration& m, const char* direction, const char* dialect) {
  return "-- " + m.full_name() + ": " + direction + " (" + dialect +
         ")\n-- Written by `toasty migration generate`; review it, and edit it if you need to.\n";
}

}  // namespace

Migration make_migration(const db::Schema& before, const db::Schema& after, const Hints& hints, const Diff& forward,
                         std::string id, std::string name) {
  const Diff backward = diff(after, before, inverse(hints, forward));
  Migration m;
  m.id = std::move(id);
  m.name = std::move(name);
  const std::pair<sql::Dialect, std::pair<const char*, Migration::Sql*>> dialects[] = {
      {sql::Dialect::Sqlite, {"SQLite", &m.sqlite}},
      {sql::Dialect::Postgresql, {"PostgreSQL", &m.postgresql}},
      {sql::Dialect::Mysql, {"MySQL/MariaDB", &m.mysql}}};
  for (const auto& [dialect, target] : dialects) {
    target.second->up = sql_file_text(header(m, "up", target.first), alter_sql(forward, dialect));
    target.second->down = sql_file_text(header(m, "down", target.first), alter_sql(backward, dialect));
  }
  m.snapshot = snapshot_json(after);
  return m;
}

}  // namespace toasty::migrations
