// Tests of the PostgreSQL driver against a real server.
//
// Set TOASTY_TEST_POSTGRESQL_URL (e.g. postgresql://postgres@127.0.0.1:5432/toasty) to run
// the server tests; without it they are skipped. URL parsing tests need no server.
// Every test uses its own table names (prefixed with the process id) and drops them.
#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "pg_internal.hpp"
#include "toasty/driver/postgresql.hpp"
#include "toasty/error.hpp"
#include "sql/serializer.hpp"

namespace {

using toasty::Bytes;
using toasty::ScalarType;
using toasty::Value;
namespace db = toasty::db;
namespace driver = toasty::driver;
namespace stmt = toasty::stmt;

const char* server_url() {
  const char* url = std::getenv("TOASTY_TEST_POSTGRESQL_URL");
  return (url != nullptr && *url != '\0') ? url : nullptr;
}

#define REQUIRE_SERVER()                                                                   \
  do {                                                                                     \
    if (server_url() == nullptr)                                                           \
      GTEST_SKIP() << "TOASTY_TEST_POSTGRESQL_URL is not set (e.g. "                       \
                      "postgresql://postgres@127.0.0.1:5432/toasty); skipping server test"; \
  } while (0)

std::string unique_name(const std::string& base) {
  static int counter = 0;
  return "tdrv_" + std::to_string(::getpid()) + "_" + std::to_string(++counter) + "_" + base;
}

// A plain libpq connection for setup and for checking what the driver did.
class Admin {
 public:
  explicit Admin(const std::string& url) : conn_(PQconnectdb(url.c_str())) {
    if (PQstatus(conn_) != CONNECTION_OK) ADD_FAILURE() << PQerrorMessage(conn_);
    PQsetNoticeProcessor(conn_, [](void*, const char*) {}, nullptr);
  }
  ~Admin() { PQfinish(conn_); }
  Admin(const Admin&) = delete;
  Admin& operator=(const Admin&) = delete;

  // Runs `sql`, returns the first column of the first row ("" when none).
  std::string exec(const std::string& sql) {
    PGresult* r = PQexec(conn_, sql.c_str());
    std::string out;
    ExecStatusType st = PQresultStatus(r);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
      ADD_FAILURE() << sql << ": " << PQresultErrorMessage(r);
    } else if (st == PGRES_TUPLES_OK && PQntuples(r) > 0 && !PQgetisnull(r, 0, 0)) {
      out = PQgetvalue(r, 0, 0);
    }
    PQclear(r);
    return out;
  }

 private:
  PGconn* conn_;
};

db::Column column(std::string name, ScalarType type, bool nullable = false, bool autoinc = false) {
  db::Column c;
  c.name = std::move(name);
  c.type = type;
  c.nullable = nullable;
  c.auto_increment = autoinc;
  return c;
}

stmt::Statement insert(std::size_t table, std::vector<std::size_t> columns,
                       const std::vector<std::vector<Value>>& rows,
                       std::vector<std::size_t> returning = {}) {
  stmt::Insert ins;
  ins.level = stmt::Level::Db;
  ins.target = table;
  ins.columns = std::move(columns);
  for (const auto& row : rows) {
    std::vector<stmt::ExprPtr> exprs;
    for (const auto& v : row) exprs.push_back(stmt::value(v));
    ins.rows.push_back(std::move(exprs));
  }
  ins.returning = std::move(returning);
  return ins;
}

stmt::Statement select(std::size_t table, std::vector<std::size_t> returning,
                       stmt::ExprPtr filter = nullptr) {
  stmt::Select sel;
  sel.level = stmt::Level::Db;
  sel.target = table;
  sel.returning = std::move(returning);
  sel.filter = std::move(filter);
  return sel;
}

stmt::ExprPtr eq(std::size_t table, std::size_t col, Value v) {
  return stmt::binary(stmt::BinaryOp::Eq, stmt::column(table, col), stmt::value(std::move(v)));
}

class PgDriverTest : public ::testing::Test {
 protected:
  void SetUp() override {
    REQUIRE_SERVER();
    url_ = server_url();
    driver_ = toasty::postgresql::open(url_);
    conn_ = driver_->connect();
    admin_ = std::make_unique<Admin>(url_);
  }
  void TearDown() override {
    conn_.reset();
    if (admin_) {
      for (const auto& t : created_) admin_->exec("DROP TABLE IF EXISTS \"" + t + "\" CASCADE");
    }
  }

