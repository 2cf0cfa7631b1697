// The SQLite driver with hand-built db-level statements.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

#include "toasty/driver/sqlite.hpp"
#include "toasty/error.hpp"

namespace toasty {
inline void PrintTo(const Value& v, std::ostream* os) { *os << v.debug_string(); }
}  // namespace toasty

namespace {

using toasty::ScalarType;
using toasty::Value;
namespace db = toasty::db;
namespace driver = toasty::driver;
namespace stmt = toasty::stmt;

constexpr std::size_t kUsers = 0;
constexpr std::size_t kLineItems = 1;
constexpr std::size_t kAllTypes = 2;
enum UserCol : std::size_t { Id, Name, Email, Age };

db::Schema make_schema() {
  db::Schema s;
  s.tables.push_back(db::Table{"users",
                               {{"id", ScalarType::U64, false, true},
                                {"name", ScalarType::String, false, false},
                                {"email", ScalarType::String, false, false},
                                {"age", ScalarType::I32, true, false}},
                               {0},
                               {{"index_users_by_email", {2}, true}, {"index_users_by_name", {1}, false}}});
  s.tables.push_back(db::Table{"line_items",
                               {{"order_id", ScalarType::U64, false, false},
                                {"position", ScalarType::I32, false, false},
                                {"sku", ScalarType::String, false, false}},
                               {0, 1},
                               {{"index_line_items_by_order_id_and_sku", {0, 2}, true}}});
  s.tables.push_back(db::Table{"all_types",
                               {
                                   {"id", ScalarType::I64, false, true},
                                   {"b", ScalarType::Bool, false, false},
                                   {"i8", ScalarType::I8, false, false},
                                   {"i16", ScalarType::I16, false, false},
                                   {"i32", ScalarType::I32, false, false},
                                   {"i64", ScalarType::I64, false, false},
                                   {"u8", ScalarType::U8, false, false},
                                   {"u16", ScalarType::U16, false, false},
                                   {"u32", ScalarType::U32, false, false},
                                   {"u64", ScalarType::U64, false, false},
                                   {"f32", ScalarType::F32, false, false},
                                   {"f64", ScalarType::F64, false, false},
                                   {"s", ScalarType::String, false, false},
                                   {"bytes", ScalarType::Bytes, false, false},
                                   {"opt", ScalarType::String, true, false},
                               },
                               {0},
                               {}});
  return s;
}

stmt::ExprPtr col(std::size_t c, std::size_t table = kUsers) { return stmt::column(table, c); }
stmt::ExprPtr val(Value v) { return stmt::value(std::move(v)); }
stmt::ExprPtr eq(stmt::ExprPtr a, stmt::ExprPtr b) {
  return stmt::binary(stmt::BinaryOp::Eq, std::move(a), std::move(b));
}

stmt::Insert insert(std::size_t table, std::vector<std::size_t> columns,
                    std::vector<std::vector<Value>> rows, std::vector<std::size_t> returning = {}) {
  stmt::Insert i;
  i.level = stmt::Level::Db;
  i.target = table;
  i.columns = std::move(columns);
  for (auto& row : rows) {
    std::vector<stmt::ExprPtr> exprs;
    for (auto& v : row) exprs.push_back(val(std::move(v)));
    i.rows.push_back(std::move(exprs));
  }
  i.returning = std::move(returning);
  return i;
}

stmt::Select select(std::size_t table, std::vector<std::size_t> returning, stmt::ExprPtr filter = nullptr) {
  stmt::Select s;
  s.level = stmt::Level::Db;
  s.target = table;
  s.returning = std::move(returning);
  s.filter = std::move(filter);
  return s;
}

class SqliteDriverTest : public ::testing::Test {
 protected:
  void SetUp() override { open("sqlite::memory:"); }

  void open(const std::string& url) {
    conn_.reset();
    driver_ = toasty::sqlite::open(url);
    conn_ = driver_->connect();
    push();
  }

  void push() { conn_->exec(driver::PushSchema{&schema_}); }

