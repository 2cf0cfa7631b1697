// Upserts on every backend: upsert_by_<unique>(values, create()...) creates the record or
// updates the one holding that unique value, atomically; racing upserts of one value leave
// one record. on_conflict_do_nothing() and on_conflict_update(fields...) choose what a
// conflict changes; the result says whether the record was inserted.
#include <atomic>
#include <set>
#include <thread>

#include "app.toasty.hpp"
#include "support/backend.hpp"

using app::User;
using toasty_test::BackendTest;

namespace {

class Upsert : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped()) return;
    db_.emplace(toasty_test::fresh_db(app::models(), nullptr, toasty::Options{.max_connections = 8}));
  }
  toasty::Db& db() { return *db_; }
  std::optional<toasty::Db> db_;
};

TEST_F(Upsert, InsertsThenUpdates) {
  auto first = User::upsert_by_email("ann@x.io", User::create().name("Ann").country("NZ")).exec(db());
  EXPECT_TRUE(first.inserted);
  EXPECT_EQ(first.record.email, "ann@x.io");
  EXPECT_EQ(first.record.name, "Ann");
  auto second = User::upsert_by_email("ann@x.io", User::create().name("Annie").country("AU")).exec(db());
  EXPECT_FALSE(second.inserted);
  EXPECT_EQ(second.record.id, first.record.id);  // the same record, updated
  EXPECT_EQ(second.record.name, "Annie");
  EXPECT_EQ(second.record.country, "AU");
  auto stored = User::get_by_email(db(), "ann@x.io");
  EXPECT_EQ(stored.name, "Annie");
  EXPECT_EQ(User::filter_by_country("AU").exec(db()).size(), 1u);
  EXPECT_EQ(User::filter_by_country("NZ").exec(db()).size(), 0u);
}

TEST_F(Upsert, OnConflictUpdatesOnlyTheFieldsNamed) {
  User::create().name("Ann").email("ann@x.io").country("NZ").karma(5).exec(db());
  auto r = User::upsert_by_email("ann@x.io", User::create().name("Other").country("AU").karma(9))
               .on_conflict_update(User::fields().karma())
               .exec(db());
  EXPECT_FALSE(r.inserted);
  EXPECT_EQ(r.record.name, "Ann");  // kept
  EXPECT_EQ(r.record.country, "NZ");
  EXPECT_EQ(r.record.karma, 9);  // updated
  EXPECT_EQ(User::get_by_email(db(), "ann@x.io").karma, 9);
}

TEST_F(Upsert, OnConflictDoNothingReturnsTheExistingRecord) {
  auto ann = User::create().name("Ann").email("ann@x.io").country("NZ").exec(db());
  auto r = User::upsert_by_email("ann@x.io", User::create().name("Other").country("AU")).on_conflict_do_nothing().exec(db());
  EXPECT_FALSE(r.inserted);
  EXPECT_EQ(r.record.id, ann.id);
  EXPECT_EQ(r.record.name, "Ann");
  auto fresh = User::upsert_by_email("bob@x.io", User::create().name("Bob").country("AU")).on_conflict_do_nothing().exec(db());
  EXPECT_TRUE(fresh.inserted);
  EXPECT_EQ(fresh.record.name, "Bob");
}

// A collision on another unique value than the target is an error, not an update.
TEST_F(Upsert, AnotherUniqueValueTakenIsAUniqueViolation) {
  auto ann = User::create().name("Ann").email("ann@x.io").country("NZ").exec(db());
  try {
    User::upsert_by_id(toasty::Uuid::v7(), User::create().name("X").email("ann@x.io").country("NZ")).exec(db());
    ADD_FAILURE() << "expected UniqueViolation";
  } catch (const toasty::UniqueViolation& e) {
    EXPECT_EQ(e.fields(), std::vector<std::string>{"email"});
  }
  // By key: the record with that key is updated.
  auto r = User::upsert_by_id(ann.id, User::create().name("Ann2").email("ann@x.io").country("UK")).exec(db());
  EXPECT_FALSE(r.inserted);
  EXPECT_EQ(r.record.country, "UK");
}

// 8 threads upsert the same 100 emails at once: exactly 100 records, each upserted 8 times
// (1 insert, 7 updates: its karma counts the updates).
TEST_F(Upsert, RacingUpsertsLeaveOneRecordPerValue) {
  constexpr int kThreads = 8, kEmails = 100;
  std::atomic<int> inserted{0}, errors{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEmails; ++i) {
        try {
          auto email = "u" + std::to_string(i) + "@x.io";
          auto r = User::upsert_by_email(email, User::create().name("t" + std::to_string(t)).country("R")).exec(db());
          if (r.inserted) ++inserted;
          User::update_by_email(email).karma_add(1).exec(db());
        } catch (const std::exception& e) {
          if (errors++ < 3) ADD_FAILURE() << e.what();
        }
      }
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(inserted.load(), kEmails);
  auto all = User::filter_by_country("R").exec(db());
  EXPECT_EQ(all.size(), static_cast<std::size_t>(kEmails));
  std::set<std::string> emails;
  for (const auto& u : all) {
    emails.insert(u.email);
    EXPECT_EQ(u.karma, kThreads) << u.email;
  }
  EXPECT_EQ(emails.size(), static_cast<std::size_t>(kEmails));
}

// In a transaction too (DynamoDB: the writes go at commit; the existing record is read when
// the upsert is made).
TEST_F(Upsert, InsideATransaction) {
  TOASTY_REQUIRE_CAPABILITY(db(), write_transactions);
  User::create().name("Ann").email("ann@x.io").country("NZ").exec(db());
  auto tx = db().transaction();
  auto a = User::upsert_by_email("ann@x.io", User::create().name("Annie").country("NZ")).exec(tx);
  auto b = User::upsert_by_email("bob@x.io", User::create().name("Bob").country("NZ")).exec(tx);
  EXPECT_FALSE(a.inserted);
  EXPECT_TRUE(b.inserted);
  tx.commit();  // (on PostgreSQL the failed insert did not end the transaction)
  EXPECT_EQ(User::get_by_email(db(), "ann@x.io").name, "Annie");
  EXPECT_EQ(User::get_by_email(db(), "bob@x.io").name, "Bob");
}

}  // namespace