  // Adds a table to `schema_` with a unique name; returns its index.
  std::size_t add_table(db::Table t) {
    t.name = unique_name(t.name);
    created_.push_back(t.name);
    schema_.tables.push_back(std::move(t));
    return schema_.tables.size() - 1;
  }

  void push() { conn_->exec(driver::PushSchema{&schema_}); }

  driver::Response run(const stmt::Statement& s, driver::Connection* conn = nullptr) {
    return (conn ? conn : conn_.get())->exec(driver::QuerySql{&s, &schema_});
  }

  std::string table_name(std::size_t t) const { return schema_.tables[t].name; }

  std::string url_;
  std::unique_ptr<driver::Driver> driver_;
  std::unique_ptr<driver::Connection> conn_;
  std::unique_ptr<Admin> admin_;
  db::Schema schema_;
  std::vector<std::string> created_;
};

// A table with an `id` primary key and one nullable column per scalar type.
db::Table all_types_table() {
  db::Table t;
  t.name = "all_types";
  t.columns = {
      column("id", ScalarType::I64),          column("b", ScalarType::Bool, true),
      column("i8", ScalarType::I8, true),     column("i16", ScalarType::I16, true),
      column("i32", ScalarType::I32, true),   column("i64", ScalarType::I64, true),
      column("u8", ScalarType::U8, true),     column("u16", ScalarType::U16, true),
      column("u32", ScalarType::U32, true),   column("u64", ScalarType::U64, true),
      column("f32", ScalarType::F32, true),   column("f64", ScalarType::F64, true),
      column("s", ScalarType::String, true),  column("bytes", ScalarType::Bytes, true),
  };
  t.primary_key = {0};
  return t;
}

std::vector<std::size_t> iota(std::size_t n) {
  std::vector<std::size_t> v(n);
  for (std::size_t i = 0; i < n; ++i) v[i] = i;
  return v;
}

void expect_row(const driver::Rows& rows, std::size_t r, const std::vector<Value>& want) {
  ASSERT_EQ(rows.width, want.size());
  ASSERT_LT(r, rows.size());
  for (std::size_t c = 0; c < want.size(); ++c) {
    EXPECT_EQ(rows.row(r)[c], want[c]) << "column " << c << ": got "
                                       << rows.row(r)[c].debug_string() << " ("
                                       << rows.row(r)[c].type_name() << "), want "
                                       << want[c].debug_string() << " (" << want[c].type_name()
                                       << ")";
  }
}

// ---------------------------------------------------------------------------------------
// No server needed.

TEST(PgUrl, RejectsOtherSchemesAndMalformedUrls) {
  for (const char* url : {"", "mysql://u:p@h/db", "http://h/db", "postgresql:/h/db", "postgresql",
                          "sqlite::memory:", "postgresql://h/db?no_such_param=1",
                          "postgresql://u%zz@h/db"}) {
    try {
      toasty::postgresql::open(url);
      ADD_FAILURE() << "accepted " << url;
    } catch (const toasty::InvalidUrl& e) {
      std::string msg = e.what();
      EXPECT_NE(msg.find("postgresql://user:password@host:port/database"), std::string::npos)
          << msg;
    }
  }
}

TEST(PgUrl, MessageNamesUrlWithoutPassword) {
  try {
    toasty::postgresql::open("postgres://alice:s3cr3t-pw@db.example:5432/app?no_such_param=1");
    FAIL() << "accepted";
  } catch (const toasty::InvalidUrl& e) {
    std::string msg = e.what();
    EXPECT_EQ(msg.find("s3cr3t-pw"), std::string::npos) << msg;
    EXPECT_NE(msg.find("postgres://alice:***@db.example:5432/app"), std::string::npos) << msg;
  }
}

TEST(PgUrl, AcceptsBothSchemesWithoutConnecting) {
  auto d = toasty::postgresql::open("postgresql://u:p@127.0.0.1:1/db?sslmode=disable");
  EXPECT_EQ(d->name(), "postgresql");
  EXPECT_TRUE(d->capability().sql());
  EXPECT_TRUE(d->capability().returning_from_insert);
  EXPECT_TRUE(d->capability().returning_from_update);
  EXPECT_FALSE(d->capability().full_u64);
  EXPECT_NO_THROW(toasty::postgresql::open("postgres://127.0.0.1/db"));
  EXPECT_NO_THROW(toasty::postgresql::open("POSTGRESQL://127.0.0.1/db"));
}

