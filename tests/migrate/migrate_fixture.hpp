#pragma once
// A database for migration tests: the current backend (SQLite in a file, so its own
// client can read it), cleared of the tests' tables (mig_*), enum types and the history
// table before and after each test. Migrations are built from db::Schema versions
// (chain.hpp).
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "chain.hpp"
#include "migrate/catalogue.hpp"
#include "migrate/diff.hpp"
#include "support/backend.hpp"
#include "toasty/migrate.hpp"

namespace toasty_test {

class MigrateTest : public BackendTest {
 protected:
  void SetUp() override;
  void TearDown() override;

  // The database's own client's answer (tab-separated rows, one a line); skips the test
  // when the client is missing.
  std::string client(const std::string& sql);
  // Runs SQL through toasty's connection (setup the tests need, not what they check).
  void exec(const std::string& sql);
  // The tables the tests own (mig_*) as the catalogue reads them / as `schema` should make them.
  toasty::migrations::Catalogue catalogue();
  toasty::migrations::Catalogue expected(const toasty::db::Schema& schema);
  toasty::sql::Dialect dialect() const { return dialect_; }
  toasty::Db& db() { return *db_->db; }
  const std::string& url() const { return db_->url; }

  std::optional<ClientVisibleDb> db_;
  toasty::sql::Dialect dialect_ = toasty::sql::Dialect::Sqlite;

 private:
  void clear();
};

}  // namespace toasty_test
