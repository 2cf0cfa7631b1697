// Optimistic locking with a #[version] field on every backend (SQL: WHERE version = ?;
// DynamoDB: a condition expression): 1 at create, one more at every update; an update or
// removal through a stale instance raises StaleVersion naming the model and key.
#include <atomic>
#include <barrier>
#include <thread>

#include "app.toasty.hpp"
#include "support/backend.hpp"

using app::Draft;
using toasty_test::BackendTest;

namespace {

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

class Version : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped()) return;
    db_.emplace(toasty_test::fresh_db(app::models(), nullptr, toasty::Options{.max_connections = 4}));
  }
  toasty::Db& db() { return *db_; }
  std::optional<toasty::Db> db_;
};

TEST_F(Version, StartsAtOneAndCountsUpdates) {
  auto d = Draft::create().title("a").exec(db());
  EXPECT_EQ(d.version, 1u);
  d.update().title("b").exec(db());
  EXPECT_EQ(d.version, 2u);
  d.update().edits_add(1).exec(db());  // with a computed value: read back
  EXPECT_EQ(d.version, 3u);
  EXPECT_EQ(d.edits, 1);
  auto stored = Draft::get_by_id(db(), d.id);
  EXPECT_EQ(stored.version, 3u);
  EXPECT_EQ(stored.title, "b");
  d.update().exec(db());  // nothing to change: no write, no new version
  EXPECT_EQ(Draft::get_by_id(db(), d.id).version, 3u);
}

TEST_F(Version, AStaleInstanceCannotOverwrite) {
  auto d = Draft::create().title("first").exec(db());
  auto a = Draft::get_by_id(db(), d.id);
  auto b = Draft::get_by_id(db(), d.id);
  a.update().title("from a").exec(db());
  try {
    b.update().title("from b").exec(db());
    ADD_FAILURE() << "expected StaleVersion";
  } catch (const toasty::StaleVersion& e) {
    EXPECT_EQ(e.model(), "Draft");
    EXPECT_TRUE(contains(e.key(), "id = ")) << e.key();
    EXPECT_TRUE(contains(e.what(), "version 1")) << e.what();
  }
  EXPECT_EQ(b.title, "first");  // the instance is unchanged: nothing was written
  auto stored = Draft::get_by_id(db(), d.id);
  EXPECT_EQ(stored.title, "from a");
  EXPECT_EQ(stored.version, 2u);
  EXPECT_THROW(b.remove(db()), toasty::StaleVersion);
  EXPECT_NO_THROW(Draft::get_by_id(db(), d.id));
  a.remove(db());  // the current one removes it
  EXPECT_THROW(Draft::get_by_id(db(), d.id), toasty::NotFound);
  EXPECT_THROW(a.update().title("gone").exec(db()), toasty::StaleVersion);  // gone: the same error
}

// An update by query moves the version on too: every instance read before is stale.
TEST_F(Version, AQueryUpdateMovesTheVersionOn) {
  auto d = Draft::create().title("a").exec(db());
  EXPECT_EQ(Draft::update_by_id(d.id).title("q").exec(db()), 1u);
  EXPECT_EQ(Draft::get_by_id(db(), d.id).version, 2u);
  EXPECT_THROW(d.update().title("late").exec(db()), toasty::StaleVersion);
}

// Two writers read the same version and write at once: exactly one wins, every round.
TEST_F(Version, OfTwoConcurrentWritersExactlyOneWins) {
  auto d = Draft::create().title("start").exec(db());
  constexpr int kRounds = 20;
  std::atomic<int> wins{0}, stale{0}, other{0};
  std::barrier both(2);
  auto writer = [&](const char* who) {
    for (int r = 0; r < kRounds; ++r) {
      auto mine = Draft::get_by_id(db(), d.id);
      both.arrive_and_wait();  // both hold the same version
      try {
        mine.update().title(std::string(who) + std::to_string(r)).exec(db());
        ++wins;
      } catch (const toasty::StaleVersion&) {
        ++stale;
      } catch (const std::exception& e) {
        ADD_FAILURE() << e.what();
        ++other;
      }
      both.arrive_and_wait();  // the round is over for both
    }
  };
  std::thread t1(writer, "a");
  std::thread t2(writer, "b");
  t1.join();
  t2.join();
  EXPECT_EQ(wins.load(), kRounds);
  EXPECT_EQ(stale.load(), kRounds);
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(Draft::get_by_id(db(), d.id).version, 1u + kRounds);
}

TEST_F(Version, StaleInsideATransaction) {
  TOASTY_REQUIRE_CAPABILITY(db(), write_transactions);
  auto d = Draft::create().title("a").exec(db());
  auto stale_copy = Draft::get_by_id(db(), d.id);
  d.update().title("b").exec(db());
  auto tx = db().transaction();
  EXPECT_THROW(stale_copy.update().title("c").exec(tx), toasty::StaleVersion);
  tx.rollback();
  EXPECT_EQ(Draft::get_by_id(db(), d.id).title, "b");
}

// DynamoDB's transactions hold no locks: another writer may move the version on between the
// update's statement (which found the version it expected) and the commit. The commit then
// fails, retryable, and writes nothing — it never drops the update silently. (On SQL the other
// writer waits for the transaction's row lock instead, so this race cannot happen there.)
TEST_F(Version, ChangedBetweenTheStatementAndTheCommit) {
  TOASTY_REQUIRE_CAPABILITY(db(), key_value());
  auto d = Draft::create().title("a").exec(db());
  auto other = Draft::get_by_id(db(), d.id);
  const Draft as_read = d;  // the update below moves d's version on, committed or not
  auto tx = db().transaction();
  d.update().title("mine").exec(tx);      // version 1 as expected: taken into the transaction
  other.update().title("theirs").exec(db());  // committed meanwhile: version 2
  try {
    tx.commit();
    ADD_FAILURE() << "the commit applied or dropped a stale update";
  } catch (const toasty::SerializationFailure& e) {
    EXPECT_TRUE(e.retryable());
    EXPECT_NE(std::string(e.what()).find("changed by another writer"), std::string::npos) << e.what();
  }
  auto now = Draft::get_by_id(db(), d.id);
  EXPECT_EQ(now.title, "theirs");
  EXPECT_EQ(now.version, 2u);
  // Run again from the record as it was read, the update finds the new version: StaleVersion.
  Draft again = as_read;
  auto tx2 = db().transaction();
  EXPECT_THROW(again.update().title("mine").exec(tx2), toasty::StaleVersion);
}

}  // namespace
