// Relations: scoped queries, nested creates, preloading without N+1, relation filters,
// removal semantics, self-referential and many-to-many — on every backend.
#include <algorithm>

#include "rel_db_test.hpp"

using namespace rel;

namespace {

using Relations = toasty_test::RelDbTest;

std::vector<std::string> titles(const std::vector<Todo>& todos) {
  std::vector<std::string> out;
  for (const auto& t : todos) out.push_back(t.title);
  std::sort(out.begin(), out.end());
  return out;
}
using V = std::vector<std::string>;

std::vector<std::string> names_of(const std::vector<User>& users) {
  std::vector<std::string> out;
  for (const auto& u : users) out.push_back(u.name);
  std::sort(out.begin(), out.end());
  return out;
}

TEST_F(Relations, NestedCreateScopedQueryAndBelongsTo) {
  auto u = User::create()
               .name("Ann")
               .todo(Todo::create().title("Make pizza").done(false))
               .todo(Todo::create().title("Sleep").done(true))
               .exec(db());
  // The created children come back loaded, with their foreign key filled in.
  ASSERT_EQ(u.todos.get().size(), 2u);
  EXPECT_EQ(u.todos.get()[0].user_id, u.id);

  EXPECT_EQ(titles(u.todos().exec(db())), V({"Make pizza", "Sleep"}));
  auto open = u.todos().filter(Todo::fields().done().eq(false)).exec(db());
  EXPECT_EQ(titles(open), V({"Make pizza"}));

  auto t = u.todos().create().title("Finish toasty").done(false).exec(db());
  EXPECT_EQ(t.user_id, u.id);
  EXPECT_EQ(t.user().get(db()).name, "Ann");
  EXPECT_EQ(u.todos().exec(db()).size(), 3u);
}

// The target's generated lookups on a relation scope, narrowed to it: another user's todo
// is not found through this user's scope.
TEST_F(Relations, LookupsOnARelationScope) {
  auto ann = User::create().name("Ann").todo(Todo::create().title("a1").done(false)).todo(Todo::create().title("a2").done(true)).exec(db());
  auto bob = User::create().name("Bob").todo(Todo::create().title("b1").done(false)).exec(db());
  const Todo& a1 = ann.todos.get()[0];
  const Todo& b1 = bob.todos.get()[0];
  EXPECT_EQ(ann.todos().get_by_id(db(), a1.id).title, "a1");
  EXPECT_THROW((void)ann.todos().get_by_id(db(), b1.id), toasty::NotFound);
  EXPECT_EQ(ann.todos().filter_by_id(b1.id).exec(db()).size(), 0u);
  EXPECT_EQ(ann.todos().filter_by_user_id(ann.id).exec(db()).size(), 2u);
  EXPECT_EQ(ann.todos().filter_by_user_id(bob.id).exec(db()).size(), 0u);
  // update_by_ / remove_by_ stay within the scope too.
  EXPECT_EQ(ann.todos().update_by_id(b1.id).title("taken").exec(db()), 0u);
  EXPECT_EQ(Todo::get_by_id(db(), b1.id).title, "b1");
  EXPECT_EQ(ann.todos().update_by_id(a1.id).title("a1!").exec(db()), 1u);
  EXPECT_EQ(Todo::get_by_id(db(), a1.id).title, "a1!");
  EXPECT_EQ(ann.todos().remove_by_id(db(), b1.id), 0u);
  EXPECT_EQ(ann.todos().remove_by_id(db(), a1.id), 1u);
  EXPECT_EQ(ann.todos().exec(db()).size(), 1u);
  EXPECT_EQ(bob.todos().exec(db()).size(), 1u);
}

// A partial preload: only the related records matching a filter, in an order, at most N per
// parent; still one statement per relation level (SQL: a window function per parent key).
TEST_F(Relations, FilteredOrderedAndLimitedIncludes) {
  auto ann = User::create()
                 .name("Ann")
                 .todo(Todo::create().title("a1").done(false))
                 .todo(Todo::create().title("a2").done(true))
                 .todo(Todo::create().title("a3").done(false))
                 .todo(Todo::create().title("a4").done(false))
                 .exec(db());
  auto bob = User::create().name("Bob").todo(Todo::create().title("b1").done(true)).exec(db());
  User::create().name("Cat").exec(db());
  auto t = Todo::fields();
  auto users = [&](auto include) {
    rec_->reset();
    auto q = User::filter_by_id(ann.id);
    // Three users by key (DynamoDB reads keys; SQL the same statement).
    auto out = User::filter(User::fields().id().in_list(std::vector<toasty::Uuid>{ann.id, bob.id}))
                   .include(include)
                   .exec(db());
    std::sort(out.begin(), out.end(), [](const User& a, const User& b) { return a.name < b.name; });
    return out;
  };
  auto open_first = users(User::fields().todos().filter(t.done().eq(false)).order_by(t.title().desc()).limit(2));
  ASSERT_EQ(open_first.size(), 2u);
  std::vector<std::string> got;
  for (const Todo& x : open_first[0].todos.get()) got.push_back(x.title);
  EXPECT_EQ(got, V({"a4", "a3"}));
  EXPECT_TRUE(open_first[1].todos.get().empty());  // Bob's one todo is done
  if (sql()) {
    EXPECT_EQ(rec_->statements(), 2u);  // one per level
  }
  // Order alone, limit alone (the key breaks ties: the first N are always the same N).
  auto ordered = users(User::fields().todos().order_by(t.title().asc()));
  got.clear();
  for (const Todo& x : ordered[0].todos.get()) got.push_back(x.title);
  EXPECT_EQ(got, V({"a1", "a2", "a3", "a4"}));
  auto one_each = users(User::fields().todos().limit(1));
  EXPECT_EQ(one_each[0].todos.get().size(), 1u);
  EXPECT_EQ(one_each[1].todos.get().size(), 1u);
  EXPECT_EQ(users(User::fields().todos().limit(1))[0].todos.get()[0].id, one_each[0].todos.get()[0].id);
  // A limit of 0 loads none; the relation is still loaded (empty).
  auto none = users(User::fields().todos().limit(0));
  EXPECT_TRUE(none[0].todos.is_loaded());
  EXPECT_TRUE(none[0].todos.get().empty());
  // A `via` relation takes no options; include the join relation with them instead.
  EXPECT_THROW((void)User::filter_by_id(ann.id).include(User::fields().groups().limit(1)).exec(db()),
               toasty::InvalidStatement);
}

// A field compared with a field of a related record, both ways along the relation: SQL runs
// a correlated subquery; DynamoDB, which reads related records by key first, refuses it.
TEST_F(Relations, FieldComparedWithARelatedRecordsField) {
  auto ann = User::create().name("Ann").todo(Todo::create().title("Ann").done(false)).todo(Todo::create().title("x").done(false)).exec(db());
  auto bob = User::create().name("Bob").todo(Todo::create().title("Ann").done(true)).exec(db());
  auto t = Todo::fields();
  auto own_name = Todo::filter(t.title().eq(t.user().name())).allow_full_scan();
  if (!sql()) {
    try {
      (void)own_name.exec(db());
      ADD_FAILURE() << "DynamoDB ran a correlated comparison";
    } catch (const toasty::UnsupportedQuery& e) {
      EXPECT_NE(std::string(e.what()).find("correlated"), std::string::npos) << e.what();
    }
    return;
  }
  auto todos = own_name.exec(db());
  ASSERT_EQ(todos.size(), 1u);  // Ann's "Ann", not Bob's
  EXPECT_EQ(todos[0].user_id, ann.id);
  // The other way round, and through has_many: users with a todo titled like them.
  auto u = User::fields();
  EXPECT_EQ(names_of(User::filter(u.todos().title().eq(u.name())).exec(db())), V({"Ann"}));
  EXPECT_EQ(names_of(User::filter(u.name().ne(u.todos().title())).exec(db())), V({"Ann", "Bob"}));
  EXPECT_EQ(Todo::filter(t.user().name().ne(t.title())).exec(db()).size(), 2u);  // either side may go through
  // Combined with other conditions and on a scope.
  EXPECT_EQ(bob.todos().filter(t.title().eq(t.user().name())).exec(db()).size(), 0u);
  EXPECT_EQ(ann.todos().filter(t.title().eq(t.user().name()) && t.done().eq(false)).exec(db()).size(), 1u);
}

TEST_F(Relations, NestedCreateOfParentThroughBelongsTo) {
  auto t = Todo::create().title("orphan no more").done(false).user(User::create().name("Bob")).exec(db());
  EXPECT_EQ(t.user.get().name, "Bob");
  EXPECT_EQ(t.user_id, t.user.get().id);
  EXPECT_EQ(User::get_by_id(db(), t.user_id).name, "Bob");
  auto u = User::create().name("Cat").exec(db());
  auto t2 = Todo::create().title("by reference").done(false).user(u).exec(db());
  EXPECT_EQ(t2.user_id, u.id);
}

TEST_F(Relations, NestedCreateIsAtomic) {
  // SQL backends wrap a nested create in a transaction; DynamoDB sends every record in
  // one TransactWriteItems. Either way a failure in any record writes nothing.
  auto ann = User::create().name("Ann").todo(Todo::create().title("first").done(false)).exec(db());
  const toasty::Uuid taken = ann.todos.get().at(0).id;
  const toasty::Uuid dan = toasty::Uuid::v7(), fresh = toasty::Uuid::v7();
  // The second child reuses an existing key: the database refuses it.
  try {
    User::create().id(dan).name("Dan")
        .todo(Todo::create().id(fresh).title("ok").done(false))
        .todo(Todo::create().id(taken).title("again").done(false))
        .exec(db());
    FAIL() << "expected UniqueViolation";
  } catch (const toasty::UniqueViolation& e) {
    EXPECT_EQ(e.model(), "Todo") << e.what();
    EXPECT_EQ(e.fields(), std::vector<std::string>{"id"}) << e.what();
  }
  EXPECT_THROW(User::get_by_id(db(), dan), toasty::NotFound);
  EXPECT_THROW(Todo::get_by_id(db(), fresh), toasty::NotFound);
  EXPECT_EQ(Todo::get_by_id(db(), taken).title, "first");
  // A parent created inline (belongs_to) whose key exists: the todo is not written either.
  EXPECT_THROW(Todo::create().id(fresh).title("orphan").done(false).user(User::create().id(ann.id).name("Ann2")).exec(db()),
               toasty::UniqueViolation);
  EXPECT_THROW(Todo::get_by_id(db(), fresh), toasty::NotFound);
  EXPECT_EQ(User::get_by_id(db(), ann.id).name, "Ann");
  // The second child misses a required field: nothing at all is written.
  EXPECT_THROW(User::create().id(dan).name("Dan").todo(Todo::create().id(fresh).title("ok").done(false))
                   .todo(Todo::create().done(false)).exec(db()),
               toasty::InvalidStatement);
  EXPECT_THROW(User::get_by_id(db(), dan), toasty::NotFound);
  EXPECT_THROW(Todo::get_by_id(db(), fresh), toasty::NotFound);
  if (sql()) {
    EXPECT_EQ(User::all().exec(db()).size(), 1u);
    EXPECT_EQ(Todo::all().exec(db()).size(), 1u);
  }
  // The happy path on a key-value backend: one request for the user and both todos.
  rec_->reset();
  auto bob = User::create().name("Bob").todo(Todo::create().title("a").done(false))
                 .todo(Todo::create().title("b").done(true)).exec(db());
  if (db().driver().capability().key_value()) {
    EXPECT_EQ(rec_->kinds(), std::vector<std::string>{"transact_write"});
  }
  EXPECT_EQ(titles(bob.todos().exec(db())), V({"a", "b"}));
}

TEST_F(Relations, LinkAndUnlinkExistingRecords) {
  auto ann = User::create().name("Ann").exec(db());
  auto bob = User::create().name("Bob").exec(db());
  auto t = Todo::create().title("moving").done(false).user(bob).exec(db());
  ann.todos().insert(db(), t);
  EXPECT_EQ(t.user_id, ann.id);
  EXPECT_EQ(ann.todos().exec(db()).size(), 1u);
  EXPECT_TRUE(bob.todos().exec(db()).empty());
  // Required foreign key: unlinking removes the todo.
  ann.todos().remove(db(), t);
  EXPECT_THROW(Todo::get_by_id(db(), t.id), toasty::NotFound);
  // Optional foreign key: unlinking clears it.
  auto p = Profile::create().bio("hi").user(ann).exec(db());
  ASSERT_EQ(p.user_id, std::optional<toasty::Uuid>(ann.id));
  ann.profile().remove(db(), p);
  EXPECT_EQ(Profile::get_by_id(db(), p.id).user_id, std::nullopt);
}

TEST_F(Relations, UnloadedRelationIsAClearErrorNotAQuery) {
  auto u = User::create().name("Ann").exec(db());
  auto again = User::get_by_id(db(), u.id);
  rec_->reset();
  try {
    (void)again.todos.get();
    FAIL() << "expected NotLoaded";
  } catch (const toasty::NotLoaded& e) {
    EXPECT_NE(std::string(e.what()).find("User.todos"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("include"), std::string::npos) << e.what();
  }
  EXPECT_EQ(rec_->statements(), 0u);
}

TEST_F(Relations, PreloadHundredUsersInTwoStatements) {
  TOASTY_REQUIRE_CAPABILITY(db(), transactions);  // writes through db.transaction()
  TOASTY_REQUIRE_CAPABILITY(db(), sql());           // User::all(): a full-table read
  {
    auto tx = db().transaction();
    for (int i = 0; i < 100; ++i) {
      auto c = User::create().name("u" + std::to_string(i));
      for (int j = 0; j < 10; ++j) c.todo(Todo::create().title("t" + std::to_string(j)).done(j % 2 == 0));
      c.exec(tx);
    }
    tx.commit();
  }
  rec_->reset();
  auto users = User::all().include(User::fields().todos()).exec(db());
  EXPECT_EQ(rec_->statements("select"), 2u);
  EXPECT_EQ(rec_->statements(), 2u);
  ASSERT_EQ(users.size(), 100u);
  for (const auto& u : users) {
    ASSERT_EQ(u.todos.get().size(), 10u) << u.name;
    for (const auto& t : u.todos.get()) EXPECT_EQ(t.user_id, u.id);
  }
  EXPECT_EQ(rec_->statements(), 2u);  // reading them was in memory
}

TEST_F(Relations, NestedAndScopedIncludes) {
  auto u = User::create().name("Ann").profile(Profile::create().bio("cook")).exec(db());
  auto t1 = u.todos().create().title("a").done(false).exec(db());
  auto t2 = u.todos().create().title("b").done(false).exec(db());
  t1.tags().create().label("x").exec(db());
  t1.tags().create().label("y").exec(db());
  t2.tags().create().label("z").exec(db());
  auto empty = User::create().name("Empty").exec(db());  // no todos, no profile

  auto with_all = [&](const User& who) {
    return User::filter_by_id(who.id)
        .include(User::fields().todos().tags())
        .include(User::fields().profile())
        .get(db());
  };
  rec_->reset();
  auto ann = with_all(u);
  // One statement per step: users, todos, tags, profiles. (DynamoDB queries an index
  // once per parent key.)
  if (sql()) {
    EXPECT_EQ(rec_->statements(), 4u);
  }
  EXPECT_EQ(ann.profile.get().bio, "cook");
  std::size_t tags = 0;
  for (const auto& t : ann.todos.get()) tags += t.tags.get().size();
  EXPECT_EQ(tags, 3u);
  auto none = with_all(empty);
  EXPECT_TRUE(none.todos.get().empty());
  EXPECT_EQ(none.profile.get_if(), nullptr);

  // Includes on a scoped query.
  rec_->reset();
  auto todos = u.todos().include(Todo::fields().tags()).exec(db());
  if (sql()) {
    EXPECT_EQ(rec_->statements(), 2u);
  }
  ASSERT_EQ(todos.size(), 2u);
  // Belongs-to preload.
  auto with_user = u.todos().include(Todo::fields().user()).exec(db());
  ASSERT_EQ(with_user.size(), 2u);
  for (const auto& t : with_user) EXPECT_EQ(t.user.get().name, "Ann");

  if (!sql()) return;  // the rest reads the whole users table
  rec_->reset();
  auto users = User::all()
                   .include(User::fields().todos().tags())
                   .include(User::fields().profile())
                   .order_by(User::fields().name().asc())
                   .exec(db());
  EXPECT_EQ(rec_->statements(), 4u);
  ASSERT_EQ(users.size(), 2u);
  EXPECT_EQ(users[0].profile.get().bio, "cook");
  EXPECT_TRUE(users[1].todos.get().empty());
}

TEST_F(Relations, RelationFilters) {
  TOASTY_REQUIRE_CAPABILITY(db(), sql());  // relation filters on unindexed fields
  auto ann = User::create().name("Ann").todo(Todo::create().title("a").done(false)).exec(db());
  auto bob = User::create().name("Bob").todo(Todo::create().title("b").done(true)).exec(db());
  auto cat = User::create().name("Cat").exec(db());
  auto names = [&](const toasty::Filter& f) {
    std::vector<std::string> out;
    for (auto& u : User::filter(f).order_by(User::fields().name().asc()).exec(db())) out.push_back(u.name);
    return out;
  };
  EXPECT_EQ(names(User::fields().todos().any(Todo::fields().done().eq(false))), V({"Ann"}));
  // all(): vacuously true for Cat, who has no todos.
  EXPECT_EQ(names(User::fields().todos().all(Todo::fields().done().eq(true))), V({"Bob", "Cat"}));
  EXPECT_EQ(names(User::fields().todos().title().eq("b")), V({"Bob"}));
  auto anns = Todo::filter(Todo::fields().user().name().eq("Ann")).exec(db());
  ASSERT_EQ(anns.size(), 1u);
  EXPECT_EQ(anns[0].title, "a");
  (void)ann, (void)bob, (void)cat;
}

TEST_F(Relations, RemovingParentRemovesRequiredChildrenAndClearsOptional) {
  auto u = User::create().name("Ann")
               .todo(Todo::create().title("a").done(false))
               .profile(Profile::create().bio("p"))
               .exec(db());
  auto other = User::create().name("Bob").todo(Todo::create().title("keep").done(false)).exec(db());
  auto todo_id = u.todos.get()[0].id;
  auto tag = u.todos.get()[0].tags().create().label("deep").exec(db());
  auto profile_id = u.profile.get().id;
  u.remove(db());
  EXPECT_THROW(Todo::get_by_id(db(), todo_id), toasty::NotFound);
  EXPECT_THROW(Tag::get_by_id(db(), tag.id), toasty::NotFound);  // grandchildren too
  EXPECT_EQ(Profile::get_by_id(db(), profile_id).user_id, std::nullopt);
  EXPECT_EQ(other.todos().exec(db()).size(), 1u);
  // By query as well.
  auto kept = other.todos.get()[0].id;
  User::filter_by_id(other.id).remove(db());
  EXPECT_THROW(Todo::get_by_id(db(), kept), toasty::NotFound);
  if (!sql()) return;
  User::create().name("Cat").todo(Todo::create().title("c").done(false)).exec(db());
  User::filter(User::fields().name().eq("Cat")).remove(db());  // an unindexed filter
  EXPECT_TRUE(Todo::all().exec(db()).empty());
  EXPECT_TRUE(Tag::all().exec(db()).empty());
}

TEST_F(Relations, SelfReferential) {
  auto root = Person::create().name("root").exec(db());
  auto a = Person::create().name("a").parent(root).exec(db());
  Person::create().name("b").parent(root).exec(db());
  Person::create().name("a1").parent(a).exec(db());
  EXPECT_EQ(root.children().exec(db()).size(), 2u);
  EXPECT_EQ(a.parent().get(db()).name, "root");
  // A relation filter through the parent's key: served by key and index everywhere.
  auto people = Person::filter(Person::fields().parent().id().eq(root.id)).exec(db());
  EXPECT_EQ(people.size(), 2u);
  if (sql()) {  // through an unindexed field of the parent
    EXPECT_EQ(Person::filter(Person::fields().parent().name().eq("root")).exec(db()).size(), 2u);
  }
  auto with = Person::filter_by_id(root.id).include(Person::fields().children().children()).exec(db());
  ASSERT_EQ(with.size(), 1u);
  std::size_t grandchildren = 0;
  for (const auto& c : with[0].children.get()) grandchildren += c.children.get().size();
  EXPECT_EQ(grandchildren, 1u);
  // Removing the root clears its children's optional parent key.
  root.remove(db());
  EXPECT_EQ(Person::get_by_id(db(), a.id).parent_id, std::nullopt);
  EXPECT_EQ(Person::get_by_id(db(), a.id).children().exec(db()).size(), 1u);
  if (sql()) {
    EXPECT_EQ(Person::filter(Person::fields().parent_id().is_none()).exec(db()).size(), 2u);
  }
}

TEST_F(Relations, ManyToManyThroughJoinModel) {
  auto ann = User::create().name("Ann").exec(db());
  auto bob = User::create().name("Bob").exec(db());
  auto chess = Group::create().name("chess").exec(db());
  auto go = Group::create().name("go").exec(db());
  Membership::create().user(ann).group(chess).role("admin").exec(db());
  Membership::create().user(ann).group(go).role("member").exec(db());
  Membership::create().user(bob).group(chess).role("member").exec(db());

  EXPECT_EQ(ann.groups().exec(db()).size(), 2u);
  EXPECT_EQ(chess.members().exec(db()).size(), 2u);
  EXPECT_EQ(go.members().exec(db()).size(), 1u);

  auto anns = User::filter_by_id(ann.id).include(User::fields().groups()).get(db());
  EXPECT_EQ(anns.groups.get().size(), 2u);
  auto chess_members = Group::filter_by_id(chess.id).include(Group::fields().members()).get(db());
  EXPECT_EQ(chess_members.members.get().size(), 2u);

  if (!sql()) return;  // the rest reads whole tables and filters on unindexed fields
  rec_->reset();
  auto users = User::all().include(User::fields().groups()).order_by(User::fields().name().asc()).exec(db());
  EXPECT_EQ(rec_->statements(), 3u);  // users, memberships, groups
  ASSERT_EQ(users.size(), 2u);
  EXPECT_EQ(users[0].groups.get().size(), 2u);
  ASSERT_EQ(users[1].groups.get().size(), 1u);
  EXPECT_EQ(users[1].groups.get()[0].name, "chess");
  auto groups = Group::all().include(Group::fields().members()).exec(db());
  for (const auto& g : groups) EXPECT_EQ(g.members.get().size(), g.name == "chess" ? 2u : 1u);
  EXPECT_EQ(names_of(User::filter(User::fields().groups().any(Group::fields().name().eq("go"))).exec(db())),
            V({"Ann"}));
}

TEST_F(Relations, CompositeForeignKey) {
  auto team = Team::create().org("acme").code("red").title("Red team")
                  .player(Player::create().name("p1"))
                  .player(Player::create().name("p2"))
                  .exec(db());
  Team::create().org("acme").code("blue").title("Blue team").player(Player::create().name("p3")).exec(db());
  EXPECT_EQ(team.players().exec(db()).size(), 2u);
  auto teams = Team::filter_by_org("acme").include(Team::fields().players()).exec(db());
  ASSERT_EQ(teams.size(), 2u);
  std::size_t players = 0;
  for (const auto& t : teams) players += t.players.get().size();
  EXPECT_EQ(players, 3u);
  // One relation filter on the team's whole key: a GetItem, then the players' index.
  auto p = Player::filter(Player::fields().team().matches(Team::fields().org().eq("acme") &&
                                                          Team::fields().code().eq("blue")))
               .get(db());
  EXPECT_EQ(p.name, "p3");
  EXPECT_EQ(p.team().get(db()).code, "blue");
  if (sql()) {  // through an unindexed field of the team
    EXPECT_EQ(Player::filter(Player::fields().team().title().eq("Blue team")).get(db()).name, "p3");
  }
}

// From a query to its records' relations: every todo of the users a query matches, their
// tags, a many-to-many step, a belongs_to step back. SQL: one statement with subqueries;
// DynamoDB: the owners' keys first, then the related records by their foreign-key index.
TEST_F(Relations, QueryStepsToItsRelations) {
  auto ann = User::create().name("Ann").todo(Todo::create().title("a1").done(false)).todo(Todo::create().title("a2").done(true)).exec(db());
  auto bob = User::create().name("Bob").todo(Todo::create().title("b1").done(false)).exec(db());
  User::create().name("Cy").exec(db());
  for (const Todo& t : ann.todos.get()) t.tags().create().label(t.title + "-tag").exec(db());

  EXPECT_EQ(titles(User::filter_by_id(ann.id).related(User::fields().todos()).exec(db())), V({"a1", "a2"}));
  EXPECT_EQ(titles(User::filter_by_id(bob.id).related(User::fields().todos()).exec(db())), V({"b1"}));
  // The related query filters further, counts, and steps on.
  EXPECT_EQ(titles(User::filter_by_id(ann.id).related(User::fields().todos()).filter(Todo::fields().done().eq(true)).exec(db())),
            V({"a2"}));
  EXPECT_EQ(User::filter_by_id(ann.id).related(User::fields().todos()).count(db()), 2u);
  auto tags = User::filter_by_id(ann.id).related(User::fields().todos().tags()).exec(db());
  std::vector<std::string> labels;
  for (const Tag& t : tags) labels.push_back(t.label);
  std::sort(labels.begin(), labels.end());
  EXPECT_EQ(labels, V({"a1-tag", "a2-tag"}));
  // belongs_to: the users of some todos.
  EXPECT_EQ(names_of(Todo::filter_by_user_id(bob.id).related(Todo::fields().user()).exec(db())), V({"Bob"}));
  // Many-to-many, through the join model.
  auto chess = Group::create().name("chess").exec(db());
  Membership::create().user(ann).group(chess).role("admin").exec(db());
  Membership::create().user(bob).group(chess).role("member").exec(db());
  EXPECT_EQ(names_of(Group::filter_by_id(chess.id).related(Group::fields().members()).exec(db())), V({"Ann", "Bob"}));
  if (sql()) {  // a filter with no key behind it: SQL databases serve it
    EXPECT_EQ(titles(User::filter(User::fields().name().ne("Ann")).related(User::fields().todos()).exec(db())), V({"b1"}));
    EXPECT_EQ(User::all().related(User::fields().todos()).count(db()), 3u);
  }
  EXPECT_THROW(User::filter_by_id(ann.id).limit(1).related(User::fields().todos()), toasty::InvalidStatement);
}

// A field in the values another query selects (a subquery).
TEST_F(Relations, InQuery) {
  auto ann = User::create().name("Ann").todo(Todo::create().title("a1").done(false)).exec(db());
  auto bob = User::create().name("Bob").todo(Todo::create().title("b1").done(true)).exec(db());
  auto tf = Todo::fields();
  auto uf = User::fields();
  EXPECT_EQ(titles(Todo::filter(tf.user_id().in_query(User::filter_by_id(ann.id).select(uf.id()))).exec(db())), V({"a1"}));
  // Users with an open todo, through the todos' foreign key.
  EXPECT_EQ(names_of(User::filter_by_id(ann.id)
                         .filter(uf.id().in_query(Todo::filter_by_user_id(ann.id).filter(tf.done().eq(false)).select(tf.user_id())))
                         .exec(db())),
            V({"Ann"}));
  if (sql()) {
    EXPECT_EQ(titles(Todo::filter(tf.user_id().in_query(User::filter(uf.name().eq("Bob")).select(uf.id()))).exec(db())),
              V({"b1"}));
    EXPECT_EQ(titles(Todo::filter(tf.user_id().not_in_query(User::filter(uf.name().eq("Bob")).select(uf.id()))).exec(db())),
              V({"a1"}));
    EXPECT_EQ(titles(Todo::filter(tf.user_id().in_query(User::filter(uf.name().eq("nobody")).select(uf.id()))).exec(db())),
              V({}));
  }
  (void)bob;
}

}  // namespace

TEST_F(Relations, PreloadIsSplitByTheParameterLimitWithTheSameResult) {
  rec_->limit_params(10);  // 10 keys per statement: 25 users take 3
  for (int i = 0; i < 25; ++i)
    User::create()
        .name("u" + std::to_string(i))
        .todo(Todo::create().title("a" + std::to_string(i)).done(false))
        .todo(Todo::create().title("b" + std::to_string(i)).done(true))
        .exec(db());
  rec_->reset();
  auto users = User::all().allow_full_scan().include(User::fields().todos()).exec(db());
  ASSERT_EQ(users.size(), 25u);
  for (const auto& u : users) {
    ASSERT_EQ(u.todos.get().size(), 2u) << u.name;
    std::string n = u.name.substr(1);
    EXPECT_EQ(titles(u.todos.get()), V({"a" + n, "b" + n}));
    for (const auto& t : u.todos.get()) EXPECT_EQ(t.user_id, u.id);
  }
  if (sql()) {
    EXPECT_EQ(rec_->statements("select"), 1u + 3u);  // the users, then one per chunk of keys
  } else {
    EXPECT_EQ(rec_->statements("scan"), 1u);
    EXPECT_EQ(rec_->statements("query_pk"), 25u);  // one Query per user, whatever the chunks
  }
  std::string plan = User::all().allow_full_scan().include(User::fields().todos()).explain_plan(db());
  EXPECT_NE(plan.find("10 per statement"), std::string::npos) << plan;
}

TEST_F(Relations, PreloadBeyondTheBackendsParameterLimit) {
  // Tried as a new user would: more parents than a statement can bind (PostgreSQL and
  // MySQL take 65 535 values, SQLite 32 766) still preload, one statement per chunk.
  TOASTY_REQUIRE_CAPABILITY(db(), sql());  // key-value stores chunk by their own limit (above)
  const std::size_t limit = db().driver().capability().max_params;
  const std::size_t n = 66000;
  auto batch = User::create_many();
  for (std::size_t i = 0; i < n; ++i) batch.item(User::create().name("u" + std::to_string(i)));
  batch.exec(db());
  auto ann = User::create().name("ann").todo(Todo::create().title("only").done(false)).exec(db());
  rec_->reset();
  auto users = User::all().include(User::fields().todos()).exec(db());
  ASSERT_EQ(users.size(), n + 1);
  EXPECT_EQ(rec_->statements("select"), 1 + (n + 1 + limit - 1) / limit);
  std::size_t with_todos = 0;
  for (const auto& u : users) {
    with_todos += u.todos.get().size();
    if (u.id == ann.id) {
      EXPECT_EQ(titles(u.todos.get()), V({"only"}));
    }
  }
  EXPECT_EQ(with_todos, 1u);
}

TEST_F(Relations, FailedNestedCreateInsideATransactionKeepsTheTransactionUsable) {
  // A multi-step statement inside the caller's transaction is a savepoint: its failure
  // undoes its own writes only, and the transaction goes on (PostgreSQL would otherwise
  // refuse every later statement of the transaction).
  TOASTY_REQUIRE_CAPABILITY(db(), transactions);
  auto taken = User::create().name("Ann").todo(Todo::create().title("first").done(false)).exec(db());
  const toasty::Uuid dup = taken.todos.get().at(0).id;
  const toasty::Uuid dan = toasty::Uuid::v7();
  auto tx = db().transaction();
  auto bob = User::create().name("Bob").exec(tx);
  EXPECT_THROW(User::create().id(dan).name("Dan").todo(Todo::create().id(dup).title("again").done(false)).exec(tx),
               toasty::UniqueViolation);
  auto cat = User::create().name("Cat").todo(Todo::create().title("kept").done(false)).exec(tx);
  tx.commit();
  EXPECT_EQ(User::get_by_id(db(), bob.id).name, "Bob");
  EXPECT_EQ(titles(cat.todos().exec(db())), V({"kept"}));
  EXPECT_THROW(User::get_by_id(db(), dan), toasty::NotFound);
  EXPECT_EQ(Todo::get_by_id(db(), dup).title, "first");
}

TEST_F(Relations, ExplainPlanShowsTheStepsOfAPreload) {
  auto q = User::filter_by_id(toasty::Uuid::v7()).include(User::fields().todos());
  std::string plan = q.explain_plan(db());
  EXPECT_NE(plan.find("$0 = "), std::string::npos) << plan;
  EXPECT_NE(plan.find("$1 = load User.todos of $0"), std::string::npos) << plan;
  EXPECT_NE(plan.find("attach $1 to $0"), std::string::npos) << plan;
  if (sql()) {
    EXPECT_NE(plan.find("$0 = sql select users"), std::string::npos) << plan;
  } else {
    EXPECT_NE(plan.find("via GetByKey (1 key)"), std::string::npos) << plan;
  }
  rec_->reset();
  (void)db().explain_plan(q.statement());
  EXPECT_EQ(rec_->statements(), 0u);  // explaining runs nothing
}
