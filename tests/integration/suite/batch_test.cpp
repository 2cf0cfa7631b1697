// Atomic batches and write transactions on every backend: creates, updates and removals of
// several models as one unit (DynamoDB: one TransactWriteItems), nothing written when a
// statement fails, what DynamoDB cannot do refused by name before anything is written.
#include <algorithm>

#include "app.toasty.hpp"
#include "support/backend.hpp"
#include "support/db_client.hpp"

#ifdef TOASTY_HAVE_DYNAMODB
#include "driver/dynamodb/client/dynamodb_client.hpp"
#endif

using app::User;
using toasty_test::BackendTest;

namespace {

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

class Batch : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped()) return;
    // A database the command-line clients read too (on SQLite a file, whose pool has
    // several connections: readers outside a transaction do not wait for it).
    client_db_.emplace(app::models());
  }
  toasty::Db& db() { return *client_db_->db; }
  bool kv() { return db().driver().capability().key_value(); }

  static auto make(const std::string& name, const std::string& country = "NZ") {
    return User::create().name(name).email(name + "@x.io").country(country);
  }
  std::vector<std::string> names() {
    std::vector<std::string> out;
    for (auto& u : User::all().allow_full_scan().exec(db())) out.push_back(u.name + "/" + u.country);
    std::sort(out.begin(), out.end());
    return out;
  }
  // How many users the table holds, read with the database's own client (the raw HTTP
  // client on DynamoDB), not through toasty.
  long users_by_own_client() {
    if (kv()) {
#ifdef TOASTY_HAVE_DYNAMODB
      namespace ddb = toasty::dynamodb;
      ddb::Client client(ddb::Config::from_url(url_));
      auto r = client.call("Scan", {{"TableName", "users"}, {"Select", "COUNT"}, {"ConsistentRead", true}});
      return r.at("Count").get<long>();
#endif
    }
    std::string why;
    auto out = toasty_test::client_query(client_db_->url, "SELECT count(*) FROM users", &why);
    if (!out) return -1;  // a client missing: the caller's check says so
    return std::stol(*out);
  }

  std::optional<toasty_test::ClientVisibleDb> client_db_;
};

using Names = std::vector<std::string>;

TEST_F(Batch, CreatesUpdatesAndRemovesAsOneUnit) {
  TOASTY_REQUIRE_CAPABILITY(db(), write_transactions);
  auto ann = make("Ann").exec(db());
  auto cat = make("Cat").exec(db());
  make("Dan", "AU").exec(db());
  auto [bob, renamed, gone, nothing] =
      toasty::batch(db(), make("Bob"), User::filter_by_email("Ann@x.io").update().country("UK"),
                    toasty::remove(User::filter_by_email("Dan@x.io")), toasty::remove(cat));
  EXPECT_EQ(bob.name, "Bob");
  EXPECT_EQ(renamed, 1u);
  EXPECT_EQ(gone, 1u);
  (void)nothing;
  EXPECT_EQ(names(), (Names{"Ann/UK", "Bob/NZ"}));
  EXPECT_EQ(users_by_own_client(), 2);
}

// The last statement fails (a duplicate email): nothing of the batch is written, as the
// database's own client confirms.
TEST_F(Batch, AFailingLastStatementWritesNothing) {
  TOASTY_REQUIRE_CAPABILITY(db(), write_transactions);
  auto ann = make("Ann").exec(db());
  make("Cat").exec(db());
  try {
    toasty::batch(db(), make("Bob"), User::filter_by_email("Ann@x.io").update().bio("changed"),
                  toasty::remove(User::filter_by_email("Cat@x.io")),
                  User::create().name("Ann2").email("Ann@x.io").country("NZ"));
    ADD_FAILURE() << "expected UniqueViolation";
  } catch (const toasty::UniqueViolation& e) {
    EXPECT_EQ(e.model(), "User") << e.what();
    EXPECT_EQ(e.fields(), std::vector<std::string>{"email"}) << e.what();
  }
  EXPECT_EQ(names(), (Names{"Ann/NZ", "Cat/NZ"}));
  EXPECT_FALSE(User::get_by_id(db(), ann.id).bio.has_value());
  EXPECT_EQ(users_by_own_client(), 2);
}

// A write transaction's work is invisible outside it until it commits, on every backend
// (DynamoDB keeps the writes until the commit sends them).
TEST_F(Batch, NothingIsVisibleBeforeCommit) {
  TOASTY_REQUIRE_CAPABILITY(db(), write_transactions);
  auto ann = make("Ann").exec(db());
  {
    auto tx = db().transaction();
    make("Bob").exec(tx);
    User::filter_by_id(ann.id).update().karma(3).exec(tx);
    EXPECT_THROW(User::get_by_email(db(), "Bob@x.io"), toasty::NotFound);
    EXPECT_EQ(User::get_by_id(db(), ann.id).karma, 0);
    tx.commit();
  }
  EXPECT_EQ(User::get_by_email(db(), "Bob@x.io").name, "Bob");
  EXPECT_EQ(User::get_by_id(db(), ann.id).karma, 3);
}

