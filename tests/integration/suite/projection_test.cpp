// Projections on every backend: Query::select(fields...) returns tuples of those fields in
// the query's order, reading no other column (SQL writes NULL in their places; DynamoDB
// reads the items and keeps the fields asked for).
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "app.toasty.hpp"
#include "app_db_test.hpp"
#include "support/backend.hpp"

using app::Entry;
using app::Page;
using app::Ticket;

namespace {

using Projections = toasty_test::AppDbTest;

TEST_F(Projections, TuplesOfTheFieldsAskedFor) {
  for (std::int64_t i = 1; i <= 4; ++i) {
    auto e = Entry::create().board("b").seq(i).category(i % 2 ? "odd" : "even").score(i * 10);
    if (i != 2) e.note("n" + std::to_string(i));
    e.exec(db());
  }
  auto f = Entry::fields();
  std::vector<std::tuple<std::int64_t, std::optional<std::string>>> rows =
      Entry::filter_by_board("b").order_by(f.seq().desc()).select(f.seq(), f.note()).exec(db());
  using R = std::tuple<std::int64_t, std::optional<std::string>>;
  EXPECT_EQ(rows, (std::vector<R>{{4, "n4"}, {3, "n3"}, {2, std::nullopt}, {1, "n1"}}));
  // One field, a filter, a limit; first().
  auto odd = Entry::filter_by_category("odd").order_by(f.score().asc()).select(f.score());
  EXPECT_EQ(odd.exec(db()), (std::vector<std::tuple<std::int64_t>>{{10}, {30}}));
  EXPECT_EQ(odd.first(db()), std::optional<std::tuple<std::int64_t>>({10}));
  EXPECT_EQ(Entry::filter_by_board("none").order_by(f.seq().asc()).select(f.seq()).first(db()), std::nullopt);
  // Fields in any order, the same one twice.
  auto swapped = Entry::filter_by_board("b").order_by(f.seq().asc()).limit(1).select(f.category(), f.seq(), f.category()).exec(db());
  ASSERT_EQ(swapped.size(), 1u);
  EXPECT_EQ(swapped[0], std::make_tuple(std::string("odd"), std::int64_t{1}, std::string("odd")));
}

TEST_F(Projections, EnumsAndDeferredFields) {
  Ticket::create().queue("q").number(1).title("t").status(app::Status::OnHold).exec(db());
  auto tf = Ticket::fields();
  auto t = Ticket::filter_by_queue("q").select(tf.status(), tf.priority()).exec(db());
  ASSERT_EQ(t.size(), 1u);
  EXPECT_EQ(std::get<0>(t[0]), app::Status::OnHold);
  EXPECT_EQ(std::get<1>(t[0]), app::Priority::Normal);
  // A projected deferred field is read; nothing else is.
  Page::create().book("b").title("one").body("the body").words(2u).exec(db());
  auto pf = Page::fields();
  auto bodies = Page::filter_by_book("b").select(pf.body()).exec(db());
  ASSERT_EQ(bodies.size(), 1u);
  EXPECT_EQ(std::get<0>(bodies[0]), "the body");
}

TEST_F(Projections, AFieldOfAnotherModelIsRefused) {
  EXPECT_THROW((void)Entry::filter_by_board("b").select(Ticket::fields().title()), toasty::InvalidStatement);
}

}  // namespace
