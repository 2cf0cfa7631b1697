// Update expressions: atomic increments and decrements (field_add / field_sub) and copies of
// another field, computed by the database on every backend (SQL: SET x = x + ?; DynamoDB:
// SET #x = #x + :v); an update by instance reads back what the database computed.
#include <atomic>
#include <thread>

#include "app.toasty.hpp"
#include "support/backend.hpp"
#include "support/recording_driver.hpp"

using app::User;
using toasty_test::BackendTest;

namespace {

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

class UpdateExpr : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped()) return;
    db_.emplace(toasty_test::fresh_db(app::models(), &rec_, toasty::Options{.max_connections = 8}));
  }
  toasty::Db& db() { return *db_; }
  bool kv() { return db().driver().capability().key_value(); }
  User make(const std::string& name, const std::string& country = "NZ") {
    return User::create().name(name).email(name + "@x.io").country(country).exec(db());
  }
  std::optional<toasty::Db> db_;
  toasty_test::RecordingDriver* rec_ = nullptr;
};

// 8 threads x 1 000 increments of one record end at exactly 8 000: the database adds, no
// read-modify-write in the client.
TEST_F(UpdateExpr, ConcurrentIncrementsAllCount) {
  auto ann = make("Ann");
  constexpr int kThreads = 8, kEach = 1000;
  std::atomic<int> errors{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < kEach; ++i) {
        try {
          if (User::update_by_id(ann.id).karma_add(1).exec(db()) != 1u) ++errors;
        } catch (const std::exception& e) {
          if (errors++ < 3) ADD_FAILURE() << e.what();
        }
      }
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(User::get_by_id(db(), ann.id).karma, kThreads * kEach);
}

// The object holds what the database computed, not its own arithmetic: another writer's
// increment in between counts too.
TEST_F(UpdateExpr, AnUpdateByInstanceReadsBackTheComputedValue) {
  auto ann = make("Ann");
  User::update_by_id(ann.id).karma_add(10).exec(db());  // ann.karma is still 0 in memory
  ann.update().karma_add(1).bio("hi").exec(db());
  EXPECT_EQ(ann.karma, 11);
  EXPECT_EQ(ann.bio, std::optional<std::string>("hi"));
  ann.update().karma_sub(20).exec(db());
  EXPECT_EQ(ann.karma, -9);
  ann.update().name(User::fields().country()).exec(db());  // a copy of another field
  EXPECT_EQ(ann.name, "NZ");
  auto stored = User::get_by_id(db(), ann.id);
  EXPECT_EQ(stored.karma, -9);
  EXPECT_EQ(stored.name, "NZ");
  // The last assignment of a field wins.
  ann.update().karma(100).karma_add(1).exec(db());
  EXPECT_EQ(ann.karma, -8);
  EXPECT_EQ(User::get_by_id(db(), ann.id).karma, -8);
}

TEST_F(UpdateExpr, AnUpdateByInstanceOfAGoneRecordKeepsItsComputedFields) {
  auto ann = make("Ann");
  User::filter_by_id(ann.id).remove(db());
  ann.update().karma_add(5).exec(db());
  EXPECT_EQ(ann.karma, 0);
}

TEST_F(UpdateExpr, AQueryUpdateComputesPerRecordAndCounts) {
  auto ann = make("Ann");
  auto bob = make("Bob");
  make("Cat", "AU");
  User::update_by_id(bob.id).karma(7).exec(db());
  EXPECT_EQ(User::update_by_country("NZ").karma_add(5).exec(db()), 2u);
  EXPECT_EQ(User::get_by_id(db(), ann.id).karma, 5);
  EXPECT_EQ(User::get_by_id(db(), bob.id).karma, 12);
  EXPECT_EQ(User::get_by_email(db(), "Cat@x.io").karma, 0);
  EXPECT_EQ(User::update_by_country("XX").karma_add(5).exec(db()), 0u);
}

// MySQL has no UPDATE ... RETURNING: the record is read back in the same transaction,
// where the update's row lock keeps it as the update left it.
TEST_F(UpdateExpr, ReadBackIsOneStatementOrOneUnit) {
  auto ann = make("Ann");
  rec_->reset();
  ann.update().karma_add(1).exec(db());
  const auto& cap = db().driver().capability();
  if (kv()) {
    EXPECT_EQ(rec_->kinds(), std::vector<std::string>{"update_by_key"});  // ReturnValues=ALL_NEW
  } else if (cap.returning_from_update) {
    EXPECT_EQ(rec_->kinds(), std::vector<std::string>{"update"});  // UPDATE ... RETURNING
  } else {
    EXPECT_EQ(rec_->kinds(), (std::vector<std::string>{"begin", "update", "select", "commit"}));
  }
  EXPECT_EQ(ann.karma, 1);
  // A plain update by instance reads nothing back.
  rec_->reset();
  ann.update().bio("x").exec(db());
  EXPECT_EQ(rec_->statements(), 1u);
}

TEST_F(UpdateExpr, ComputedAssignmentsInTransactions) {
  TOASTY_REQUIRE_CAPABILITY(db(), write_transactions);
  auto ann = make("Ann");
  db().transaction([&](toasty::Transaction& tx) {
    User::update_by_id(ann.id).karma_add(3).exec(tx);
  });
  EXPECT_EQ(User::get_by_id(db(), ann.id).karma, 3);
  auto tx = db().transaction();
  if (kv()) {
    // Its writes wait for the commit: there is nothing to read back yet.
    try {
      ann.update().karma_add(1).exec(tx);
      ADD_FAILURE() << "expected UnsupportedQuery";
    } catch (const toasty::UnsupportedQuery& e) {
      EXPECT_TRUE(contains(e.what(), "read back")) << e.what();
    }
  } else {
    ann.update().karma_add(1).exec(tx);
    EXPECT_EQ(ann.karma, 4);
  }
  tx.commit();
}

// A unique field computed from the record: fine on SQL (the constraint checks the result);
// DynamoDB refuses it by name (its unique entries are written with the item, by value).
TEST_F(UpdateExpr, ComputedUniqueValues) {
  auto ann = make("Ann");
  if (!kv()) {
    ann.update().email(User::fields().name()).exec(db());
    EXPECT_EQ(User::get_by_email(db(), "Ann").id, ann.id);
    EXPECT_EQ(ann.email, "Ann");
    return;
  }
  try {
    ann.update().email(User::fields().name()).exec(db());
    ADD_FAILURE() << "expected UnsupportedQuery";
  } catch (const toasty::UnsupportedQuery& e) {
    EXPECT_TRUE(contains(e.what(), "\"email\"")) << e.what();
  }
}

TEST_F(UpdateExpr, ACopyIsOfTheSameModel) {
  auto ann = make("Ann");
  EXPECT_THROW(ann.update().name(app::Person::fields().name()).exec(db()), toasty::InvalidStatement);
}

}  // namespace
