// Catalogue reads on every SQL backend (TOASTY_TEST_BACKEND): a schema toasty creates reads
// back exactly as expected_catalogue() says, changes made behind toasty's back show up as
// the expected difference lines, and toasty's own bookkeeping tables are left out.
#include "migrate/catalogue.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <ostream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sql/serializer.hpp"
#include "support/backend.hpp"
#include "toasty/error.hpp"

namespace toasty::migrations {

// Readable failures: one line per table, column and index.
void PrintTo(const Catalogue& c, std::ostream* os) {
  for (const CatalogueTable& t : c.tables) {
    *os << "\ntable " << t.name << " key(";
    for (const std::string& k : t.primary_key) *os << k << ' ';
    *os << ')';
    for (const CatalogueColumn& col : t.columns)
      *os << "\n  " << col.name << ' ' << col.type << (col.nullable ? " NULL" : " NOT NULL")
          << (col.auto_increment ? " AUTO" : "");
    for (const CatalogueIndex& i : t.indexes) {
      *os << "\n  index " << i.name << (i.unique ? " unique (" : " (");
      for (const std::string& k : i.columns) *os << k << ' ';
      *os << ')';
    }
  }
}

}  // namespace toasty::migrations

namespace {

using toasty::ScalarType;
using toasty::db::Column;
using toasty::db::Index;
using toasty::db::Schema;
using toasty::db::Table;
using toasty::migrations::Catalogue;
using toasty::migrations::CatalogueColumn;
using toasty::migrations::CatalogueIndex;
using toasty::migrations::CatalogueTable;
using toasty::migrations::compare_catalogues;
using toasty::migrations::expected_catalogue;
using toasty::migrations::read_catalogue;
using toasty::sql::Dialect;
using Lines = std::vector<std::string>;

Column column(std::string name, ScalarType type, bool nullable = false) {
  Column c;
  c.name = std::move(name);
  c.type = type;
  c.nullable = nullable;
  return c;
}

Column with_length(Column c, std::uint32_t n) {
  c.max_length = n;
  return c;
}

Column as_list(Column c) {
  c.list = true;
  return c;
}

Column auto_key(std::string name) {
  Column c = column(std::move(name), ScalarType::I64);
  c.auto_increment = true;
  return c;
}

Column pg_enum(std::string name, bool list) {
  Column c = column(std::move(name), ScalarType::String);
  c.pg_enum = "cat_mood";
  c.pg_enum_labels = {"sad", "ok", "happy"};
  c.list = list;
  return c;
}

// The tables whose names start with `prefix`: the databases are shared with other tests.
Catalogue only(Catalogue c, std::string_view prefix) {
  std::erase_if(c.tables, [&](const CatalogueTable& t) { return !t.name.starts_with(prefix); });
  return c;
}

std::vector<std::string> table_names(const Catalogue& c) {
  std::vector<std::string> out;
  for (const CatalogueTable& t : c.tables) out.push_back(t.name);
  return out;
}

const CatalogueTable& table_of(const Catalogue& c, std::string_view name) {
  for (const CatalogueTable& t : c.tables)
    if (t.name == name) return t;
  throw std::runtime_error("no table " + std::string(name));
}

class CatalogueTest : public toasty_test::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped()) return;
    const std::string backend = toasty_test::backend_name();
    const auto dialect = toasty::sql::dialect_of_driver(backend);
    if (!dialect) GTEST_SKIP() << backend << " has no SQL catalogue";
    dialect_ = *dialect;
    db_.emplace(toasty_test::fresh_db({}));
    lease_.emplace(db_->pool().acquire());
  }

  // Whatever the test left behind, also when it failed.
  void TearDown() override {
    if (!lease_) return;
    for (const std::string& name : extra_tables_)
      exec("DROP TABLE IF EXISTS " + toasty::sql::quote_identifier(name, dialect_));
    for (const Schema& s : pushed_)
      for (const std::string& sql : toasty::sql::drop_schema(s, dialect_)) exec(sql);
  }

  toasty::driver::Connection& conn() { return **lease_; }
  void exec(const std::string& sql) { conn().exec(toasty::driver::RawSql{sql, {}}); }
  void push(const Schema& s) {
    pushed_.push_back(s);
    conn().exec(toasty::driver::PushSchema{&s, /*drop_existing=*/true});
  }
  // A table made by raw SQL, dropped at the end.
  void create_table(const std::string& name, const std::string& definition) {
    extra_tables_.push_back(name);
    exec("DROP TABLE IF EXISTS " + q(name));
    exec("CREATE TABLE " + q(name) + " " + definition);
  }
  std::string q(const std::string& name) const { return toasty::sql::quote_identifier(name, dialect_); }
  Catalogue read(std::string_view prefix) { return only(read_catalogue(conn(), dialect_), prefix); }
  // The same text for each dialect: SQLite, PostgreSQL, MySQL.
  std::string pick(std::string sqlite, std::string postgresql, std::string mysql) const {
    return dialect_ == Dialect::Sqlite ? sqlite : dialect_ == Dialect::Postgresql ? postgresql : mysql;
  }

  Dialect dialect_ = Dialect::Sqlite;
  std::optional<toasty::Db> db_;
  std::optional<toasty::Pool::Lease> lease_;  // after db_: returned before the pool goes
  std::vector<Schema> pushed_;
  std::vector<std::string> extra_tables_;
};

