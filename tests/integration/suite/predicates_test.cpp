// Query vocabulary on every backend: text matching (starts_with, ends_with, contains:
// case-sensitive, no wildcards), not_in, between, then_by, last(), set_filter and
// set_order_by. DynamoDB serves them through the ticket's key (queue, number): contains and
// starts_with as its own conditions, ends_with checked on the items it reads.
#include <string>
#include <vector>

#include "app.toasty.hpp"
#include "app_db_test.hpp"
#include "support/backend.hpp"

using app::Status;
using app::Ticket;

namespace {

using Predicates = toasty_test::AppDbTest;

void seed(toasty::Db& db) {
  const char* titles[] = {"Printer on fire", "printer jam", "100% broken", "under_score", "Ünïcode café", "fire drill"};
  std::int64_t n = 0;
  for (const char* t : titles) {  // odd numbers closed, even ones open
    ++n;
    Ticket::create().queue("q").number(n).title(t).status(n % 2 ? Status::Closed : Status::Open).exec(db);
  }
  Ticket::create().queue("other").number(1).title("fire elsewhere").status(Status::Open).exec(db);
}

std::vector<std::int64_t> numbers(const std::vector<Ticket>& ts) {
  std::vector<std::int64_t> out;
  for (const Ticket& t : ts) out.push_back(t.number);
  std::sort(out.begin(), out.end());
  return out;
}

TEST_F(Predicates, TextMatchingIsCaseSensitiveAndLiteral) {
  seed(db());
  auto f = Ticket::fields();
  auto q = [&](const toasty::Filter& filter) { return numbers(Ticket::filter_by_queue("q").filter(filter).exec(db())); };
  using V = std::vector<std::int64_t>;
  EXPECT_EQ(q(f.title().contains("fire")), (V{1, 6}));
  EXPECT_EQ(q(f.title().contains("Fire")), (V{}));  // case-sensitive everywhere
  EXPECT_EQ(q(f.title().contains("rinter")), (V{1, 2}));
  EXPECT_EQ(q(f.title().ends_with("fire")), (V{1}));
  EXPECT_EQ(q(f.title().ends_with("Jam")), (V{}));
  EXPECT_EQ(q(f.title().starts_with("printer")), (V{2}));
  // % and _ are plain characters, not wildcards.
  EXPECT_EQ(q(f.title().contains("%")), (V{3}));
  EXPECT_EQ(q(f.title().contains("_")), (V{4}));
  EXPECT_EQ(q(f.title().ends_with("_score")), (V{4}));
  EXPECT_EQ(q(f.title().contains("o_")), (V{}));
  // By characters, not bytes.
  EXPECT_EQ(q(f.title().ends_with("café")), (V{5}));
  EXPECT_EQ(q(f.title().contains("nïc")), (V{5}));
  // The empty text is in every string.
  EXPECT_EQ(q(f.title().contains("")).size(), 6u);
  EXPECT_EQ(q(f.title().ends_with("")).size(), 6u);
  // Negated, and combined.
  EXPECT_EQ(q(!f.title().contains("r")), (V{5}));
  EXPECT_EQ(q(f.title().contains("fire") && !f.title().starts_with("fire")), (V{1}));
}

TEST_F(Predicates, NotInAndBetween) {
  seed(db());
  auto f = Ticket::fields();
  auto q = [&](const toasty::Filter& filter) { return numbers(Ticket::filter_by_queue("q").filter(filter).exec(db())); };
  using V = std::vector<std::int64_t>;
  EXPECT_EQ(q(f.number().not_in(std::vector<std::int64_t>{2, 4, 6})), (V{1, 3, 5}));
  EXPECT_EQ(q(f.status().not_in(std::vector<Status>{Status::Closed})), (V{2, 4, 6}));
  EXPECT_EQ(q(f.number().not_in(std::vector<std::int64_t>{})).size(), 6u);  // nothing excluded
  EXPECT_EQ(q(f.number().between(2, 4)), (V{2, 3, 4}));  // a sort key range on DynamoDB
  EXPECT_EQ(q(f.number().between(4, 2)), (V{}));
}

TEST_F(Predicates, LastIsTheFirstOfTheReversedOrder) {
  seed(db());
  auto f = Ticket::fields();
  auto last = Ticket::filter_by_queue("q").order_by(f.number().asc()).last(db());
  ASSERT_TRUE(last.has_value());
  EXPECT_EQ(last->number, 6);
  auto first = Ticket::filter_by_queue("q").order_by(f.number().desc()).last(db());
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->number, 1);
  EXPECT_FALSE(Ticket::filter_by_queue("none").order_by(f.number().asc()).last(db()).has_value());
  EXPECT_THROW((void)Ticket::filter_by_queue("q").last(db()), toasty::InvalidStatement);
  EXPECT_THROW((void)Ticket::filter_by_queue("q").order_by(f.number().asc()).limit(2).last(db()),
               toasty::InvalidStatement);
}