TEST(PgUrl, RedactsPasswords) {
  using toasty::postgresql::detail::redact_url;
  EXPECT_EQ(redact_url("postgresql://u:pw@h:5/d"), "postgresql://u:***@h:5/d");
  EXPECT_EQ(redact_url("postgresql://u@h/d"), "postgresql://u@h/d");
  EXPECT_EQ(redact_url("postgresql://h:5/d?password=x&sslmode=require"),
            "postgresql://h:5/d?password=***&sslmode=require");
  EXPECT_EQ(redact_url("postgresql://u:p@ss@h/d"), "postgresql://u:***@h/d");
}

TEST(PgUrl, ConnectionRefusedIsConnectionError) {
  // Port 1 on loopback: nothing listens there.
  auto d = toasty::postgresql::open("postgresql://u:hidden-pw@127.0.0.1:1/db?connect_timeout=2");
  try {
    d->connect();
    FAIL() << "connected";
  } catch (const toasty::ConnectionError& e) {
    std::string msg = e.what();
    EXPECT_EQ(msg.find("hidden-pw"), std::string::npos) << msg;
    EXPECT_NE(msg.find("127.0.0.1"), std::string::npos) << msg;
  }
}

TEST(PgUniqueDetail, ParsesColumns) {
  using toasty::postgresql::detail::parse_key_columns;
  EXPECT_EQ(parse_key_columns("Key (email)=(a@b.c) already exists."),
            (std::vector<std::string>{"email"}));
  EXPECT_EQ(parse_key_columns("Key (org_id, \"User Name\")=(1, x) already exists."),
            (std::vector<std::string>{"org_id", "User Name"}));
  EXPECT_EQ(parse_key_columns("Key (\"a\"\"b\")=(1) already exists."),
            (std::vector<std::string>{"a\"b"}));
  EXPECT_TRUE(parse_key_columns("something else").empty());
}

// ---------------------------------------------------------------------------------------
// Server tests.

TEST_F(PgDriverTest, RoundTripsEveryScalarType) {
  std::size_t t = add_table(all_types_table());
  push();
  const std::vector<Value> full = {
      Value(std::int64_t{1}),
      Value(true),
      Value(std::int64_t{-128}),
      Value(std::int64_t{-32768}),
      Value(std::int64_t{std::numeric_limits<std::int32_t>::min()}),
      Value(std::numeric_limits<std::int64_t>::min()),
      Value(std::uint64_t{255}),
      Value(std::uint64_t{65535}),
      Value(std::uint64_t{4294967295u}),
      Value(static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())),
      Value(1.5f),
      Value(0.1),
      Value("h\xC3\xA9llo \xF0\x9F\x8E\x89 '); DROP TABLE users; --"),
      Value(Bytes{0x00, 0x01, 0xff, 0x00, 0x5c, 0x27}),
  };
  std::vector<Value> nulls(full.size());
  nulls[0] = Value(std::int64_t{2});
  std::vector<Value> other = {
      Value(std::int64_t{3}),
      Value(false),
      Value(std::int64_t{127}),
      Value(std::int64_t{32767}),
      Value(std::int64_t{std::numeric_limits<std::int32_t>::max()}),
      Value(std::numeric_limits<std::int64_t>::max()),
      Value(std::uint64_t{0}),
      Value(std::uint64_t{0}),
      Value(std::uint64_t{0}),
      Value(std::uint64_t{0}),
      Value(-3.25f),
      Value(-1e308),
      Value(""),
      Value(Bytes{}),
  };
  const auto all = iota(full.size());
  driver::Response ins = run(insert(t, all, {full, nulls, other}, all));
  EXPECT_EQ(ins.affected, 3u);
  ASSERT_EQ(ins.rows.size(), 3u);
  expect_row(ins.rows, 0, full);
  expect_row(ins.rows, 1, nulls);
  expect_row(ins.rows, 2, other);

  for (const auto& want : {full, nulls, other}) {
    driver::Response sel = run(select(t, all, eq(t, 0, want[0])));
    ASSERT_EQ(sel.rows.size(), 1u);
    expect_row(sel.rows, 0, want);
  }
}

