#include "migrate/snapshot.hpp"

#include <gtest/gtest.h>

#include "schema_builders.hpp"
#include "toasty/error.hpp"

namespace {

using namespace toasty_test;
using toasty::ScalarType;
using toasty::migrations::parse_snapshot;
using toasty::migrations::snapshot_json;

toasty::db::Schema sample() {
  auto users = table("users", {auto_id(), col("email", ScalarType::String), col("bio", ScalarType::String, true)});
  users.columns[1].max_length = 120;
  with_index(users, "index_users_by_email", {1}, true);
  auto tags = table("tags", {col("name", ScalarType::String), col("labels", ScalarType::String)});
  tags.columns[1].list = true;
  auto prices = table("prices", {col("sku", ScalarType::Uuid), col("day", ScalarType::Date), col("amount", ScalarType::Decimal),
                                 col("state", ScalarType::String), col("doc", ScalarType::Json)});
  prices.primary_key = {0, 1};
  prices.columns[2].precision = 10;
  prices.columns[2].scale = 2;
  prices.columns[3].pg_enum = "price_state";
  prices.columns[3].pg_enum_labels = {"draft", "live"};
  prices.columns[4].json_text = true;
  with_index(prices, "by_state_day", {3, 1});
  return schema({users, tags, prices});
}

void expect_same(const toasty::db::Schema& a, const toasty::db::Schema& b) {
  ASSERT_EQ(a.tables.size(), b.tables.size());
  for (std::size_t i = 0; i < a.tables.size(); ++i) {
    const auto& x = a.tables[i];
    const auto& y = b.tables[i];
    EXPECT_EQ(x.name, y.name);
    ASSERT_EQ(x.columns.size(), y.columns.size()) << x.name;
    for (std::size_t c = 0; c < x.columns.size(); ++c) {
      const auto& p = x.columns[c];
      const auto& q = y.columns[c];
      EXPECT_EQ(std::tie(p.name, p.type, p.nullable, p.auto_increment, p.max_length, p.json_text, p.precision, p.scale,
                         p.list, p.pg_enum, p.pg_enum_labels),
                std::tie(q.name, q.type, q.nullable, q.auto_increment, q.max_length, q.json_text, q.precision, q.scale,
                         q.list, q.pg_enum, q.pg_enum_labels))
          << x.name << "." << p.name;
    }
    EXPECT_EQ(x.primary_key, y.primary_key);
    ASSERT_EQ(x.indexes.size(), y.indexes.size());
    for (std::size_t k = 0; k < x.indexes.size(); ++k) {
      EXPECT_EQ(x.indexes[k].name, y.indexes[k].name);
      EXPECT_EQ(x.indexes[k].columns, y.indexes[k].columns);
      EXPECT_EQ(x.indexes[k].unique, y.indexes[k].unique);
    }
  }
}

TEST(Snapshot, RoundTripsEveryAttribute) {
  const auto s = sample();
  const auto back = parse_snapshot(snapshot_json(s), "snapshot.json");
  // Tables come back sorted by name.
  expect_same(back, schema({s.tables[2], s.tables[1], s.tables[0]}));
}

TEST(Snapshot, IsStableAndReadable) {
  auto s = sample();
  const std::string text = snapshot_json(s);
  std::swap(s.tables[0], s.tables[2]);  // order of the models does not matter
  EXPECT_EQ(snapshot_json(s), text);
  EXPECT_NE(text.find("\"name\": \"email\",\n          \"type\": \"String\",\n          \"max_length\": 120"),
            std::string::npos)
      << text;
  EXPECT_EQ(text.find("\"nullable\": false"), std::string::npos) << "defaults are left out";
}

TEST(Snapshot, SyntaxErrorsNameLineAndColumn) {
  try {
    parse_snapshot("{\n  \"format\": 1,\n  \"tables\": [x]\n}", "m/0002_x/snapshot.json");
    FAIL() << "no error";
  } catch (const toasty::InvalidSchema& e) {
    EXPECT_EQ(std::string(e.what()).rfind("toasty: m/0002_x/snapshot.json:3:14: not a valid snapshot", 0), 0u)
        << e.what();
  }
}

TEST(Snapshot, WrongContentsSayWhatIsWrong) {
  auto message = [](const std::string& text) {
    try {
      parse_snapshot(text, "s.json");
    } catch (const toasty::InvalidSchema& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(message("{\"format\": 2, \"tables\": []}"),
            "toasty: s.json: \"format\": this version of toasty reads snapshot format 1");
  EXPECT_EQ(message("{\"format\": 1, \"tables\": [{\"name\": \"t\", \"columns\": [{\"name\": \"a\", \"type\": \"i65\"}]}]}"),
            "toasty: s.json: table \"t\", column \"a\": unknown type \"i65\"");
  EXPECT_EQ(message("{\"format\": 1, \"tables\": [{\"name\": \"t\", \"columns\": [{\"name\": \"a\", \"type\": \"i64\"}], "
                    "\"primary_key\": [\"b\"]}]}"),
            "toasty: s.json: table \"t\", primary key: names column \"b\", which the table does not have");
  EXPECT_EQ(message("[]"), "toasty: s.json: the top level: must be an object");
}

}  // namespace
