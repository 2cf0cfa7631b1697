// Create, read, update and remove one model: the foundation's API, on every backend.
#include <algorithm>

#include "app_db_test.hpp"

using app::User;

namespace {

class Crud : public toasty_test::AppDbTest {
 protected:
  // SQL backends also run the parts that read whole tables or filter on unindexed fields.
  bool sql() { return db().driver().capability().sql(); }
  User ann() { return User::create().name("Ann").email("ann@x.io").country("NZ").exec(db()); }

};

TEST_F(Crud, CreateFillsAutoKeyAndDefaults) {
  User a = ann();
  User b = User::create().name("Bob").email("bob@x.io").country("AU").bio("hi").exec(db());
  EXPECT_EQ(a.id.version(), 7);  // #[auto] Uuid: a UUID v7 made by the client
  EXPECT_NE(a.id, b.id);
  EXPECT_LT(a.id, b.id);  // v7 keys made in order sort in order
  EXPECT_EQ(a.karma, 0);  // #[default(0)]
  EXPECT_EQ(a.bio, std::nullopt);
  EXPECT_EQ(b.bio, std::optional<std::string>("hi"));
  EXPECT_EQ(a.display(), "Ann <ann@x.io>");  // mixin method
}

TEST_F(Crud, GetByKeyAndUnique) {
  User a = ann();
  User same = User::get_by_id(db(), a.id);
  EXPECT_EQ(same.name, "Ann");
  EXPECT_EQ(same.email, "ann@x.io");
  User by_mail = User::get_by_email(db(), "ann@x.io");
  EXPECT_EQ(by_mail.id, a.id);
  EXPECT_THROW(User::get_by_id(db(), toasty::Uuid::v7()), toasty::NotFound);
  EXPECT_THROW(User::get_by_email(db(), "nobody@x.io"), toasty::NotFound);
}

TEST_F(Crud, FilterByIndexedField) {
  ann();
  User::create().name("Bob").email("bob@x.io").country("NZ").exec(db());
  User::create().name("Cat").email("cat@x.io").country("AU").exec(db());
  auto kiwis = User::filter_by_country("NZ").exec(db());
  if (sql()) {  // ordering by a field that is no sort key
    kiwis = User::filter_by_country("NZ").order_by(User::fields().name().asc()).exec(db());
  } else {
    std::sort(kiwis.begin(), kiwis.end(), [](const User& a, const User& b) { return a.name < b.name; });
  }
  ASSERT_EQ(kiwis.size(), 2u);
  EXPECT_EQ(kiwis[0].name, "Ann");
  EXPECT_EQ(kiwis[1].name, "Bob");
  EXPECT_TRUE(User::filter_by_country("FR").exec(db()).empty());
}

TEST_F(Crud, AllFirstAndGet) {
  // all(): a full-table read, a Scan on DynamoDB (asked for with allow_full_scan()).
  EXPECT_TRUE(User::all().allow_full_scan().exec(db()).empty());
  EXPECT_EQ(User::all().allow_full_scan().first(db()), std::nullopt);
  EXPECT_THROW(User::all().allow_full_scan().get(db()), toasty::NotFound);
  ann();
  EXPECT_EQ(User::all().allow_full_scan().exec(db()).size(), 1u);
  auto first = User::filter(User::fields().name().eq("Ann")).allow_full_scan().first(db());
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->email, "ann@x.io");
}

TEST_F(Crud, UpdateByInstanceChangesRowAndObject) {
  User a = ann();
  a.update().bio("hello").karma(7).exec(db());
  EXPECT_EQ(a.bio, std::optional<std::string>("hello"));
  EXPECT_EQ(a.karma, 7);
  User again = User::get_by_id(db(), a.id);
  EXPECT_EQ(again.bio, std::optional<std::string>("hello"));
  EXPECT_EQ(again.karma, 7);
  // Setting an Option back to None.
  a.update().bio(std::nullopt).exec(db());
  EXPECT_EQ(User::get_by_id(db(), a.id).bio, std::nullopt);
}

TEST_F(Crud, UpdateWithNothingToChangeSkipsTheRoundTrip) {
  User a = ann();
  rec_->reset();
  a.update().exec(db());
  EXPECT_EQ(rec_->statements(), 0u);
}

TEST_F(Crud, UpdateByQuery) {
  std::vector<User> users = {ann()};
  users.push_back(User::create().name("Bob").email("bob@x.io").country("NZ").exec(db()));
  users.push_back(User::create().name("Cat").email("cat@x.io").country("AU").exec(db()));
  EXPECT_EQ(User::filter_by_country("NZ").update().bio("kia ora").exec(db()), 2u);
  // A plain value, built in steps; it counts the records matched, changed or not (MySQL
  // reports changed rows unless asked for found rows).
  auto same = User::filter_by_country("NZ").update();
  same.bio("kia ora");
  EXPECT_EQ(same.exec(db()), 2u);
  EXPECT_EQ(User::filter_by_country("XX").update().bio("none").exec(db()), 0u);
  for (const auto& created : users) {
    User u = User::get_by_id(db(), created.id);
    if (u.country == "NZ")
      EXPECT_EQ(u.bio, std::optional<std::string>("kia ora")) << u.name;
    else
      EXPECT_EQ(u.bio, std::nullopt) << u.name;
  }
}