// Every scalar type and column option toasty creates, in two tables.
Schema every_type_schema() {
  Table scalars;
  scalars.name = "cat_scalars";
  Column json_text = column("f_json", ScalarType::Json);
  json_text.json_text = true;
  Column numeric = column("f_numeric", ScalarType::Decimal);
  numeric.precision = 10;
  numeric.scale = 2;
  scalars.columns = {
      auto_key("id"),
      column("f_bool", ScalarType::Bool),
      column("f_i8", ScalarType::I8),
      column("f_i16", ScalarType::I16),
      column("f_i32", ScalarType::I32, true),
      column("f_i64", ScalarType::I64),
      column("f_u8", ScalarType::U8),
      column("f_u16", ScalarType::U16),
      column("f_u32", ScalarType::U32),
      column("f_u64", ScalarType::U64, true),
      column("f_f32", ScalarType::F32),
      column("f_f64", ScalarType::F64),
      column("f_text", ScalarType::String),
      with_length(column("f_varchar", ScalarType::String), 20),
      column("f_bytes", ScalarType::Bytes, true),
      with_length(column("f_varbinary", ScalarType::Bytes), 16),
      column("f_uuid", ScalarType::Uuid),
      column("f_timestamp", ScalarType::Timestamp),
      column("f_date", ScalarType::Date),
      column("f_datetime", ScalarType::DateTime, true),
      column("f_time", ScalarType::Time),
      column("f_jsonb", ScalarType::Json),
      json_text,
      column("f_decimal", ScalarType::Decimal),
      numeric,
      as_list(column("f_ints", ScalarType::I32)),
      as_list(with_length(column("f_names", ScalarType::String, true), 20)),
      pg_enum("f_mood", false),
      pg_enum("f_moods", true),
      column("f_key", ScalarType::String),      // indexed, unbounded: MySQL VARCHAR(191)
      column("f_blob_key", ScalarType::Bytes),  // indexed, unbounded: MySQL VARBINARY(255)
  };
  scalars.primary_key = {0};
  scalars.indexes = {Index{"cat_scalars_by_key", {29, 30}, true}, Index{"cat_scalars_by_i32_date", {4, 18}, false},
                     Index{"cat_scalars_by_uuid", {16}, true}};

  Table composite;
  composite.name = "cat_composite";
  composite.columns = {column("tenant", ScalarType::I64), column("code", ScalarType::String, /*nullable=*/true),
                       column("note", ScalarType::String, true)};
  composite.primary_key = {0, 1};  // "code" is NOT NULL all the same, as a key column
  composite.indexes = {Index{"cat_composite_note", {2, 0}, false}};
  return Schema{{scalars, composite}};
}