TEST_F(PgDriverTest, LongValues) {
  db::Table t0;
  t0.name = "long";
  t0.columns = {column("id", ScalarType::I64), column("s", ScalarType::String),
                column("b", ScalarType::Bytes)};
  t0.primary_key = {0};
  std::size_t t = add_table(t0);
  push();
  std::string big_text(1 << 20, 'x');
  big_text += "\xF0\x9F\x8E\x89";
  Bytes big_blob(3 << 20);
  for (std::size_t i = 0; i < big_blob.size(); ++i) big_blob[i] = static_cast<std::uint8_t>(i * 7);
  run(insert(t, {0, 1, 2}, {{Value(std::int64_t{1}), Value(big_text), Value(big_blob)}}));
  driver::Response r = run(select(t, {1, 2}));
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_TRUE(r.rows.row(0)[0] == Value(big_text));
  EXPECT_TRUE(r.rows.row(0)[1] == Value(big_blob));
}

TEST_F(PgDriverTest, AutoIncrementReturning) {
  db::Table users;
  users.name = "users";
  users.columns = {column("id", ScalarType::I64, false, true), column("name", ScalarType::String)};
  users.primary_key = {0};
  std::size_t t = add_table(users);
  push();
  driver::Response r = run(insert(t, {1}, {{Value("a")}, {Value("b")}}, {0, 1}));
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_EQ(r.rows.row(0)[1], Value("a"));
  EXPECT_EQ(r.rows.row(1)[1], Value("b"));
  EXPECT_LT(r.rows.row(0)[0].as_i64(), r.rows.row(1)[0].as_i64());
}

TEST_F(PgDriverTest, UpdateAndDeleteReportAffectedRows) {
  db::Table t0;
  t0.name = "items";
  t0.columns = {column("id", ScalarType::I64), column("n", ScalarType::I32)};
  t0.primary_key = {0};
  std::size_t t = add_table(t0);
  push();
  run(insert(t, {0, 1}, {{Value(std::int64_t{1}), Value(std::int32_t{1})},
                         {Value(std::int64_t{2}), Value(std::int32_t{1})},
                         {Value(std::int64_t{3}), Value(std::int32_t{2})}}));
  stmt::Update up;
  up.level = stmt::Level::Db;
  up.target = t;
  up.filter = eq(t, 1, Value(std::int32_t{1}));
  up.assignments.push_back({1, stmt::value(Value(std::int32_t{5}))});
  EXPECT_EQ(run(up).affected, 2u);
  stmt::Delete del;
  del.level = stmt::Level::Db;
  del.target = t;
  del.filter = eq(t, 1, Value(std::int32_t{5}));
  EXPECT_EQ(run(del).affected, 2u);
  EXPECT_EQ(admin_->exec("SELECT count(*) FROM \"" + table_name(t) + "\""), "1");
}

TEST_F(PgDriverTest, UniqueViolationNamesTableColumnAndIndex) {
  db::Table users;
  users.name = "users";
  users.columns = {column("id", ScalarType::I64), column("email", ScalarType::String)};
  users.primary_key = {0};
  std::size_t t = add_table(users);
  std::string index = table_name(t) + "_email_idx";
  schema_.tables[t].indexes.push_back(db::Index{index, {1}, true});
  push();
  run(insert(t, {0, 1}, {{Value(std::int64_t{1}), Value("a@example.com")}}));
  try {
    run(insert(t, {0, 1}, {{Value(std::int64_t{2}), Value("a@example.com")}}));
    FAIL() << "no violation";
  } catch (const toasty::DbUniqueViolation& e) {
    EXPECT_EQ(e.table, table_name(t));
    EXPECT_EQ(e.columns, (std::vector<std::string>{"email"}));
    EXPECT_EQ(e.index_name, index);
  }
  // Primary key duplicates too.
  try {
    run(insert(t, {0, 1}, {{Value(std::int64_t{1}), Value("b@example.com")}}));
    FAIL() << "no violation";
  } catch (const toasty::DbUniqueViolation& e) {
    EXPECT_EQ(e.table, table_name(t));
    EXPECT_EQ(e.columns, (std::vector<std::string>{"id"}));
  }
  // The connection stays usable.
  EXPECT_TRUE(conn_->is_healthy());
  EXPECT_EQ(run(select(t, {1})).rows.size(), 1u);
}

TEST_F(PgDriverTest, NotNullIsConstraintViolation) {
  db::Table t0;
  t0.name = "nn";
  t0.columns = {column("id", ScalarType::I64), column("name", ScalarType::String)};
  t0.primary_key = {0};
  std::size_t t = add_table(t0);
  push();
  EXPECT_THROW(run(insert(t, {0, 1}, {{Value(std::int64_t{1}), Value()}})),
               toasty::ConstraintViolation);
}

