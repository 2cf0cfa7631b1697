// Deferred<T> fields on every backend: not read by a query unless include()d (the select
// puts NULL in their place), read alone by load_<field>(db), loaded in records the ORM
// wrote itself (create, update), and usable in filters and ordering without loading.
#include <string>
#include <vector>

#include "app.toasty.hpp"
#include "app_db_test.hpp"
#include "support/backend.hpp"

using app::Page;

namespace {

using Deferred = toasty_test::AppDbTest;

Page make(toasty::Db& db, std::string title, std::string body, std::optional<std::string> summary, std::uint32_t words) {
  return Page::create().book("b").title(std::move(title)).body(std::move(body)).summary(std::move(summary))
      .words(words).exec(db);
}

TEST_F(Deferred, QueriesLeaveThemUnloadedUnlessIncluded) {
  Page made = make(db(), "one", "a long body", "short", 3);
  // What the ORM wrote itself is loaded.
  EXPECT_TRUE(made.body.is_loaded());
  EXPECT_EQ(made.body.get(), "a long body");
  EXPECT_EQ(made.summary.get(), std::optional<std::string>("short"));

  Page plain = Page::get_by_id(db(), made.id);
  EXPECT_EQ(plain.title, "one");
  EXPECT_TRUE(plain.body.is_unloaded());
  EXPECT_TRUE(plain.summary.is_unloaded());
  EXPECT_TRUE(plain.words.is_unloaded());
  EXPECT_THROW((void)plain.body.get(), toasty::NotLoaded);

  auto f = Page::fields();
  Page with = Page::filter_by_book("b").include(f.body()).include(f.summary()).get(db());
  EXPECT_EQ(with.body.get(), "a long body");
  EXPECT_EQ(with.summary.get(), std::optional<std::string>("short"));
  EXPECT_TRUE(with.words.is_unloaded());  // not asked for
  std::vector<Page> all = Page::filter_by_book("b").include(f.words()).exec(db());
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].words.get(), 3u);
  EXPECT_TRUE(all[0].body.is_unloaded());
}

// The select does not read the column at all: its place in the plan is a NULL.
TEST_F(Deferred, ThePlanDoesNotReadTheColumn) {
  auto f = Page::fields();
  const std::string plain = Page::filter_by_book("b").explain_plan(db());
  EXPECT_EQ(plain.find("body"), std::string::npos) << plain;
  EXPECT_NE(plain.find("null"), std::string::npos) << plain;
  const std::string with = Page::filter_by_book("b").include(f.body()).explain_plan(db());
  EXPECT_NE(with.find("body"), std::string::npos) << with;
}

TEST_F(Deferred, LoadReadsOneFieldAndAbsentValuesAreLoaded) {
  Page p = make(db(), "one", "the body", std::nullopt, 7);
  Page plain = Page::get_by_id(db(), p.id);
  EXPECT_EQ(plain.load_body(db()), "the body");
  EXPECT_EQ(plain.load_summary(db()), std::nullopt);  // loaded, and absent
  EXPECT_EQ(plain.load_words(db()), 7u);
  EXPECT_TRUE(plain.body.is_unloaded());  // load_ reads; the record stays as it was
  Page with = Page::filter_by_book("b").include(Page::fields().summary()).get(db());
  EXPECT_TRUE(with.summary.is_loaded());
  EXPECT_EQ(with.summary.get(), std::nullopt);
  p.remove(db());
  EXPECT_THROW((void)plain.load_body(db()), toasty::NotFound);
}

TEST_F(Deferred, FiltersAndOrderingNeedNoLoading) {
  make(db(), "short", "tiny", std::nullopt, 1);
  make(db(), "long", "a much longer body", "sum", 4);
  make(db(), "mid", "medium body", std::nullopt, 2);
  auto f = Page::fields();
  std::vector<std::string> titles;
  for (const Page& p : Page::filter_by_book("b").filter(f.words().ge(2u)).order_by(f.words().desc()).exec(db())) {
    titles.push_back(p.title);
    EXPECT_TRUE(p.words.is_unloaded());
  }
  EXPECT_EQ(titles, (std::vector<std::string>{"long", "mid"}));
  EXPECT_EQ(Page::filter_by_book("b").filter(f.body().eq("tiny")).get(db()).title, "short");
  EXPECT_EQ(Page::filter_by_book("b").filter(f.summary().is_some()).get(db()).title, "long");
  // The index on a deferred field.
  EXPECT_EQ(Page::filter_by_words(4u).get(db()).title, "long");
}

// An update sets the field in the row and in the object, loaded or not before.
TEST_F(Deferred, UpdatesLoadWhatTheyWrite) {
  Page p = make(db(), "one", "old", std::nullopt, 1);
  Page plain = Page::get_by_id(db(), p.id);
  ASSERT_TRUE(plain.body.is_unloaded());
  plain.update().body("new").exec(db());
  EXPECT_EQ(plain.body.get(), "new");
  EXPECT_TRUE(plain.summary.is_unloaded());
  EXPECT_EQ(Page::filter_by_book("b").update().summary(std::optional<std::string>("s")).exec(db()), 1u);
  EXPECT_EQ(plain.load_summary(db()), std::optional<std::string>("s"));
  EXPECT_EQ(plain.load_body(db()), "new");
}

}  // namespace