TEST_F(CatalogueTest, EveryTypeReadsBackAsCreated) {
  const Schema schema = every_type_schema();
  push(schema);
  const Catalogue actual = read("cat_");
  const Catalogue expected = expected_catalogue(schema, dialect_);
  EXPECT_EQ(compare_catalogues(expected, actual), Lines{});
  EXPECT_EQ(expected, actual);

  // The normalized spelling on each dialect, as column_type() writes it.
  ASSERT_EQ(table_names(actual), (Lines{"cat_composite", "cat_scalars"}));
  const CatalogueTable& scalars = table_of(actual, "cat_scalars");
  const std::vector<std::pair<std::string, std::string>> types = {
      {"id", pick("INTEGER", "BIGINT", "BIGINT")},
      {"f_bool", pick("INTEGER", "BOOLEAN", "BOOLEAN")},
      {"f_i8", pick("INTEGER", "SMALLINT", "TINYINT")},
      {"f_i16", pick("INTEGER", "SMALLINT", "SMALLINT")},
      {"f_i32", pick("INTEGER", "INTEGER", "INT")},
      {"f_i64", pick("INTEGER", "BIGINT", "BIGINT")},
      {"f_u8", pick("INTEGER", "SMALLINT", "TINYINT UNSIGNED")},
      {"f_u16", pick("INTEGER", "INTEGER", "SMALLINT UNSIGNED")},
      {"f_u32", pick("INTEGER", "BIGINT", "INT UNSIGNED")},
      {"f_u64", pick("INTEGER", "BIGINT", "BIGINT UNSIGNED")},
      {"f_f32", pick("REAL", "REAL", "FLOAT")},
      {"f_f64", pick("REAL", "DOUBLE PRECISION", "DOUBLE")},
      {"f_text", pick("TEXT", "TEXT", "LONGTEXT")},
      {"f_varchar", pick("TEXT", "VARCHAR(20)", "VARCHAR(20)")},
      {"f_bytes", pick("BLOB", "BYTEA", "LONGBLOB")},
      {"f_varbinary", pick("BLOB", "BYTEA", "VARBINARY(16)")},
      {"f_uuid", pick("TEXT", "UUID", "CHAR(36)")},
      {"f_timestamp", pick("TEXT", "TIMESTAMPTZ", "DATETIME(6)")},
      {"f_date", pick("TEXT", "DATE", "DATE")},
      {"f_datetime", pick("TEXT", "TIMESTAMP", "DATETIME(6)")},
      {"f_time", pick("TEXT", "TIME", "TIME(6)")},
      {"f_jsonb", pick("TEXT", "JSONB", "JSON")},
      {"f_json", pick("TEXT", "JSON", "JSON")},
      {"f_decimal", pick("TEXT COLLATE TOASTY_DECIMAL", "NUMERIC", "DECIMAL(65, 30)")},
      {"f_numeric", pick("TEXT COLLATE TOASTY_DECIMAL", "NUMERIC(10, 2)", "DECIMAL(10, 2)")},
      {"f_ints", pick("TEXT", "INTEGER[]", "JSON")},
      {"f_names", pick("TEXT", "VARCHAR(20)[]", "JSON")},
      {"f_mood", pick("TEXT", "\"cat_mood\"", "LONGTEXT")},
      {"f_moods", pick("TEXT", "\"cat_mood\"[]", "JSON")},
      {"f_key", pick("TEXT", "TEXT", "VARCHAR(191)")},
      {"f_blob_key", pick("BLOB", "BYTEA", "VARBINARY(255)")},
  };
  ASSERT_EQ(scalars.columns.size(), types.size());
  for (std::size_t i = 0; i < types.size(); ++i) {
    const CatalogueColumn& c = scalars.columns[i];
    EXPECT_EQ(c.name, types[i].first);
    EXPECT_EQ(c.type, types[i].second) << c.name;
    const bool nullable = c.name == "f_i32" || c.name == "f_u64" || c.name == "f_bytes" ||
                          c.name == "f_datetime" || c.name == "f_names";
    EXPECT_EQ(c.nullable, nullable) << c.name;
    EXPECT_EQ(c.auto_increment, c.name == "id") << c.name;
  }
  EXPECT_EQ(scalars.primary_key, Lines{"id"});
  EXPECT_EQ(scalars.indexes, (std::vector<CatalogueIndex>{{"cat_scalars_by_i32_date", {"f_i32", "f_date"}, false},
                                                          {"cat_scalars_by_key", {"f_key", "f_blob_key"}, true},
                                                          {"cat_scalars_by_uuid", {"f_uuid"}, true}}));

  const CatalogueTable& composite = table_of(actual, "cat_composite");
  EXPECT_EQ(composite.columns,
            (std::vector<CatalogueColumn>{{"tenant", pick("INTEGER", "BIGINT", "BIGINT"), false, false},
                                          {"code", pick("TEXT", "TEXT", "VARCHAR(191)"), false, false},
                                          {"note", pick("TEXT", "TEXT", "VARCHAR(191)"), true, false}}));
  EXPECT_EQ(composite.primary_key, (Lines{"tenant", "code"}));
  EXPECT_EQ(composite.indexes, (std::vector<CatalogueIndex>{{"cat_composite_note", {"note", "tenant"}, false}}));
}

