#include "migrate/alter_sql.hpp"

#include <gtest/gtest.h>

#include "schema_builders.hpp"
#include "toasty/error.hpp"

namespace {

using namespace toasty_test;
using toasty::ScalarType;
using toasty::Value;
using toasty::migrations::alter_sql;
using toasty::migrations::diff;
using toasty::migrations::Hints;
using toasty::migrations::sql_literal;
using toasty::sql::Dialect;
using Lines = std::vector<std::string>;

toasty::db::Schema notes_v1() {
  auto notes = table("notes", {auto_id(), col("title", ScalarType::String), col("body", ScalarType::String, true)});
  return schema({notes});
}

TEST(AlterSql, AddRequiredColumnFillsExistingRows) {
  auto v2 = notes_v1();
  v2.tables[0].columns.push_back(col("stars", ScalarType::I32));
  Hints h;
  h.fills[{"notes", "stars"}] = Value(std::int64_t{3});
  const auto d = diff(notes_v1(), v2, h);
  EXPECT_EQ(alter_sql(d, Dialect::Sqlite),
            (Lines{"ALTER TABLE \"notes\" ADD COLUMN \"stars\" INTEGER NOT NULL DEFAULT 3"}));
  EXPECT_EQ(alter_sql(d, Dialect::Postgresql),
            (Lines{"ALTER TABLE \"notes\" ADD COLUMN \"stars\" INTEGER NOT NULL DEFAULT 3",
                   "ALTER TABLE \"notes\" ALTER COLUMN \"stars\" DROP DEFAULT"}));
  EXPECT_EQ(alter_sql(d, Dialect::Mysql), (Lines{"ALTER TABLE `notes` ADD COLUMN `stars` INT",
                                                 "UPDATE `notes` SET `stars` = 3",
                                                 "ALTER TABLE `notes` MODIFY COLUMN `stars` INT NOT NULL"}));
}

TEST(AlterSql, ColumnTypeChangePerDialect) {
  auto v2 = notes_v1();
  v2.tables[0].columns[1].max_length = 80;  // TEXT -> VARCHAR(80)
  v2.tables[0].columns[2].nullable = false;  // body becomes required
  Hints h;
  h.fills[{"notes", "body"}] = Value("");
  const auto d = diff(notes_v1(), v2, h);
  EXPECT_EQ(alter_sql(d, Dialect::Postgresql),
            (Lines{"ALTER TABLE \"notes\" ALTER COLUMN \"title\" TYPE VARCHAR(80) USING \"title\"::VARCHAR(80)",
                   "UPDATE \"notes\" SET \"body\" = '' WHERE \"body\" IS NULL",
                   "ALTER TABLE \"notes\" ALTER COLUMN \"body\" SET NOT NULL"}));
  EXPECT_EQ(alter_sql(d, Dialect::Mysql),
            (Lines{"ALTER TABLE `notes` MODIFY COLUMN `title` VARCHAR(80) NOT NULL",
                   "UPDATE `notes` SET `body` = '' WHERE `body` IS NULL",
                   "ALTER TABLE `notes` MODIFY COLUMN `body` LONGTEXT NOT NULL"}));
  // SQLite cannot alter a column: the table is made again and the rows copied.
  EXPECT_EQ(alter_sql(d, Dialect::Sqlite),
            (Lines{"CREATE TABLE \"_toasty_rebuild_notes\" (\"id\" INTEGER PRIMARY KEY AUTOINCREMENT, \"title\" TEXT "
                   "NOT NULL, \"body\" TEXT NOT NULL)",
                   "INSERT INTO \"_toasty_rebuild_notes\" (\"id\", \"title\", \"body\") SELECT \"id\", \"title\", "
                   "COALESCE(\"body\", '') FROM \"notes\"",
                   "DROP TABLE \"notes\"", "ALTER TABLE \"_toasty_rebuild_notes\" RENAME TO \"notes\""}));
}

TEST(AlterSql, SqliteRebuildKeepsRenamesAndIndexes) {
  auto v2 = notes_v1();
  v2.tables[0].columns[1].name = "heading";
  v2.tables[0].columns[2].type = ScalarType::Bytes;
  with_index(v2.tables[0], "index_notes_by_heading", {1});
  Hints h;
  h.column_renames[{"notes", "heading"}] = "title";
  const auto sql = alter_sql(diff(notes_v1(), v2, h), Dialect::Sqlite);
  ASSERT_EQ(sql.size(), 5u);
  EXPECT_EQ(sql[1], "INSERT INTO \"_toasty_rebuild_notes\" (\"id\", \"heading\", \"body\") SELECT \"id\", \"title\", "
                    "\"body\" FROM \"notes\"");
  EXPECT_EQ(sql[4], "CREATE INDEX \"index_notes_by_heading\" ON \"notes\" (\"heading\")");
}

TEST(AlterSql, MysqlIndexedTextBecomesVarchar) {
  auto v2 = notes_v1();
  with_index(v2.tables[0], "index_notes_by_title", {1}, true);
  const auto d = diff(notes_v1(), v2, {});
  EXPECT_EQ(alter_sql(d, Dialect::Mysql),
            (Lines{"ALTER TABLE `notes` MODIFY COLUMN `title` VARCHAR(191) NOT NULL",
                   "CREATE UNIQUE INDEX `index_notes_by_title` ON `notes` (`title`)"}));
  EXPECT_EQ(alter_sql(d, Dialect::Postgresql),
            (Lines{"CREATE UNIQUE INDEX \"index_notes_by_title\" ON \"notes\" (\"title\")"}));
  // Dropped again: back to LONGTEXT after the index goes.
  EXPECT_EQ(alter_sql(diff(v2, notes_v1(), {}), Dialect::Mysql),
            (Lines{"DROP INDEX `index_notes_by_title` ON `notes`",
                   "ALTER TABLE `notes` MODIFY COLUMN `title` LONGTEXT NOT NULL"}));
}

TEST(AlterSql, TablesAndRenames) {
  auto v2 = notes_v1();
  v2.tables[0].name = "memos";
  v2.tables.push_back(table("tags", {col("name", ScalarType::String)}));
  Hints h;
  h.table_renames["memos"] = "notes";
  const auto d = diff(notes_v1(), v2, h);
  EXPECT_EQ(alter_sql(d, Dialect::Postgresql),
            (Lines{"ALTER TABLE \"notes\" RENAME TO \"memos\"",
                   "CREATE TABLE \"tags\" (\"name\" TEXT NOT NULL, PRIMARY KEY (\"name\"))"}));
  EXPECT_EQ(alter_sql(d, Dialect::Mysql),
            (Lines{"RENAME TABLE `notes` TO `memos`",
                   "CREATE TABLE `tags` (`name` VARCHAR(191) NOT NULL, PRIMARY KEY (`name`)) ENGINE=InnoDB DEFAULT "
                   "CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin"}));
}

TEST(AlterSql, PostgresqlEnumTypes) {
  auto v1 = notes_v1();
  auto v2 = notes_v1();
  auto state = col("state", ScalarType::String);
  state.pg_enum = "note_state";
  state.pg_enum_labels = {"draft", "done"};
  v2.tables[0].columns.push_back(state);
  Hints h;
  h.fills[{"notes", "state"}] = Value("draft");
  EXPECT_EQ(alter_sql(diff(v1, v2, h), Dialect::Postgresql),
            (Lines{"CREATE TYPE \"note_state\" AS ENUM ('draft', 'done')",
                   "ALTER TABLE \"notes\" ADD COLUMN \"state\" \"note_state\" NOT NULL DEFAULT 'draft'",
                   "ALTER TABLE \"notes\" ALTER COLUMN \"state\" DROP DEFAULT"}));
  auto v3 = v2;
  v3.tables[0].columns.back().pg_enum_labels.push_back("archived");
  EXPECT_EQ(alter_sql(diff(v2, v3, {}), Dialect::Postgresql),
            (Lines{"ALTER TYPE \"note_state\" ADD VALUE 'archived'"}));
  // A label removed: the type is made again and the column converted through text.
  EXPECT_EQ(alter_sql(diff(v3, v2, {}), Dialect::Postgresql),
            (Lines{"ALTER TYPE \"note_state\" RENAME TO \"note_state_toasty_old\"",
                   "CREATE TYPE \"note_state\" AS ENUM ('draft', 'done')",
                   "ALTER TABLE \"notes\" ALTER COLUMN \"state\" TYPE \"note_state\" USING \"state\"::text::\"note_state\"",
                   "DROP TYPE \"note_state_toasty_old\""}));
  EXPECT_EQ(alter_sql(diff(v2, v1, {}), Dialect::Postgresql),
            (Lines{"ALTER TABLE \"notes\" DROP COLUMN \"state\"", "DROP TYPE \"note_state\""}));
}

TEST(AlterSql, LiteralsPerDialect) {
  auto c = col("x", ScalarType::String);
  EXPECT_EQ(sql_literal(Value("it's \\ here"), c, Dialect::Postgresql), "'it''s \\ here'");
  EXPECT_EQ(sql_literal(Value("it's \\ here"), c, Dialect::Mysql), "'it''s \\\\ here'");
  EXPECT_EQ(sql_literal(Value(true), col("b", ScalarType::Bool), Dialect::Sqlite), "1");
  EXPECT_EQ(sql_literal(Value(true), col("b", ScalarType::Bool), Dialect::Postgresql), "TRUE");
  EXPECT_EQ(sql_literal(Value(toasty::Bytes{0x01, 0xab}), col("y", ScalarType::Bytes), Dialect::Postgresql),
            "'\\x01ab'");
  EXPECT_EQ(sql_literal(Value(toasty::Bytes{0x01, 0xab}), col("y", ScalarType::Bytes), Dialect::Mysql), "X'01ab'");
  const auto ts = toasty::Timestamp{} + std::chrono::seconds(86400);
  EXPECT_EQ(sql_literal(Value(ts), col("t", ScalarType::Timestamp), Dialect::Sqlite), "'1970-01-02T00:00:00.000000Z'");
  EXPECT_EQ(sql_literal(Value(ts), col("t", ScalarType::Timestamp), Dialect::Mysql), "'1970-01-02 00:00:00.000000'");
  EXPECT_EQ(sql_literal(Value(toasty::Decimal("1.50")), col("d", ScalarType::Decimal), Dialect::Sqlite), "'1.50'");
  EXPECT_EQ(sql_literal(Value(toasty::Decimal("1.50")), col("d", ScalarType::Decimal), Dialect::Mysql), "1.50");
  EXPECT_EQ(sql_literal(Value(Value::List{}), col("l", ScalarType::I32), Dialect::Postgresql), "'{}'");
  EXPECT_THROW(sql_literal(Value(std::string("a\0b", 3)), c, Dialect::Sqlite), toasty::InvalidSchema);
}

}  // namespace
