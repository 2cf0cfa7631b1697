// Query::stream() on every backend: records one at a time in the query's order, filters,
// limits and offsets as exec() applies them, DynamoDB pages of 1 MB followed, the
// connection held while reading and handed back at the end or on an early stop, a lost
// connection reported with the rows delivered before it, streams inside a transaction, and
// what a stream refuses.
#include <algorithm>
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "app.toasty.hpp"
#include "app_db_test.hpp"
#include "support/backend.hpp"
#include "support/recording_driver.hpp"

using app::Entry;

namespace {

using Streams = toasty_test::AppDbTest;

// `n` entries on `board`, seq from..from+n-1; scores tie in threes; every fourth note NULL.
void seed(toasty::Executor& db, std::int64_t n, const char* board = "b", std::int64_t from = 1, std::size_t note_size = 0) {
  auto batch = Entry::create_many();
  for (std::int64_t i = from; i < from + n; ++i) {
    auto e = Entry::create().board(board).seq(i).category("c").score(i / 3);
    if (i % 4 != 0) {
      std::string note = note_size ? std::string(note_size, static_cast<char>('a' + i % 26)) : std::string(1, 'n');
      if (!note_size) note += std::to_string(i % 7);
      e.note(std::move(note));
    }
    batch.item(std::move(e));
  }
  batch.exec(db);
}

std::vector<std::int64_t> seqs_of(const std::vector<Entry>& entries) {
  std::vector<std::int64_t> out;
  for (const Entry& e : entries) out.push_back(e.seq);
  return out;
}

template <class Q>
std::vector<std::int64_t> streamed(toasty::Executor& ex, const Q& q) {
  std::vector<std::int64_t> out;
  for (Entry& e : q.stream(ex)) out.push_back(e.seq);
  return out;
}

TEST_F(Streams, HandsOutEveryRecordInTheQueryOrder) {
  seed(db(), 300);
  auto f = Entry::fields();
  std::vector<std::int64_t> up, down;
  for (std::int64_t i = 1; i <= 300; ++i) up.push_back(i);
  down.assign(up.rbegin(), up.rend());
  EXPECT_EQ(streamed(db(), Entry::filter_by_board("b").order_by(f.seq().asc())), up);
  EXPECT_EQ(streamed(db(), Entry::filter_by_board("b").order_by(f.seq().desc())), down);
  // Every field decoded, NULLs included, as exec() decodes them.
  auto all = Entry::filter_by_board("b").order_by(f.seq().asc()).exec(db());
  auto s = Entry::filter_by_board("b").order_by(f.seq().asc()).stream(db());
  for (const Entry& want : all) {
    std::optional<Entry> got = s.next();
    ASSERT_TRUE(got.has_value());
    EXPECT_EQ(got->seq, want.seq);
    EXPECT_EQ(got->score, want.score);
    EXPECT_EQ(got->note, want.note);
    EXPECT_EQ(got->category, want.category);
  }
  EXPECT_FALSE(s.next().has_value());
  EXPECT_FALSE(s.next().has_value());  // still over
  EXPECT_EQ(s.delivered(), 300u);
}

// Filters the backend cannot apply while reading (DynamoDB: not on the key) are applied to
// each record; limit and offset count what passes, as exec() does.
TEST_F(Streams, AppliesFiltersLimitsAndOffsetsAsExecDoes) {
  seed(db(), 120);
  seed(db(), 30, "other");
  auto f = Entry::fields();
  auto base = Entry::filter_by_board("b").filter(f.score().gt(10)).filter(f.note().is_some()).order_by(f.seq().asc());
  EXPECT_EQ(streamed(db(), base), seqs_of(base.exec(db())));
  auto paged = base;
  paged.offset(7).limit(20);
  auto want = seqs_of(paged.exec(db()));
  ASSERT_EQ(want.size(), 20u);
  EXPECT_EQ(streamed(db(), paged), want);
  // Through an index (DynamoDB: a Query on the GSI, in its sort key's order).
  auto by_index = Entry::filter_by_category("c").order_by(f.score().desc()).then_by(f.seq().desc()).limit(50);
  if (toasty_test::backend_name() == "dynamodb") by_index = Entry::filter_by_category("c").order_by(f.score().desc()).limit(50);
  std::vector<std::int64_t> scores;
  for (Entry& e : by_index.stream(db())) scores.push_back(e.score);
  ASSERT_EQ(scores.size(), 50u);
  EXPECT_TRUE(std::is_sorted(scores.rbegin(), scores.rend()));
  EXPECT_EQ(scores.front(), 120 / 3);
  // Nothing matches: an empty stream.
  EXPECT_TRUE(streamed(db(), Entry::filter_by_board("none")).empty());
}

// More than one DynamoDB page (1 MB): every item once, read through one cursor that follows
// LastEvaluatedKey (on SQL backends the same records through one cursor).
TEST_F(Streams, FollowsPagesOfAMegabyte) {
  toasty_test::RecordingDriver* rec = nullptr;
  toasty::Db db = toasty_test::fresh_db(app::models(), &rec);
  seed(db, 400, "big", 1, 8000);  // about 2.4 MB of notes
  rec->reset();
  auto got = streamed(db, Entry::filter_by_board("big").order_by(Entry::fields().seq().asc()));
  ASSERT_EQ(got.size(), 400u);
  for (std::int64_t i = 0; i < 400; ++i) EXPECT_EQ(got[static_cast<std::size_t>(i)], i + 1);
  EXPECT_EQ(rec->cursors(), 1u);
  EXPECT_EQ(rec->statements(), 1u);
}

// The stream holds its connection while reading; read to the end, or stopped early, it
// hands it back (a pool of one serves the next statement).
TEST_F(Streams, HandsTheConnectionBackAtTheEndOrOnAnEarlyStop) {
  toasty::Db db = toasty_test::fresh_db(app::models(), nullptr,
                                        toasty::Options{.max_connections = 1, .acquire_timeout = std::chrono::milliseconds(300)});
  seed(db, 2000);
  auto q = Entry::filter_by_board("b").order_by(Entry::fields().seq().asc());
  {
    int n = 0;
    for (Entry& e : q.stream(db)) {
      (void)e;
      if (++n == 3) break;  // 1997 rows left unread
    }
    EXPECT_EQ(n, 3);
  }
  EXPECT_EQ(q.count(db), 2000u);
  {
    auto s = q.stream(db);
    ASSERT_TRUE(s.next().has_value());
    // Mid-read, the only connection is the stream's.
    try {
      (void)q.count(db);
      ADD_FAILURE() << "the pool handed out the connection a stream is reading on";
    } catch (const toasty::ConnectionError& e) {
      EXPECT_NE(std::string(e.what()).find("timed out"), std::string::npos) << e.what();
    }
    s.close();  // as destroying it does
    EXPECT_EQ(q.count(db), 2000u);
  }
  auto s = q.stream(db);
  std::uint64_t n = 0;
  while (s.next()) ++n;
  EXPECT_EQ(n, 2000u);
  EXPECT_EQ(q.count(db), 2000u);  // read to the end: free while `s` still exists
}

// A connection lost mid-stream ends the stream with an error saying how many records came
// first; nothing is read twice, and the Db goes on.
TEST_F(Streams, ALostConnectionSaysHowManyRecordsCameFirst) {
  toasty_test::RecordingDriver* rec = nullptr;
  toasty::Db db = toasty_test::fresh_db(app::models(), &rec);
  seed(db, 50);
  rec->fail_after_rows(17);
  std::vector<std::int64_t> got;
  try {
    for (Entry& e : Entry::filter_by_board("b").order_by(Entry::fields().seq().asc()).stream(db)) got.push_back(e.seq);
    ADD_FAILURE() << "the lost connection was not reported";
  } catch (const toasty::ConnectionError& e) {
    EXPECT_NE(std::string(e.what()).find("after 17 rows"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("injected"), std::string::npos) << e.what();
  }
  EXPECT_EQ(got.size(), 17u);
  EXPECT_EQ(got.back(), 17);
  EXPECT_EQ(Entry::filter_by_board("b").count(db), 50u);
}

// Inside a transaction: the transaction's own writes are read; the connection runs nothing
// else while a stream reads on it; ending the transaction ends the stream.
TEST_F(Streams, InATransaction) {
  TOASTY_REQUIRE_CAPABILITY(db(), transactions);
  seed(db(), 10);
  auto q = Entry::filter_by_board("b").order_by(Entry::fields().seq().asc());
  auto tx = db().transaction();
  seed(tx, 5, "b", 11);
  {
    auto s = q.stream(tx);
    ASSERT_TRUE(s.next().has_value());
    try {
      (void)q.count(tx);
      ADD_FAILURE() << "ran a statement on a connection a stream is reading on";
    } catch (const toasty::InvalidStatement& e) {
      EXPECT_NE(std::string(e.what()).find("still reading"), std::string::npos) << e.what();
    }
    std::uint64_t n = 1;
    while (s.next()) ++n;
    EXPECT_EQ(n, 15u);
    EXPECT_EQ(q.count(tx), 15u);  // read to the end: the connection is free
  }
  auto open = q.stream(tx);
  ASSERT_TRUE(open.next().has_value());
  tx.commit();  // ends the stream first
  try {
    open.next();
    ADD_FAILURE() << "a stream read on after its transaction ended";
  } catch (const toasty::InvalidStatement& e) {
    EXPECT_NE(std::string(e.what()).find("has ended"), std::string::npos) << e.what();
  }
  EXPECT_EQ(q.count(db()), 15u);
}

TEST_F(Streams, RefusesWhatItCannotReadOneAtATime) {
  app::Contact::create().email(app::Email{"ann@x.io"}).name("Ann").exec(db());
  try {
    (void)app::Contact::all().allow_full_scan().include(app::Contact::fields().notes()).stream(db());
    ADD_FAILURE() << "streamed with include()";
  } catch (const toasty::InvalidStatement& e) {
    EXPECT_NE(std::string(e.what()).find("does not preload"), std::string::npos) << e.what();
  }
  seed(db(), 10, "x");
  seed(db(), 10, "y");
  auto across = Entry::all().allow_full_scan().order_by(Entry::fields().score().asc());
  if (toasty_test::backend_name() == "dynamodb") {
    // Several partitions in one order: only memory could sort them.
    try {
      (void)across.stream(db());
      ADD_FAILURE() << "streamed an order DynamoDB does not read in";
    } catch (const toasty::UnsupportedQuery& e) {
      EXPECT_NE(std::string(e.what()).find("\"score\""), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find("paginate()"), std::string::npos) << e.what();
    }
    // Unordered, the Scan streams.
    EXPECT_EQ(streamed(db(), Entry::all().allow_full_scan()).size(), 20u);
  } else {
    auto got = streamed(db(), across);
    ASSERT_EQ(got.size(), 20u);
  }
}

// Reads by key stream too (read whole: as many as the keys named).
TEST_F(Streams, ReadsByKey) {
  seed(db(), 10);
  auto f = Entry::fields();
  auto got = streamed(db(), Entry::filter(f.board().eq("b") && f.seq().in_list(std::vector<std::int64_t>{2, 5, 9})).order_by(f.seq().asc()));
  EXPECT_EQ(got, (std::vector<std::int64_t>{2, 5, 9}));
}

}  // namespace