  driver::Response run(const stmt::Statement& st, driver::Connection* c = nullptr) {
    return (c != nullptr ? c : conn_.get())->exec(driver::QuerySql{&st, &schema_});
  }

  std::vector<std::vector<Value>> rows(const driver::Response& r) {
    std::vector<std::vector<Value>> out;
    for (std::size_t i = 0; i < r.rows.size(); ++i) {
      out.emplace_back(r.rows.row(i), r.rows.row(i) + r.rows.width);
    }
    return out;
  }

  std::uint64_t add_user(const std::string& name, const std::string& email) {
    auto r = run(insert(kUsers, {Name, Email}, {{name, email}}, {Id}));
    return r.rows.cells.at(0).as_u64();
  }

  db::Schema schema_ = make_schema();
  std::unique_ptr<driver::Driver> driver_;
  std::unique_ptr<driver::Connection> conn_;
};

TEST_F(SqliteDriverTest, Capability) {
  const auto& cap = driver_->capability();
  EXPECT_TRUE(cap.sql());
  EXPECT_TRUE(cap.returning_from_insert);
  EXPECT_TRUE(cap.returning_from_update);
  EXPECT_FALSE(cap.full_u64);
  EXPECT_TRUE(cap.transactions);
  EXPECT_EQ(cap.max_connections_default, 1u);  // memory: callers queue on the pool
  EXPECT_GT(toasty::sqlite::open("sqlite:" + (std::filesystem::temp_directory_path() / "toasty-cap.db").string())
                ->capability()
                .max_connections_default,
            1u);
  std::filesystem::remove(std::filesystem::temp_directory_path() / "toasty-cap.db");
  std::filesystem::remove(std::filesystem::temp_directory_path() / "toasty-cap.db-wal");
  std::filesystem::remove(std::filesystem::temp_directory_path() / "toasty-cap.db-shm");
  EXPECT_TRUE(conn_->is_healthy());
}

// A pool of one in memory gets a private ":memory:" handle (no memdb VFS), lent to each
// connection in turn: a replacement connection sees the same data, and the database
// outlives every connection.
TEST(SqliteMemoryPoolOfOne, ConnectionsShareOnePrivateHandle) {
  auto d = toasty::sqlite::open("sqlite::memory:");
  d->set_pool_size(1);
  auto handle_name = [](driver::Connection& c) {
    const char* f = sqlite3_db_filename(toasty::sqlite::native_handle(c), "main");
    return std::string(f != nullptr ? f : "");
  };
  sqlite3* first = nullptr;
  {
    auto c = d->connect();
    first = toasty::sqlite::native_handle(*c);
    EXPECT_EQ(handle_name(*c), "");  // plain :memory: has no file name; memdb's has one
    ASSERT_EQ(sqlite3_exec(first, "CREATE TABLE t (x INTEGER); BEGIN; INSERT INTO t VALUES (7)",
                           nullptr, nullptr, nullptr),
              SQLITE_OK);
  }  // dropped inside a transaction: rolled back, handle kept
  auto c2 = d->connect();
  sqlite3* h = toasty::sqlite::native_handle(*c2);
  EXPECT_EQ(h, first);
  EXPECT_NE(sqlite3_get_autocommit(h), 0);
  sqlite3_stmt* s = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(h, "SELECT count(*) FROM t", -1, &s, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_step(s), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(s, 0), 0);  // the table survived, the open insert did not
  sqlite3_finalize(s);
  // A larger pool keeps the shared memdb database.
  auto shared = toasty::sqlite::open("sqlite::memory:");
  shared->set_pool_size(4);
  auto a = shared->connect();
  auto b = shared->connect();
  EXPECT_NE(toasty::sqlite::native_handle(*a), toasty::sqlite::native_handle(*b));
  EXPECT_NE(handle_name(*a), "");
}

TEST_F(SqliteDriverTest, PushSchemaIsIdempotentAndCreatesIndexes) {
  push();  // IF NOT EXISTS everywhere
  sqlite3* h = toasty::sqlite::native_handle(*conn_);
  ASSERT_NE(h, nullptr);
  sqlite3_stmt* s = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(h, "SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'index_%' ORDER BY name",
                               -1, &s, nullptr),
            SQLITE_OK);
  std::vector<std::string> names;
  while (sqlite3_step(s) == SQLITE_ROW) names.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(s, 0)));
  sqlite3_finalize(s);
  EXPECT_EQ(names, (std::vector<std::string>{"index_line_items_by_order_id_and_sku", "index_users_by_email",
                                             "index_users_by_name"}));
}