TEST_F(Crud, RemoveByInstanceAndByQuery) {
  User a = ann();
  User b = User::create().name("Bob").email("bob@x.io").country("NZ").exec(db());
  User c = User::create().name("Cat").email("cat@x.io").country("AU").exec(db());
  a.remove(db());
  EXPECT_THROW(User::get_by_id(db(), a.id), toasty::NotFound);
  EXPECT_EQ(User::filter_by_country("NZ").remove(db()), 1u);
  EXPECT_THROW(User::get_by_id(db(), b.id), toasty::NotFound);
  EXPECT_EQ(User::get_by_id(db(), c.id).name, "Cat");
  auto rest = User::all().allow_full_scan().exec(db());
  ASSERT_EQ(rest.size(), 1u);
  EXPECT_EQ(rest[0].id, c.id);
}

TEST_F(Crud, RepeatedShapesShareOnePlanWithFreshValues) {
  // Dynamic queries (generated get_by_* run compiled plans: compiled_test.cpp).
  User a = ann();
  User b = User::create().name("Bob").email("bob@x.io").country("AU").exec(db());
  std::size_t before = db().cached_plans();
  EXPECT_EQ(User::filter_by_id(a.id).get(db()).name, "Ann");
  std::size_t one = db().cached_plans();
  EXPECT_EQ(one, before + 1);
  // Same shape, other values: the cached plan is re-bound, not reused blindly.
  std::size_t hits = db().plan_cache_hits();
  EXPECT_EQ(User::filter_by_id(b.id).get(db()).name, "Bob");
  EXPECT_EQ(db().plan_cache_hits(), hits + 1);  // served without lowering or planning
  EXPECT_EQ(User::filter_by_email("bob@x.io").get(db()).id, b.id);
  EXPECT_EQ(User::filter_by_email("ann@x.io").get(db()).id, a.id);
  EXPECT_EQ(db().cached_plans(), one + 1);  // only the email shape is new
  a.update().bio("x").exec(db());
  b.update().bio("y").exec(db());
  EXPECT_EQ(User::filter_by_id(a.id).get(db()).bio, std::optional<std::string>("x"));
  EXPECT_EQ(User::filter_by_id(b.id).get(db()).bio, std::optional<std::string>("y"));
}

TEST_F(Crud, UniqueViolationNamesModelAndField) {
  User a = ann();
  try {
    User::create().name("Other Ann").email("ann@x.io").country("AU").exec(db());
    FAIL() << "expected a unique violation";
  } catch (const toasty::UniqueViolation& e) {
    EXPECT_EQ(e.model(), "User");
    ASSERT_EQ(e.fields().size(), 1u);
    EXPECT_EQ(e.fields()[0], "email");
    EXPECT_NE(std::string(e.what()).find("email"), std::string::npos) << e.what();
  }
  // Nothing was lost or half-written.
  EXPECT_EQ(User::get_by_email(db(), "ann@x.io").id, a.id);
  EXPECT_TRUE(User::filter_by_country("AU").exec(db()).empty());
  if (sql()) {
    EXPECT_EQ(User::all().allow_full_scan().exec(db()).size(), 1u);
  }
}

TEST_F(Crud, MissingRequiredFieldIsAClearError) {
  try {
    User::create().name("NoMail").country("NZ").exec(db());
    FAIL() << "expected InvalidStatement";
  } catch (const toasty::InvalidStatement& e) {
    EXPECT_NE(std::string(e.what()).find("email"), std::string::npos) << e.what();
  }
  EXPECT_EQ(rec_->statements("insert"), 0u);
}

TEST_F(Crud, HostileStringsAreBoundNotSpliced) {
  const std::string evil = "'); DROP TABLE users; --";
  const std::string quotes = "\"double\" 'single' `back` \\ ;";
  User a = User::create().name(evil).email(quotes).country("N'Z").exec(db());
  EXPECT_EQ(User::get_by_id(db(), a.id).name, evil);
  EXPECT_EQ(User::get_by_email(db(), quotes).id, a.id);
  EXPECT_EQ(User::filter_by_country("N'Z").exec(db()).size(), 1u);
  if (!sql()) return;
  EXPECT_EQ(User::filter(User::fields().name().eq(evil)).exec(db()).size(), 1u);  // unindexed
  EXPECT_EQ(User::all().allow_full_scan().exec(db()).size(), 1u);  // the table survived
}

}  // namespace

