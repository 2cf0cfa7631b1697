#include "support/migrated_schema.hpp"

#include <cstdlib>
#include <cstring>

#include "migrate/generate.hpp"
#include "migrate/history.hpp"
#include "migrate/split_statements.hpp"
#include "migrate/steps_file.hpp"
#include "sql/serializer.hpp"
#include "toasty/migrate.hpp"
#include "toasty/pool.hpp"

namespace toasty_test {

namespace mig = toasty::migrations;

bool schema_by_migrations() {
  const char* v = std::getenv("TOASTY_TEST_SCHEMA");
  return v != nullptr && std::strcmp(v, "migrations") == 0;
}

void reset_by_migrations(toasty::Db& db) {
  const toasty::db::Schema& target = db.schema().db();
  const std::vector<toasty::Migration> list = {
      mig::make_migration({}, target, {}, mig::diff({}, target, {}), "0001", "suite")};
  const std::string driver(db.driver().name());
  // The tables exist and are empty after reset_schema(); the migration's own down steps
  // then drop them, and its up steps make them again.
  db.reset_schema();
  {
    auto lease = db.pool().acquire();
    const auto& files = list[0].sql_for(driver);
    if (driver == "dynamodb") {
      for (const auto& step : mig::split_steps(files.down, "down.dynamodb.json"))
        lease->exec(toasty::driver::SchemaStep{step.text});
      lease->exec(toasty::driver::SchemaStep{
          std::string(R"({"DeleteTable":{"TableName":")") + std::string(mig::kHistoryTable) + "\"}}"});
    } else {
      for (const auto& statement : mig::split_statements(files.down, "down.sql", driver == "mysql"))
        lease->exec(toasty::driver::RawSql{statement.text, {}});
      const auto dialect = *toasty::sql::dialect_of_driver(driver);
      lease->exec(toasty::driver::RawSql{
          "DROP TABLE IF EXISTS " + toasty::sql::quote_identifier(mig::kHistoryTable, dialect), {}});
    }
  }
  toasty::migrate(db, list);
}

}  // namespace toasty_test