Schema drift_schema() {
  Table users;
  users.name = "cat_drift_users";
  users.columns = {auto_key("id"), with_length(column("email", ScalarType::String), 64),
                   column("name", ScalarType::String, true)};
  users.primary_key = {0};
  users.indexes = {Index{"cat_drift_users_email", {1}, true}, Index{"cat_drift_users_name", {2}, false}};

  Table posts;
  posts.name = "cat_drift_posts";
  posts.columns = {auto_key("id"), column("user_id", ScalarType::I64), column("title", ScalarType::String),
                   column("body", ScalarType::String, true), column("score", ScalarType::I32, true)};
  posts.primary_key = {0};
  posts.indexes = {Index{"cat_drift_posts_user", {1, 2}, false}};

  Table gone;
  gone.name = "cat_drift_gone";
  gone.columns = {column("id", ScalarType::I64)};
  gone.primary_key = {0};
  return Schema{{users, posts, gone}};
}

TEST_F(CatalogueTest, DriftIsReportedLineByLine) {
  const Schema schema = drift_schema();
  push(schema);
  const Catalogue expected = expected_catalogue(schema, dialect_);
  ASSERT_EQ(compare_catalogues(expected, read("cat_drift_")), Lines{});

  // cat_drift_users: a column and an index more, an index less.
  exec("ALTER TABLE cat_drift_users ADD COLUMN nick TEXT");
  exec(dialect_ == Dialect::Mysql ? "DROP INDEX cat_drift_users_name ON cat_drift_users"
                                  : "DROP INDEX cat_drift_users_name");
  exec("CREATE INDEX cat_drift_users_extra ON cat_drift_users (email, id)");
  // A type and a nullability changed, where ALTER TABLE can (not SQLite).
  if (dialect_ == Dialect::Postgresql) {
    exec("ALTER TABLE cat_drift_users ALTER COLUMN email TYPE VARCHAR(100)");
    exec("ALTER TABLE cat_drift_users ALTER COLUMN name SET NOT NULL");
  } else if (dialect_ == Dialect::Mysql) {
    exec("ALTER TABLE cat_drift_users MODIFY email VARCHAR(100) NOT NULL");
    exec("ALTER TABLE cat_drift_users MODIFY name VARCHAR(191) NOT NULL");
  }
  // cat_drift_posts made again by hand: no auto-increment, another key, a nullable title, no
  // body, a floating-point score, a unique one-column index.
  exec("DROP TABLE cat_drift_posts");
  create_table("cat_drift_posts", pick("(id INTEGER NOT NULL, user_id INTEGER NOT NULL, title TEXT, score REAL, "
                                       "PRIMARY KEY (id, user_id))",
                                       "(id BIGINT NOT NULL, user_id BIGINT NOT NULL, title TEXT, "
                                       "score DOUBLE PRECISION, PRIMARY KEY (id, user_id))",
                                       "(id BIGINT NOT NULL, user_id BIGINT NOT NULL, title VARCHAR(191), "
                                       "score DOUBLE, PRIMARY KEY (id, user_id))"));
  exec("CREATE UNIQUE INDEX cat_drift_posts_user ON cat_drift_posts (user_id)");
  // A table less, a table more.
  exec("DROP TABLE cat_drift_gone");
  create_table("cat_drift_extra", "(id INTEGER PRIMARY KEY)");

  Lines want = {
      "table \"cat_drift_extra\" is not in the schema",
      "table \"cat_drift_gone\" is missing",
      "table \"cat_drift_posts\": column \"id\": auto-increment expected, none found",
      "table \"cat_drift_posts\": column \"title\": NOT NULL expected, nullable found",
      "table \"cat_drift_posts\": column \"body\" is missing",
      "table \"cat_drift_posts\": column \"score\": type " + pick("INTEGER", "INTEGER", "INT") + " expected, " +
          pick("REAL", "DOUBLE PRECISION", "DOUBLE") + " found",
      "table \"cat_drift_posts\": primary key (\"id\") expected, (\"id\", \"user_id\") found",
      "table \"cat_drift_posts\": index \"cat_drift_posts_user\": columns (\"user_id\", \"title\") expected, "
      "(\"user_id\") found",
      "table \"cat_drift_posts\": index \"cat_drift_posts_user\": not unique expected, unique found",
  };
  if (dialect_ != Dialect::Sqlite) {
    want.push_back("table \"cat_drift_users\": column \"email\": type VARCHAR(64) expected, VARCHAR(100) found");
    want.push_back("table \"cat_drift_users\": column \"name\": nullable expected, NOT NULL found");
  }
  want.push_back("table \"cat_drift_users\": column \"nick\" is not in the schema");
  want.push_back("table \"cat_drift_users\": index \"cat_drift_users_extra\" is not in the schema");
  want.push_back("table \"cat_drift_users\": index \"cat_drift_users_name\" is missing");
  EXPECT_EQ(compare_catalogues(expected, read("cat_drift_")), want);
}

