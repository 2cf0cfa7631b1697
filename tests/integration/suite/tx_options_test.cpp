// Transactions beyond BEGIN and COMMIT: nested transactions (savepoints), isolation levels
// and read-only transactions, the closure form and its retry of serialization failures.
#include <algorithm>
#include <atomic>
#include <barrier>
#include <stdexcept>
#include <thread>

#include "app_db_test.hpp"

using app::User;

namespace {

class TxOptions : public toasty_test::AppDbTest {
 protected:

  static User create(toasty::Executor& ex, const std::string& name, const std::string& country = "NZ") {
    return User::create().name(name).email(name + "@x.io").country(country).exec(ex);
  }
  std::vector<std::string> names() {
    std::vector<std::string> out;
    for (auto& u : User::all().allow_full_scan().exec(db())) out.push_back(u.name);
    std::sort(out.begin(), out.end());
    return out;
  }

};

using Names = std::vector<std::string>;

TEST_F(TxOptions, NestedRollbackUndoesOnlyItsOwnWork) {
  TOASTY_REQUIRE_CAPABILITY(db(), write_transactions);
  auto tx = db().transaction();
  create(tx, "Ann");
  {
    auto inner = tx.transaction();
    create(inner, "Bob");
    inner.rollback();
    EXPECT_FALSE(inner.is_open());
  }
  {
    auto inner = tx.transaction();
    create(inner, "Cat");
    inner.commit();
  }
  {
    auto inner = tx.transaction();
    create(inner, "Dan");
  }  // destroyed while open: rolled back
  create(tx, "Eve");
  tx.commit();
  EXPECT_EQ(names(), (Names{"Ann", "Cat", "Eve"}));
}

TEST_F(TxOptions, OuterRollbackUndoesCommittedNestedWork) {
  TOASTY_REQUIRE_CAPABILITY(db(), write_transactions);
  {
    auto tx = db().transaction();
    create(tx, "Ann");
    auto inner = tx.transaction();
    create(inner, "Bob");
    inner.commit();
    tx.rollback();
  }
  EXPECT_EQ(names(), Names{});
}

TEST_F(TxOptions, NestedTransactionsNestDeeply) {
  TOASTY_REQUIRE_CAPABILITY(db(), write_transactions);
  auto tx = db().transaction();
  create(tx, "L0");
  auto l1 = tx.transaction();
  create(l1, "L1");
  {
    auto l2 = l1.transaction();
    create(l2, "L2");
    {
      auto l3 = l2.transaction();
      create(l3, "L3");
      l3.commit();
    }
    l2.rollback();  // L2 and L3 go
  }
  {
    auto l2 = l1.transaction();
    for (int i = 0; i < 3; ++i) create(l2, "M" + std::to_string(i));
    l2.commit();
  }
  l1.commit();
  tx.commit();
  EXPECT_EQ(names(), (Names{"L0", "L1", "M0", "M1", "M2"}));
}

// Inside a transaction a failed statement is undone by rolling back the nested transaction
// it ran in; the outer one goes on (on PostgreSQL too, where the failure would otherwise
// abort the whole transaction).
TEST_F(TxOptions, NestedTransactionRecoversFromAFailedStatement) {
  TOASTY_REQUIRE_CAPABILITY(db(), write_transactions);
  create(db(), "Ann");
  auto tx = db().transaction();
  create(tx, "Bob");
  EXPECT_THROW(tx.transaction([&](toasty::Transaction& inner) { create(inner, "Ann"); }), toasty::UniqueViolation);
  EXPECT_TRUE(tx.is_open());
  create(tx, "Cat");
  tx.commit();
  EXPECT_EQ(names(), (Names{"Ann", "Bob", "Cat"}));
}

TEST_F(TxOptions, ParentWaitsForItsNestedTransaction) {
  TOASTY_REQUIRE_CAPABILITY(db(), write_transactions);
  auto tx = db().transaction();
  auto inner = tx.transaction();
  create(inner, "Ann");
  EXPECT_THROW(create(tx, "Bob"), toasty::InvalidStatement);  // the parent runs nothing meanwhile
  EXPECT_THROW(tx.transaction(), toasty::InvalidStatement);
  EXPECT_THROW(tx.commit(), toasty::InvalidStatement);        // would hand on open work
  EXPECT_TRUE(tx.is_open());
  EXPECT_TRUE(inner.is_open());
  tx.rollback();  // both go
  EXPECT_FALSE(inner.is_open());
  EXPECT_THROW(inner.commit(), toasty::InvalidStatement);
  EXPECT_THROW(create(inner, "Cat"), toasty::InvalidStatement);
  EXPECT_EQ(names(), Names{});
}

TEST_F(TxOptions, NestedTransactionOutlivingItsParentHasEnded) {
  TOASTY_REQUIRE_CAPABILITY(db(), write_transactions);
  std::optional<toasty::Transaction> inner;
  {
    auto tx = db().transaction();
    inner.emplace(tx.transaction());
    create(*inner, "Ann");
  }  // the parent is destroyed first: everything rolled back
  EXPECT_FALSE(inner->is_open());
  EXPECT_THROW(inner->commit(), toasty::InvalidStatement);
  inner.reset();
  EXPECT_EQ(names(), Names{});
  create(db(), "Bob");  // the connection went back to the pool in a usable state
  EXPECT_EQ(names(), Names{"Bob"});
}

TEST_F(TxOptions, ClosureCommitsOnReturnAndRollsBackOnThrow) {
  TOASTY_REQUIRE_CAPABILITY(db(), write_transactions);
  int answer = db().transaction([&](toasty::Transaction& tx) {
    create(tx, "Ann");
    return 42;
  });
  EXPECT_EQ(answer, 42);
  EXPECT_THROW(db().transaction([&](toasty::Transaction& tx) {
    create(tx, "Bob");
    throw std::runtime_error("changed my mind");
  }),
               std::runtime_error);
  db().transaction([&](toasty::Transaction& tx) {  // ends itself: that stands
    create(tx, "Cat");
    tx.rollback();
  });
  db().transaction([&](toasty::Transaction& tx) {
    create(tx, "Dan");
    try {
      tx.transaction([&](toasty::Transaction& inner) {
        create(inner, "Eve");
        throw std::runtime_error("not Eve");
      });
    } catch (const std::runtime_error&) {
    }
    EXPECT_EQ(tx.transaction([&](toasty::Transaction& inner) { return create(inner, "Fay").name; }), "Fay");
  });
  EXPECT_EQ(names(), (Names{"Ann", "Dan", "Fay"}));
}

TEST_F(TxOptions, ReadOnlyTransactionRefusesWritesBeforeSendingThem) {
  TOASTY_REQUIRE_CAPABILITY(db(), write_transactions);
  auto ann = create(db(), "Ann");
  {
    auto tx = db().transaction({.read_only = true});
    rec_->reset();
    try {
      create(tx, "Bob");
      ADD_FAILURE() << "a create ran in a read-only transaction";
    } catch (const toasty::InvalidStatement& e) {
      EXPECT_NE(std::string(e.what()).find("read-only"), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find("User"), std::string::npos) << e.what();
    }
    EXPECT_THROW(User::filter_by_id(ann.id).update().name("Zed").exec(tx), toasty::InvalidStatement);
    EXPECT_THROW(ann.remove(tx), toasty::InvalidStatement);
    for (const auto& kind : rec_->kinds()) EXPECT_TRUE(kind == "select" || kind == "get_by_key") << kind;
    tx.commit();
  }
  create(db(), "Cat");  // the connection writes again afterwards (SQLite: query_only is off)
  EXPECT_EQ(names(), (Names{"Ann", "Cat"}));
}

TEST_F(TxOptions, ReadOnlyTransactionReadsAndTheDatabaseRefusesRawWrites) {
  TOASTY_REQUIRE_CAPABILITY(db(), transactions);
  toasty::Options one;
  one.max_connections = 1;  // the same connection afterwards
  auto db1 = toasty_test::fresh_db(app::models(), nullptr, one);
  create(db1, "Ann");
  {
    auto tx = db1.transaction({.read_only = true});
    EXPECT_EQ(User::get_by_email(tx, "Ann@x.io").name, "Ann");
    EXPECT_THROW(tx.execute("UPDATE users SET karma = 1"), toasty::DatabaseError);
  }
  EXPECT_EQ(db1.execute("UPDATE users SET karma = 2"), 1u);
  EXPECT_EQ(User::get_by_email(db1, "Ann@x.io").karma, 2);
}

// Each level as named: a repeatable read keeps reading what it read first; read committed
// sees what others committed since.
TEST_F(TxOptions, IsolationLevelIsTheDatabasesOwn) {
  TOASTY_REQUIRE_CAPABILITY(db(), isolation_levels);
  auto ann = create(db(), "Ann");
  {
    auto tx = db().transaction({.isolation = toasty::Isolation::RepeatableRead});
    EXPECT_EQ(User::get_by_id(tx, ann.id).karma, 0);
    User::filter_by_id(ann.id).update().karma(5).exec(db());
    EXPECT_EQ(User::get_by_id(tx, ann.id).karma, 0);
    tx.commit();
  }
  {
    auto tx = db().transaction({.isolation = toasty::Isolation::ReadCommitted});
    EXPECT_EQ(User::get_by_id(tx, ann.id).karma, 5);
    User::filter_by_id(ann.id).update().karma(7).exec(db());
    EXPECT_EQ(User::get_by_id(tx, ann.id).karma, 7);
    tx.commit();
  }
  if (db().driver().name() == "postgresql") {
    auto tx = db().transaction({.isolation = toasty::Isolation::Serializable, .read_only = true});
    auto rows = tx.sql<std::tuple<std::string>>("SHOW transaction_isolation");
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(std::get<0>(rows[0]), "serializable");
    auto ro = tx.sql<std::tuple<std::string>>("SHOW transaction_read_only");
    EXPECT_EQ(std::get<0>(ro.at(0)), "on");
  }
}

// Write skew under SERIALIZABLE: two transactions read the same rows and each inserts; the
// one that commits second fails to serialize (PostgreSQL's serializable snapshot isolation
// detects it without blocking), and the closure form runs it again.
TEST_F(TxOptions, ClosureRetriesASerializationFailure) {
  if (db().driver().name() != "postgresql")
    GTEST_SKIP() << "serializable snapshot isolation is PostgreSQL's (MySQL serializes by locking: "
                    "DeadlockedClosuresAreRetried covers it)";
  const toasty::TransactionOptions serializable{.isolation = toasty::Isolation::Serializable};
  auto other = db().transaction(serializable);
  EXPECT_EQ(User::filter_by_country("X").count(other), 0u);
  int attempts = 0;
  bool saw_failure = false;
  db().transaction(
      [&](toasty::Transaction& tx) {
        ++attempts;
        auto before = User::filter_by_country("X").count(tx);
        create(tx, "b" + std::to_string(before), "X");
        if (attempts == 1) {
          create(other, "a", "X");
          other.commit();
          saw_failure = true;
        }
      },
      serializable);
  EXPECT_TRUE(saw_failure);
  EXPECT_EQ(attempts, 2);
  EXPECT_EQ(names(), (Names{"a", "b1"}));  // the second attempt saw the other's row
}

TEST_F(TxOptions, SerializationFailureReachesTheCallerAfterMaxAttempts) {
  if (db().driver().name() != "postgresql")
    GTEST_SKIP() << "serializable snapshot isolation is PostgreSQL's";
  const toasty::TransactionOptions serializable{.isolation = toasty::Isolation::Serializable,
                                                .max_attempts = 2,
                                                .retry_backoff = std::chrono::milliseconds(1)};
  int attempts = 0;
  try {
    db().transaction(
        [&](toasty::Transaction& tx) {
          ++attempts;
          auto other = db().transaction(serializable);
          (void)User::filter_by_country("X").count(other);
          (void)User::filter_by_country("X").count(tx);
          create(tx, "t" + std::to_string(attempts), "X");
          create(other, "o" + std::to_string(attempts), "X");
          other.commit();
        },
        serializable);
    ADD_FAILURE() << "no serialization failure";
  } catch (const toasty::SerializationFailure& e) {
    EXPECT_TRUE(e.retryable());
    EXPECT_EQ(e.sqlstate(), "40001");
  }
  EXPECT_EQ(attempts, 2);
  EXPECT_EQ(names(), (Names{"o1", "o2"}));
}

// Two closures lock two rows in opposite orders: the database picks a deadlock victim, whose
// closure rolls back and runs again; both end having done their work once.
TEST_F(TxOptions, DeadlockedClosuresAreRetried) {
  TOASTY_REQUIRE_CAPABILITY(db(), concurrent_writes);
  create(db(), "a");
  create(db(), "b");
  std::barrier both_hold_one(2);
  std::atomic<int> attempts{0};
  auto worker = [&](const char* first, const char* second) {
    bool waited = false;
    db().transaction([&](toasty::Transaction& tx) {
      ++attempts;
      tx.execute("UPDATE users SET karma = karma + 1 WHERE email = ?", std::string(first) + "@x.io");
      if (!waited) {
        waited = true;
        both_hold_one.arrive_and_wait();
      }
      tx.execute("UPDATE users SET karma = karma + 1 WHERE email = ?", std::string(second) + "@x.io");
    });
  };
  std::thread t1([&] { worker("a", "b"); });
  std::thread t2([&] { worker("b", "a"); });
  t1.join();
  t2.join();
  EXPECT_EQ(attempts.load(), 3);  // one deadlock victim, run twice
  EXPECT_EQ(User::get_by_email(db(), "a@x.io").karma, 2);
  EXPECT_EQ(User::get_by_email(db(), "b@x.io").karma, 2);
}

}  // namespace
