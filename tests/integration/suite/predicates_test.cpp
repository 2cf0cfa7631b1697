// Query vocabulary on every backend: text matching (starts_with, ends_with, contains:
// case-sensitive, no wildcards; their ignore_case forms; like() with wildcards), not_in, between, then_by, last(), set_filter and
// set_order_by. DynamoDB serves them through the ticket's key (queue, number): contains and
// starts_with as its own conditions, ends_with checked on the items it reads.
#include <string>
#include <tuple>
#include <vector>

#include "app.toasty.hpp"
#include "app_db_test.hpp"
#include "support/backend.hpp"
#include "support/recording_driver.hpp"

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

// ignore_case folds A-Z to a-z and nothing else, on every backend alike (whatever the
// collation, locale or Unicode tables): "É" and "é" stay apart everywhere.
TEST_F(Predicates, IgnoreCaseFoldsAsciiLettersOnly) {
  seed(db());
  Ticket::create().queue("q").number(7).title("ÉCOLE Fire").status(Status::Open).exec(db());
  auto f = Ticket::fields();
  auto q = [&](const toasty::Filter& filter) { return numbers(Ticket::filter_by_queue("q").filter(filter).exec(db())); };
  using V = std::vector<std::int64_t>;
  EXPECT_EQ(q(f.title().contains_ignore_case("FIRE")), (V{1, 6, 7}));
  EXPECT_EQ(q(f.title().contains_ignore_case("fire")), (V{1, 6, 7}));
  EXPECT_EQ(q(f.title().starts_with_ignore_case("PRINTER")), (V{1, 2}));
  EXPECT_EQ(q(f.title().ends_with_ignore_case("JAM")), (V{2}));
  EXPECT_EQ(q(f.title().eq_ignore_case("printer JAM")), (V{2}));
  EXPECT_EQ(q(f.title().eq_ignore_case("printer")), (V{}));  // the whole text
  // Outside ASCII, characters match only themselves.
  EXPECT_EQ(q(f.title().starts_with_ignore_case("école")), (V{}));
  EXPECT_EQ(q(f.title().starts_with_ignore_case("Écol")), (V{7}));
  EXPECT_EQ(q(f.title().contains_ignore_case("CAFÉ")), (V{}));
  EXPECT_EQ(q(f.title().contains_ignore_case("CAFé")), (V{5}));
  // Wildcards are plain characters here too.
  EXPECT_EQ(q(f.title().contains_ignore_case("100%")), (V{3}));
  EXPECT_EQ(q(!f.title().contains_ignore_case("R")), (V{5}));
}

// like(): % and _ as wildcards (by characters), an escape character of the caller's choice,
// case-sensitive on every backend (SQLite's own LIKE is not: toasty runs its own there).
TEST_F(Predicates, LikeWithWildcardsAndAnEscape) {
  seed(db());
  auto f = Ticket::fields();
  auto q = [&](const toasty::Filter& filter) { return numbers(Ticket::filter_by_queue("q").filter(filter).exec(db())); };
  using V = std::vector<std::int64_t>;
  EXPECT_EQ(q(f.title().like("%fire%")), (V{1, 6}));
  EXPECT_EQ(q(f.title().like("%Fire%")), (V{}));
  EXPECT_EQ(q(f.title().like_ignore_case("%FIRE%")), (V{1, 6}));
  EXPECT_EQ(q(f.title().like("printer ___")), (V{2}));
  EXPECT_EQ(q(f.title().like("printer __")), (V{}));
  EXPECT_EQ(q(f.title().like("_nïcode caf_")), (V{5}));  // _ is one character, ï and é too
  EXPECT_EQ(q(f.title().like("100\\%%")), (V{3}));      // \% is a literal %
  EXPECT_EQ(q(f.title().like("100#% b%", '#')), (V{3}));
  EXPECT_EQ(q(f.title().like("under\\_score")), (V{4}));
  EXPECT_EQ(q(f.title().like("under\\%")), (V{}));
  EXPECT_EQ(q(f.title().like("%")).size(), 6u);
  EXPECT_EQ(q(!f.title().like("%r%")), (V{5}));
  Ticket::create().queue("q").number(8).title("wow!").status(Status::Open).exec(db());
  EXPECT_EQ(q(f.title().like("%!")), (V{8}));  // toasty's own escape is a plain character
  try {
    (void)f.title().like("50\\");
    ADD_FAILURE() << "accepted a pattern ending with its escape";
  } catch (const toasty::InvalidStatement& e) {
    EXPECT_NE(std::string(e.what()).find("ends with its escape"), std::string::npos) << e.what();
  }
  EXPECT_THROW((void)f.title().like("a%", 'a'), toasty::InvalidStatement);
  EXPECT_THROW((void)f.title().like("a%", '%'), toasty::InvalidStatement);
}