TEST_F(SqliteDriverTest, PushSchemaCanDropExistingTables) {
  add_user("ann", "a@x");
  push();  // keeps the data
  EXPECT_EQ(run(select(kUsers, {Id})).rows.size(), 1u);
  conn_->exec(driver::PushSchema{&schema_, true});
  EXPECT_EQ(run(select(kUsers, {Id})).rows.size(), 0u);
  // AUTOINCREMENT starts over too: the table is new.
  EXPECT_EQ(add_user("bob", "b@x"), 1u);
}

TEST_F(SqliteDriverTest, EveryTypeRoundTrips) {
  const toasty::Bytes blob{0, 1, 2, 254, 255};
  // Any UTF-8 text; NUL characters and invalid UTF-8 are refused on every backend (below).
  const std::string text_with_nul("h\xc3\xa9llo\tw\xf0\x9f\x8d\x95rld");
  std::vector<std::size_t> cols;
  for (std::size_t c = 1; c < 15; ++c) cols.push_back(c);
  auto r = run(insert(kAllTypes, cols,
                      {
                          {true, std::int8_t{-128}, std::int16_t{-32768}, std::numeric_limits<std::int32_t>::min(),
                           std::numeric_limits<std::int64_t>::min(), std::uint8_t{255}, std::uint16_t{65535},
                           std::numeric_limits<std::uint32_t>::max(),
                           static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()), 1.5f, -2.25e300,
                           text_with_nul, blob, nullptr},
                          {false, std::int8_t{127}, std::int16_t{32767}, std::numeric_limits<std::int32_t>::max(),
                           std::numeric_limits<std::int64_t>::max(), std::uint8_t{0}, std::uint16_t{0},
                           std::uint32_t{0}, std::uint64_t{0}, -0.25f, 0.0, std::string(), toasty::Bytes{},
                           std::string("present")},
                      },
                      {0}));
  EXPECT_EQ(r.affected, 2u);
  ASSERT_EQ(r.rows.width, 1u);
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_EQ(r.rows.cells[0], Value(std::int64_t{1}));
  EXPECT_EQ(r.rows.cells[1], Value(std::int64_t{2}));
  EXPECT_FALSE(r.last_insert_id.has_value());

  std::vector<std::size_t> all{0};
  all.insert(all.end(), cols.begin(), cols.end());
  auto sel = select(kAllTypes, all);
  sel.order_by = {{col(0, kAllTypes), false}};
  auto got = rows(run(sel));
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0], (std::vector<Value>{
                        Value(std::int64_t{1}), Value(true), Value(std::int64_t{-128}), Value(std::int64_t{-32768}),
                        Value(std::int64_t{std::numeric_limits<std::int32_t>::min()}),
                        Value(std::numeric_limits<std::int64_t>::min()), Value(std::uint64_t{255}),
                        Value(std::uint64_t{65535}), Value(std::uint64_t{std::numeric_limits<std::uint32_t>::max()}),
                        Value(static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())), Value(1.5),
                        Value(-2.25e300), Value(text_with_nul), Value(blob), Value()}));
  EXPECT_EQ(got[1], (std::vector<Value>{Value(std::int64_t{2}), Value(false), Value(std::int64_t{127}),
                                        Value(std::int64_t{32767}),
                                        Value(std::int64_t{std::numeric_limits<std::int32_t>::max()}),
                                        Value(std::numeric_limits<std::int64_t>::max()), Value(std::uint64_t{0}),
                                        Value(std::uint64_t{0}), Value(std::uint64_t{0}), Value(std::uint64_t{0}),
                                        Value(-0.25), Value(0.0), Value(std::string()), Value(toasty::Bytes{}),
                                        Value("present")}));
  // Typed reads through Value::to<T> work on what the driver returns.
  EXPECT_EQ(got[0][1].to<bool>(), true);
  EXPECT_EQ(got[0][2].to<std::int8_t>(), -128);
  EXPECT_EQ(got[0][6].to<std::uint8_t>(), 255);
  EXPECT_EQ(got[0][10].to<float>(), 1.5f);
  EXPECT_EQ(got[0][14].to<std::optional<std::string>>(), std::nullopt);

  // Not UTF-8 text: refused when bound, nothing stored.
  auto bad = insert(kAllTypes, {12}, {{std::string("a\0b", 3)}}, {0});
  EXPECT_THROW(run(bad), toasty::TypeConversion);
  EXPECT_EQ(rows(run(select(kAllTypes, all))).size(), 2u);
}

