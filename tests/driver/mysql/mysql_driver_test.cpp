// Tests of the MySQL/MariaDB driver against a real server.
//
// Set TOASTY_TEST_MYSQL_URL (e.g. mysql://toasty:toasty@127.0.0.1:3306/toasty) to run the
// server tests; without it they are skipped. URL parsing tests need no server.
// Every test uses its own table names (prefixed with the process id) and drops them.
#include <gtest/gtest.h>
#include <mysql.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "my_internal.hpp"
#include "toasty/driver/mysql.hpp"
#include "toasty/error.hpp"
#include "sql/serializer.hpp"

namespace {

using toasty::Bytes;
using toasty::ScalarType;
using toasty::Value;
namespace db = toasty::db;
namespace driver = toasty::driver;
namespace stmt = toasty::stmt;
using toasty::mysql::detail::parse_url;

const char* server_url() {
  const char* url = std::getenv("TOASTY_TEST_MYSQL_URL");
  return (url != nullptr && *url != '\0') ? url : nullptr;
}

#define REQUIRE_SERVER()                                                                   \
  do {                                                                                     \
    if (server_url() == nullptr)                                                           \
      GTEST_SKIP() << "TOASTY_TEST_MYSQL_URL is not set (e.g. "                            \
                      "mysql://toasty:toasty@127.0.0.1:3306/toasty); skipping server test"; \
  } while (0)

std::string unique_name(const std::string& base) {
  static int counter = 0;
  return "tdrv_" + std::to_string(::getpid()) + "_" + std::to_string(++counter) + "_" + base;
}

// A plain Connector/C connection for setup and for checking what the driver did.
class Admin {
 public:
  explicit Admin(const std::string& url) : conn_(mysql_init(nullptr)) {
    auto u = parse_url(url);
    unsigned tcp = MYSQL_PROTOCOL_TCP;
    mysql_options(conn_, MYSQL_OPT_PROTOCOL, &tcp);
    mysql_options(conn_, MYSQL_SET_CHARSET_NAME, "utf8mb4");
    std::string host = u.host == "localhost" ? "127.0.0.1" : u.host;
    if (!mysql_real_connect(conn_, host.c_str(), u.user.c_str(), u.password.c_str(),
                            u.database.c_str(), u.port, nullptr, 0)) {
      ADD_FAILURE() << mysql_error(conn_);
    }
  }
  ~Admin() { mysql_close(conn_); }
  Admin(const Admin&) = delete;
  Admin& operator=(const Admin&) = delete;

  // Runs `sql`, returns the first column of the first row ("" when none).
  std::string exec(const std::string& sql) {
    if (mysql_real_query(conn_, sql.data(), sql.size()) != 0) {
      ADD_FAILURE() << sql << ": " << mysql_error(conn_);
      return "";
    }
    std::string out;
    if (MYSQL_RES* r = mysql_store_result(conn_)) {
      MYSQL_ROW row = mysql_fetch_row(r);
      if (row && row[0]) out.assign(row[0], mysql_fetch_lengths(r)[0]);
      mysql_free_result(r);
    }
    return out;
  }

 private:
  MYSQL* conn_;
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

class MyDriverTest : public ::testing::Test {
 protected:
  void SetUp() override {
    REQUIRE_SERVER();
    url_ = server_url();
    driver_ = toasty::mysql::open(url_);
    conn_ = driver_->connect();
    admin_ = std::make_unique<Admin>(url_);
  }
  void TearDown() override {
    conn_.reset();
    if (admin_) {
      for (const auto& v : views_) admin_->exec("DROP VIEW IF EXISTS `" + v + "`");
      for (const auto& t : created_) admin_->exec("DROP TABLE IF EXISTS `" + t + "`");
    }
  }

  std::size_t add_table(db::Table t) {
    t.name = unique_name(t.name);
    created_.push_back(t.name);
    schema_.tables.push_back(std::move(t));
    return schema_.tables.size() - 1;
  }

