// Filters, ordering and paging over typed field paths.
#include "app.toasty.hpp"
#include "support/backend.hpp"

using app::User;
using toasty_test::BackendTest;

namespace {

class Query : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped()) return;
    db_.emplace(toasty_test::fresh_db(app::models()));
    TOASTY_REQUIRE_CAPABILITY(*db_, sql());             // arbitrary filters, ordering, starts_with
    const char* names[] = {"Ann", "Bob", "Cat", "Dan", "Eve"};
    const char* countries[] = {"NZ", "NZ", "AU", "AU", "FR"};
    for (int i = 0; i < 5; ++i)
      User::create()
          .name(names[i])
          .email(std::string(names[i]) + "@x.io")
          .country(countries[i])
          .karma(i * 10)
          .bio(i % 2 == 0 ? std::optional<std::string>("bio") : std::nullopt)
          .exec(*db_);
  }
  std::vector<std::string> names(const toasty::Filter& f) {
    std::vector<std::string> out;
    for (auto& u : User::filter(f).order_by(User::fields().name().asc()).exec(*db_))
      out.push_back(u.name);
    return out;
  }
  std::optional<toasty::Db> db_;
};

using V = std::vector<std::string>;
auto f() { return User::fields(); }

TEST_F(Query, Comparisons) {
  EXPECT_EQ(names(f().karma().eq(20)), V({"Cat"}));
  EXPECT_EQ(names(f().karma().ne(20)), V({"Ann", "Bob", "Dan", "Eve"}));
  EXPECT_EQ(names(f().karma().lt(20)), V({"Ann", "Bob"}));
  EXPECT_EQ(names(f().karma().le(20)), V({"Ann", "Bob", "Cat"}));
  EXPECT_EQ(names(f().karma().gt(20)), V({"Dan", "Eve"}));
  EXPECT_EQ(names(f().karma().ge(20)), V({"Cat", "Dan", "Eve"}));
  EXPECT_EQ(names(f().name().gt("Cat")), V({"Dan", "Eve"}));
}

TEST_F(Query, BooleanCombinators) {
  EXPECT_EQ(names(f().country().eq("NZ") && f().karma().gt(0)), V({"Bob"}));
  EXPECT_EQ(names(f().country().eq("FR") || f().name().eq("Ann")), V({"Ann", "Eve"}));
  EXPECT_EQ(names(!f().country().eq("AU")), V({"Ann", "Bob", "Eve"}));
  // (a || b) && c keeps its grouping through serialization.
  EXPECT_EQ(names((f().country().eq("NZ") || f().country().eq("AU")) && f().karma().ge(10)),
            V({"Bob", "Cat", "Dan"}));
  EXPECT_EQ(names(f().country().eq("NZ") || (f().country().eq("AU") && f().karma().ge(30))),
            V({"Ann", "Bob", "Dan"}));
}

TEST_F(Query, ChainedFiltersAreAnded) {
  auto q = User::filter(f().country().eq("AU")).filter(f().karma().gt(20));
  auto r = q.exec(*db_);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].name, "Dan");
}

TEST_F(Query, NullChecksInListAndPrefix) {
  EXPECT_EQ(names(f().bio().is_none()), V({"Bob", "Dan"}));
  EXPECT_EQ(names(f().bio().is_some()), V({"Ann", "Cat", "Eve"}));
  EXPECT_EQ(names(f().country().in_list(std::vector<std::string>{"FR", "AU"})), V({"Cat", "Dan", "Eve"}));
  EXPECT_EQ(names(f().country().in_list(std::vector<std::string>{})), V({}));
  EXPECT_EQ(names(f().name().starts_with("E")), V({"Eve"}));
  EXPECT_EQ(names(f().name().starts_with("e")), V({}));  // case-sensitive everywhere
  User::create().name("100%_done").email("p@x.io").country("NZ").exec(*db_);
  User::create().name("100 and more").email("q@x.io").country("NZ").exec(*db_);
  EXPECT_EQ(names(f().name().starts_with("100%")), V({"100%_done"}));  // no wildcards
}

TEST_F(Query, OrderLimitOffset) {
  auto q = User::all().order_by(User::fields().karma().desc());
  auto top2 = User::all().order_by(User::fields().karma().desc()).limit(2).exec(*db_);
  ASSERT_EQ(top2.size(), 2u);
  EXPECT_EQ(top2[0].name, "Eve");
  EXPECT_EQ(top2[1].name, "Dan");
  auto page2 = q.limit(2).offset(2).exec(*db_);
  ASSERT_EQ(page2.size(), 2u);
  EXPECT_EQ(page2[0].name, "Cat");
  EXPECT_EQ(page2[1].name, "Bob");
}

TEST_F(Query, NullsSortFirstAscendingAndLastDescendingOnEveryBackend) {
  // bio: "bio" for Ann, Cat, Eve; NULL for Bob and Dan. Ties broken by name.
  auto order = [&](bool desc) {
    std::vector<std::string> out;
    auto bio = desc ? User::fields().bio().desc() : User::fields().bio().asc();
    for (auto& u : User::all().order_by(bio).order_by(User::fields().name().asc()).exec(*db_)) out.push_back(u.name);
    return out;
  };
  EXPECT_EQ(order(false), V({"Bob", "Dan", "Ann", "Cat", "Eve"}));
  EXPECT_EQ(order(true), V({"Ann", "Cat", "Eve", "Bob", "Dan"}));
}

}  // namespace