TEST_F(SqliteDriverTest, U64AboveI64MaxIsRefused) {
  const std::uint64_t big = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()) + 1;
  try {
    run(insert(kLineItems, {0, 1, 2}, {{big, std::int32_t{1}, "sku"}}));
    ADD_FAILURE() << "stored";
  } catch (const toasty::TypeConversion& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("9223372036854775808"), std::string::npos) << what;
    EXPECT_NE(what.find("signed 64-bit"), std::string::npos) << what;
  }
  // The connection is still usable and nothing was written.
  EXPECT_EQ(run(select(kLineItems, {0})).rows.size(), 0u);
  run(insert(kLineItems, {0, 1, 2}, {{big - 1, std::int32_t{1}, "sku"}}));
  EXPECT_EQ(run(select(kLineItems, {0})).rows.cells.at(0), Value(big - 1));
}

TEST_F(SqliteDriverTest, UniqueViolationNamesTableAndColumns) {
  add_user("ann", "ann@example.com");
  try {
    add_user("ann2", "ann@example.com");
    ADD_FAILURE() << "duplicate accepted";
  } catch (const toasty::DbUniqueViolation& e) {
    EXPECT_EQ(e.table, "users");
    EXPECT_EQ(e.columns, std::vector<std::string>{"email"});
    EXPECT_NE(std::string(e.what()).find("UNIQUE constraint failed"), std::string::npos) << e.what();
  }

  run(insert(kLineItems, {0, 1, 2}, {{std::uint64_t{1}, std::int32_t{1}, "a"}}));
  try {  // composite unique index
    run(insert(kLineItems, {0, 1, 2}, {{std::uint64_t{1}, std::int32_t{2}, "a"}}));
    ADD_FAILURE() << "duplicate accepted";
  } catch (const toasty::DbUniqueViolation& e) {
    EXPECT_EQ(e.table, "line_items");
    EXPECT_EQ(e.columns, (std::vector<std::string>{"order_id", "sku"}));
  }
  try {  // composite primary key
    run(insert(kLineItems, {0, 1, 2}, {{std::uint64_t{1}, std::int32_t{1}, "b"}}));
    ADD_FAILURE() << "duplicate accepted";
  } catch (const toasty::DbUniqueViolation& e) {
    EXPECT_EQ(e.table, "line_items");
    EXPECT_EQ(e.columns, (std::vector<std::string>{"order_id", "position"}));
  }
  try {  // integer primary key
    run(insert(kUsers, {Id, Name, Email}, {{std::uint64_t{1}, "x", "x@example.com"}}));
    ADD_FAILURE() << "duplicate accepted";
  } catch (const toasty::DbUniqueViolation& e) {
    EXPECT_EQ(e.table, "users");
    EXPECT_EQ(e.columns, std::vector<std::string>{"id"});
  }
  // An update into a duplicate too.
  add_user("bob", "bob@example.com");
  stmt::Update u;
  u.level = stmt::Level::Db;
  u.target = kUsers;
  u.assignments = {{Email, val("ann@example.com")}};
  u.filter = eq(col(Name), val("bob"));
  EXPECT_THROW(run(u), toasty::DbUniqueViolation);
}