namespace {

std::string nth(const char* prefix, std::size_t i) { return prefix + std::to_string(i); }

// create_many: one multi-row statement per batch of rows (several batches here), atomic,
// records back in item order with their generated keys.
TEST_F(Crud, CreateManyInsertsEveryRecordInItemOrder) {
  const std::size_t n = 1203;  // more than one batch on SQL databases
  auto batch = User::create_many();
  for (std::size_t i = 0; i < n; ++i)
    batch.item(User::create().name(nth("u", i)).email(nth("u", i) + "@x.io").country(i % 2 ? "NZ" : "AU"));
  rec_->reset();
  std::vector<User> users = batch.exec(db());
  ASSERT_EQ(users.size(), n);
  for (std::size_t i = 0; i < n; ++i) {
    EXPECT_EQ(users[i].name, nth("u", i));
    EXPECT_EQ(users[i].karma, 0);  // #[default(0)]
  }
  std::vector<toasty::Uuid> ids;
  for (const auto& u : users) ids.push_back(u.id);
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(std::unique(ids.begin(), ids.end()), ids.end());
  EXPECT_EQ(User::get_by_id(db(), users[700].id).email, "u700@x.io");
  EXPECT_EQ(User::filter_by_country("NZ").exec(db()).size(), n / 2);
  if (sql()) {
    // 1203 rows: 3 multi-row INSERTs (not 1203) in one transaction.
    EXPECT_EQ(rec_->statements("insert"), 3u);
    EXPECT_EQ(rec_->statements("begin"), 1u);
  }
  EXPECT_TRUE(User::create_many().exec(db()).empty());
}

TEST_F(Crud, CreateManyWithADuplicateWritesNothing) {
  TOASTY_REQUIRE_CAPABILITY(db(), transactions);  // the batches are one transaction
  ann();
  auto batch = User::create_many();
  for (std::size_t i = 0; i < 600; ++i)
    batch.item(User::create().name(nth("u", i)).email(nth("u", i) + "@x.io").country("AU"));
  batch.item(User::create().name("Ann again").email("ann@x.io").country("AU"));  // in the 2nd batch
  try {
    batch.exec(db());
    FAIL() << "expected a unique violation";
  } catch (const toasty::UniqueViolation& e) {
    EXPECT_EQ(e.model(), "User");
  }
  EXPECT_TRUE(User::filter_by_country("AU").exec(db()).empty());  // the 1st batch was rolled back
  // A record missing a required field is refused before anything is written.
  EXPECT_THROW(User::create_many().item(User::create().name("x")).exec(db()), toasty::InvalidStatement);
}

// Items of one create_many may set different fields: each row gets what create() would
// give the fields it leaves out (lowering fills them, row by row).
TEST_F(Crud, CreateManyItemsMaySetDifferentFields) {
  const toasty::Uuid chosen = toasty::Uuid::v7();
  auto users = User::create_many()
                   .item(User::create().id(chosen).name("a").email("a@x.io").country("NZ").bio("hi").karma(5))
                   .item(User::create().name("b").email("b@x.io").country("NZ"))
                   .exec(db());
  ASSERT_EQ(users.size(), 2u);
  EXPECT_EQ(users[0].id, chosen);
  EXPECT_EQ(users[0].karma, 5);
  EXPECT_EQ(users[0].bio, std::optional<std::string>("hi"));
  EXPECT_NE(users[1].id, chosen);  // generated for the item that left it out
  EXPECT_EQ(users[1].karma, 0);    // #[default(0)]
  EXPECT_EQ(users[1].bio, std::nullopt);
  auto b = User::get_by_id(db(), users[1].id);
  EXPECT_EQ(b.karma, 0);
  EXPECT_EQ(b.bio, std::nullopt);
  EXPECT_EQ(User::get_by_id(db(), chosen).bio, std::optional<std::string>("hi"));
  // A required field one item leaves out is refused before anything is written.
  EXPECT_THROW(User::create_many()
                   .item(User::create().name("c").email("c@x.io").country("AU"))
                   .item(User::create().name("d").country("AU"))
                   .exec(db()),
               toasty::InvalidStatement);
  EXPECT_THROW(User::get_by_email(db(), "c@x.io"), toasty::NotFound);
  // The same in a batch of several statements: an item of a later statement lacks its
  // email, and the statements before it are undone (on DynamoDB nothing is sent).
  auto big = User::create_many();
  for (std::size_t i = 0; i < 620; ++i) {
    if (i == 600) {
      big.item(User::create().name("no email").country("AU"));
    } else {
      big.item(User::create().name(nth("b", i)).email(nth("b", i) + "@x.io").country("AU"));
    }
  }
  EXPECT_THROW(big.exec(db()), toasty::InvalidStatement);
  EXPECT_THROW(User::get_by_email(db(), "b1@x.io"), toasty::NotFound);
}

}  // namespace
