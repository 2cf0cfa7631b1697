// Decimal fields on every backend: exact round trips to 38 digits, the column's scale on
// every backend alike, comparisons and ordering by value in the database (on DynamoDB: a
// Query on a numeric sort key), refusals before anything is sent, and the stored numbers
// read with each database's own client.
#include <string>
#include <vector>

#include "app.toasty.hpp"
#include "app_db_test.hpp"
#include "support/backend.hpp"
#include "support/db_client.hpp"
#ifdef TOASTY_HAVE_DYNAMODB
#include "driver/dynamodb/client/dynamodb_client.hpp"
#endif

using app::Posting;
using app::Product;
using toasty::Decimal;

namespace {

using Decimals = toasty_test::AppDbTest;

std::vector<std::string> texts(const std::vector<Posting>& rows) {
  std::vector<std::string> out;
  for (const auto& r : rows) out.push_back(r.amount.to_string());
  return out;
}

// numeric(10, 2) reads back with two decimals, an unconstrained Decimal without trailing
// zeros: on every backend, whatever form the database answers in.
TEST_F(Decimals, RoundTripWithTheColumnsScale) {
  const std::vector<std::pair<std::string, std::string>> prices = {
      {"12.5", "12.50"}, {"0", "0.00"}, {"-0.5", "-0.50"}, {"99999999.99", "99999999.99"}, {"-99999999.99", "-99999999.99"},
      {"0.01", "0.01"},  {"7", "7.00"}, {"3.100", "3.10"}};
  const std::vector<std::pair<std::string, std::string>> weights = {
      {"1.10", "1.1"},
      {"12345678901234567890.123456789012345678", "12345678901234567890.123456789012345678"},  // 38 digits
      {"-0.000000000000000000000000000001", "-0.000000000000000000000000000001"},              // 30 after the point
      {"99999999999999999999999999999999999", "99999999999999999999999999999999999"},          // 35 before it
      {"1E+34", "10000000000000000000000000000000000"},
      {"100", "100"},
      {"0.000", "0"}};
  for (std::size_t i = 0; i < prices.size(); ++i) {
    const auto& [price, price_back] = prices[i];
    const auto& [weight, weight_back] = weights[i % weights.size()];
    Product created = Product::create().sku("p" + std::to_string(i)).price(Decimal(price)).weight(Decimal(weight)).exec(db());
    EXPECT_EQ(created.price.to_string(), price_back);
    Product back = Product::get_by_id(db(), created.id);
    EXPECT_EQ(back.price.to_string(), price_back) << price;
    ASSERT_TRUE(back.weight.has_value());
    EXPECT_EQ(back.weight->to_string(), weight_back) << weight;
  }
  for (std::size_t i = prices.size(); i < weights.size(); ++i) {
    Product p = Product::create().sku("w").price(Decimal(1)).weight(Decimal(weights[i].first)).exec(db());
    EXPECT_EQ(Product::get_by_id(db(), p.id).weight->to_string(), weights[i].second);
  }
  Product none = Product::create().sku("none").price(Decimal(1)).exec(db());
  EXPECT_EQ(Product::get_by_id(db(), none.id).weight, std::nullopt);

  // A newtype over Decimal keeps its column's scale the same way, and finds by value.
  Product feed = Product::create().sku("fee").price(Decimal(1)).fee(app::Money{Decimal("0.5")}).exec(db());
  EXPECT_EQ(feed.fee->value.to_string(), "0.500");
  EXPECT_EQ(Product::get_by_id(db(), feed.id).fee->value.to_string(), "0.500");
  EXPECT_EQ(Product::filter_by_fee(app::Money{Decimal("0.50")}).exec(db()).size(), 1u);
  EXPECT_THROW(Product::create().sku("fee").price(Decimal(1)).fee(app::Money{Decimal("1000")}).exec(db()),
               toasty::TypeConversion);

  // Updates keep the scale too, in the object and in the row.
  Product p = Product::filter_by_sku("p0").first(db()).value();
  p.update().price(Decimal("7.1")).weight(Decimal("2.50")).exec(db());
  EXPECT_EQ(p.price.to_string(), "7.10");
  EXPECT_EQ(p.weight->to_string(), "2.5");
  EXPECT_EQ(Product::get_by_id(db(), p.id).price.to_string(), "7.10");
}

// Ranges, equality and ORDER BY by value, in the database. The amounts that differ only in
// their 38th digit tell an exact comparison from one through doubles.
TEST_F(Decimals, RangesAndOrderFollowTheValue) {
  const std::vector<std::string> amounts = {"9",     "10",     "-1.5",  "0.001", "100.25", "-20",
                                            "0.01",  "12345678901234567890123456789012345.678",
                                            "12345678901234567890123456789012345.679"};
  for (const auto& a : amounts) Posting::create().account("a").amount(Decimal(a)).memo(a).exec(db());
  Posting::create().account("b").amount(Decimal(5)).memo("other").exec(db());
  auto f = Posting::fields();
  EXPECT_EQ(texts(Posting::filter_by_account("a").order_by(f.amount().asc()).exec(db())),
            (std::vector<std::string>{"-20", "-1.5", "0.001", "0.01", "9", "10", "100.25",
                                      "12345678901234567890123456789012345.678",
                                      "12345678901234567890123456789012345.679"}));
  EXPECT_EQ(texts(Posting::filter_by_account("a")
                      .filter(f.amount().ge(Decimal("0.01")) && f.amount().lt(Decimal("100.250")))
                      .order_by(f.amount().desc())
                      .exec(db())),
            (std::vector<std::string>{"10", "9", "0.01"}));
  EXPECT_EQ(texts(Posting::filter_by_account("a")
                      .filter(f.amount().gt(Decimal("12345678901234567890123456789012345.678")))
                      .exec(db())),
            (std::vector<std::string>{"12345678901234567890123456789012345.679"}));
  // Equal by value whatever the scale written: 10.000 finds 10.
  Posting ten = Posting::get_by_account_and_amount(db(), "a", Decimal("10.000"));
  EXPECT_EQ(ten.memo, "10");
  EXPECT_EQ(Posting::filter_by_account("a").filter(f.amount().eq(Decimal("0.0010"))).exec(db()).size(), 1u);
}

// More digits than a column keeps are refused before anything is sent, on every backend
// alike (PostgreSQL and MySQL would round, SQLite and DynamoDB keep them): never rounded.
TEST_F(Decimals, DigitsAColumnWouldDropAreRefused) {
  auto refused = [&](Product::Create c, const std::string& words) { expect_refused(std::move(c), words); };
  auto base = [] { return Product::create().sku("x").price(Decimal(1)); };
  refused(base().price(Decimal("1.005")), "Product.price = 1.005 has 3 digits after the point; numeric(10, 2) keeps 2");
  refused(base().price(Decimal("123456789")), "Product.price = 123456789.00 has 9 digits before the point; numeric(10, 2) keeps 8");
  refused(base().weight(Decimal("1234567890123456789012345678901234567.89")), "39 significant digits");
  refused(base().weight(Decimal("1E+35")), "36 digits before the point");
  refused(base().weight(Decimal("1E-31")), "31 digits after the point");
  EXPECT_TRUE(Product::filter_by_sku("x").exec(db()).empty());
  // Trailing zeros are not digits dropped.
  EXPECT_EQ(base().price(Decimal("1.0000")).exec(db()).price.to_string(), "1.00");
  Product p = Product::filter_by_sku("x").first(db()).value();
  EXPECT_THROW(p.update().price(Decimal("0.001")).exec(db()), toasty::TypeConversion);
  EXPECT_EQ(Product::get_by_id(db(), p.id).price.to_string(), "1.00");
}

// What the database holds is the number, read with its own client.
TEST_F(Decimals, TheDatabasesOwnClientReadsTheSameNumber) {
  toasty_test::ClientVisibleDb visible(app::models());
  toasty::Db& vdb = *visible.db;
  const std::string backend = toasty_test::backend_name();
  Product::create().sku("native").price(Decimal("19.9")).weight(Decimal("-0.000000000000000000000000000001")).exec(vdb);
  Posting::create().account("native").amount(Decimal("12345678901234567890123456789012345.678")).memo("m").exec(vdb);
  if (backend == "dynamodb") {
#ifdef TOASTY_HAVE_DYNAMODB
    namespace ddb = toasty::dynamodb;
    ddb::Client client(ddb::Config::from_url(url_));
    auto item = client.get_item({{"TableName", "postings"},
                                 {"Key", {{"account", ddb::av::string("native")},
                                          {"amount", {{"N", "12345678901234567890123456789012345.678"}}}}}});
    ASSERT_TRUE(item.has_value()) << "no item under the numeric key";
    ASSERT_TRUE((*item)["amount"].contains("N")) << item->dump();
    EXPECT_EQ(Decimal((*item)["amount"]["N"].get<std::string>()), Decimal("12345678901234567890123456789012345.678"));
    auto desc = client.describe_table("postings");
    bool found = false;
    for (const auto& a : desc["AttributeDefinitions"]) {
      if (a["AttributeName"] != "amount") continue;
      found = true;
      EXPECT_EQ(a["AttributeType"], "N");  // a numeric sort key: Query orders by value
    }
    EXPECT_TRUE(found) << desc.dump();
    return;
#else
    GTEST_SKIP() << "built without the DynamoDB driver";
#endif
  }
  std::string sql = "SELECT price, weight FROM products WHERE sku = 'native'";
  if (backend == "postgresql") sql = "SELECT price::text, weight::text FROM products WHERE sku = 'native'";
  std::string why;
  auto out = toasty_test::client_query(visible.url, sql, &why);
  if (!out) GTEST_SKIP() << why;
  EXPECT_EQ(*out, "19.90\t-0.000000000000000000000000000001\n");  // MySQL's DECIMAL(65, 30) shows 30 decimals
  // By value in the database's own comparison, too (SQLite: the column's collation).
  if (backend == "sqlite") return;  // the sqlite3 shell has no toasty_decimal collation to compare with
  auto found = toasty_test::client_query(
      visible.url, "SELECT memo FROM postings WHERE amount > 12345678901234567890123456789012345.677", &why);
  ASSERT_TRUE(found) << why;
  EXPECT_EQ(*found, "m\n");
}

// The SQL databases hold the column types asked for.
TEST_F(Decimals, TheDatabaseHasNumericColumns) {
  const std::string backend = toasty_test::backend_name();
  if (backend == "sqlite" || backend == "dynamodb")
    GTEST_SKIP() << backend << " has no numeric column type to read back (SQLite: text ordered by the toasty_decimal "
                 << "collation; DynamoDB: N)";
  const std::string sql =
      backend == "postgresql"
          ? "SELECT column_name, data_type, coalesce(numeric_precision, 0), coalesce(numeric_scale, 0) FROM "
            "information_schema.columns WHERE table_name = 'products' AND column_name IN ('price', 'weight') ORDER BY 1"
          : "SELECT COLUMN_NAME, DATA_TYPE, NUMERIC_PRECISION, NUMERIC_SCALE FROM information_schema.COLUMNS WHERE "
            "TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'products' AND COLUMN_NAME IN ('price', 'weight') ORDER BY 1";
  std::string why;
  auto out = toasty_test::client_query(url_, sql, &why);
  if (!out) GTEST_SKIP() << why;
  if (backend == "postgresql")
    EXPECT_EQ(*out, "price\tnumeric\t10\t2\nweight\tnumeric\t0\t0\n");
  else
    EXPECT_EQ(*out, "price\tdecimal\t10\t2\nweight\tdecimal\t65\t30\n");
}

}  // namespace