TEST_F(SqliteDriverTest, NotNullViolationIsAConstraintViolation) {
  EXPECT_THROW(run(insert(kUsers, {Name, Email}, {{"ann", nullptr}})), toasty::ConstraintViolation);
}

TEST_F(SqliteDriverTest, UpdateDeleteAffectedAndLastInsertId) {
  auto r = run(insert(kUsers, {Name, Email}, {{"ann", "a@x"}}));
  EXPECT_EQ(r.affected, 1u);
  ASSERT_TRUE(r.last_insert_id.has_value());
  EXPECT_EQ(*r.last_insert_id, 1u);
  EXPECT_EQ(r.rows.width, 0u);
  r = run(insert(kUsers, {Name, Email}, {{"bob", "b@x"}, {"cid", "c@x"}}));
  EXPECT_EQ(r.affected, 2u);
  EXPECT_EQ(*r.last_insert_id, 3u);  // the last row's rowid

  stmt::Update u;
  u.level = stmt::Level::Db;
  u.target = kUsers;
  u.assignments = {{Age, val(std::int32_t{40})}};
  u.filter = stmt::in_list(col(Name), {val("ann"), val("bob")});
  EXPECT_EQ(run(u).affected, 2u);

  auto ages = select(kUsers, {Name, Age});
  ages.order_by = {{col(Name), false}};
  EXPECT_EQ(rows(run(ages)), (std::vector<std::vector<Value>>{{Value("ann"), Value(std::int64_t{40})},
                                                              {Value("bob"), Value(std::int64_t{40})},
                                                              {Value("cid"), Value()}}));

  stmt::Delete d;
  d.level = stmt::Level::Db;
  d.target = kUsers;
  d.filter = stmt::is_null(col(Age));
  EXPECT_EQ(run(d).affected, 1u);
  d.filter = nullptr;
  EXPECT_EQ(run(d).affected, 2u);
  EXPECT_EQ(run(select(kUsers, {Id})).rows.size(), 0u);
  EXPECT_EQ(run(select(kUsers, {Id})).rows.width, 1u);
}

TEST_F(SqliteDriverTest, QueriesBehaveAsSerialized) {
  for (const char* name : {"a*c", "abc", "Abc", "a?x", "a[b", "ab"}) {
    add_user(name, std::string(name) + "@x");
  }
  auto names = [&](stmt::ExprPtr filter) {
    auto s = select(kUsers, {Name}, std::move(filter));
    s.order_by = {{col(Name), false}};
    std::vector<std::string> out;
    for (auto& row : rows(run(s))) out.push_back(row[0].as_string());
    return out;
  };
  // starts_with: case-sensitive, wildcards literal.
  EXPECT_EQ(names(stmt::starts_with(col(Name), val("a*"))), std::vector<std::string>{"a*c"});
  EXPECT_EQ(names(stmt::starts_with(col(Name), val("a?"))), std::vector<std::string>{"a?x"});
  EXPECT_EQ(names(stmt::starts_with(col(Name), val("a["))), std::vector<std::string>{"a[b"});
  EXPECT_EQ(names(stmt::starts_with(col(Name), val("ab"))), (std::vector<std::string>{"ab", "abc"}));
  EXPECT_EQ(names(stmt::starts_with(col(Name), val("A"))), std::vector<std::string>{"Abc"});
  EXPECT_EQ(names(stmt::starts_with(col(Email), col(Name))).size(), 6u);
  // Empty IN list: valid SQL, no rows; negated: every row.
  EXPECT_TRUE(names(stmt::in_list(col(Name), {})).empty());
  EXPECT_EQ(names(stmt::not_(stmt::in_list(col(Name), {}))).size(), 6u);
  // OR inside AND.
  EXPECT_EQ(names(stmt::and_(stmt::starts_with(col(Name), val("a")),
                             stmt::or_(eq(col(Name), val("ab")), eq(col(Name), val("abc"))))),
            (std::vector<std::string>{"ab", "abc"}));
  // LIMIT / OFFSET.
  auto page = select(kUsers, {Name});
  page.order_by = {{col(Name), true}};
  page.limit = 2;
  page.offset = 1;
  auto got = rows(run(page));
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0][0], Value("ab"));  // byte order: abc, ab, a[b, a?x, a*c, Abc
  page.limit.reset();
  page.offset = 4;
  EXPECT_EQ(rows(run(page)).size(), 2u);
  page.limit = std::numeric_limits<std::uint64_t>::max();
  page.offset.reset();
  EXPECT_EQ(rows(run(page)).size(), 6u);
}

