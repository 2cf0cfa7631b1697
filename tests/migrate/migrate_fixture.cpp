#include "migrate_fixture.hpp"

#include "migrate/generate.hpp"
#include "migrate/history.hpp"
#include "support/db_client.hpp"
#include "toasty/pool.hpp"

namespace toasty_test {

namespace mig = toasty::migrations;

void MigrateTest::SetUp() {
  BackendTest::SetUp();
  if (IsSkipped()) return;
  db_.emplace(toasty::ModelSet{});
  dialect_ = toasty::sql::dialect_of_driver(db().driver().name()).value();
  clear();
}

void MigrateTest::TearDown() {
  if (db_) clear();
  db_.reset();
}

void MigrateTest::clear() {
  for (const mig::CatalogueTable& t : catalogue().tables)
    exec("DROP TABLE " + toasty::sql::quote_identifier(t.name, dialect_));
  exec("DROP TABLE IF EXISTS " + toasty::sql::quote_identifier(mig::kHistoryTable, dialect_));
  if (dialect_ == toasty::sql::Dialect::Postgresql)
    for (const char* type : {"mig_state", "mig_state_toasty_old"}) exec(std::string("DROP TYPE IF EXISTS \"") + type + "\"");
}

std::string MigrateTest::client(const std::string& sql) {
  std::string why;
  auto out = client_query(url(), sql, &why);
  if (!out) {
    ADD_FAILURE() << "cannot check with the database's own client: " << why;
    return "";
  }
  return *out;
}

void MigrateTest::exec(const std::string& sql) {
  auto lease = db().pool().acquire();
  lease->exec(toasty::driver::RawSql{sql, {}});
}

namespace {
mig::Catalogue only_test_tables(mig::Catalogue c) {
  std::erase_if(c.tables, [](const mig::CatalogueTable& t) { return t.name.rfind("mig_", 0) != 0; });
  return c;
}
}  // namespace

mig::Catalogue MigrateTest::catalogue() {
  auto lease = db().pool().acquire();
  return only_test_tables(mig::read_catalogue(*lease, dialect_));
}

mig::Catalogue MigrateTest::expected(const toasty::db::Schema& schema) {
  return only_test_tables(mig::expected_catalogue(schema, dialect_));
}

}  // namespace toasty_test