// Ties broken by a second key: DynamoDB orders by one sort key only.
TEST_F(Predicates, ThenByBreaksTies) {
  TOASTY_REQUIRE_CAPABILITY(db(), sql());
  seed(db());
  auto f = Ticket::fields();
  std::vector<std::int64_t> got;
  for (const Ticket& t : Ticket::all().order_by(f.status().asc()).then_by(f.number().desc()).exec(db()))
    if (t.queue == "q") got.push_back(t.number);
  // closed (1, 3, 5) before open (labels in text order), numbers descending within each.
  EXPECT_EQ(got, (std::vector<std::int64_t>{5, 3, 1, 6, 4, 2}));
}

TEST_F(Predicates, CountAndExists) {
  seed(db());
  auto f = Ticket::fields();
  EXPECT_EQ(Ticket::filter_by_queue("q").count(db()), 6u);
  EXPECT_EQ(Ticket::filter_by_queue("q").filter(f.title().contains("fire")).count(db()), 2u);
  EXPECT_EQ(Ticket::filter_by_queue("q").filter(f.title().ends_with("fire")).count(db()), 1u);
  EXPECT_EQ(Ticket::filter_by_queue("none").count(db()), 0u);
  // After limit and offset, as the rows would be read.
  EXPECT_EQ(Ticket::filter_by_queue("q").order_by(f.number().asc()).limit(4).count(db()), 4u);
  EXPECT_EQ(Ticket::filter_by_queue("q").order_by(f.number().asc()).limit(4).offset(3).count(db()), 3u);
  EXPECT_TRUE(Ticket::filter_by_queue("q").filter(f.status().eq(Status::Closed)).exists(db()));
  EXPECT_FALSE(Ticket::filter_by_queue("q").filter(f.title().contains("nothing like it")).exists(db()));
  EXPECT_FALSE(Ticket::filter_by_queue("other").filter(f.number().gt(1)).exists(db()));
  // The whole table: a Scan on DynamoDB, asked for by name.
  EXPECT_EQ(Ticket::all().allow_full_scan().count(db()), 7u);
}

// update_by_ / remove_by_ for every key, unique field and index: all the records the
// matching filter_by_ finds.
TEST_F(Predicates, UpdateByAndRemoveByShortcuts) {
  seed(db());
  EXPECT_EQ(Ticket::update_by_queue_and_number("q", 2).title("renamed").exec(db()), 1u);
  EXPECT_EQ(Ticket::get_by_queue_and_number(db(), "q", 2).title, "renamed");
  EXPECT_EQ(Ticket::update_by_status(Status::Closed).priority(app::Priority::Urgent).exec(db()), 3u);
  EXPECT_EQ(Ticket::get_by_queue_and_number(db(), "q", 3).priority, app::Priority::Urgent);
  EXPECT_EQ(Ticket::get_by_queue_and_number(db(), "q", 2).priority, app::Priority::Normal);
  EXPECT_EQ(Ticket::remove_by_queue_and_number(db(), "q", 1), 1u);
  EXPECT_EQ(Ticket::remove_by_queue_and_number(db(), "q", 1), 0u);
  EXPECT_EQ(Ticket::remove_by_queue(db(), "q"), 5u);
  EXPECT_EQ(Ticket::filter_by_queue("q").count(db()), 0u);
  EXPECT_EQ(Ticket::filter_by_queue("other").count(db()), 1u);
}

TEST_F(Predicates, SetFilterAndSetOrderByReplace) {
  seed(db());
  auto f = Ticket::fields();
  auto q = Ticket::filter_by_queue("q");
  q.filter(f.title().contains("fire"));
  q.set_filter(f.queue().eq("q") && f.number().ge(5));  // replaces the whole filter
  q.order_by(f.number().asc());
  q.set_order_by({f.number().desc()});
  std::vector<std::int64_t> got;
  for (const Ticket& t : q.exec(db())) got.push_back(t.number);
  EXPECT_EQ(got, (std::vector<std::int64_t>{6, 5}));
}

}  // namespace