TEST_F(SqliteDriverTest, InSubquery) {
  const auto ann = add_user("ann", "a@x");
  const auto bob = add_user("bob", "b@x");
  add_user("cid", "c@x");
  run(insert(kLineItems, {0, 1, 2}, {{ann, std::int32_t{1}, "apple"}, {bob, std::int32_t{1}, "pear"}}));
  stmt::Select buyers = select(kLineItems, {0}, eq(col(2, kLineItems), val("apple")));
  auto buyers_ptr = std::make_shared<const stmt::Select>(buyers);
  auto got = rows(run(select(kUsers, {Name}, stmt::in_subquery({col(Id)}, buyers_ptr))));
  EXPECT_EQ(got, (std::vector<std::vector<Value>>{{Value("ann")}}));
  got = rows(run(select(kUsers, {Name}, stmt::in_subquery({col(Id)}, buyers_ptr, true))));
  EXPECT_EQ(got.size(), 2u);

  // A delete whose subquery reads the same table.
  stmt::Delete d;
  d.level = stmt::Level::Db;
  d.target = kUsers;
  d.filter = stmt::in_subquery(
      {col(Id)}, std::make_shared<const stmt::Select>(select(kUsers, {Id}, eq(col(Name), val("cid")))));
  EXPECT_EQ(run(d).affected, 1u);
  EXPECT_EQ(run(select(kUsers, {Id})).rows.size(), 2u);
}

TEST_F(SqliteDriverTest, HostileStringIsStoredVerbatim) {
  const std::string evil = "'); DROP TABLE users; --";
  add_user(evil, "evil@x");
  auto got = rows(run(select(kUsers, {Name}, eq(col(Name), val(evil)))));
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0][0], Value(evil));
}

// Counts the prepared statements open on the connection whose text is `sql`, and
// returns how often the first one ran.
int statement_runs(sqlite3* h, const std::string& needle, int* count) {
  *count = 0;
  int runs = 0;
  for (sqlite3_stmt* s = sqlite3_next_stmt(h, nullptr); s != nullptr; s = sqlite3_next_stmt(h, s)) {
    if (std::string(sqlite3_sql(s)).find(needle) != std::string::npos) {
      ++*count;
      runs = sqlite3_stmt_status(s, SQLITE_STMTSTATUS_RUN, 0);
    }
  }
  return runs;
}

TEST_F(SqliteDriverTest, PreparedStatementsAreReused) {
  sqlite3* h = toasty::sqlite::native_handle(*conn_);
  ASSERT_NE(h, nullptr);
  add_user("ann", "a@x");
  add_user("bob", "b@x");
  for (const char* n : {"ann", "bob", "nobody", "ann"}) {
    run(select(kUsers, {Id, Name}, eq(col(Name), val(n))));
  }
  int count = 0;
  EXPECT_EQ(statement_runs(h, R"(SELECT "id", "name" FROM "users" WHERE "name" = ?)", &count), 4);
  EXPECT_EQ(count, 1);
  EXPECT_EQ(statement_runs(h, R"(INSERT INTO "users")", &count), 2);
  EXPECT_EQ(count, 1);

  // A different shape is a different statement.
  run(select(kUsers, {Id}, eq(col(Name), val("ann"))));
  EXPECT_EQ(statement_runs(h, R"(SELECT "id" FROM "users" WHERE "name" = ?)", &count), 1);
  EXPECT_EQ(count, 1);

  // Bindings are cleared after each execution (they point into the caller's values).
  for (sqlite3_stmt* s = sqlite3_next_stmt(h, nullptr); s != nullptr; s = sqlite3_next_stmt(h, s)) {
    EXPECT_FALSE(sqlite3_stmt_busy(s)) << sqlite3_sql(s);
  }
}

