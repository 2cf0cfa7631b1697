// Embedded structs on every backend: flattened into their model's columns (read back with
// each database's own client), filtered through typed nested paths, optional, nested, and
// updated whole — in the row and in the object.
#include <algorithm>
#include <string>
#include <vector>

#include "app.toasty.hpp"
#include "app_db_test.hpp"
#include "support/backend.hpp"
#include "support/db_client.hpp"
#ifdef TOASTY_HAVE_DYNAMODB
#include "driver/dynamodb/client/dynamodb_client.hpp"
#endif

using app::Address;
using app::Customer;
using app::Geo;
using app::Shipment;
using toasty_test::BackendTest;

namespace {

Address paris() { return Address{"1 rue de Rivoli", "Paris", "75001", Geo{48.86, 2.35}}; }
Address lyon() { return Address{"2 place Bellecour", "Lyon", std::nullopt, Geo{45.76, 4.83}}; }

using Embeds = toasty_test::AppDbTest;

std::vector<std::string> names(std::vector<Customer> cs) {
  std::vector<std::string> out;
  for (const Customer& c : cs) out.push_back(c.name);
  std::sort(out.begin(), out.end());
  return out;
}

TEST_F(Embeds, RoundTripIncludingAbsentAndNested) {
  Customer ann = Customer::create().name("ann").address(paris()).exec(db());
  EXPECT_EQ(ann.address, paris());
  EXPECT_EQ(ann.billing, std::nullopt);
  Customer bob = Customer::create().name("bob").address(lyon()).billing(paris()).exec(db());
  Customer a = Customer::get_by_id(db(), ann.id);
  EXPECT_EQ(a.address, paris());
  EXPECT_EQ(a.address.geo.lat, 48.86);
  EXPECT_EQ(a.billing, std::nullopt);
  Customer b = Customer::get_by_id(db(), bob.id);
  EXPECT_EQ(b.address, lyon());
  EXPECT_EQ(b.address.zip, std::nullopt);
  ASSERT_TRUE(b.billing.has_value());
  EXPECT_EQ(*b.billing, paris());
}

TEST_F(Embeds, FiltersThroughNestedPaths) {
  Customer::create().name("ann").address(paris()).exec(db());
  Customer::create().name("bob").address(lyon()).billing(paris()).exec(db());
  Address far = paris();
  far.street = "9 avenue Foch";
  far.geo = Geo{48.87, 2.29};
  Customer::create().name("cyd").address(far).billing(lyon()).exec(db());
  auto f = Customer::fields();
  // The index on the embedded city (a GSI on DynamoDB), then conditions on nested fields.
  EXPECT_EQ(names(Customer::filter_by_address_city("Paris").exec(db())), (std::vector<std::string>{"ann", "cyd"}));
  EXPECT_EQ(names(Customer::filter_by_billing_city("Lyon").exec(db())), (std::vector<std::string>{"cyd"}));
  EXPECT_EQ(names(Customer::filter_by_address_city("Paris").filter(f.address().geo().lng().lt(2.3)).exec(db())),
            (std::vector<std::string>{"cyd"}));
  EXPECT_EQ(names(Customer::filter_by_address_city("Paris").filter(f.billing().is_none()).exec(db())),
            (std::vector<std::string>{"ann"}));
  EXPECT_EQ(names(Customer::filter_by_address_city("Paris").filter(f.billing().is_some()).exec(db())),
            (std::vector<std::string>{"cyd"}));
  // Whole-struct equality compares every column, absent ones as absent.
  EXPECT_EQ(names(Customer::filter_by_address_city("Paris").filter(f.address().eq(paris())).exec(db())),
            (std::vector<std::string>{"ann"}));
  EXPECT_EQ(names(Customer::filter_by_address_city("Lyon").filter(f.address().eq(lyon())).exec(db())),
            (std::vector<std::string>{"bob"}));
  EXPECT_EQ(names(Customer::filter_by_address_city("Paris").filter(f.address().ne(paris())).exec(db())),
            (std::vector<std::string>{"cyd"}));
  EXPECT_EQ(names(Customer::filter_by_billing_city("Paris").filter(f.billing().zip().eq("75001")).exec(db())),
            (std::vector<std::string>{"bob"}));
}

// ne() is !eq() on every backend, absent fields and absent embeds included (SQL's NULL
// comparisons would otherwise drop those rows, DynamoDB's keep them).
TEST_F(Embeds, NotEqualCountsAbsentValuesAsDifferent) {
  Address no_zip = paris();
  no_zip.zip = std::nullopt;
  Customer::create().name("ann").address(paris()).exec(db());
  Customer::create().name("bob").address(no_zip).billing(paris()).exec(db());
  Customer::create().name("cyd").address(paris()).billing(no_zip).exec(db());
  auto f = Customer::fields();
  auto paris_rows = [&](const toasty::Filter& filter) {
    return names(Customer::filter_by_address_city("Paris").filter(filter).exec(db()));
  };
  EXPECT_EQ(paris_rows(f.address().ne(paris())), (std::vector<std::string>{"bob"}));
  EXPECT_EQ(paris_rows(f.address().eq(no_zip)), (std::vector<std::string>{"bob"}));
  EXPECT_EQ(paris_rows(f.billing().eq(paris())), (std::vector<std::string>{"bob"}));
  EXPECT_EQ(paris_rows(f.billing().ne(paris())), (std::vector<std::string>{"ann", "cyd"}));
  EXPECT_EQ(paris_rows(!f.billing().eq(no_zip)), (std::vector<std::string>{"ann", "bob"}));
}

// Through a has_many, an embed's eq() asks for one related record whose every field
// matches, not fields matched by different records.
TEST_F(Embeds, EqualityThroughARelationMatchesOneRecord) {
  TOASTY_REQUIRE_CAPABILITY(db(), sql());  // relation filters on a field that is not a key
  Customer ann = Customer::create().name("ann").address(paris()).exec(db());
  Shipment::create().customer(ann).to(paris()).exec(db());
  Shipment::create().customer(ann).to(lyon()).exec(db());
  Address mixed = paris();
  mixed.city = "Lyon";  // Paris' street, Lyon's city: no one shipment has both
  auto f = Customer::fields();
  EXPECT_EQ(names(Customer::filter(f.shipments().to().eq(lyon())).exec(db())), (std::vector<std::string>{"ann"}));
  EXPECT_TRUE(Customer::filter(f.shipments().to().eq(mixed)).exec(db()).empty());
  EXPECT_TRUE(Customer::filter(f.shipments().to().ne(paris())).exec(db()).empty());  // ne: no shipment equals it
}

TEST_F(Embeds, UpdatesReplaceTheWholeStructInTheRowAndTheObject) {
  Customer c = Customer::create().name("ann").address(paris()).billing(lyon()).exec(db());
  c.update().address(lyon()).billing(std::nullopt).exec(db());
  EXPECT_EQ(c.address, lyon());
  EXPECT_EQ(c.billing, std::nullopt);
  Customer stored = Customer::get_by_id(db(), c.id);
  EXPECT_EQ(stored.address, lyon());
  EXPECT_EQ(stored.billing, std::nullopt);
  c.update().billing(paris()).exec(db());
  ASSERT_TRUE(c.billing.has_value());
  EXPECT_EQ(*c.billing, paris());
  // By query, through the embedded index.
  EXPECT_EQ(Customer::filter_by_address_city("Lyon").update().address(paris()).exec(db()), 1u);
  EXPECT_EQ(Customer::get_by_id(db(), c.id).address, paris());
  EXPECT_TRUE(Customer::filter_by_address_city("Lyon").exec(db()).empty());
}

// One field of an embed (Toasty's stmt::patch): update().address_city(...) writes that
// column only; the rest of the struct is kept, in the row and in the object. An optional
// embed is set whole (a field alone could make a half-present one).
TEST_F(Embeds, UpdatesOfOneFieldKeepTheRestOfTheStruct) {
  Customer c = Customer::create().name("ann").address(paris()).billing(lyon()).exec(db());
  Customer other = Customer::create().name("bob").address(paris()).exec(db());
  c.update().address_city("Marseille").address_geo_lng(5.37).exec(db());
  Address want = paris();
  want.city = "Marseille";
  want.geo.lng = 5.37;
  EXPECT_EQ(c.address, want);
  EXPECT_EQ(Customer::get_by_id(db(), c.id).address, want);
  EXPECT_EQ(Customer::get_by_id(db(), other.id).address, paris());  // only the one record
  // A nullable part, cleared.
  c.update().address_zip(std::nullopt).exec(db());
  EXPECT_EQ(c.address.zip, std::nullopt);
  EXPECT_EQ(Customer::get_by_id(db(), c.id).address.zip, std::nullopt);
  EXPECT_EQ(Customer::get_by_id(db(), c.id).address.street, "1 rue de Rivoli");
  // By query, through the embedded index.
  EXPECT_EQ(Customer::filter_by_address_city("Paris").update().address_street("3 quai").exec(db()), 1u);
  EXPECT_EQ(Customer::get_by_id(db(), other.id).address.street, "3 quai");
  EXPECT_EQ(Customer::get_by_id(db(), other.id).address.city, "Paris");
}

// The columns are the model's own, named <member>_<field> (or by #[column]), read with the
// database's own client.
TEST_F(Embeds, TheDatabaseHoldsFlattenedColumns) {
  toasty_test::ClientVisibleDb visible(app::models());
  Customer c = Customer::create().name("native").address(paris()).billing(lyon()).exec(*visible.db);
  const std::string backend = toasty_test::backend_name();
  if (backend == "dynamodb") {
#ifdef TOASTY_HAVE_DYNAMODB
    namespace ddb = toasty::dynamodb;
    ddb::Client client(ddb::Config::from_url(url_));
    auto item = client.get_item({{"TableName", "customers"}, {"Key", {{"id", ddb::av::string(c.id.to_string())}}}});
    ASSERT_TRUE(item.has_value());
    EXPECT_EQ((*item)["address_city"], ddb::av::string("Paris"));
    EXPECT_EQ((*item)["address_postcode"], ddb::av::string("75001"));
    EXPECT_EQ((*item)["address_geo_lng"], ddb::av::number(2.35));
    EXPECT_EQ((*item)["bill_street"], ddb::av::string("2 place Bellecour"));
    EXPECT_FALSE(item->contains("bill_postcode") && (*item)["bill_postcode"] != ddb::av::null());
    return;
#else
    GTEST_SKIP() << "built without the DynamoDB driver";
#endif
  }
  std::string why;
  auto out = toasty_test::client_query(visible.url,
                                       "SELECT address_street, address_city, address_postcode, address_geo_lat, "
                                       "bill_city, bill_postcode IS NULL FROM customers WHERE name = 'native'",
                                       &why);
  if (!out) GTEST_SKIP() << why;
  const std::string is_null = backend == "postgresql" ? "t" : "1";
  EXPECT_EQ(*out, "1 rue de Rivoli\tParis\t75001\t48.86\tLyon\t" + is_null + "\n");
}

}  // namespace