// An update or removal whose record is gone by the time the transaction commits changes
// nothing, and the rest commits: as on SQL, where it matches no row.
TEST_F(Batch, AWriteToAMissingRecordChangesNothing) {
  TOASTY_REQUIRE_CAPABILITY(db(), write_transactions);
  auto ann = make("Ann").exec(db());
  std::vector<User> gone;
  for (const char* n : {"G1", "G2", "G3"}) gone.push_back(make(n).exec(db()));
  for (auto& g : gone) User::filter_by_id(g.id).remove(db());
  db().transaction([&](toasty::Transaction& tx) {
    make("Bob").exec(tx);
    EXPECT_EQ(User::filter_by_id(gone[0].id).update().bio("x").exec(tx), 0u);
    gone[1].update().karma(4).exec(tx);
    User::filter_by_id(ann.id).update().karma(1).exec(tx);
    toasty::remove(gone[2]).exec(tx);
  });
  EXPECT_EQ(names(), (Names{"Ann/NZ", "Bob/NZ"}));
  EXPECT_EQ(User::get_by_id(db(), ann.id).karma, 1);
  for (auto& g : gone) EXPECT_THROW(User::get_by_id(db(), g.id), toasty::NotFound);
}

// A unique value another writer takes between the statement and the commit: the commit
// fails with UniqueViolation and writes nothing. (On SQL the other writer would wait for the
// transaction's lock instead: this race is DynamoDB's.)
TEST_F(Batch, DynamoDbCommitChecksUniqueValuesAgain) {
  if (!kv()) GTEST_SKIP() << "SQL databases lock the unique value at the statement (the other writer waits)";
  auto tx = db().transaction();
  make("Bob").exec(tx);
  make("Eve").exec(tx);
  User::create().name("Other").email("Bob@x.io").country("NZ").exec(db());  // not in the transaction
  try {
    tx.commit();
    ADD_FAILURE() << "expected UniqueViolation";
  } catch (const toasty::UniqueViolation& e) {
    EXPECT_EQ(e.model(), "User") << e.what();
    EXPECT_EQ(e.fields(), std::vector<std::string>{"email"}) << e.what();
  }
  EXPECT_FALSE(tx.is_open());
  EXPECT_EQ(names(), (Names{"Other/NZ"}));
  EXPECT_EQ(users_by_own_client(), 1);
}

TEST_F(Batch, DynamoDbRefusesReadsInATransactionByName) {
  if (db().driver().capability().transactions) GTEST_SKIP() << "transactions here read as well as write";
  auto ann = make("Ann").exec(db());
  auto tx = db().transaction();
  try {
    (void)User::get_by_id(tx, ann.id);
    ADD_FAILURE() << "expected UnsupportedQuery";
  } catch (const toasty::UnsupportedQuery& e) {
    EXPECT_TRUE(contains(e.what(), "transactions only write")) << e.what();
    EXPECT_TRUE(contains(e.what(), "DynamoDB")) << e.what();
  }
  EXPECT_THROW((void)User::filter_by_country("NZ").stream(tx), toasty::UnsupportedQuery);
  make("Bob").exec(tx);  // writes still go
  tx.commit();
  EXPECT_EQ(names(), (Names{"Ann/NZ", "Bob/NZ"}));
}

// DynamoDB's limit (100 actions per TransactWriteItems; a unique value costs one more) is
// checked before anything is written: the transaction is refused whole.
TEST_F(Batch, DynamoDbRefusesATransactionOverItsLimitsBeforeWriting) {
  if (!kv()) GTEST_SKIP() << "SQL transactions have no size limit to refuse";
  auto tx = db().transaction();
  try {
    for (int i = 0; i < 80; ++i) make("u" + std::to_string(i)).exec(tx);
    ADD_FAILURE() << "expected UnsupportedQuery";
  } catch (const toasty::UnsupportedQuery& e) {
    EXPECT_TRUE(contains(e.what(), "at most 100 actions")) << e.what();
    EXPECT_TRUE(contains(e.what(), "nothing was written")) << e.what();
  }
  tx.rollback();
  EXPECT_EQ(users_by_own_client(), 0);
}

TEST_F(Batch, DynamoDbRefusesWritingOneItemTwice) {
  if (!kv()) GTEST_SKIP() << "SQL transactions write a row as often as they like";
  auto tx = db().transaction();
  auto bob = make("Bob").exec(tx);
  try {
    bob.update().karma(2).exec(tx);
    ADD_FAILURE() << "expected UnsupportedQuery";
  } catch (const toasty::UnsupportedQuery& e) {
    EXPECT_TRUE(contains(e.what(), "one item of table \"users\" twice")) << e.what();
  }
  tx.commit();  // what was taken before stands
  EXPECT_EQ(names(), (Names{"Bob/NZ"}));
}

// Batches nest inside transactions: a failed batch is undone alone.
TEST_F(Batch, BatchInsideATransactionIsUndoneAlone) {
  TOASTY_REQUIRE_CAPABILITY(db(), write_transactions);
  make("Ann").exec(db());
  auto tx = db().transaction();
  make("Bob").exec(tx);
  EXPECT_THROW(toasty::batch(tx, make("Cat"), User::create().name("dup").email("Ann@x.io").country("NZ")),
               toasty::UniqueViolation);
  auto [dan] = toasty::batch(tx, make("Dan"));
  EXPECT_EQ(dan.name, "Dan");
  tx.commit();
  EXPECT_EQ(names(), (Names{"Ann/NZ", "Bob/NZ", "Dan/NZ"}));
}

}  // namespace