TEST_F(SqliteDriverTest, ErrorsCarryTheSql) {
  db::Schema other;
  other.tables.push_back(db::Table{"missing_table", {{"x", ScalarType::I64, false, false}}, {0}, {}});
  stmt::Statement st = select(0, {0});
  try {
    conn_->exec(driver::QuerySql{&st, &other});
    ADD_FAILURE() << "ran";
  } catch (const toasty::DatabaseError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("no such table: missing_table"), std::string::npos) << what;
    EXPECT_NE(what.find(R"(SELECT "x" FROM "missing_table")"), std::string::npos) << what;
  }
  // App-level statements never reach SQLite.
  auto app = select(kUsers, {Id});
  app.level = stmt::Level::App;
  EXPECT_THROW(run(app), toasty::InvalidStatement);
}

TEST_F(SqliteDriverTest, Transactions) {
  conn_->exec(driver::Transaction{driver::Transaction::Kind::Begin});
  add_user("ann", "a@x");
  conn_->exec(driver::Transaction{driver::Transaction::Kind::Rollback});
  EXPECT_EQ(run(select(kUsers, {Id})).rows.size(), 0u);

  conn_->exec(driver::Transaction{driver::Transaction::Kind::Begin});
  add_user("ann", "a@x");
  conn_->exec(driver::Transaction{driver::Transaction::Kind::Commit});
  EXPECT_EQ(run(select(kUsers, {Id})).rows.size(), 1u);

  // Rolling back with no transaction open is harmless; committing is an error.
  EXPECT_NO_THROW(conn_->exec(driver::Transaction{driver::Transaction::Kind::Rollback}));
  EXPECT_THROW(conn_->exec(driver::Transaction{driver::Transaction::Kind::Commit}), toasty::DatabaseError);
}

TEST_F(SqliteDriverTest, MemoryDatabaseIsSharedByConnectionsAndOutlivesThem) {
  auto other = driver_->connect();
  add_user("ann", "a@x");
  EXPECT_EQ(run(select(kUsers, {Name}), other.get()).rows.cells.at(0), Value("ann"));

  // memdb locking: a write transaction shuts out readers on other connections until it
  // ends (they wait up to busy_timeout, shortened here, then fail).
  conn_->exec(driver::Transaction{driver::Transaction::Kind::Begin});
  add_user("bob", "b@x");
  sqlite3_busy_timeout(toasty::sqlite::native_handle(*other), 50);
  EXPECT_THROW(run(select(kUsers, {Name}), other.get()), toasty::DatabaseError);
  conn_->exec(driver::Transaction{driver::Transaction::Kind::Commit});
  EXPECT_EQ(run(select(kUsers, {Name}), other.get()).rows.size(), 2u);

  // Every connection closed: the driver keeps the database alive.
  conn_.reset();
  other.reset();
  conn_ = driver_->connect();
  EXPECT_EQ(run(select(kUsers, {Name})).rows.size(), 2u);

  // Another driver has its own database.
  auto second = toasty::sqlite::open("sqlite::memory:");
  auto c2 = second->connect();
  c2->exec(driver::PushSchema{&schema_});
  EXPECT_EQ(run(select(kUsers, {Name}), c2.get()).rows.size(), 0u);

  // No journal file lands on disk for a memory database.
  for (const auto& entry : std::filesystem::directory_iterator("/")) {
    EXPECT_EQ(entry.path().filename().string().rfind("toasty-mem-", 0), std::string::npos) << entry.path();
  }
}

