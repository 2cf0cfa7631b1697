// Cursor pagination on every backend: Query::paginate(n) pages forward and back, cursors
// handed to a client and back, ties broken by the key, NULLs in the order, inserts between
// pages, and refusals (tampered cursors, no order). DynamoDB resumes a Query on the table or
// a GSI at the cursor's key (ExclusiveStartKey); a Scan asked for with allow_full_scan()
// pages in memory.
#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "app.toasty.hpp"
#include "app_db_test.hpp"
#include "support/backend.hpp"
#include "support/recording_driver.hpp"

using app::Entry;

namespace {

using Pagination = toasty_test::AppDbTest;

// `n` entries on board "b", seq 1..n; scores tie in threes; every fourth note is NULL.
void seed(toasty::Db& db, std::int64_t n, std::int64_t from = 1, const char* board = "b") {
  auto batch = Entry::create_many();
  for (std::int64_t i = from; i < from + n; ++i) {
    auto e = Entry::create().board(board).seq(i).category("c").score(i / 3);
    if (i % 4 != 0) e.note("n" + std::to_string(i % 7));
    batch.item(std::move(e));
  }
  batch.exec(db);
}

std::vector<std::int64_t> seqs(const toasty::Page<Entry>& page) {
  std::vector<std::int64_t> out;
  for (const Entry& e : page) out.push_back(e.seq);
  return out;
}

// Every page forward from `first`, then every page back from the last: the seqs in the
// order read (the backward walk's pages each in the query's order, last page first).
struct Walk {
  std::vector<std::int64_t> forward, backward;
  std::size_t pages = 0;
};
Walk walk(toasty::Db& db, toasty::Page<Entry> page) {
  Walk w;
  EXPECT_FALSE(page.has_prev());
  for (;;) {
    ++w.pages;
    auto s = seqs(page);
    w.forward.insert(w.forward.end(), s.begin(), s.end());
    auto next = page.next(db);
    if (!next) break;
    EXPECT_FALSE(next->empty());
    page = std::move(*next);
  }
  EXPECT_FALSE(page.has_next());
  for (;;) {
    auto s = seqs(page);
    w.backward.insert(w.backward.begin(), s.begin(), s.end());
    auto prev = page.prev(db);
    if (!prev) break;
    page = std::move(*prev);
  }
  EXPECT_FALSE(page.has_prev());
  return w;
}

std::vector<std::int64_t> range(std::int64_t from, std::int64_t to) {
  std::vector<std::int64_t> out;
  for (std::int64_t i = from; i <= to; ++i) out.push_back(i);
  return out;
}

TEST_F(Pagination, WalksForwardAndBackByTheKey) {
  seed(db(), 23);
  auto f = Entry::fields();
  Walk w = walk(db(), Entry::filter_by_board("b").order_by(f.seq().asc()).paginate(5).exec(db()));
  EXPECT_EQ(w.pages, 5u);
  EXPECT_EQ(w.forward, range(1, 23));
  EXPECT_EQ(w.backward, range(1, 23));

  // Descending, and a page size that divides the count: the last page is full and has no next.
  Walk d = walk(db(), Entry::filter_by_board("b").order_by(f.seq().desc()).paginate(23).exec(db()));
  EXPECT_EQ(d.pages, 1u);
  auto down = range(1, 23);
  std::reverse(down.begin(), down.end());
  EXPECT_EQ(d.forward, down);
}

TEST_F(Pagination, PageAccessorsAndCursorsHandedBack) {
  seed(db(), 10);
  auto f = Entry::fields();
  auto q = Entry::filter_by_board("b").order_by(f.seq().asc());
  toasty::Page<Entry> first = q.paginate(4).exec(db());
  ASSERT_EQ(first.size(), 4u);
  EXPECT_EQ(first[0].seq, 1);
  EXPECT_TRUE(first.has_next());
  EXPECT_FALSE(first.has_prev());
  EXPECT_FALSE(first.prev_cursor().has_value());
  ASSERT_TRUE(first.next_cursor().has_value());
  // A cursor is URL-safe text.
  for (char c : *first.next_cursor()) EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_') << c;

  // A client hands the cursor back to a query built afresh.
  toasty::Page<Entry> second = q.paginate(4).after(*first.next_cursor()).exec(db());
  EXPECT_EQ(seqs(second), (std::vector<std::int64_t>{5, 6, 7, 8}));
  EXPECT_TRUE(second.has_prev());
  toasty::Page<Entry> back = q.paginate(4).before(*second.prev_cursor()).exec(db());
  EXPECT_EQ(seqs(back), (std::vector<std::int64_t>{1, 2, 3, 4}));
  EXPECT_FALSE(back.has_prev());
  EXPECT_TRUE(back.has_next());
  // The page size may change between requests; the position stays.
  EXPECT_EQ(seqs(q.paginate(10).after(*first.next_cursor()).exec(db())), (std::vector<std::int64_t>{5, 6, 7, 8, 9, 10}));

  // Past the end: an empty page without cursors.
  toasty::Page<Entry> last = q.paginate(10).exec(db());
  EXPECT_FALSE(last.has_next());
  Entry::filter_by_board("b").filter(f.seq().gt(8)).remove(db());
  toasty::Page<Entry> after_end = q.paginate(4).after(*second.next_cursor()).exec(db());
  EXPECT_TRUE(after_end.empty());
  EXPECT_FALSE(after_end.has_next());
  EXPECT_FALSE(after_end.next(db()).has_value());
}

TEST_F(Pagination, TiesOnAnIndexSortKeyNeitherSkipNorRepeat) {
  seed(db(), 31);
  auto f = Entry::fields();
  // Scores tie in threes, and a page of 4 always splits a tie. SQL breaks ties by the key;
  // DynamoDB reads the (category, score) GSI in its order and resumes at the cursor's key.
  auto q = Entry::filter_by_category("c").order_by(f.score().desc());
  Walk w = walk(db(), q.paginate(4).exec(db()));
  std::vector<std::int64_t> sorted = w.forward;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(sorted, range(1, 31));  // every entry once
  for (std::size_t i = 1; i < w.forward.size(); ++i) EXPECT_GE(w.forward[i - 1] / 3, w.forward[i] / 3) << i;
  EXPECT_EQ(w.backward, w.forward);  // the same order both ways
  // then_by fixes the order among ties on every backend.
  if (db().driver().capability().sql()) {
    Walk t = walk(db(), Entry::filter_by_category("c").order_by(f.score().desc()).then_by(f.seq().desc()).paginate(4).exec(db()));
    auto down = range(1, 31);
    std::reverse(down.begin(), down.end());
    EXPECT_EQ(t.forward, down);
    EXPECT_EQ(t.backward, down);
  }
}

TEST_F(Pagination, NullsOrderFirstAscendingAndLastDescending) {
  // Three partitions, so that a Scan's own order is no key order: the first page must
  // already be sorted by the whole order (key tie-breakers included) for the next to follow.
  for (const char* board : {"b", "a", "c"}) seed(db(), 17, 1, board);
  auto f = Entry::fields();
  // `note` is no key anywhere: DynamoDB pages it from a Scan sorted in memory.
  for (bool desc : {false, true}) {
    SCOPED_TRACE(desc ? "desc" : "asc");
    auto q = Entry::all().allow_full_scan().order_by(desc ? f.note().desc() : f.note().asc());
    Walk w = walk(db(), q.paginate(3).exec(db()));
    // Expected: by note (NULLs first ascending), ties by the key (board, seq) ascending.
    struct R {
      std::string note, board;
      std::int64_t seq;
    };
    std::vector<R> rows;
    for (const char* board : {"a", "b", "c"})
      for (std::int64_t i = 1; i <= 17; ++i) rows.push_back({i % 4 == 0 ? "" : "n" + std::to_string(i % 7), board, i});
    std::stable_sort(rows.begin(), rows.end(), [&](const R& a, const R& b) {
      bool an = a.note.empty(), bn = b.note.empty();
      if (an != bn) return desc ? bn : an;
      if (a.note != b.note) return desc ? a.note > b.note : a.note < b.note;
      return std::tie(a.board, a.seq) < std::tie(b.board, b.seq);
    });
    std::vector<std::int64_t> expected;
    for (const auto& r : rows) expected.push_back(r.seq);
    EXPECT_EQ(w.forward, expected);
    EXPECT_EQ(w.backward, expected);
  }
}

TEST_F(Pagination, InsertsBetweenPagesNeitherSkipNorRepeatWhatWasThere) {
  // The measure: 10 000 rows walked forward then back, rows inserted between
  // pages on both sides of the position; every row that was there is seen exactly once
  // per direction.
  constexpr std::int64_t kRows = 10000;
  std::set<std::int64_t> used;
  {
    auto batch = Entry::create_many();
    for (std::int64_t i = 1; i <= kRows; ++i) {
      batch.item(Entry::create().board("b").seq(i * 1000).category("c").score(i % 13));
      used.insert(i * 1000);
    }
    batch.exec(db());
  }
  auto f = Entry::fields();
  auto q = Entry::filter_by_board("b").order_by(f.seq().asc());
  std::map<std::int64_t, int> seen;
  std::int64_t inserted = 0;
  auto insert_near = [&](std::int64_t seq, std::int64_t step) {
    while (used.count(seq)) seq += step;
    used.insert(seq);
    Entry::create().board("b").seq(seq).category("c").score(0).exec(db());
    ++inserted;
  };
  auto note_page = [&](const toasty::Page<Entry>& p) {
    for (const Entry& e : p) ++seen[e.seq];
    // New rows just before and just after this page.
    insert_near(p[0].seq - 1, -1);
    insert_near(p[p.size() - 1].seq + 1, 1);
  };
  toasty::Page<Entry> page = q.paginate(250).exec(db());
  for (;;) {
    note_page(page);
    auto next = page.next(db());
    if (!next) break;
    page = std::move(*next);
  }
  auto check = [&](const char* direction) {
    SCOPED_TRACE(direction);
    std::int64_t originals = 0;
    for (const auto& [seq, n] : seen)
      if (seq % 1000 == 0) {
        EXPECT_EQ(n, 1) << "seq " << seq;
        ++originals;
      }
    EXPECT_EQ(originals, kRows);
  };
  check("forward");
  seen.clear();
  for (;;) {
    note_page(page);
    auto prev = page.prev(db());
    if (!prev) break;
    page = std::move(*prev);
  }
  check("backward");
  EXPECT_EQ(Entry::filter_by_board("b").count(db()), static_cast<std::uint64_t>(kRows + inserted));
}

// A deep page reads what a page holds (one more), on the table key and on a GSI: the
// database seeks (SQL: WHERE after the cursor; DynamoDB: ExclusiveStartKey) rather than
// reading from the start.
TEST_F(Pagination, ADeepPageReadsOnlyAPage) {
  toasty_test::RecordingDriver* rec = nullptr;
  toasty::Db db = toasty_test::fresh_db(app::models(), &rec);
  seed(db, 200);
  auto f = Entry::fields();
  for (auto q : {Entry::filter_by_board("b").order_by(f.seq().desc()), Entry::filter_by_category("c").order_by(f.score().asc())}) {
    toasty::Page<Entry> page = q.paginate(10).exec(db);
    for (int i = 0; i < 15; ++i) page = *page.next(db);
    rec->reset();
    std::optional<toasty::Page<Entry>> deep = page.next(db);
    ASSERT_TRUE(deep.has_value());
    EXPECT_EQ(deep->size(), 10u);
    EXPECT_EQ(rec->statements(), 1u);
    EXPECT_EQ(rec->rows_returned(), 11u);
  }
}

TEST_F(Pagination, RefusesCursorsItDidNotHandOut) {
  seed(db(), 6);
  auto f = Entry::fields();
  auto q = Entry::filter_by_board("b").order_by(f.seq().asc());
  const std::string cursor = *q.paginate(2).exec(db()).next_cursor();
  auto refused = [&](const toasty::Paginate<Entry>& p, const std::string& words) {
    try {
      p.exec(db());
      ADD_FAILURE() << "accepted a cursor it did not hand out (" << words << ")";
    } catch (const toasty::InvalidCursor& e) {
      EXPECT_NE(std::string(e.what()).find(words), std::string::npos) << e.what();
    }
  };
  std::string edited = cursor;
  edited[edited.size() / 2] = edited[edited.size() / 2] == 'A' ? 'B' : 'A';
  refused(q.paginate(2).after(edited), "checksum");
  refused(q.paginate(2).after(cursor.substr(0, cursor.size() - 3)), "invalid pagination cursor");
  refused(q.paginate(2).before("not a cursor!"), "not URL-safe base64");
  refused(q.paginate(2).after(""), "cut short");
  // A cursor of another order (or model) does not fit.
  refused(Entry::filter_by_board("b").order_by(f.seq().desc()).paginate(2).after(cursor), "another model or order");
  refused(Entry::filter_by_board("b").order_by(f.seq().asc()).then_by(f.score().asc()).paginate(2).after(cursor),
          "another model or order");
  // The same order from another filter is the query's business: it resumes there.
  EXPECT_EQ(Entry::filter_by_board("b").order_by(f.seq().asc()).paginate(2).after(cursor).exec(db()).size(), 2u);
}

TEST_F(Pagination, NeedsAnOrderAndNoLimit) {
  auto f = Entry::fields();
  EXPECT_THROW(Entry::filter_by_board("b").paginate(5).exec(db()), toasty::InvalidStatement);
  EXPECT_THROW(Entry::filter_by_board("b").order_by(f.seq().asc()).limit(3).paginate(5).exec(db()),
               toasty::InvalidStatement);
  EXPECT_THROW(Entry::filter_by_board("b").order_by(f.seq().asc()).paginate(0).exec(db()), toasty::InvalidStatement);
  try {
    Entry::filter_by_board("b").paginate(5).exec(db());
  } catch (const toasty::InvalidStatement& e) {
    EXPECT_NE(std::string(e.what()).find("paginate() needs an order_by"), std::string::npos) << e.what();
  }
}

TEST_F(Pagination, DynamoDbRefusesAnOrderItCannotServeByName) {
  if (db().driver().capability().sql()) GTEST_SKIP() << "SQL databases page by any order";
  auto f = Entry::fields();
  seed(db(), 3);
  try {
    Entry::filter_by_board("b").order_by(f.note().asc()).paginate(2).exec(db());
    ADD_FAILURE() << "expected UnsupportedQuery";
  } catch (const toasty::UnsupportedQuery& e) {
    EXPECT_NE(std::string(e.what()).find("note"), std::string::npos) << e.what();
  }
}

}  // namespace
