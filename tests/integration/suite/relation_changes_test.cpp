// Relation changes inside update() (has_one replaced, linked or unset; has_many children
// created, linked and unlinked) and create_many() of records with related ones: each one unit
// with the rest of the write, on every backend.
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <set>
#include <thread>

#include "rel_db_test.hpp"

using namespace rel;

namespace {

using RelationChanges = toasty_test::RelDbTest;

using V = std::vector<std::string>;

V titles(const std::vector<Todo>& todos) {
  V out;
  for (const auto& t : todos) out.push_back(t.title);
  std::sort(out.begin(), out.end());
  return out;
}

TEST_F(RelationChanges, HasOneIsCreatedReplacedLinkedAndUnset) {
  auto ann = User::create().name("Ann").exec(db());
  EXPECT_TRUE(ann.profile().exec(db()).empty());

  // A first profile, with a field change in the same update; the foreign key is filled in.
  ann.update().name("Ann B").profile(Profile::create().bio("v1")).exec(db());
  EXPECT_EQ(ann.name, "Ann B");
  EXPECT_EQ(User::get_by_id(db(), ann.id).name, "Ann B");
  Profile v1 = ann.profile().get(db());
  EXPECT_EQ(v1.bio, "v1");
  EXPECT_EQ(v1.user_id, std::optional<toasty::Uuid>(ann.id));

  // Replaced by a new one: the old one stays, unlinked (its key is optional).
  ann.update().profile(Profile::create().bio("v2")).exec(db());
  EXPECT_EQ(ann.profile().get(db()).bio, "v2");
  EXPECT_EQ(Profile::get_by_id(db(), v1.id).user_id, std::nullopt);

  // Replaced by an existing one (the profile of another user moves over).
  auto bob = User::create().name("Bob").profile(Profile::create().bio("bob's")).exec(db());
  Profile moved = bob.profile.get();
  ann.update().profile(moved).exec(db());
  EXPECT_EQ(ann.profile().get(db()).bio, "bob's");
  EXPECT_TRUE(bob.profile().exec(db()).empty());
  EXPECT_EQ(Profile::get_by_id(db(), moved.id).user_id, std::optional<toasty::Uuid>(ann.id));

  // Linking the profile it has already changes nothing.
  ann.update().profile(moved).exec(db());
  EXPECT_EQ(ann.profile().get(db()).id, moved.id);

  // Unset: the profile is kept, with no user.
  ann.update().profile(std::nullopt).exec(db());
  EXPECT_TRUE(ann.profile().exec(db()).empty());
  EXPECT_EQ(Profile::get_by_id(db(), moved.id).user_id, std::nullopt);
  // Unsetting what is not there is no error.
  ann.update().profile(std::nullopt).exec(db());

  // The last change of a has_one in one update wins.
  ann.update().profile(Profile::create().bio("lost")).profile(Profile::create().bio("kept")).exec(db());
  EXPECT_EQ(ann.profile().get(db()).bio, "kept");
  // v1, v2, bob's and "kept": the "lost" one was never created.
  EXPECT_EQ(Profile::all().allow_full_scan().exec(db()).size(), 4u);
}

TEST_F(RelationChanges, HasManyChildrenCreatedLinkedAndUnlinkedInOneUpdate) {
  auto ann = User::create().name("Ann")
                 .todo(Todo::create().title("old").done(false))
                 .todo(Todo::create().title("done 1").done(true))
                 .todo(Todo::create().title("done 2").done(true))
                 .exec(db());
  auto bob = User::create().name("Bob").todo(Todo::create().title("bob's").done(false)).exec(db());
  Todo old = ann.todos.get().at(0);
  Todo bobs = bob.todos.get().at(0);
  ASSERT_TRUE(ann.todos.is_loaded());

  ann.update()
      .name("Ann B")
      .todo(Todo::create().title("new 1").done(false))
      .todos(toasty::insert(Todo::create().title("new 2").done(false)))
      .todos(toasty::insert(bobs))
      .todos(toasty::remove(old))
      .exec(db());
  EXPECT_EQ(ann.name, "Ann B");
  // What was loaded is stale now: reading it is an error, not a wrong answer.
  EXPECT_FALSE(ann.todos.is_loaded());
  EXPECT_THROW((void)ann.todos.get(), toasty::NotLoaded);
  EXPECT_EQ(titles(ann.todos().exec(db())), V({"bob's", "done 1", "done 2", "new 1", "new 2"}));
  EXPECT_TRUE(bob.todos().exec(db()).empty());
  // Todo.user_id is required: the unlinked todo is removed, not orphaned.
  EXPECT_THROW(Todo::get_by_id(db(), old.id), toasty::NotFound);

  // Unlinking by a query of the relation: the done ones.
  ann.update().todos(toasty::remove(ann.todos().filter(Todo::fields().done().eq(true)))).exec(db());
  EXPECT_EQ(titles(ann.todos().exec(db())), V({"bob's", "new 1", "new 2"}));
  // Unlinking a record of another user's relation changes nothing.
  auto carl = User::create().name("Carl").todo(Todo::create().title("carl's").done(false)).exec(db());
  ann.update().todos(toasty::remove(carl.todos.get().at(0))).exec(db());
  EXPECT_EQ(titles(carl.todos().exec(db())), V({"carl's"}));
}

TEST_F(RelationChanges, InAnUpdateByKeyToo) {
  auto ann = User::create().name("Ann").exec(db());
  EXPECT_EQ(User::update_by_id(ann.id)
                .name("Ann B")
                .profile(Profile::create().bio("by key"))
                .todo(Todo::create().title("by key").done(false))
                .exec(db()),
            1u);
  EXPECT_EQ(User::get_by_id(db(), ann.id).name, "Ann B");
  EXPECT_EQ(ann.profile().get(db()).bio, "by key");
  EXPECT_EQ(titles(ann.todos().exec(db())), V({"by key"}));
  // Relation changes alone.
  User::update_by_id(ann.id).profile(std::nullopt).todos(toasty::remove(ann.todos())).exec(db());
  EXPECT_TRUE(ann.profile().exec(db()).empty());
  EXPECT_TRUE(ann.todos().exec(db()).empty());
  // A key that matches no record: NotFound, nothing created.
  const toasty::Uuid nobody = toasty::Uuid::v7();
  EXPECT_THROW(User::update_by_id(nobody).name("x").todo(Todo::create().title("orphan").done(false)).exec(db()),
               toasty::NotFound);
  EXPECT_TRUE(Todo::filter_by_user_id(nobody).exec(db()).empty());
  // A query that does not name the record's key: refused before anything runs.
  try {
    User::filter(User::fields().id().eq(ann.id) || User::fields().id().eq(toasty::Uuid::v7()))
        .update()
        .todo(Todo::create().title("t").done(false))
        .exec(db());
    ADD_FAILURE() << "an update by a query without the key changed a relation";
  } catch (const toasty::InvalidStatement& e) {
    EXPECT_NE(std::string(e.what()).find("update_by_id"), std::string::npos) << e.what();
  }
  EXPECT_TRUE(ann.todos().exec(db()).empty());
}

TEST_F(RelationChanges, OptionalForeignKeysAreClearedWhenUnlinked) {
  // Person.parent_id is optional: unlinking a child keeps it, without a parent.
  auto mum = Person::create().name("Mum").exec(db());
  auto kid = Person::create().name("Kid").exec(db());
  mum.update().children(toasty::insert(kid)).exec(db());
  EXPECT_EQ(Person::get_by_id(db(), kid.id).parent_id, std::optional<toasty::Uuid>(mum.id));
  mum.update().children(toasty::remove(kid)).exec(db());
  EXPECT_EQ(Person::get_by_id(db(), kid.id).parent_id, std::nullopt);
}

TEST_F(RelationChanges, AFailingChangeUndoesTheWholeUpdate) {
  auto ann = User::create().name("Ann").todo(Todo::create().title("keep").done(false)).exec(db());
  Todo keep = ann.todos.get().at(0);
  auto other = User::create().name("Other").todo(Todo::create().title("taken").done(false)).exec(db());
  const toasty::Uuid taken = other.todos.get().at(0).id;
  // The last change creates a todo with a key that exists: the name change, the new todo and
  // the removal before it are all undone.
  EXPECT_THROW(ann.update()
                   .name("changed")
                   .todo(Todo::create().title("fresh").done(false))
                   .todos(toasty::remove(keep))
                   .todo(Todo::create().id(taken).title("dup").done(false))
                   .exec(db()),
               toasty::UniqueViolation);
  EXPECT_EQ(User::get_by_id(db(), ann.id).name, "Ann");
  EXPECT_EQ(titles(ann.todos().exec(db())), V({"keep"}));
  EXPECT_EQ(Todo::get_by_id(db(), taken).title, "taken");
  // The object keeps its values too (exec threw before copying them).
  EXPECT_EQ(ann.name, "Ann");

  // Linking a record that is gone: NotFound, nothing changed.
  Todo gone = Todo::create().title("gone").done(false).user(other).exec(db());
  gone.remove(db());
  EXPECT_THROW(ann.update().name("changed").todos(toasty::insert(gone)).exec(db()), toasty::NotFound);
  EXPECT_EQ(User::get_by_id(db(), ann.id).name, "Ann");

  // The record itself is gone: no child is created for it.
  User copy = ann;
  ann.remove(db());
  EXPECT_THROW(copy.update().name("back").todo(Todo::create().title("orphan").done(false)).exec(db()),
               toasty::NotFound);
  EXPECT_TRUE(Todo::filter_by_user_id(ann.id).exec(db()).empty());
}

TEST_F(RelationChanges, InsideATransactionTheyRollBackWithIt) {
  auto ann = User::create().name("Ann").exec(db());
  {
    auto tx = db().transaction();
    ann.update().name("in tx").profile(Profile::create().bio("tx")).todo(Todo::create().title("tx").done(false)).exec(tx);
    tx.rollback();
  }
  EXPECT_EQ(User::get_by_id(db(), ann.id).name, "Ann");
  EXPECT_TRUE(ann.profile().exec(db()).empty());
  EXPECT_TRUE(ann.todos().exec(db()).empty());
  {
    auto tx = db().transaction();
    ann.update().profile(Profile::create().bio("kept")).todo(Todo::create().title("kept").done(false)).exec(tx);
    tx.commit();
  }
  EXPECT_EQ(ann.profile().get(db()).bio, "kept");
  EXPECT_EQ(titles(ann.todos().exec(db())), V({"kept"}));
}

TEST_F(RelationChanges, TheUpdateAndItsChangesAreOneTransaction) {
  // One transaction around every statement: on DynamoDB its writes are buffered and sent at
  // the commit as one TransactWriteItems.
  auto ann = User::create().name("Ann").exec(db());
  rec_->reset();
  ann.update().name("Ann B").profile(Profile::create().bio("p")).todo(Todo::create().title("t").done(false)).exec(db());
  auto kinds = rec_->kinds();
  ASSERT_GE(kinds.size(), 3u);
  EXPECT_EQ(kinds.front(), "begin") << ::testing::PrintToString(kinds);
  EXPECT_EQ(kinds.back(), "commit") << ::testing::PrintToString(kinds);
  EXPECT_EQ(std::count(kinds.begin(), kinds.end(), "begin"), 1) << ::testing::PrintToString(kinds);
  EXPECT_EQ(ann.profile().get(db()).bio, "p");
  // Without relation changes an update is one statement, no transaction.
  rec_->reset();
  ann.update().name("Ann C").exec(db());
  kinds = rec_->kinds();
  EXPECT_EQ(std::count(kinds.begin(), kinds.end(), "begin"), 0) << ::testing::PrintToString(kinds);
}

// 4 threads replace one user's profile 25 times each, and add a todo each time. The later
// replacement wins: one that finds the profile taken meanwhile runs again by itself. SQL
// databases make the racing updates wait for each other's locks, so none fails; DynamoDB's
// transactions are optimistic, so one that keeps losing after its attempts fails with a
// retryable SerializationFailure, having changed nothing. Either way exactly one profile stays
// linked and each update that succeeded left its profile and its todo.
TEST_F(RelationChanges, RacingReplacementsLeaveOneProfile) {
  constexpr int kThreads = 4, kRounds = 25;
  auto ann = User::create().name("Ann").exec(db());
  std::atomic<int> done{0}, lost{0}, errors{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      User mine = ann;  // an update refers to its record: one per thread
      for (int i = 0; i < kRounds; ++i) {
        try {
          const std::string tag = std::to_string(t) + "-" + std::to_string(i);
          mine.update().profile(Profile::create().bio(tag)).todo(Todo::create().title(tag).done(false)).exec(db());
          ++done;
        } catch (const toasty::SerializationFailure& e) {
          ++lost;
          if (!e.retryable() && errors++ < 3) ADD_FAILURE() << "not retryable: " << e.what();
        } catch (const std::exception& e) {
          if (errors++ < 3) ADD_FAILURE() << e.what();
        }
      }
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(errors.load(), 0);
  if (sql()) {
    EXPECT_EQ(lost.load(), 0);
  }
  EXPECT_EQ(done.load() + lost.load(), kThreads * kRounds);
  EXPECT_GT(done.load(), kThreads * kRounds / 2) << lost.load() << " lost";
  auto linked = ann.profile().exec(db());
  ASSERT_EQ(linked.size(), 1u);
  EXPECT_EQ(Profile::all().allow_full_scan().exec(db()).size(), static_cast<std::size_t>(done.load()));
  std::set<std::string> titles_seen;
  for (const auto& t : ann.todos().exec(db())) titles_seen.insert(t.title);
  EXPECT_EQ(titles_seen.size(), static_cast<std::size_t>(done.load()));
  EXPECT_TRUE(titles_seen.count(linked[0].bio)) << linked[0].bio;
  std::printf("[ figures  ] %d replacements: %d done, %d lost to concurrent ones after retries\n",
              kThreads * kRounds, done.load(), lost.load());
}

TEST_F(RelationChanges, CreateManyWithRelatedRecords) {
  auto users = User::create_many()
                   .item(User::create().name("A").todo(Todo::create().title("a1").done(false))
                             .todo(Todo::create().title("a2").done(true)))
                   .item(User::create().name("B").profile(Profile::create().bio("b")))
                   .item(User::create().name("C"))
                   .exec(db());
  ASSERT_EQ(users.size(), 3u);
  EXPECT_EQ(users[0].name, "A");
  EXPECT_EQ(titles(users[0].todos.get()), V({"a1", "a2"}));
  EXPECT_EQ(users[0].todos.get()[0].user_id, users[0].id);
  EXPECT_EQ(users[1].profile.get().bio, "b");
  EXPECT_EQ(titles(users[0].todos().exec(db())), V({"a1", "a2"}));
  EXPECT_EQ(users[1].profile().get(db()).bio, "b");

  // One item fails: no item is written.
  const toasty::Uuid taken = users[0].todos.get()[0].id, d = toasty::Uuid::v7();
  EXPECT_THROW(User::create_many()
                   .item(User::create().id(d).name("D").todo(Todo::create().title("d").done(false)))
                   .item(User::create().name("E").todo(Todo::create().id(taken).title("dup").done(false)))
                   .exec(db()),
               toasty::UniqueViolation);
  EXPECT_THROW(User::get_by_id(db(), d), toasty::NotFound);
  EXPECT_TRUE(Todo::filter_by_user_id(d).exec(db()).empty());
}

}  // namespace