// A pool larger than the default: concurrent writers and readers wait on each other's
// locks (busy_timeout) instead of failing.
void hammer(driver::Driver& drv, const db::Schema& schema) {
  constexpr int kThreads = 4, kPer = 25;
  std::atomic<int> errors{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      try {
        auto c = drv.connect();
        for (int i = 0; i < kPer; ++i) {
          const std::string n = std::to_string(t) + "-" + std::to_string(i);
          const bool tx = i % 2 == 1;  // every other one in an explicit transaction
          if (tx) c->exec(driver::Transaction{driver::Transaction::Kind::Begin});
          stmt::Statement ins = insert(kUsers, {Name, Email}, {{n, n + "@x"}}, {Id});
          auto r = c->exec(driver::QuerySql{&ins, &schema});
          stmt::Statement sel = select(kUsers, {Name}, eq(col(Id), val(r.rows.cells.at(0))));
          if (c->exec(driver::QuerySql{&sel, &schema}).rows.cells.at(0) != Value(n)) ++errors;
          if (tx) c->exec(driver::Transaction{driver::Transaction::Kind::Commit});
        }
      } catch (const std::exception& e) {
        ADD_FAILURE() << e.what();
        ++errors;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(errors.load(), 0);
  auto c = drv.connect();
  stmt::Statement all = select(kUsers, {Id});
  EXPECT_EQ(c->exec(driver::QuerySql{&all, &schema}).rows.size(), static_cast<std::size_t>(kThreads * kPer));
}

TEST_F(SqliteDriverTest, MemoryDatabaseUnderThreads) { hammer(*driver_, schema_); }

TEST_F(SqliteDriverTest, NativeHandleOfAnotherConnectionIsNull) {
  struct Other : driver::Connection {
    driver::Response exec(const driver::Operation&) override { return {}; }
    bool is_healthy() override { return true; }
  } other;
  EXPECT_EQ(toasty::sqlite::native_handle(other), nullptr);
}

class SqliteFileTest : public SqliteDriverTest {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("toasty-sqlite-test-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    path_ = (dir_ / "app.db").string();
    open("sqlite://" + path_);
  }
  void TearDown() override {
    conn_.reset();
    driver_.reset();
    std::filesystem::remove_all(dir_);
  }

  std::string pragma(const char* name) {
    sqlite3* h = toasty::sqlite::native_handle(*conn_);
    sqlite3_stmt* s = nullptr;
    std::string sql = std::string("PRAGMA ") + name;
    EXPECT_EQ(sqlite3_prepare_v2(h, sql.c_str(), -1, &s, nullptr), SQLITE_OK);
    std::string out;
    if (sqlite3_step(s) == SQLITE_ROW) out = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
    return out;
  }

  std::filesystem::path dir_;
  std::string path_;
};

TEST_F(SqliteFileTest, ConnectionSettings) {
  EXPECT_EQ(pragma("journal_mode"), "wal");
  EXPECT_EQ(pragma("foreign_keys"), "1");
  EXPECT_EQ(pragma("busy_timeout"), "5000");
}

TEST_F(SqliteFileTest, DataPersistsAcrossDrivers) {
  add_user("ann", "a@x");
  conn_.reset();
  driver_ = toasty::sqlite::open("sqlite:" + path_);
  conn_ = driver_->connect();
  push();
  EXPECT_EQ(run(select(kUsers, {Name})).rows.cells.at(0), Value("ann"));
}

TEST_F(SqliteFileTest, FileDatabaseUnderThreads) { hammer(*driver_, schema_); }

TEST_F(SqliteFileTest, ReadableBySqlite3Cli) {
  if (std::system("command -v sqlite3 >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "the sqlite3 command-line shell is not installed (apt-get install sqlite3)";
  }
  add_user("ann", "ann@example.com");
  add_user("bob", "bob@example.com");
  conn_.reset();
  driver_.reset();
  const std::string cmd = "sqlite3 '" + path_ + "' \"SELECT id || ':' || name || ':' || email FROM users ORDER BY id\"";
  FILE* p = ::popen(cmd.c_str(), "r");
  ASSERT_NE(p, nullptr);
  std::string out;
  char buf[256];
  while (std::fgets(buf, sizeof buf, p) != nullptr) out += buf;
  EXPECT_EQ(::pclose(p), 0);
  EXPECT_EQ(out, "1:ann:ann@example.com\n2:bob:bob@example.com\n");
}

}  // namespace