TEST_F(PgDriverTest, U64AboveI64MaxIsTypeConversion) {
  db::Table t0;
  t0.name = "u64s";
  t0.columns = {column("id", ScalarType::I64), column("v", ScalarType::U64)};
  t0.primary_key = {0};
  std::size_t t = add_table(t0);
  push();
  const std::uint64_t big = std::numeric_limits<std::uint64_t>::max();
  try {
    run(insert(t, {0, 1}, {{Value(std::int64_t{1}), Value(big)}}));
    FAIL() << "accepted u64 max";
  } catch (const toasty::TypeConversion& e) {
    EXPECT_NE(std::string(e.what()).find("18446744073709551615 does not fit BIGINT"),
              std::string::npos)
        << e.what();
  }
  EXPECT_TRUE(conn_->is_healthy());
  // The largest value that fits still works.
  const auto fits = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
  run(insert(t, {0, 1}, {{Value(std::int64_t{2}), Value(fits)}}));
  auto r = run(select(t, {1}, eq(t, 0, Value(std::int64_t{2}))));
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(r.rows.row(0)[0], Value(fits));
}

// Selects from the session's own pg_prepared_statements view through the driver.
TEST_F(PgDriverTest, ReusesPreparedStatements) {
  db::Table t0;
  t0.name = "prep";
  t0.columns = {column("id", ScalarType::I64), column("v", ScalarType::String)};
  t0.primary_key = {0};
  std::size_t t = add_table(t0);
  push();
  for (std::int64_t i = 1; i <= 5; ++i) {
    run(insert(t, {0, 1}, {{Value(i), Value("v" + std::to_string(i))}}));
  }
  db::Table view;
  view.name = "pg_prepared_statements";
  view.columns = {column("name", ScalarType::String), column("statement", ScalarType::String)};
  schema_.tables.push_back(view);  // not in created_: never dropped
  std::size_t v = schema_.tables.size() - 1;
  driver::Response r = run(select(v, {0, 1}));
  int inserts = 0;
  for (std::size_t i = 0; i < r.rows.size(); ++i) {
    EXPECT_EQ(r.rows.row(i)[0].as_string().rfind("toasty_s", 0), 0u) << r.rows.row(i)[0].as_string();
    if (r.rows.row(i)[1].as_string().find(table_name(t)) != std::string::npos) ++inserts;
  }
  EXPECT_EQ(inserts, 1);  // five executions, one prepared statement
  EXPECT_EQ(admin_->exec("SELECT count(*) FROM \"" + table_name(t) + "\""), "5");
}

// A table recreated with another column type under a cached statement: the driver
// prepares the statement again instead of failing forever.
TEST_F(PgDriverTest, RecoversWhenCachedPlanChangesResultType) {
  db::Table t0;
  t0.name = "shape";
  t0.columns = {column("id", ScalarType::I64), column("v", ScalarType::I32)};
  t0.primary_key = {0};
  std::size_t t = add_table(t0);
  push();
  run(insert(t, {0, 1}, {{Value(std::int64_t{1}), Value(std::int32_t{7})}}));
  EXPECT_EQ(run(select(t, {1})).rows.row(0)[0], Value(std::int64_t{7}));
  const std::string q = "\"" + table_name(t) + "\"";
  admin_->exec("ALTER TABLE " + q + " ALTER COLUMN v TYPE TEXT");
  schema_.tables[t].columns[1].type = ScalarType::String;
  driver::Response r = run(select(t, {1}));
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(r.rows.row(0)[0], Value("7"));
}

// The server forgets the session's prepared statements (DEALLOCATE ALL, as poolers and
// DISCARD ALL do): the driver prepares again instead of failing.
TEST_F(PgDriverTest, RecoversWhenServerForgetsPreparedStatements) {
  const std::string fn = unique_name("dealloc_fn");
  const std::string view = unique_name("dealloc");
  admin_->exec("CREATE FUNCTION \"" + fn + "\"() RETURNS bigint LANGUAGE plpgsql VOLATILE AS "
               "$$ BEGIN EXECUTE 'DEALLOCATE ALL'; RETURN 1; END $$");
  admin_->exec("CREATE VIEW \"" + view + "\" AS SELECT \"" + fn + "\"() AS v");
  db::Table t0;
  t0.name = view;
  t0.columns = {column("v", ScalarType::I64)};
  schema_.tables.push_back(t0);
  std::size_t v = schema_.tables.size() - 1;
  for (int i = 0; i < 3; ++i) {
    driver::Response r = run(select(v, {0}));  // each run deallocates its own statement
    ASSERT_EQ(r.rows.size(), 1u);
    EXPECT_EQ(r.rows.row(0)[0], Value(std::int64_t{1}));
  }
  admin_->exec("DROP VIEW \"" + view + "\"");
  admin_->exec("DROP FUNCTION \"" + fn + "\"()");
}

