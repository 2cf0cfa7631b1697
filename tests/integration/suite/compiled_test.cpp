// Generated get_by_*, remove_by_* and record.remove() run by plans compiled once per Db
// (toasty/model/compiled.hpp): the same results as the dynamic statements they stand for,
// one statement (or key-value operation) per call, on every backend.
#include <atomic>
#include <thread>
#include <vector>

#include "app_db_test.hpp"

using app::Enrollment;
using app::User;

namespace {

class Compiled : public toasty_test::AppDbTest {
 protected:
  bool sql() { return db().driver().capability().sql(); }
  User user(toasty::Executor& ex, const std::string& name) {
    return User::create().name(name).email(name + "@x.io").country("NZ").exec(ex);
  }
};

TEST_F(Compiled, GetByKeyAndUniqueCompileOnceAndBindEachCallsValues) {
  User ann = user(db(), "ann"), bob = user(db(), "bob");
  EXPECT_EQ(db().compiled_plans(), 0u);
  rec_->reset();
  EXPECT_EQ(User::get_by_id(db(), ann.id).name, "ann");
  EXPECT_EQ(User::get_by_id(db(), bob.id).name, "bob");  // the same plan, another value
  EXPECT_EQ(db().compiled_plans(), 1u);
  EXPECT_EQ(User::get_by_email(db(), "bob@x.io").id, bob.id);
  EXPECT_EQ(User::get_by_email(db(), "ann@x.io").id, ann.id);
  EXPECT_EQ(db().compiled_plans(), 2u);
  if (sql()) {
    EXPECT_EQ(rec_->kinds(), (std::vector<std::string>{"select", "select", "select", "select"}));
  } else {  // GetItem; a unique index is a table of its own: its entry, then the item
    EXPECT_EQ(rec_->kinds(), (std::vector<std::string>{"get_by_key", "get_by_key", "find_pk_by_unique", "get_by_key",
                                                       "find_pk_by_unique", "get_by_key"}));
  }
  EXPECT_THROW(User::get_by_id(db(), toasty::Uuid::v7()), toasty::NotFound);
  EXPECT_THROW(User::get_by_email(db(), "nobody@x.io"), toasty::NotFound);
  // A dynamic query of the same shape shares the compiled plan (one plan cache).
  if (sql()) {
    const std::size_t cached = db().cached_plans();
    EXPECT_EQ(User::filter_by_id(ann.id).first(db())->name, "ann");
    EXPECT_EQ(db().cached_plans(), cached);
  }
}

TEST_F(Compiled, CompositeKeyValuesKeepTheirPlaces) {
  // (1, 2) and (2, 1): a plan that swapped its arguments would return the other row.
  Enrollment::create().student_id(1).course_id(2).term("t12").grade(1.5).exec(db());
  Enrollment::create().student_id(2).course_id(1).term("t21").grade(2.5).exec(db());
  for (int round = 0; round < 2; ++round) {
    EXPECT_EQ(Enrollment::get_by_student_id_and_course_id(db(), 1, 2).term, "t12");
    EXPECT_EQ(Enrollment::get_by_student_id_and_course_id(db(), 2, 1).term, "t21");
  }
  EXPECT_THROW(Enrollment::get_by_student_id_and_course_id(db(), 1, 1), toasty::NotFound);
  Enrollment e = Enrollment::get_by_student_id_and_course_id(db(), 2, 1);
  e.remove(db());
  EXPECT_THROW(Enrollment::get_by_student_id_and_course_id(db(), 2, 1), toasty::NotFound);
  EXPECT_EQ(Enrollment::get_by_student_id_and_course_id(db(), 1, 2).grade, 1.5);
}

TEST_F(Compiled, RemoveByUniqueAndByRecord) {
  User ann = user(db(), "ann"), bob = user(db(), "bob"), cat = user(db(), "cat");
  rec_->reset();
  EXPECT_EQ(User::remove_by_email(db(), "bob@x.io"), 1u);
  EXPECT_EQ(User::remove_by_email(db(), "bob@x.io"), 0u);  // gone: nothing matches
  EXPECT_EQ(User::remove_by_id(db(), cat.id), 1u);
  if (sql()) {
    EXPECT_EQ(rec_->kinds(), (std::vector<std::string>{"delete", "delete", "delete"}));
  }
  ann.remove(db());
  EXPECT_THROW(User::get_by_id(db(), ann.id), toasty::NotFound);
  EXPECT_THROW(User::get_by_id(db(), bob.id), toasty::NotFound);
  EXPECT_THROW(User::get_by_id(db(), cat.id), toasty::NotFound);
  EXPECT_EQ(db().compiled_plans(), 4u);  // remove_by_email, remove_by_id, remove(), get_by_id
  // A removal that finds nothing is not an error, and the plan stays.
  ann.remove(db());
  EXPECT_EQ(db().compiled_plans(), 4u);
}

TEST_F(Compiled, EachDbCompilesItsOwnPlans) {
  User ann = user(db(), "ann");
  EXPECT_EQ(User::get_by_id(db(), ann.id).name, "ann");
  db_.reset();  // its plans go with it
  db_.emplace(toasty_test::fresh_db(app::models(), &rec_));
  EXPECT_EQ(db().compiled_plans(), 0u);
  User bob = user(db(), "bob");
  EXPECT_THROW(User::get_by_id(db(), ann.id), toasty::NotFound);
  EXPECT_EQ(User::get_by_id(db(), bob.id).name, "bob");
  EXPECT_EQ(db().compiled_plans(), 1u);
}

TEST_F(Compiled, RunInTransactions) {
  TOASTY_REQUIRE_CAPABILITY(db(), transactions);
  User ann = user(db(), "ann");
  {
    auto tx = db().transaction();
    EXPECT_EQ(User::get_by_id(tx, ann.id).name, "ann");
    ann.remove(tx);
    EXPECT_THROW(User::get_by_id(tx, ann.id), toasty::NotFound);  // its own removal, seen
    tx.rollback();
  }
  EXPECT_EQ(User::get_by_id(db(), ann.id).name, "ann");  // rolled back
  {
    auto tx = db().transaction({.read_only = true});
    EXPECT_EQ(User::get_by_email(tx, "ann@x.io").id, ann.id);
    try {
      User::remove_by_email(tx, "ann@x.io");
      ADD_FAILURE() << "a compiled removal ran in a read-only transaction";
    } catch (const toasty::InvalidStatement& e) {
      EXPECT_NE(std::string(e.what()).find("read-only"), std::string::npos) << e.what();
    }
    tx.commit();
  }
  EXPECT_EQ(User::get_by_id(db(), ann.id).name, "ann");
}

TEST_F(Compiled, ThreadsRacingToCompileAgree) {
  std::vector<User> users;
  for (int i = 0; i < 8; ++i) users.push_back(user(db(), "u" + std::to_string(i)));
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 40; ++i) {
        const User& u = users[static_cast<std::size_t>((i + t) % 8)];
        try {
          if (User::get_by_id(db(), u.id).name != u.name) ++wrong;
          if (User::get_by_email(db(), u.email).id != u.id) ++wrong;
        } catch (const std::exception&) {
          ++wrong;
        }
      }
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_EQ(db().compiled_plans(), 2u);
}

TEST_F(Compiled, LostConnectionOnACompiledReadIsRetried) {
  User ann = user(db(), "ann");
  EXPECT_EQ(User::get_by_id(db(), ann.id).name, "ann");  // compiled
  rec_->fail_next(1);
  EXPECT_EQ(User::get_by_id(db(), ann.id).name, "ann");  // a read: run again on a new connection
  // A write that may have reached the server is not repeated: the caller is told.
  rec_->fail_next(1);
  try {
    User::remove_by_id(db(), ann.id);
    ADD_FAILURE() << "the lost removal was not reported";
  } catch (const toasty::ConnectionError& e) {
    EXPECT_NE(std::string(e.what()).find("may or may not have been applied"), std::string::npos) << e.what();
  }
  EXPECT_EQ(User::get_by_id(db(), ann.id).name, "ann");  // the injected loss happened before the database
}

}  // namespace
