// The toasty program against the current backend's database.
#include <gtest/gtest.h>

#include "cli_run.hpp"
#include "support/backend.hpp"
#include "support/db_client.hpp"

namespace {

using toasty_test::run_toasty;
using toasty_test::RunningCli;
using toasty_test::ScratchDir;

constexpr const char* kSchema = R"(namespace clishop;

#[table("cli_items")]
model Item {
  #[key]
  #[auto]
  id: u64,
  name: String,
}
)";

class CliDbTest : public toasty_test::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped()) return;
    // A database of its own: `check` reports every table it does not expect, and the
    // shared test database holds the other suites' tables.
    if (toasty_test::backend_name() == "sqlite") {
      db_url_ = "sqlite://" + (dir_.path() / "app.db").string();
    } else {
      const std::size_t query = url_.find('?');
      const std::size_t slash = url_.rfind('/', query);
      db_url_ = url_.substr(0, slash) + "/toasty_cli_test" + (query == std::string::npos ? "" : url_.substr(query));
      std::string why;
      try {
        if (toasty_test::backend_name() == "mysql") {
          toasty_test::client_query(url_, "CREATE DATABASE IF NOT EXISTS toasty_cli_test", &why);
        } else if (toasty_test::client_query(url_, "SELECT 1 FROM pg_database WHERE datname = 'toasty_cli_test'", &why)
                       .value_or("1\n") != "1\n") {
          toasty_test::client_query(url_, "CREATE DATABASE toasty_cli_test", &why);
        }
      } catch (const std::exception& e) {
        GTEST_SKIP() << "cannot create a database for the CLI tests: " << e.what();
      }
    }
    drop();
    dir_.write("shop.toasty", kSchema);
    ASSERT_EQ(run_toasty(dir_.path(), {"migration", "generate", "init", "--schema", "shop.toasty"}).exit_code, 0);
  }
  void TearDown() override {
    if (!db_url_.empty()) drop();
  }
  void drop() {
    std::string why;
    for (const char* t : {"cli_items", "_toasty_migrations"})
      toasty_test::client_query(db_url_, std::string("DROP TABLE IF EXISTS ") + t, &why);
  }
  toasty_test::CliResult toasty(std::vector<std::string> args) {
    args.push_back("--url");
    args.push_back(db_url_);
    return run_toasty(dir_.path(), args);
  }
  std::string client(const std::string& sql) {
    std::string why;
    auto out = toasty_test::client_query(db_url_, sql, &why);
    if (!out) ADD_FAILURE() << why;
    return out.value_or("");
  }
  void add_stock() {
    std::string v2 = kSchema;
    v2.replace(v2.find("  name: String,\n"), 16, "  name: String,\n  #[default(7)]\n  stock: i32,\n");
    dir_.write("shop.toasty", v2);
    ASSERT_EQ(run_toasty(dir_.path(), {"migration", "generate", "stock", "--schema", "shop.toasty"}).exit_code, 0);
  }

  ScratchDir dir_;
  std::string db_url_;
};

TEST_F(CliDbTest, ApplyStatusCheckRollback) {
  auto r = toasty({"migration", "status"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "pending  0001_init\n");
  r = toasty({"migration", "check"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.out.find("migration 0001_init is pending"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("table \"cli_items\" is missing"), std::string::npos) << r.out;

  r = toasty({"migration", "apply"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("applied 0001_init (", 0), 0u) << r.out;
  EXPECT_EQ(toasty({"migration", "check"}).exit_code, 0);
  client("INSERT INTO cli_items (name) VALUES ('pen')");

  add_stock();
  r = toasty({"migration", "apply", "--dry-run"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out.rfind("-- 0002_stock\nALTER TABLE ", 0), 0u) << r.out;
  EXPECT_EQ(toasty({"migration", "check"}).exit_code, 3) << "dry run changed nothing";
  r = toasty({"migration", "apply"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(client("SELECT name, stock FROM cli_items"), "pen\t7\n");
  r = toasty({"migration", "status"});
  EXPECT_NE(r.out.find("applied  0002_stock  "), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find('\x1b'), std::string::npos) << "no colour outside a terminal";

  r = toasty({"migration", "rollback"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("rolled back 0002_stock (", 0), 0u) << r.out;
  EXPECT_EQ(client("SELECT name FROM cli_items"), "pen\n");
  r = toasty({"migration", "rollback", "--to", "0"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(toasty({"migration", "status"}).out, "pending  0001_init\npending  0002_stock\n");
}

TEST_F(CliDbTest, ResetAsksOrNeedsYes) {
  ASSERT_EQ(toasty({"migration", "apply"}).exit_code, 0);
  auto r = toasty({"migration", "reset"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("reset loses data: run it again with --yes"), std::string::npos) << r.err;
  r = toasty({"migration", "reset", "--yes"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("rolled back 0001_init (", 0), 0u) << r.out;
  EXPECT_NE(r.out.find("\napplied 0001_init ("), std::string::npos) << r.out;
}

TEST_F(CliDbTest, AFailedMigrationExitsWithOneAndSaysWhere) {
  dir_.write("migrations/0002_broken/up.sqlite.sql", "SELECT * FROM cli_nowhere;\n");
  dir_.write("migrations/0002_broken/up.postgresql.sql", "SELECT * FROM cli_nowhere;\n");
  dir_.write("migrations/0002_broken/up.mysql.sql", "SELECT * FROM cli_nowhere;\n");
  for (const char* d : {"sqlite", "postgresql", "mysql"})
    dir_.write(std::string("migrations/0002_broken/down.") + d + ".sql", "");
  dir_.write("migrations/0002_broken/snapshot.json", dir_.read("migrations/0001_init/snapshot.json"));
  auto r = toasty({"migration", "apply"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("applied 0001_init"), std::string::npos) << "the one before stays";
  const std::string driver = toasty_test::backend_name();
  EXPECT_NE(r.err.find("toasty: error: migration 0002_broken failed at statement 1 of 1 (0002_broken/up." + driver + ".sql:1)"),
            std::string::npos)
      << r.err;
}

TEST_F(CliDbTest, TwoProcessesApplyingAtOnceApplyEachMigrationOnce) {
  add_stock();
  std::vector<std::string> args{"migration", "apply", "--url", db_url_};
  RunningCli a(dir_.path(), args), b(dir_.path(), args);
  const auto ra = a.finish(), rb = b.finish();
  EXPECT_EQ(ra.exit_code, 0) << ra.err;
  EXPECT_EQ(rb.exit_code, 0) << rb.err;
  EXPECT_EQ(client("SELECT id FROM _toasty_migrations ORDER BY id"), "0001\n0002\n");
  // Between them, each applied once.
  auto count = [](const std::string& s, const std::string& what) {
    std::size_t n = 0;
    for (std::size_t at = s.find(what); at != std::string::npos; at = s.find(what, at + 1)) ++n;
    return n;
  };
  EXPECT_EQ(count(ra.out + rb.out, "applied 0001_init"), 1u) << ra.out << rb.out;
  EXPECT_EQ(count(ra.out + rb.out, "applied 0002_stock"), 1u) << ra.out << rb.out;
}

}  // namespace
