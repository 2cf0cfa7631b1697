// Backend limits split work, never fail it: an in_list longer than one statement binds
// becomes one statement per slice, with the same answer (order, page, includes, counts)
// as one statement would give — on every backend.
#include <algorithm>

#include "rel_db_test.hpp"

using namespace rel;

namespace {

class Limits : public toasty_test::RelDbTest {
 protected:

  // Users u00..u(n-1), each with one todo titled after it.
  std::vector<User> users(int n) {
    std::vector<User> out;
    for (int i = 0; i < n; ++i) {
      std::string name = (i < 10 ? "u0" : "u") + std::to_string(i);
      out.push_back(User::create().name(name).todo(Todo::create().title("t-" + name).done(i % 2 == 0)).exec(db()));
    }
    return out;
  }
  static std::vector<toasty::Uuid> ids(const std::vector<User>& us) {
    std::vector<toasty::Uuid> out;
    for (const auto& u : us) out.push_back(u.id);
    return out;
  }
  static std::vector<std::string> names(const std::vector<User>& us) {
    std::vector<std::string> out;
    for (const auto& u : us) out.push_back(u.name);
    return out;
  }
};

using V = std::vector<std::string>;

TEST_F(Limits, InListLongerThanAStatementBindsHasTheSameAnswer) {
  auto all = users(30);
  rec_->limit_params(10);
  // 25 of the users, one id twice, one id of nobody: 26 distinct values, 3 slices of 10.
  std::vector<toasty::Uuid> wanted = ids(all);
  wanted.resize(25);
  wanted.push_back(wanted[3]);
  wanted.push_back(toasty::Uuid::v7());
  const auto f = User::fields().id().in_list(wanted);
  rec_->reset();
  auto got = names(User::filter(f).exec(db()));
  std::sort(got.begin(), got.end());
  V expected = names(all);
  expected.resize(25);
  EXPECT_EQ(got, expected);
  if (sql()) {
    EXPECT_EQ(rec_->statements("select"), 3u);
    std::string plan = User::filter(f).explain_plan(db());
    EXPECT_NE(plan.find("split by in_list: 26 distinct values in 3 statements of at most 10"), std::string::npos)
        << plan;
  }

  // Includes come with their records.
  auto with = User::filter(f).include(User::fields().todos()).exec(db());
  ASSERT_EQ(with.size(), 25u);
  for (const auto& u : with) {
    ASSERT_EQ(u.todos.get().size(), 1u) << u.name;
    EXPECT_EQ(u.todos.get()[0].title, "t-" + u.name);
  }

  // Ordered and paged: the page is cut from all slices' rows, not from each slice's.
  // (DynamoDB orders only by a sort key, and refuses this order for items read by key.)
  if (!sql()) return;
  auto page = User::filter(f).order_by(User::fields().name().desc()).offset(3).limit(5).exec(db());
  EXPECT_EQ(names(page), V({"u21", "u20", "u19", "u18", "u17"}));
  auto first = User::filter(f).order_by(User::fields().name().asc()).first(db());
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->name, "u00");
  auto sorted = User::filter(f).order_by(User::fields().name().asc()).include(User::fields().todos()).exec(db());
  ASSERT_EQ(sorted.size(), 25u);
  for (std::size_t i = 0; i < sorted.size(); ++i) {
    EXPECT_EQ(sorted[i].name, expected[i]);
    ASSERT_EQ(sorted[i].todos.get().size(), 1u);
    EXPECT_EQ(sorted[i].todos.get()[0].title, "t-" + expected[i]);  // each record keeps its own
  }
}

TEST_F(Limits, InListUnderAnOrKeepsEachRowOnce) {
  TOASTY_REQUIRE_CAPABILITY(db(), sql());  // an OR with an unindexed field: a full read
  auto all = users(30);
  rec_->limit_params(10);
  std::vector<toasty::Uuid> wanted = ids(all);
  wanted.resize(20);
  // u25 matches the name in every slice; it is returned once.
  auto got = User::filter(User::fields().id().in_list(wanted) || User::fields().name().eq("u25"))
                 .order_by(User::fields().name().asc())
                 .exec(db());
  V expected = names(all);
  expected.resize(20);
  expected.push_back("u25");
  EXPECT_EQ(names(got), expected);
  // A write cannot be split that way (a row matched by two slices would be written twice).
  EXPECT_THROW(User::filter(User::fields().id().in_list(wanted) || User::fields().name().eq("u25"))
                   .update()
                   .name("x")
                   .exec(db()),
               toasty::UnsupportedQuery);
  // Nor can a list under NOT: the error says why.
  try {
    User::filter(!User::fields().id().in_list(wanted)).exec(db());
    FAIL() << "no error";
  } catch (const toasty::UnsupportedQuery& e) {
    EXPECT_NE(std::string(e.what()).find("more than the 10 one statement may bind"), std::string::npos) << e.what();
  }
  EXPECT_EQ(User::all().exec(db()).size(), 30u);  // nothing written
}

TEST_F(Limits, UpdateAndRemoveByALongInListAreOneUnit) {
  auto all = users(30);
  rec_->limit_params(10);
  std::vector<toasty::Uuid> some = ids(all);
  some.resize(24);
  User::filter(User::fields().id().in_list(some)).update().name("renamed").exec(db());
  std::size_t renamed = 0;
  for (const auto& id : ids(all)) renamed += User::get_by_id(db(), id).name == "renamed";
  EXPECT_EQ(renamed, 24u);

  // Removal cascades to each slice's todos.
  EXPECT_EQ(User::filter(User::fields().id().in_list(some)).remove(db()), 24u);
  for (std::size_t i = 0; i < all.size(); ++i) {
    bool kept = i >= 24;
    EXPECT_EQ(User::filter_by_id(all[i].id).first(db()).has_value(), kept) << i;
    EXPECT_EQ(all[i].todos().exec(db()).size(), kept ? 1u : 0u) << i;
  }
}

TEST_F(Limits, InListBeyondTheBackendsParameterLimit) {
  // Tried as a new user would: more ids than PostgreSQL or MySQL (65 535) or SQLite
  // (32 766) bind in one statement.
  TOASTY_REQUIRE_CAPABILITY(db(), sql());  // DynamoDB batches keys by 100 itself (above)
  auto all = users(40);
  std::vector<toasty::Uuid> wanted;
  for (int i = 0; i < 70000; ++i) wanted.push_back(toasty::Uuid::v7());
  for (std::size_t i = 0; i < 30; ++i) wanted[i * 2000] = all[i].id;
  const auto f = User::fields().id().in_list(wanted);
  rec_->reset();
  auto got = User::filter(f).order_by(User::fields().name().asc()).limit(3).exec(db());
  EXPECT_EQ(names(got), V({"u00", "u01", "u02"}));
  const std::size_t limit = db().driver().capability().max_params;
  EXPECT_GE(rec_->statements("select"), (70000 + limit - 1) / limit);
  User::filter(f).update().name("found").exec(db());
  EXPECT_EQ(User::filter(User::fields().name().eq("found")).exec(db()).size(), 30u);
  EXPECT_EQ(User::filter(f).remove(db()), 30u);
  EXPECT_EQ(User::all().exec(db()).size(), 10u);
}

}  // namespace