  // A view created by the admin connection, readable through the driver as a table with
  // one column `v` of type `type`.
  std::size_t add_view(const std::string& base, const std::string& select_sql, ScalarType type) {
    db::Table t;
    t.name = unique_name(base);
    t.columns = {column("v", type, true)};
    admin_->exec("CREATE VIEW `" + t.name + "` AS " + select_sql);
    views_.push_back(t.name);
    schema_.tables.push_back(std::move(t));
    return schema_.tables.size() - 1;
  }

  void push() { conn_->exec(driver::PushSchema{&schema_}); }

  driver::Response run(const stmt::Statement& s, driver::Connection* conn = nullptr) {
    return (conn ? conn : conn_.get())->exec(driver::QuerySql{&s, &schema_});
  }

  std::string table_name(std::size_t t) const { return schema_.tables[t].name; }

  db::Table simple_table(const std::string& name, std::vector<db::Column> extra = {}) {
    db::Table t;
    t.name = name;
    t.columns = {column("id", ScalarType::I64)};
    for (auto& c : extra) t.columns.push_back(std::move(c));
    t.primary_key = {0};
    return t;
  }

  std::string url_;
  std::unique_ptr<driver::Driver> driver_;
  std::unique_ptr<driver::Connection> conn_;
  std::unique_ptr<Admin> admin_;
  db::Schema schema_;
  std::vector<std::string> created_;
  std::vector<std::string> views_;
};

// ---------------------------------------------------------------------------------------
// No server needed.

TEST(MyUrl, ParsesTheParts) {
  auto u = parse_url("mysql://us%40er:p%3Aw%2Fd@db.example:3307/my%20db?ssl-mode=REQUIRED&connect_timeout=3");
  EXPECT_EQ(u.user, "us@er");
  EXPECT_EQ(u.password, "p:w/d");
  EXPECT_EQ(u.host, "db.example");
  EXPECT_EQ(u.port, 3307u);
  EXPECT_EQ(u.database, "my db");
  EXPECT_EQ(u.ssl, toasty::mysql::detail::SslMode::Required);
  EXPECT_EQ(u.connect_timeout, 3u);

  auto d = parse_url("mariadb://root@localhost/app");
  EXPECT_EQ(d.user, "root");
  EXPECT_EQ(d.password, "");
  EXPECT_EQ(d.host, "localhost");
  EXPECT_EQ(d.port, 3306u);
  EXPECT_EQ(d.database, "app");

  auto v6 = parse_url("MySQL://[::1]:3308");
  EXPECT_EQ(v6.host, "::1");
  EXPECT_EQ(v6.port, 3308u);
  EXPECT_EQ(v6.database, "");

  auto sock = parse_url("mysql://root@localhost/db?socket=%2Ftmp%2Fmy.sock");
  EXPECT_EQ(sock.socket, "/tmp/my.sock");

  // A password may contain '@'.
  EXPECT_EQ(parse_url("mysql://u:a@b@h/d").password, "a@b");
}

TEST(MyUrl, RejectsBadUrls) {
  for (const char* url :
       {"", "postgresql://u@h/db", "mysql:/h/db", "mysql", "mysql://h:notaport/db", "mysql://h:0/db",
        "mysql://h:70000/db", "mysql://u%zz@h/db", "mysql://h/db/extra", "mysql://h/db?bogus=1",
        "mysql://h/db?ssl-mode=sometimes", "mysql://[::1/db", "mysql://h:/db"}) {
    try {
      toasty::mysql::open(url);
      ADD_FAILURE() << "accepted " << url;
    } catch (const toasty::InvalidUrl& e) {
      std::string msg = e.what();
      EXPECT_NE(msg.find("mysql://user:password@host:port/database"), std::string::npos) << msg;
    }
  }
}

TEST(MyUrl, MessagesHideThePassword) {
  try {
    toasty::mysql::open("mysql://alice:s3cr3t-pw@h:notaport/db");
    FAIL() << "accepted";
  } catch (const toasty::InvalidUrl& e) {
    std::string msg = e.what();
    EXPECT_EQ(msg.find("s3cr3t-pw"), std::string::npos) << msg;
    EXPECT_NE(msg.find("mysql://alice:***@h:notaport/db"), std::string::npos) << msg;
  }
  auto d = toasty::mysql::open("mysql://alice:hidden-pw@127.0.0.1:1/db?connect_timeout=2");
  try {
    d->connect();
    FAIL() << "connected";
  } catch (const toasty::ConnectionError& e) {
    std::string msg = e.what();
    EXPECT_EQ(msg.find("hidden-pw"), std::string::npos) << msg;
    EXPECT_NE(msg.find("127.0.0.1"), std::string::npos) << msg;
  }
}

TEST(MyUrl, Capability) {
  auto d = toasty::mysql::open("mysql://u:p@127.0.0.1/db");
  EXPECT_EQ(d->name(), "mysql");
  EXPECT_TRUE(d->capability().sql());
  EXPECT_TRUE(d->capability().returning_from_insert);
  EXPECT_FALSE(d->capability().returning_from_update);
  EXPECT_TRUE(d->capability().full_u64);
}

TEST(MyDuplicateKey, ParsesBothSpellings) {
  using toasty::mysql::detail::duplicate_key_name;
  EXPECT_EQ(duplicate_key_name("Duplicate entry 'a@b.c' for key 'idx_email'"), "idx_email");
  EXPECT_EQ(duplicate_key_name("Duplicate entry 'a@b.c' for key 'users.idx_email'"),
            "users.idx_email");
  EXPECT_EQ(duplicate_key_name("Duplicate entry 'x' for key 'y'' for key 'PRIMARY'"), "PRIMARY");
  EXPECT_EQ(duplicate_key_name("something else"), "");
}

// ---------------------------------------------------------------------------------------
// Server tests.

TEST_F(MyDriverTest, RoundTripsEveryScalarType) {
  db::Table t0;
  t0.name = "all_types";
  t0.columns = {
      column("id", ScalarType::I64),         column("b", ScalarType::Bool, true),
      column("i8", ScalarType::I8, true),    column("i16", ScalarType::I16, true),
      column("i32", ScalarType::I32, true),  column("i64", ScalarType::I64, true),
      column("u8", ScalarType::U8, true),    column("u16", ScalarType::U16, true),
      column("u32", ScalarType::U32, true),  column("u64", ScalarType::U64, true),
      column("f32", ScalarType::F32, true),  column("f64", ScalarType::F64, true),
      column("s", ScalarType::String, true), column("bytes", ScalarType::Bytes, true),
  };
  t0.primary_key = {0};
  std::size_t t = add_table(t0);
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
      Value(std::numeric_limits<std::uint64_t>::max()),
      Value(1.5f),
      Value(0.1),
      Value("h\xC3\xA9llo \xF0\x9F\x8E\x89 '); DROP TABLE users; --"),
      Value(Bytes{0x00, 0x01, 0xff, 0x00, 0x5c, 0x27}),
  };
  std::vector<Value> nulls(full.size());
  nulls[0] = Value(std::int64_t{2});
  const std::vector<Value> other = {
      Value(std::int64_t{3}),
      Value(false),
      Value(std::int64_t{127}),
      Value(std::int64_t{32767}),
      Value(std::int64_t{std::numeric_limits<std::int32_t>::max()}),
      Value(std::numeric_limits<std::int64_t>::max()),
      Value(std::uint64_t{0}),
      Value(std::uint64_t{0}),
      Value(std::uint64_t{0}),
      Value(std::uint64_t{9223372036854775808u}),  // INT64_MAX + 1
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
  // The server's own view of the u64 column.
  EXPECT_EQ(admin_->exec("SELECT u64 FROM `" + table_name(t) + "` WHERE id = 1"),
            "18446744073709551615");
}

TEST_F(MyDriverTest, LongValuesAndManyRows) {
  std::size_t t = add_table(simple_table("long", {column("s", ScalarType::String, true),
                                                  column("b", ScalarType::Bytes, true)}));
  push();
  // Rows of different lengths (result buffers are sized by the longest), then one with a
  // 1 MiB text and a 3 MiB blob.
  std::vector<std::vector<Value>> rows;
  for (std::int64_t i = 1; i <= 50; ++i) {
    std::string s(static_cast<std::size_t>(i * 3), static_cast<char>('a' + i % 26));
    Bytes b(static_cast<std::size_t>(i * 5), static_cast<std::uint8_t>(i));
    rows.push_back({Value(i), Value(s), Value(b)});
  }
  run(insert(t, {0, 1, 2}, rows));
  std::string big_text(1 << 20, 'x');
  big_text += "\xF0\x9F\x8E\x89";
  Bytes big_blob(3 << 20);
  for (std::size_t i = 0; i < big_blob.size(); ++i) big_blob[i] = static_cast<std::uint8_t>(i * 7);
  rows.push_back({Value(std::int64_t{51}), Value(big_text), Value(big_blob)});
  run(insert(t, {0, 1, 2}, {rows.back()}));
  stmt::Select sel = std::get<stmt::Select>(select(t, {0, 1, 2}));
  sel.order_by.push_back({stmt::column(t, 0), false});
  driver::Response r = run(sel);
  ASSERT_EQ(r.rows.size(), rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    for (std::size_t c = 0; c < 3; ++c) {
      EXPECT_TRUE(r.rows.row(i)[c] == rows[i][c]) << "row " << i << " column " << c;
    }
  }
}

TEST_F(MyDriverTest, AutoIncrementReturningAndLastInsertId) {
  db::Table users;
  users.name = "users";
  users.columns = {column("id", ScalarType::U64, false, true), column("name", ScalarType::String)};
  users.primary_key = {0};
  std::size_t t = add_table(users);
  push();
  driver::Response a = run(insert(t, {1}, {{Value("a")}}));
  ASSERT_TRUE(a.last_insert_id.has_value());
  EXPECT_EQ(a.affected, 1u);
  driver::Response b = run(insert(t, {1}, {{Value("b")}, {Value("c")}}, {0, 1}));
  ASSERT_EQ(b.rows.size(), 2u);
  EXPECT_EQ(b.rows.row(0)[1], Value("b"));
  EXPECT_EQ(b.rows.row(0)[0], Value(*a.last_insert_id + 1));
  EXPECT_EQ(b.rows.row(1)[0], Value(*a.last_insert_id + 2));
}

TEST_F(MyDriverTest, UpdateReportsMatchedRowsAndDeleteAffectedRows) {
  std::size_t t = add_table(simple_table("items", {column("n", ScalarType::I32)}));
  push();
  run(insert(t, {0, 1}, {{Value(std::int64_t{1}), Value(std::int32_t{1})},
                         {Value(std::int64_t{2}), Value(std::int32_t{1})},
                         {Value(std::int64_t{3}), Value(std::int32_t{2})}}));
  stmt::Update up;
  up.level = stmt::Level::Db;
  up.target = t;
  up.filter = eq(t, 1, Value(std::int32_t{1}));
  up.assignments.push_back({1, stmt::value(Value(std::int32_t{1}))});  // no change
  EXPECT_EQ(run(up).affected, 2u);  // matched rows, like PostgreSQL and SQLite
  stmt::Delete del;
  del.level = stmt::Level::Db;
  del.target = t;
  del.filter = eq(t, 1, Value(std::int32_t{1}));
  EXPECT_EQ(run(del).affected, 2u);
  EXPECT_EQ(admin_->exec("SELECT count(*) FROM `" + table_name(t) + "`"), "1");
}

TEST_F(MyDriverTest, UniqueViolationNamesTableColumnAndIndex) {
  std::size_t t = add_table(simple_table("users", {column("email", ScalarType::String)}));
  const std::string index = "idx_email";
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
  try {
    run(insert(t, {0, 1}, {{Value(std::int64_t{1}), Value("b@example.com")}}));
    FAIL() << "no violation";
  } catch (const toasty::DbUniqueViolation& e) {
    EXPECT_EQ(e.table, table_name(t));
    EXPECT_EQ(e.columns, (std::vector<std::string>{"id"}));
    EXPECT_EQ(e.index_name, "PRIMARY");
  }
  EXPECT_TRUE(conn_->is_healthy());
  EXPECT_EQ(run(select(t, {1})).rows.size(), 1u);
}

TEST_F(MyDriverTest, NotNullIsConstraintViolation) {
  std::size_t t = add_table(simple_table("nn", {column("name", ScalarType::String)}));
  push();
  EXPECT_THROW(run(insert(t, {0, 1}, {{Value(std::int64_t{1}), Value()}})),
               toasty::ConstraintViolation);
}

TEST_F(MyDriverTest, OutOfRangeIsTypeConversion) {
  std::size_t t = add_table(simple_table("range", {column("v", ScalarType::I64, true)}));
  push();
  // u64 max into a signed BIGINT: strict mode refuses it.
  EXPECT_THROW(run(insert(t, {0, 1}, {{Value(std::int64_t{1}),
                                       Value(std::numeric_limits<std::uint64_t>::max())}})),
               toasty::TypeConversion);
  EXPECT_TRUE(conn_->is_healthy());
}

TEST_F(MyDriverTest, ReusesPreparedStatements) {
  std::size_t t = add_table(simple_table("prep", {column("v", ScalarType::String)}));
  push();
  std::size_t prepares = add_view(
      "prepares",
      "SELECT CAST(VARIABLE_VALUE AS UNSIGNED) AS v FROM information_schema.SESSION_STATUS "
      "WHERE VARIABLE_NAME = 'COM_STMT_PREPARE'",
      ScalarType::U64);
  auto count = [&] { return run(select(prepares, {0})).rows.row(0)[0].as_u64(); };
  count();  // prepares the counting statement itself
  const std::uint64_t before = count();
  for (std::int64_t i = 1; i <= 5; ++i) {
    run(insert(t, {0, 1}, {{Value(i), Value("v" + std::to_string(i))}}));
  }
  EXPECT_EQ(count() - before, 1u);  // five executions, one prepare
  EXPECT_EQ(admin_->exec("SELECT count(*) FROM `" + table_name(t) + "`"), "5");
}

TEST_F(MyDriverTest, TransactionsCommitAndRollBack) {
  std::size_t t = add_table(simple_table("tx"));
  push();
  using K = driver::Transaction::Kind;
  conn_->exec(driver::Transaction{K::Begin});
  run(insert(t, {0}, {{Value(std::int64_t{1})}}));
  conn_->exec(driver::Transaction{K::Rollback});
  EXPECT_EQ(run(select(t, {0})).rows.size(), 0u);
  conn_->exec(driver::Transaction{K::Begin});
  run(insert(t, {0}, {{Value(std::int64_t{2})}}));
  conn_->exec(driver::Transaction{K::Commit});
  EXPECT_EQ(admin_->exec("SELECT id FROM `" + table_name(t) + "`"), "2");
}

TEST_F(MyDriverTest, HostileAndUnicodeStringsRoundTripAndCliAgrees) {
  std::size_t t = add_table(simple_table("strings", {column("s", ScalarType::String)}));
  push();
  const std::string hostile = "'); DROP TABLE users; -- \"x\" \\ ? `y`";
  const std::string emoji = "\xF0\x9F\x98\x80 \xE6\xBC\xA2\xE5\xAD\x97 caf\xC3\xA9";
  run(insert(t, {0, 1}, {{Value(std::int64_t{1}), Value(hostile)}, {Value(std::int64_t{2}), Value(emoji)}}));
  EXPECT_EQ(run(select(t, {1}, eq(t, 1, Value(hostile)))).rows.size(), 1u);
  auto r = run(select(t, {1}, eq(t, 0, Value(std::int64_t{2}))));
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(r.rows.row(0)[0], Value(emoji));
  EXPECT_EQ(admin_->exec("SELECT s FROM `" + table_name(t) + "` WHERE id = 1"), hostile);

  // The database's own client sees the same text.
  auto u = parse_url(url_);
  ::setenv("MYSQL_PWD", u.password.c_str(), 1);
  std::string host = u.host == "localhost" ? "127.0.0.1" : u.host;
  std::string cmd = "mariadb --no-defaults --default-character-set=utf8mb4 -N -B -r -h " + host +
                    " -P " + std::to_string(u.port) + " -u '" + u.user + "' '" + u.database +
                    "' -e 'SELECT s FROM `" + table_name(t) + "` WHERE id = 2' 2>&1";
  FILE* p = ::popen(cmd.c_str(), "r");
  ASSERT_NE(p, nullptr);
  std::string out;
  char buf[256];
  while (std::fgets(buf, sizeof buf, p) != nullptr) out += buf;
  int rc = ::pclose(p);
  ::unsetenv("MYSQL_PWD");
  if (rc != 0 && out.find("not found") != std::string::npos) GTEST_SKIP() << "mariadb CLI not installed";
  ASSERT_EQ(rc, 0) << out;
  if (!out.empty() && out.back() == '\n') out.pop_back();
  EXPECT_EQ(out, emoji);
}

TEST_F(MyDriverTest, WrongCredentialsAreConnectionErrors) {
  auto u = parse_url(url_);
  auto check = [&](const std::string& user, const std::string& pw) {
    std::string url = "mysql://" + user + ":" + pw + "@" + u.host + ":" + std::to_string(u.port) +
                      "/" + u.database;
    auto d = toasty::mysql::open(url);
    try {
      d->connect();
      ADD_FAILURE() << "connected as " << user;
    } catch (const toasty::ConnectionError& e) {
      EXPECT_EQ(std::string(e.what()).find(pw), std::string::npos) << e.what();
    }
  };
  check("toasty_no_such_user", "wrong-secret-pw");
  check(u.user, "wrong-" + u.password + "-pw");
}

TEST_F(MyDriverTest, LocalhostMeansTcp) {
  auto u = parse_url(url_);
  std::string url = "mysql://" + u.user + ":" + u.password + "@localhost:" +
                    std::to_string(u.port) + "/" + u.database;
  auto conn = toasty::mysql::open(url)->connect();
  EXPECT_TRUE(conn->is_healthy());
}

TEST_F(MyDriverTest, KilledConnectionIsConnectionErrorAndUnhealthy) {
  std::size_t t = add_table(simple_table("killed"));
  push();
  std::size_t me = add_view("me", "SELECT CONNECTION_ID() AS v", ScalarType::U64);
  auto victim = driver_->connect();
  run(insert(t, {0}, {{Value(std::int64_t{1})}}), victim.get());  // caches a statement
  const std::uint64_t id = run(select(me, {0}), victim.get()).rows.row(0)[0].as_u64();
  EXPECT_TRUE(victim->is_healthy());
  admin_->exec("KILL " + std::to_string(id));
  EXPECT_THROW(run(select(t, {0}), victim.get()), toasty::ConnectionError);
  EXPECT_FALSE(victim->is_healthy());
  EXPECT_THROW(run(select(t, {0}), victim.get()), toasty::ConnectionError);
  EXPECT_EQ(run(select(t, {0})).rows.size(), 1u);  // others unaffected
}

TEST_F(MyDriverTest, PushSchemaDropExistingStartsClean) {
  std::size_t t = add_table(simple_table("reset", {column("v", ScalarType::String)}));
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