TEST_F(CatalogueTest, BookkeepingTablesAreLeftOut) {
  Table history;
  history.name = "_toasty_cat_history";
  history.columns = {column("id", ScalarType::I64), column("name", ScalarType::String)};
  history.primary_key = {0};
  Table visible;
  visible.name = "cat_visible";
  visible.columns = {auto_key("id")};  // SQLite: AUTOINCREMENT makes sqlite_sequence
  visible.primary_key = {0};
  const Schema schema{{history, visible}};
  push(schema);

  EXPECT_EQ(table_names(expected_catalogue(schema, dialect_)), Lines{"cat_visible"});
  const Catalogue all = read_catalogue(conn(), dialect_);
  for (const CatalogueTable& t : all.tables) {
    EXPECT_FALSE(t.name.starts_with("_toasty")) << t.name;
    EXPECT_FALSE(dialect_ == Dialect::Sqlite && t.name.starts_with("sqlite_")) << t.name;
  }
  // SQLite's database is this test's own: nothing else is in it.
  if (dialect_ == Dialect::Sqlite) {
    EXPECT_EQ(table_names(all), Lines{"cat_visible"});
  }
  EXPECT_EQ(compare_catalogues(expected_catalogue(schema, dialect_), only(all, "cat_visible")), Lines{});
}