TEST_F(PgDriverTest, TransactionsCommitAndRollBack) {
  db::Table t0;
  t0.name = "tx";
  t0.columns = {column("id", ScalarType::I64)};
  t0.primary_key = {0};
  std::size_t t = add_table(t0);
  push();
  using K = driver::Transaction::Kind;
  conn_->exec(driver::Transaction{K::Begin});
  run(insert(t, {0}, {{Value(std::int64_t{1})}}));
  conn_->exec(driver::Transaction{K::Rollback});
  EXPECT_EQ(run(select(t, {0})).rows.size(), 0u);

  conn_->exec(driver::Transaction{K::Begin});
  run(insert(t, {0}, {{Value(std::int64_t{2})}}));
  conn_->exec(driver::Transaction{K::Commit});
  EXPECT_EQ(admin_->exec("SELECT id FROM \"" + table_name(t) + "\""), "2");

  // A failed statement dooms the transaction; COMMIT then reports it.
  conn_->exec(driver::Transaction{K::Begin});
  EXPECT_THROW(run(insert(t, {0}, {{Value(std::int64_t{2})}})), toasty::DbUniqueViolation);
  EXPECT_THROW(conn_->exec(driver::Transaction{K::Commit}), toasty::DatabaseError);
  EXPECT_TRUE(conn_->is_healthy());
  EXPECT_EQ(run(select(t, {0})).rows.size(), 1u);
}

TEST_F(PgDriverTest, HostileAndUnicodeStringsRoundTripAndPsqlAgrees) {
  db::Table t0;
  t0.name = "strings";
  t0.columns = {column("id", ScalarType::I64), column("s", ScalarType::String)};
  t0.primary_key = {0};
  std::size_t t = add_table(t0);
  push();
  const std::string hostile = "'); DROP TABLE users; -- \"x\" \\ $1 ?";
  const std::string emoji = "\xF0\x9F\x98\x80 \xE6\xBC\xA2\xE5\xAD\x97 caf\xC3\xA9";
  run(insert(t, {0, 1}, {{Value(std::int64_t{1}), Value(hostile)}, {Value(std::int64_t{2}), Value(emoji)}}));
  EXPECT_EQ(run(select(t, {1}, eq(t, 1, Value(hostile)))).rows.size(), 1u);
  auto r = run(select(t, {1}, eq(t, 0, Value(std::int64_t{2}))));
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(r.rows.row(0)[0], Value(emoji));
  EXPECT_EQ(admin_->exec("SELECT s FROM \"" + table_name(t) + "\" WHERE id = 1"), hostile);

  // The database's own client sees the same text.
  std::string cmd = "psql '" + url_ + "' -XAtc 'SELECT s FROM \"" + table_name(t) +
                    "\" WHERE id = 2' 2>&1";
  FILE* p = ::popen(cmd.c_str(), "r");
  ASSERT_NE(p, nullptr);
  std::string out;
  char buf[256];
  while (std::fgets(buf, sizeof buf, p) != nullptr) out += buf;
  int rc = ::pclose(p);
  if (rc != 0 && out.find("not found") != std::string::npos) GTEST_SKIP() << "psql not installed";
  ASSERT_EQ(rc, 0) << out;
  if (!out.empty() && out.back() == '\n') out.pop_back();
  EXPECT_EQ(out, emoji);
}

