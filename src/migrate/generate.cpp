#include "migrate/generate.hpp"

#include "migrate/alter_sql.hpp"
#include "migrate/migration_files.hpp"
#include "migrate/snapshot.hpp"
#include "migrate/steps_file.hpp"
#if TOASTY_MIGRATE_DYNAMODB
#include "migrate/alter_dynamodb.hpp"
#endif

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
#if TOASTY_MIGRATE_DYNAMODB
  m.dynamodb.up = steps_file_text(m.full_name(), "up", alter_dynamodb(forward));
  m.dynamodb.down = steps_file_text(m.full_name(), "down", alter_dynamodb(backward));
#endif
  m.snapshot = snapshot_json(after);
  return m;
}

std::string dynamodb_refusal(const Migration& m) {
#if TOASTY_MIGRATE_DYNAMODB
  if (m.dynamodb.up.empty()) return {};
  std::vector<std::string> steps;
  for (const SqlStatement& s : split_steps(m.dynamodb.up, m.full_name() + "/up.dynamodb.json")) steps.push_back(s.text);
  return dynamodb_refusal(steps);
#else
  (void)m;
  return {};
#endif
}

}  // namespace toasty::migrations