// compare_catalogues alone, on catalogues written by hand.
TEST(CompareCatalogues, ReportsOrderKeysAndIndexes) {
  const Catalogue expected{{CatalogueTable{"t",
                                           {{"a", "INTEGER", false, true}, {"b", "TEXT", true, false}, {"c", "TEXT", true, false}},
                                           {"a"},
                                           {{"i", {"b"}, true}, {"j", {"c"}, false}}}}};
  EXPECT_EQ(compare_catalogues(expected, expected), Lines{});

  const Catalogue actual{{CatalogueTable{"t",
                                         {{"a", "INTEGER", false, false}, {"c", "TEXT", false, false}, {"b", "TEXT", true, false},
                                          {"d", "BLOB", true, true}},
                                         {},
                                         {{"i", {"b", "c"}, false}, {"k", {"d"}, false}}}}};
  EXPECT_EQ(compare_catalogues(expected, actual),
            (Lines{"table \"t\": column \"a\": auto-increment expected, none found",
                   "table \"t\": column \"c\": nullable expected, NOT NULL found",
                   "table \"t\": column \"d\" is not in the schema",
                   "table \"t\": column order (\"a\", \"b\", \"c\") expected, (\"a\", \"c\", \"b\") found",
                   "table \"t\": primary key (\"a\") expected, none found",
                   "table \"t\": index \"i\": columns (\"b\") expected, (\"b\", \"c\") found",
                   "table \"t\": index \"i\": unique expected, not unique found",
                   "table \"t\": index \"j\" is missing",
                   "table \"t\": index \"k\" is not in the schema"}));
  EXPECT_EQ(compare_catalogues(actual, expected).at(0),
            "table \"t\": column \"a\": no auto-increment expected, auto-increment found");
}

TEST(CompareCatalogues, QuotesNamesLikeSql) {
  const Catalogue expected{{CatalogueTable{"we\"ird", {{"x", "TEXT", true, false}}, {}, {}}}};
  EXPECT_EQ(compare_catalogues(expected, Catalogue{}), Lines{"table \"we\"\"ird\" is missing"});
  EXPECT_EQ(compare_catalogues(Catalogue{}, expected), Lines{"table \"we\"\"ird\" is not in the schema"});
}

// expected_catalogue follows create_schema: MySQL bounds indexed text, types normalized.
TEST(ExpectedCatalogue, FollowsCreateSchemaPerDialect) {
  Table t;
  t.name = "t";
  Column n = column("n", ScalarType::Decimal);
  n.precision = 12;
  n.scale = 3;
  t.columns = {column("k", ScalarType::String, true), column("v", ScalarType::String), n};
  t.primary_key = {0};
  const Schema s{{t}};
  const auto types = [&](Dialect d) {
    Lines out;
    const Catalogue expected = expected_catalogue(s, d);  // outlives the loop
    for (const CatalogueColumn& c : expected.tables.at(0).columns)
      out.push_back(c.type + (c.nullable ? " NULL" : ""));
    return out;
  };
  EXPECT_EQ(types(Dialect::Sqlite), (Lines{"TEXT", "TEXT", "TEXT COLLATE TOASTY_DECIMAL"}));
  EXPECT_EQ(types(Dialect::Postgresql), (Lines{"TEXT", "TEXT", "NUMERIC(12, 3)"}));
  EXPECT_EQ(types(Dialect::Mysql), (Lines{"VARCHAR(191)", "LONGTEXT", "DECIMAL(12, 3)"}));

  t.indexes = {Index{"bad", {7}, false}};  // refused as create_schema refuses it
  EXPECT_THROW((void)expected_catalogue(Schema{{t}}, Dialect::Sqlite), toasty::InvalidSchema);
}

}  // namespace