// in_list over tuples of fields: a list of composite keys (DynamoDB: read by key, no Scan).
TEST_F(Predicates, InListOfTuples) {
  seed(db());
  auto f = Ticket::fields();
  using Key = std::tuple<std::string, std::int64_t>;
  auto keys = toasty::tuple_of(f.queue(), f.number());
  auto got = Ticket::filter(keys.in_list(std::vector<Key>{{"q", 1}, {"q", 4}, {"other", 1}, {"q", 99}, {"none", 1}})).exec(db());
  std::vector<std::string> seen;
  for (const Ticket& t : got) seen.push_back(t.queue + "/" + std::to_string(t.number));
  std::sort(seen.begin(), seen.end());
  EXPECT_EQ(seen, (std::vector<std::string>{"other/1", "q/1", "q/4"}));
  EXPECT_TRUE(Ticket::filter(keys.in_list(std::vector<Key>{})).exec(db()).empty());
  // Within a partition, with other fields; and not_in.
  using V = std::vector<std::int64_t>;
  using NS = std::tuple<std::int64_t, Status>;
  auto pairs = toasty::tuple_of(f.number(), f.status());
  EXPECT_EQ(numbers(Ticket::filter_by_queue("q").filter(pairs.in_list(std::vector<NS>{{1, Status::Closed}, {2, Status::Closed}, {4, Status::Open}})).exec(db())),
            (V{1, 4}));
  EXPECT_EQ(numbers(Ticket::filter_by_queue("q").filter(pairs.not_in(std::vector<NS>{{1, Status::Closed}, {4, Status::Open}})).exec(db())),
            (V{2, 3, 5, 6}));
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

// A count moves one number, not the records: SQL's COUNT(*), DynamoDB's Select=COUNT on
// the key or index Query (or the Scan) when its filter runs in the database; otherwise
// DynamoDB counts the items it reads (ends_with is checked here).
TEST_F(Predicates, CountMovesOneNumber) {
  toasty_test::RecordingDriver* rec = nullptr;
  toasty::Db db = toasty_test::fresh_db(app::models(), &rec);
  seed(db);
  auto f = Ticket::fields();
  auto counted = [&](const toasty::Query<Ticket>& q) {
    rec->reset();
    std::uint64_t n = q.count(db);
    EXPECT_EQ(rec->statements(), 1u);
    EXPECT_EQ(rec->rows_returned(), 1u);
    return n;
  };
  EXPECT_EQ(counted(Ticket::filter_by_queue("q")), 6u);
  EXPECT_EQ(counted(Ticket::filter_by_queue("q").filter(f.title().contains("fire"))), 2u);
  EXPECT_EQ(counted(Ticket::filter_by_status(Status::Open)), 4u);
  EXPECT_EQ(counted(Ticket::filter_by_queue("none")), 0u);
  // An order changes no count: DynamoDB, which orders only by its sort key, counts anyway.
  EXPECT_EQ(counted(Ticket::filter_by_queue("q").order_by(f.title().asc())), 6u);
  EXPECT_EQ(counted(Ticket::all().allow_full_scan()), 7u);
  EXPECT_EQ(counted(Ticket::all().allow_full_scan().filter(f.number().gt(2))), 4u);
  rec->reset();
  EXPECT_EQ(Ticket::filter_by_queue("q").filter(f.title().ends_with("fire")).count(db), 1u);
  if (!db.driver().capability().sql()) {
    EXPECT_EQ(rec->rows_returned(), 6u);  // read, then checked here
  }
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

// Filters assembled from user input: start from always(), add what was asked for.
TEST_F(Predicates, AllOfAnyOfAlwaysAndNever) {
  seed(db());
  auto f = Ticket::fields();
  using V = std::vector<std::int64_t>;
  auto q = [&](const toasty::Filter& filter) { return numbers(Ticket::filter_by_queue("q").filter(filter).exec(db())); };
  EXPECT_EQ(q(toasty::Filter::always()).size(), 6u);
  EXPECT_EQ(q(toasty::Filter::never()), (V{}));
  EXPECT_EQ(q(!toasty::Filter::always()), (V{}));
  EXPECT_EQ(q(!toasty::Filter::never()).size(), 6u);
  EXPECT_EQ(q(toasty::Filter::all_of({})).size(), 6u);
  EXPECT_EQ(q(toasty::Filter::any_of({})), (V{}));
  std::vector<toasty::Filter> asked;
  asked.push_back(f.title().contains("i"));
  asked.push_back(f.number().le(4));
  EXPECT_EQ(q(toasty::Filter::all_of(asked)), (V{1, 2}));
  EXPECT_EQ(q(toasty::Filter::any_of(asked)), (V{1, 2, 3, 4, 6}));  // 5 has an ï, no i
  EXPECT_EQ(q(toasty::Filter::any_of({f.number().eq(2), f.number().eq(5)})), (V{2, 5}));
  // always() absorbs an OR and vanishes from an AND.
  EXPECT_EQ(q(toasty::Filter::always() || f.number().eq(2)).size(), 6u);
  EXPECT_EQ(q(toasty::Filter::always() && f.number().eq(2)), (V{2}));
  EXPECT_EQ(q(toasty::Filter::never() || f.number().eq(2)), (V{2}));
  // set_filter(always()) lifts the filter: on DynamoDB, then, a Scan it must be allowed.
  if (db().driver().capability().sql()) {
    EXPECT_EQ(Ticket::filter_by_queue("q").set_filter(toasty::Filter::always()).count(db()), 7u);
  }
}

// One field against another of the same record, in the database (DynamoDB: a filter
// expression comparing two attributes).
TEST_F(Predicates, FieldComparedWithField) {
  using app::Entry;
  const std::tuple<std::int64_t, std::int64_t, const char*, const char*> rows[] = {
      {1, 5, "a", "a"}, {2, 2, "b", "x"}, {3, 1, "c", nullptr}, {4, 9, "d", "d"}};
  for (const auto& [seq, score, category, note] : rows) {
    auto e = Entry::create().board("b").seq(seq).score(score).category(category);
    if (note) e.note(note);
    e.exec(db());
  }
  auto f = Entry::fields();
  auto seqs = [&](const toasty::Filter& filter) {
    std::vector<std::int64_t> out;
    for (const Entry& e : Entry::filter_by_board("b").filter(filter).order_by(f.seq().asc()).exec(db())) out.push_back(e.seq);
    return out;
  };
  using V = std::vector<std::int64_t>;
  EXPECT_EQ(seqs(f.score().gt(f.seq())), (V{1, 4}));
  EXPECT_EQ(seqs(f.score().le(f.seq())), (V{2, 3}));
  EXPECT_EQ(seqs(f.score().eq(f.seq())), (V{2}));
  EXPECT_EQ(seqs(f.seq().ne(f.score())), (V{1, 3, 4}));
  // A NULL on either side matches nothing, as with values.
  EXPECT_EQ(seqs(f.note().eq(f.category())), (V{1, 4}));
  EXPECT_EQ(seqs(f.note().ne(f.category())), (V{2}));
  EXPECT_EQ(seqs(!f.note().eq(f.category())), (V{2}));
  // A field of an unrelated model is refused (a related record's: Relations tests).
  EXPECT_THROW(f.seq().eq(app::Ticket::fields().number()), toasty::InvalidStatement);
}

}  // namespace
