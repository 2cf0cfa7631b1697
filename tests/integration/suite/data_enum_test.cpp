// Data-carrying enums on every backend: a std::variant of the variants' structs, stored as
// a discriminant column and the variants' nullable columns (read back with each database's
// own client), filtered by variant and by a variant's fields, optional, and replaced whole.
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

#include "app.toasty.hpp"
#include "app_db_test.hpp"
#include "support/backend.hpp"
#include "support/db_client.hpp"
#ifdef TOASTY_HAVE_DYNAMODB
#include "driver/dynamodb/client/dynamodb_client.hpp"
#endif

using app::ContactInfo;
using app::ContactInfoKind;
using app::Member;
using app::Reward;
using toasty::Decimal;

namespace {

using DataEnums = toasty_test::AppDbTest;

// The overload set std::visit dispatches on.
template <class... F>
struct overloaded : F... {
  using F::operator()...;
};
template <class... F>
overloaded(F...) -> overloaded<F...>;

ContactInfo email(std::string a) { return ContactInfo::Email{std::move(a)}; }
ContactInfo phone(std::string n, std::optional<std::string> ext = std::nullopt) {
  return ContactInfo::Phone{std::move(n), std::move(ext)};
}

Member make(toasty::Db& db, std::string name, ContactInfo c, Reward r = Reward::Nothing{},
            std::optional<ContactInfo> backup = std::nullopt) {
  return Member::create().team("t").name(std::move(name)).contact(std::move(c)).backup(std::move(backup))
      .reward(std::move(r)).exec(db);
}

std::vector<std::string> names(const std::vector<Member>& ms) {
  std::vector<std::string> out;
  for (const Member& m : ms) out.push_back(m.name);
  std::sort(out.begin(), out.end());
  return out;
}

static_assert(std::is_base_of_v<std::variant<ContactInfo::Email, ContactInfo::Phone, ContactInfo::Unlisted>,
                                ContactInfo>);

TEST_F(DataEnums, EveryVariantRoundTrips) {
  make(db(), "ann", email("ann@example.com"), Reward::Points{120});
  make(db(), "bob", phone("555-0100", "12"), Reward::Voucher{"WELCOME", Decimal::parse("19.90")},
       ContactInfo::Unlisted{});
  make(db(), "cyd", ContactInfo::Unlisted{}, Reward::Nothing{}, email("cyd@example.com"));
  make(db(), "dan", phone("555-0199"));

  Member ann = Member::get_by_team_and_name(db(), "t", "ann");
  EXPECT_EQ(ann.contact, email("ann@example.com"));
  EXPECT_EQ(ann.contact.kind(), ContactInfoKind::Email);
  EXPECT_EQ(std::get<ContactInfo::Email>(ann.contact).address, "ann@example.com");
  EXPECT_EQ(ann.backup, std::nullopt);
  EXPECT_EQ(ann.reward, Reward(Reward::Points{120}));

  Member bob = Member::get_by_team_and_name(db(), "t", "bob");
  EXPECT_EQ(bob.contact, phone("555-0100", "12"));
  ASSERT_TRUE(bob.backup.has_value());
  EXPECT_TRUE(std::holds_alternative<ContactInfo::Unlisted>(*bob.backup));
  ASSERT_TRUE(std::holds_alternative<Reward::Voucher>(bob.reward));
  EXPECT_EQ(std::get<Reward::Voucher>(bob.reward).value, Decimal::parse("19.9"));  // by value
  EXPECT_EQ(std::get<Reward::Voucher>(bob.reward).value.to_string(), "19.9");  // unconstrained: no trailing 0

  Member cyd = Member::get_by_team_and_name(db(), "t", "cyd");
  EXPECT_EQ(cyd.contact, ContactInfo(ContactInfo::Unlisted{}));
  EXPECT_EQ(cyd.backup, std::optional<ContactInfo>(email("cyd@example.com")));

  Member dan = Member::get_by_team_and_name(db(), "t", "dan");
  EXPECT_EQ(dan.contact, phone("555-0199"));  // an absent field of the held variant
  // The variant type works with std::visit.
  auto describe = overloaded{[](const ContactInfo::Email& e) { return "mail " + e.address; },
                             [](const ContactInfo::Phone& p) { return "call " + p.number; },
                             [](const ContactInfo::Unlisted&) { return std::string("none"); }};
  EXPECT_EQ(std::visit(describe, dan.contact), "call 555-0199");
  EXPECT_EQ(std::visit(describe, cyd.contact), "none");
}

TEST_F(DataEnums, FiltersOnTheVariantAndItsFields) {
  make(db(), "ann", email("ann@example.com"), Reward::Points{120});
  make(db(), "bob", phone("555-0100", "12"), Reward::Points{5}, email("bob@example.com"));
  make(db(), "cyd", phone("555-0199"), Reward::Voucher{"X", Decimal::parse("1")});
  make(db(), "dan", ContactInfo::Unlisted{});
  auto f = Member::fields();
  auto team = [&](const toasty::Filter& filter) { return names(Member::filter_by_team("t").filter(filter).exec(db())); };
  using V = std::vector<std::string>;
  EXPECT_EQ(team(f.contact().is_phone()), (V{"bob", "cyd"}));
  EXPECT_EQ(team(f.contact().is_unlisted()), (V{"dan"}));
  EXPECT_EQ(team(f.contact().kind().eq(ContactInfoKind::Email)), (V{"ann"}));
  // A variant's fields, in the held variant only.
  EXPECT_EQ(team(f.contact().phone().matches([](const auto& p) { return p.number().starts_with("555-01"); })),
            (V{"bob", "cyd"}));
  EXPECT_EQ(team(f.contact().phone().matches([](const auto& p) { return p.ext().is_none(); })), (V{"cyd"}));
  EXPECT_EQ(team(f.reward().points().matches([](const auto& p) { return p.amount().gt(100); })), (V{"ann"}));
  EXPECT_EQ(team(f.reward().voucher().is()), (V{"cyd"}));
  // Whole values: the same variant with equal fields; ne is its negation.
  EXPECT_EQ(team(f.contact().eq(phone("555-0199"))), (V{"cyd"}));
  EXPECT_EQ(team(f.contact().eq(phone("555-0100"))), (V{}));  // bob's has an extension
  EXPECT_EQ(team(f.contact().ne(phone("555-0199"))), (V{"ann", "bob", "dan"}));
  EXPECT_EQ(team(f.contact().eq(ContactInfo::Unlisted{})), (V{"dan"}));
  // An optional one: absent, or a variant.
  EXPECT_EQ(team(f.backup().is_none()), (V{"ann", "cyd", "dan"}));
  EXPECT_EQ(team(f.backup().is_email()), (V{"bob"}));
  // The index on a variant's field (a sparse GSI on DynamoDB).
  EXPECT_EQ(names(Member::filter_by_contact_address("ann@example.com").exec(db())), (V{"ann"}));
  EXPECT_EQ(names(Member::filter_by_backup_address("bob@example.com").exec(db())), (V{"bob"}));
}

// Replacing the variant clears the old one's columns (the row holds one variant), in the
// row and in the object; by instance and by query.
TEST_F(DataEnums, UpdatesReplaceTheVariant) {
  Member ann = make(db(), "ann", email("ann@example.com"), Reward::Points{1}, phone("1"));
  ann.update().contact(phone("555-0100", "7")).backup(std::nullopt).reward(Reward::Nothing{}).exec(db());
  EXPECT_EQ(ann.contact, phone("555-0100", "7"));
  EXPECT_EQ(ann.backup, std::nullopt);
  Member stored = Member::get_by_team_and_name(db(), "t", "ann");
  EXPECT_EQ(stored.contact, phone("555-0100", "7"));
  EXPECT_EQ(stored.backup, std::nullopt);
  EXPECT_EQ(stored.reward, Reward(Reward::Nothing{}));
  auto f = Member::fields();
  EXPECT_TRUE(Member::filter_by_team("t").filter(f.contact().is_email()).exec(db()).empty());
  EXPECT_TRUE(Member::filter_by_contact_address("ann@example.com").exec(db()).empty());
  // By query.
  EXPECT_EQ(Member::filter_by_team("t").filter(f.contact().is_phone()).update().contact(email("a@b.c")).exec(db()),
            1u);
  EXPECT_EQ(Member::get_by_team_and_name(db(), "t", "ann").contact, email("a@b.c"));
  EXPECT_EQ(names(Member::filter_by_contact_address("a@b.c").exec(db())), (std::vector<std::string>{"ann"}));
}

// The discriminant column has the member's name and holds the label (or the integer);
// only the held variant's columns are set. A discriminant of no variant reads back as a
// TypeConversion naming the column.
TEST_F(DataEnums, TheDatabaseHoldsADiscriminantAndTheVariantsColumns) {
  toasty_test::ClientVisibleDb visible(app::models());
  make(*visible.db, "native", phone("555-0100", "12"), Reward::Voucher{"V", Decimal::parse("2.50")});
  const std::string backend = toasty_test::backend_name();
  if (backend == "dynamodb") {
#ifdef TOASTY_HAVE_DYNAMODB
    namespace ddb = toasty::dynamodb;
    ddb::Client client(ddb::Config::from_url(url_));
    const ddb::Json key = {{"team", ddb::av::string("t")}, {"name", ddb::av::string("native")}};
    auto item = client.get_item({{"TableName", "members"}, {"Key", key}});
    ASSERT_TRUE(item.has_value());
    EXPECT_EQ((*item)["contact"], ddb::av::string("phone"));
    EXPECT_EQ((*item)["contact_number"], ddb::av::string("555-0100"));
    EXPECT_EQ((*item)["contact_extension"], ddb::av::string("12"));
    EXPECT_FALSE(item->contains("contact_address") && (*item)["contact_address"] != ddb::av::null());
    EXPECT_EQ((*item)["reward"], ddb::av::number(2));
    EXPECT_EQ((*item)["reward_code"], ddb::av::string("V"));
    client.update_item({{"TableName", "members"},
                        {"Key", key},
                        {"UpdateExpression", "SET #c = :v"},
                        {"ExpressionAttributeNames", {{"#c", "contact"}}},
                        {"ExpressionAttributeValues", {{":v", ddb::av::string("fax")}}}});
#else
    GTEST_SKIP() << "built without the DynamoDB driver";
#endif
  } else {
    std::string why;
    auto out = toasty_test::client_query(visible.url,
                                         "SELECT contact, contact_address IS NULL, contact_number, contact_extension, "
                                         "fallback IS NULL, reward, reward_amount IS NULL, reward_code "
                                         "FROM members WHERE name = 'native'",
                                         &why);
    if (!out) GTEST_SKIP() << why;
    const std::string t = backend == "postgresql" ? "t" : "1";
    EXPECT_EQ(*out, "phone\t" + t + "\t555-0100\t12\t" + t + "\t2\t" + t + "\tV\n");
    ASSERT_TRUE(toasty_test::client_query(visible.url, "UPDATE members SET contact = 'fax' WHERE name = 'native'",
                                          &why))
        << why;
  }
  try {
    Member m = Member::get_by_team_and_name(*visible.db, "t", "native");
    ADD_FAILURE() << "read a member whose contact is " << m.contact.kind();
  } catch (const toasty::TypeConversion& e) {
    EXPECT_NE(std::string(e.what()).find("column `contact` of table `members` holds \"fax\", which is not a "
                                         "variant of enum ContactInfoKind"),
              std::string::npos)
        << e.what();
  }
}

}  // namespace