TEST_F(PgDriverTest, WrongCredentialsAreConnectionErrors) {
  // Same host/port/database, a user that does not exist and a wrong password: refused
  // whatever the server's authentication method.
  PQconninfoOption* opts = PQconninfoParse(url_.c_str(), nullptr);
  ASSERT_NE(opts, nullptr);
  std::string host = "127.0.0.1", port = "5432", dbname = "postgres", user, password;
  for (PQconninfoOption* o = opts; o->keyword; ++o) {
    if (!o->val) continue;
    std::string k = o->keyword;
    if (k == "host" || k == "hostaddr") host = o->val;
    if (k == "port") port = o->val;
    if (k == "dbname") dbname = o->val;
    if (k == "user") user = o->val;
    if (k == "password") password = o->val;
  }
  PQconninfoFree(opts);
  auto check = [&](const std::string& u, const std::string& pw) {
    std::string url = "postgresql://" + u + ":" + pw + "@" + host + ":" + port + "/" + dbname;
    auto d = toasty::postgresql::open(url);
    try {
      d->connect();
      ADD_FAILURE() << "connected as " << u;
    } catch (const toasty::ConnectionError& e) {
      EXPECT_EQ(std::string(e.what()).find(pw), std::string::npos) << e.what();
    }
  };
  check("toasty_no_such_user", "wrong-secret-pw");
  // With a password-authenticated user, also the right user with a wrong password.
  // (Only when the server checks passwords: under `trust` any password is accepted.)
  if (!password.empty() && !user.empty()) {
    const std::string wrong = "wrong-" + password + "-pw";
    std::string url = "postgresql://" + user + ":" + wrong + "@" + host + ":" + port + "/" + dbname;
    PGconn* probe = PQconnectdb(url.c_str());
    const bool checks_passwords = PQstatus(probe) != CONNECTION_OK;
    PQfinish(probe);
    if (checks_passwords) check(user, wrong);
  }
}

TEST_F(PgDriverTest, KilledBackendIsConnectionErrorAndUnhealthy) {
  db::Table t0;
  t0.name = "killed";
  t0.columns = {column("id", ScalarType::I64)};
  t0.primary_key = {0};
  std::size_t t = add_table(t0);
  push();
  // A connection of its own, findable by application_name.
  const std::string app = unique_name("victim");
  std::string url = url_ + (url_.find('?') == std::string::npos ? "?" : "&") +
                    "application_name=" + app;
  auto victim = toasty::postgresql::open(url)->connect();
  run(insert(t, {0}, {{Value(std::int64_t{1})}}), victim.get());  // caches a statement
  EXPECT_TRUE(victim->is_healthy());
  EXPECT_EQ(admin_->exec("SELECT count(pg_terminate_backend(pid, 5000)) FROM pg_stat_activity "
                         "WHERE application_name = '" + app + "'"),
            "1");
  EXPECT_THROW(run(select(t, {0}), victim.get()), toasty::ConnectionError);
  EXPECT_FALSE(victim->is_healthy());
  EXPECT_THROW(run(select(t, {0}), victim.get()), toasty::ConnectionError);
  // Other connections are unaffected.
  EXPECT_EQ(run(select(t, {0})).rows.size(), 1u);
}

TEST_F(PgDriverTest, PushSchemaIsAllOrNothing) {
  db::Table good;
  good.name = "good";
  good.columns = {column("id", ScalarType::I64)};
  good.primary_key = {0};
  std::size_t g = add_table(good);
  db::Table bad;  // a column named twice: its CREATE TABLE fails
  bad.name = "bad";
  bad.columns = {column("id", ScalarType::I64), column("id", ScalarType::I64)};
  add_table(bad);
  EXPECT_THROW(push(), toasty::Error);
  EXPECT_EQ(admin_->exec("SELECT count(*) FROM pg_class WHERE relname = '" + table_name(g) + "'"),
            "0");
  EXPECT_TRUE(conn_->is_healthy());
}

TEST_F(PgDriverTest, PushSchemaDropExistingStartsClean) {
  db::Table t0;
  t0.name = "reset";
  t0.columns = {column("id", ScalarType::I64), column("v", ScalarType::String)};
  t0.primary_key = {0};
  std::size_t t = add_table(t0);
  push();
  run(insert(t, {0, 1}, {{Value(std::int64_t{1}), Value("a")}}));
  EXPECT_EQ(run(select(t, {0, 1})).rows.size(), 1u);  // cached statement
  conn_->exec(driver::PushSchema{&schema_, true});
  EXPECT_EQ(run(select(t, {0, 1})).rows.size(), 0u);  // same statement, new table
  conn_->exec(driver::PushSchema{&schema_, false});   // idempotent
  run(insert(t, {0, 1}, {{Value(std::int64_t{1}), Value("b")}}));
  EXPECT_EQ(run(select(t, {1})).rows.row(0)[0], Value("b"));
}

}  // namespace
