// #[column(type = ...)] on every backend: values a column would truncate or wrap are
// refused before anything is sent (SQLite and DynamoDB would keep them, MySQL outside
// strict mode would cut them), values that fit round trip, and the SQL databases hold the
// column types asked for.
#include <string>
#include <vector>

#include "app_db_test.hpp"
#include "support/backend.hpp"
#include "support/db_client.hpp"

using app::Label;

namespace {

using ColumnTypes = toasty_test::AppDbTest;

std::string times(int n, const std::string& s) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

TEST_F(ColumnTypes, ValuesThatFitRoundTrip) {
  // varchar(8) counts characters, not bytes: eight 4-byte characters fit.
  for (const std::string& code : {std::string("12345678"), times(8, "é"), times(8, "🍮")}) {
    Label l = Label::create().code(code).text(times(1000, "long text ")).tag(toasty::Bytes{1, 2, 3, 4}).weight(-32768)
                  .exec(db());
    Label back = Label::get_by_id(db(), l.id);
    EXPECT_EQ(back.code, code);
    EXPECT_EQ(back.text.size(), 10000u);
    EXPECT_EQ(back.tag, (toasty::Bytes{1, 2, 3, 4}));
    EXPECT_EQ(back.weight, -32768);
  }
  EXPECT_EQ(Label::filter_by_code(times(8, "é")).exec(db()).size(), 1u);
}

TEST_F(ColumnTypes, ValuesTheColumnWouldCutAreRefusedOnEveryBackend) {
  auto base = [] { return Label::create().code("ok").text("t").weight(0); };
  auto refused = [&](Label::Create c, const std::string& words) { expect_refused(std::move(c), words); };
  refused(base().code("123456789"), "Label.code holds 9 characters, more than its column's 8 (varchar(8))");
  refused(base().code(times(9, "é")), "Label.code holds 9 characters");
  refused(base().tag(toasty::Bytes{1, 2, 3, 4, 5}), "Label.tag holds 5 bytes, more than its column's 4");
  refused(base().weight(32768), "Label.weight = 32768 does not fit its column (i16");
  refused(base().weight(-32769), "Label.weight = -32769 does not fit");
  EXPECT_TRUE(Label::filter_by_code("ok").exec(db()).empty());  // nothing was written

  // Updates too, by instance and by query; the row keeps its value.
  Label l = base().exec(db());
  EXPECT_THROW(l.update().code("123456789").exec(db()), toasty::TypeConversion);
  EXPECT_EQ(l.code, "ok");
  EXPECT_THROW(Label::filter_by_code("ok").update().weight(1 << 20).exec(db()), toasty::TypeConversion);
  EXPECT_EQ(Label::get_by_id(db(), l.id).weight, 0);
  // A batch with one value too long writes none of its rows.
  auto batch = Label::create_many();
  batch.item(base().code("a")).item(base().code("123456789"));
  EXPECT_THROW(batch.exec(db()), toasty::TypeConversion);
  EXPECT_TRUE(Label::filter_by_code("a").exec(db()).empty());
}

// What the SQL databases were asked to create, read from their catalogs.
TEST_F(ColumnTypes, TheDatabaseHasTheColumnTypes) {
  const std::string backend = toasty_test::backend_name();
  if (backend == "sqlite" || backend == "dynamodb")
    GTEST_SKIP() << backend << " has no sized or width-specific column types to read back; the limits are "
                 << "enforced before sending (ValuesTheColumnWouldCutAreRefusedOnEveryBackend)";
  Label::create().code("x").text("t").weight(1).raw(toasty::Json{{"b", 1}}).exec(db());
  const std::string sql =
      backend == "postgresql"
          ? "SELECT column_name, data_type, coalesce(character_maximum_length, 0) FROM information_schema.columns "
            "WHERE table_name = 'labels' AND column_name IN ('code', 'caption', 'tag', 'weight', 'raw') "
            "ORDER BY column_name"
          : "SELECT COLUMN_NAME, DATA_TYPE, coalesce(CHARACTER_MAXIMUM_LENGTH, 0) FROM information_schema.COLUMNS "
            "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'labels' AND COLUMN_NAME IN ('code', 'caption', 'tag', "
            "'weight', 'raw') ORDER BY COLUMN_NAME";
  std::string why;
  auto out = toasty_test::client_query(url_, sql, &why);
  if (!out) GTEST_SKIP() << why;
  if (backend == "postgresql") {
    EXPECT_EQ(*out, "caption\ttext\t0\ncode\tcharacter varying\t8\nraw\tjson\t0\ntag\tbytea\t0\nweight\tsmallint\t0\n");
  } else {
    // MariaDB's JSON is LONGTEXT (with a JSON_VALID check).
    EXPECT_EQ(*out, "caption\tlongtext\t4294967295\ncode\tvarchar\t8\nraw\tlongtext\t4294967295\ntag\tvarbinary\t4\n"
                    "weight\tsmallint\t0\n");
  }
}

}  // namespace
