// Queries that go through a key or an index: the statements generated code produces for
// kv.toasty run on every backend, DynamoDB included (there as GetItem / BatchGetItem /
// Query on the table or a GSI / unique-index tables), with the same results. What a
// key-value store cannot serve is refused with an error naming the table and the field.
#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <limits>
#include <thread>

#include "kv.toasty.hpp"
#include "support/backend.hpp"
#include "support/recording_driver.hpp"

#ifdef TOASTY_HAVE_DYNAMODB
#include "driver/dynamodb/client/dynamodb_client.hpp"
#endif

using namespace kvapp;
using toasty_test::BackendTest;

namespace {

class Kv : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped()) return;
    db_.emplace(toasty_test::fresh_db(kvapp::models(), &rec_));
  }
  toasty::Db& db() { return *db_; }
  // A key-value backend (DynamoDB): checks of the operations sent apply.
  bool kv() const { return db_->driver().capability().key_value(); }
  std::size_t ops(std::string_view kind) const { return rec_->statements(kind); }

  Account account(const std::string& id, const std::string& name, const std::string& country,
                  std::int64_t karma = 0) {
    return Account::create().id(id).name(name).email(id + "@x.io").country(country).karma(karma).exec(db());
  }
  void messages(const std::string& channel, int n, const std::string& author = "ann") {
    for (int i = 1; i <= n; ++i)
      Message::create().channel(channel).seq(i).author(author).body(channel + " #" + std::to_string(i)).exec(db());
  }

  std::optional<toasty::Db> db_;
  toasty_test::RecordingDriver* rec_ = nullptr;
};

template <class T, class F>
std::vector<std::string> sorted(const std::vector<T>& v, F f) {
  std::vector<std::string> out;
  for (const auto& x : v) out.push_back(f(x));
  std::sort(out.begin(), out.end());
  return out;
}
std::vector<std::string> ids(const std::vector<Account>& v) {
  return sorted(v, [](const Account& a) { return a.id; });
}
std::vector<std::int64_t> seqs(const std::vector<Message>& v) {
  std::vector<std::int64_t> out;
  for (const auto& m : v) out.push_back(m.seq);
  return out;
}
using V = std::vector<std::string>;
using S = std::vector<std::int64_t>;

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST_F(Kv, GetByKeyFillsDefaults) {
  account("a1", "Ann", "NZ");
  rec_->reset();
  Account a = Account::get_by_id(db(), "a1");
  EXPECT_EQ(a.name, "Ann");
  EXPECT_EQ(a.email, "a1@x.io");
  EXPECT_EQ(a.karma, 0);  // #[default(0)]
  EXPECT_TRUE(a.active);  // #[default(true)]
  EXPECT_EQ(a.nickname, std::nullopt);
  if (kv()) {
    EXPECT_EQ(ops("get_by_key"), 1u);
    EXPECT_EQ(rec_->statements(), 1u);
  }
  EXPECT_THROW(Account::get_by_id(db(), "nobody"), toasty::NotFound);
  EXPECT_EQ(Account::filter_by_id("nobody").first(db()), std::nullopt);
}

TEST_F(Kv, BatchGetByKeyList) {
  for (const char* id : {"a1", "a2", "a3", "a4"}) account(id, id, "NZ");
  rec_->reset();
  auto got = Account::filter(Account::fields().id().in_list(std::vector<std::string>{"a4", "a2", "zz", "a2"}))
                 .exec(db());
  EXPECT_EQ(ids(got), V({"a2", "a4"}));
  if (kv()) {  // one BatchGetItem
    EXPECT_EQ(rec_->kinds(), std::vector<std::string>{"get_by_key"});
  }
  // Ordered by the key: in memory on a key-value store.
  auto ordered = Account::filter(Account::fields().id().in_list(std::vector<std::string>{"a3", "a1", "a4"}))
                     .order_by(Account::fields().id().desc())
                     .exec(db());
  ASSERT_EQ(ordered.size(), 3u);
  EXPECT_EQ(ordered[0].id, "a4");
  EXPECT_EQ(ordered[2].id, "a1");
  EXPECT_TRUE(Account::filter(Account::fields().id().in_list(std::vector<std::string>{})).exec(db()).empty());
  // A key plus a residual condition.
  auto rich = Account::filter(Account::fields().id().in_list(std::vector<std::string>{"a1", "a2"}) &&
                              Account::fields().name().eq("a2"))
                  .exec(db());
  EXPECT_EQ(ids(rich), V({"a2"}));
}

TEST_F(Kv, UniqueGetByAndViolation) {
  account("a1", "Ann", "NZ");
  rec_->reset();
  EXPECT_EQ(Account::get_by_email(db(), "a1@x.io").id, "a1");
  if (kv()) {
    EXPECT_EQ(rec_->kinds(), (std::vector<std::string>{"find_pk_by_unique", "get_by_key"}));
  }
  EXPECT_THROW(Account::get_by_email(db(), "nobody@x.io"), toasty::NotFound);

  // Same email, other key: the unique index refuses it, and nothing is half-written.
  try {
    Account::create().id("a2").name("Other").email("a1@x.io").country("AU").exec(db());
    FAIL() << "expected a unique violation";
  } catch (const toasty::UniqueViolation& e) {
    EXPECT_EQ(e.model(), "Account");
    ASSERT_EQ(e.fields().size(), 1u);
    EXPECT_EQ(e.fields()[0], "email");
    EXPECT_TRUE(contains(e.what(), "email")) << e.what();
  }
  EXPECT_THROW(Account::get_by_id(db(), "a2"), toasty::NotFound);

  // Same key, new email: the key refuses it, and the new email was not claimed.
  try {
    Account::create().id("a1").name("Again").email("fresh@x.io").country("AU").exec(db());
    FAIL() << "expected a unique violation on the key";
  } catch (const toasty::UniqueViolation& e) {
    EXPECT_EQ(e.model(), "Account");
    ASSERT_EQ(e.fields().size(), 1u);
    EXPECT_EQ(e.fields()[0], "id");
  }
  EXPECT_THROW(Account::get_by_email(db(), "fresh@x.io"), toasty::NotFound);
  Account::create().id("a3").name("Fresh").email("fresh@x.io").country("AU").exec(db());
  EXPECT_EQ(Account::get_by_email(db(), "fresh@x.io").id, "a3");
  EXPECT_EQ(Account::get_by_id(db(), "a1").name, "Ann");
}

TEST_F(Kv, FilterByIndex) {
  account("a1", "Ann", "NZ", 1);
  account("a2", "Bob", "NZ", 9);
  account("a3", "Cat", "AU", 5);
  account("a4", "Dan", "FR", 7);
  rec_->reset();
  EXPECT_EQ(ids(Account::filter_by_country("NZ").exec(db())), V({"a1", "a2"}));
  if (kv()) {  // Query on the GSI
    EXPECT_EQ(rec_->kinds(), std::vector<std::string>{"query_pk"});
  }
  EXPECT_TRUE(Account::filter_by_country("XX").exec(db()).empty());
  // Index + residual filter.
  EXPECT_EQ(ids(Account::filter_by_country("NZ").filter(Account::fields().karma().gt(5)).exec(db())), V({"a2"}));
  EXPECT_EQ(ids(Account::filter_by_country("NZ").filter(!Account::fields().name().eq("Ann")).exec(db())), V({"a2"}));
  EXPECT_EQ(ids(Account::filter_by_country("NZ").filter(Account::fields().id().ne("a1")).exec(db())), V({"a2"}));
  // in_list on an indexed field: one Query per value on a key-value store.
  rec_->reset();
  auto some = Account::filter(Account::fields().country().in_list(std::vector<std::string>{"AU", "FR", "XX"}))
                  .exec(db());
  EXPECT_EQ(ids(some), V({"a3", "a4"}));
  if (kv()) {
    EXPECT_EQ(ops("query_pk"), 3u);
  }
  // An OR of indexed conditions: the union of both.
  auto either = Account::filter(Account::fields().country().eq("AU") || Account::fields().email().eq("a1@x.io"))
                    .exec(db());
  EXPECT_EQ(ids(either), V({"a1", "a3"}));
}

TEST_F(Kv, PartitionAndSortKeyConditions) {
  messages("general", 5);
  messages("random", 2);
  auto F = Message::fields();
  auto in_general = [&](const toasty::Filter& f) {
    return seqs(Message::filter_by_channel("general").filter(f).order_by(F.seq().asc()).exec(db()));
  };
  rec_->reset();
  EXPECT_EQ(seqs(Message::filter_by_channel("general").order_by(F.seq().asc()).exec(db())), S({1, 2, 3, 4, 5}));
  if (kv()) {
    EXPECT_EQ(rec_->kinds(), std::vector<std::string>{"query_pk"});
  }
  EXPECT_EQ(seqs(Message::filter_by_channel("random").order_by(F.seq().asc()).exec(db())), S({1, 2}));
  EXPECT_EQ(in_general(F.seq().gt(2)), S({3, 4, 5}));
  EXPECT_EQ(in_general(F.seq().le(3)), S({1, 2, 3}));
  EXPECT_EQ(in_general(F.seq().ge(2) && F.seq().le(4)), S({2, 3, 4}));  // BETWEEN
  EXPECT_EQ(in_general(F.seq().gt(1) && F.seq().lt(4)), S({2, 3}));
  EXPECT_EQ(in_general(F.seq().gt(4) && F.seq().lt(2)), S({}));
  EXPECT_EQ(in_general(F.seq().eq(3)), S({3}));
  EXPECT_EQ(in_general(F.seq().ne(3)), S({1, 2, 4, 5}));
  // Descending by the sort key, with a limit.
  EXPECT_EQ(seqs(Message::filter_by_channel("general").order_by(F.seq().desc()).limit(2).exec(db())), S({5, 4}));
  // Full key.
  EXPECT_EQ(Message::get_by_channel_and_seq(db(), "random", 2).body, "random #2");
  EXPECT_THROW(Message::get_by_channel_and_seq(db(), "random", 3), toasty::NotFound);
  // GSI on the author.
  Message::create().channel("random").seq(10).author("bob").body("hi").exec(db());
  auto bobs = Message::filter_by_author("bob").exec(db());
  ASSERT_EQ(bobs.size(), 1u);
  EXPECT_EQ(bobs[0].seq, 10);
}

TEST_F(Kv, IndexWithSortKey) {
  auto task = [&](const char* id, const char* owner, const char* due) {
    Task::create().id(id).owner(owner).due(due).title(std::string("task ") + id).exec(db());
  };
  task("t1", "ann", "2026-01-05");
  task("t2", "ann", "2026-01-20");
  task("t3", "ann", "2026-02-01");
  task("t4", "bob", "2026-01-07");
  auto F = Task::fields();
  auto titles = [](const std::vector<Task>& v) {
    std::vector<std::string> out;
    for (const auto& t : v) out.push_back(t.id);
    return out;
  };
  rec_->reset();
  auto january = Task::filter_by_owner("ann").filter(F.due().starts_with("2026-01")).order_by(F.due().asc()).exec(db());
  EXPECT_EQ(titles(january), V({"t1", "t2"}));
  if (kv()) {  // begins_with on the GSI sort key
    EXPECT_EQ(rec_->kinds(), std::vector<std::string>{"query_pk"});
  }
  EXPECT_EQ(titles(Task::filter_by_owner("ann").order_by(F.due().desc()).exec(db())), V({"t3", "t2", "t1"}));
  EXPECT_EQ(titles(Task::filter_by_owner_and_due("ann", "2026-02-01").exec(db())), V({"t3"}));
  EXPECT_EQ(titles(Task::filter_by_owner("ann").filter(F.due().ge("2026-01-10")).order_by(F.due().asc()).exec(db())),
            V({"t2", "t3"}));
  // Both owners, merged in due order.
  auto both = Task::filter(F.owner().in_list(std::vector<std::string>{"ann", "bob"})).order_by(F.due().asc()).exec(db());
  EXPECT_EQ(titles(both), V({"t1", "t4", "t2", "t3"}));
}

TEST_F(Kv, UpdateByKeyAndByQuery) {
  Account a = account("a1", "Ann", "NZ");
  account("a2", "Bob", "NZ");
  account("a3", "Cat", "AU");
  rec_->reset();
  a.update().nickname("annie").karma(7).exec(db());
  if (kv()) {  // no read first
    EXPECT_EQ(rec_->kinds(), std::vector<std::string>{"update_by_key"});
  }
  EXPECT_EQ(a.karma, 7);
  Account again = Account::get_by_id(db(), "a1");
  EXPECT_EQ(again.nickname, std::optional<std::string>("annie"));
  EXPECT_EQ(again.karma, 7);
  a.update().nickname(std::nullopt).exec(db());  // back to NULL
  EXPECT_EQ(Account::get_by_id(db(), "a1").nickname, std::nullopt);

  Account::filter_by_country("NZ").update().active(false).exec(db());
  EXPECT_FALSE(Account::get_by_id(db(), "a1").active);
  EXPECT_FALSE(Account::get_by_id(db(), "a2").active);
  EXPECT_TRUE(Account::get_by_id(db(), "a3").active);
  // Updating a key that does not exist changes nothing (and creates nothing).
  Account::filter_by_id("ghost").update().name("Ghost").exec(db());
  EXPECT_THROW(Account::get_by_id(db(), "ghost"), toasty::NotFound);
  // The residual condition is checked on the item.
  Account::filter_by_id("a3").filter(Account::fields().name().eq("Nope")).update().karma(99).exec(db());
  EXPECT_EQ(Account::get_by_id(db(), "a3").karma, 0);
}

TEST_F(Kv, UpdateOfAUniqueValueMovesTheIndexEntry) {
  Account a = account("a1", "Ann", "NZ");
  account("a2", "Bob", "NZ");
  a.update().email("ann@new.io").exec(db());
  EXPECT_EQ(Account::get_by_email(db(), "ann@new.io").id, "a1");
  EXPECT_THROW(Account::get_by_email(db(), "a1@x.io"), toasty::NotFound);
  // The old value is free again.
  Account::create().id("a9").name("Taker").email("a1@x.io").country("AU").exec(db());
  EXPECT_EQ(Account::get_by_email(db(), "a1@x.io").id, "a9");
  // Taking someone else's value is refused, and nothing changes.
  try {
    a.update().email("a2@x.io").name("Changed").exec(db());
    FAIL() << "expected a unique violation";
  } catch (const toasty::UniqueViolation& e) {
    ASSERT_EQ(e.fields().size(), 1u);
    EXPECT_EQ(e.fields()[0], "email");
  }
  Account now = Account::get_by_id(db(), "a1");
  EXPECT_EQ(now.email, "ann@new.io");
  EXPECT_EQ(now.name, "Ann");
  EXPECT_EQ(Account::get_by_email(db(), "a2@x.io").id, "a2");
  // An optional unique value: NULLs never collide, and clearing it frees the value.
  Message::create().channel("c").seq(1).author("ann").body("one").slug("hello").exec(db());
  Message::create().channel("c").seq(2).author("ann").body("two").exec(db());
  Message::create().channel("c").seq(3).author("ann").body("three").exec(db());
  EXPECT_THROW(Message::create().channel("c").seq(4).author("ann").body("dup").slug("hello").exec(db()),
               toasty::UniqueViolation);
  Message m1 = Message::get_by_slug(db(), "hello");
  EXPECT_EQ(m1.seq, 1);
  m1.update().slug(std::nullopt).exec(db());
  EXPECT_THROW(Message::get_by_slug(db(), "hello"), toasty::NotFound);
  Message m2 = Message::get_by_channel_and_seq(db(), "c", 2);
  m2.update().slug("hello").exec(db());
  EXPECT_EQ(Message::get_by_slug(db(), "hello").seq, 2);
}

TEST_F(Kv, RemoveByKeyAndByQuery) {
  Account a = account("a1", "Ann", "NZ");
  account("a2", "Bob", "NZ");
  account("a3", "Cat", "AU");
  a.remove(db());
  EXPECT_THROW(Account::get_by_id(db(), "a1"), toasty::NotFound);
  EXPECT_THROW(Account::get_by_email(db(), "a1@x.io"), toasty::NotFound);
  // Its unique value is free again.
  Account::create().id("a4").name("New").email("a1@x.io").country("NZ").exec(db());
  EXPECT_EQ(Account::filter_by_country("NZ").remove(db()), 2u);
  EXPECT_TRUE(Account::filter_by_country("NZ").exec(db()).empty());
  EXPECT_EQ(Account::get_by_id(db(), "a3").name, "Cat");
  EXPECT_EQ(Account::filter_by_id("a3").filter(Account::fields().name().eq("Nope")).remove(db()), 0u);
  EXPECT_EQ(Account::filter_by_id("ghost").remove(db()), 0u);
  // Messages: by partition + sort-key condition.
  messages("general", 5);
  EXPECT_EQ(Message::filter_by_channel("general").filter(Message::fields().seq().ge(4)).remove(db()), 2u);
  EXPECT_EQ(seqs(Message::filter_by_channel("general").order_by(Message::fields().seq().asc()).exec(db())),
            S({1, 2, 3}));
}

TEST_F(Kv, PagingThroughLimitAndOffset) {
  messages("log", 25);
  auto F = Message::fields();
  std::vector<std::int64_t> all;
  for (std::uint64_t page = 0;; ++page) {
    auto rows = Message::filter_by_channel("log").order_by(F.seq().asc()).limit(10).offset(page * 10).exec(db());
    for (const auto& m : rows) all.push_back(m.seq);
    if (rows.size() < 10) break;
  }
  ASSERT_EQ(all.size(), 25u);
  for (std::size_t i = 0; i < all.size(); ++i) EXPECT_EQ(all[i], static_cast<std::int64_t>(i + 1));
  auto first = Message::filter_by_channel("log").order_by(F.seq().desc()).first(db());
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->seq, 25);
  // A residual filter and a limit: the limit counts matching items.
  auto even = Message::filter_by_channel("log").filter(F.body().ne("log #2")).order_by(F.seq().asc()).limit(3).exec(db());
  EXPECT_EQ(seqs(even), S({1, 3, 4}));
}

TEST_F(Kv, EveryScalarTypeRoundTrips) {
  using L8 = std::numeric_limits<std::int8_t>;
  using L64 = std::numeric_limits<std::int64_t>;
  const toasty::Bytes blob = {0, 1, 2, 0xfe, 0xff, 0};
  const std::uint64_t ubig = db().driver().capability().full_u64 ? std::numeric_limits<std::uint64_t>::max()
                                                                   : static_cast<std::uint64_t>(L64::max());
  Gadget::create().code("g1").flag(true).tiny(L8::min()).small(-32768).medium(-2147483647 - 1).big(L64::min())
      .utiny(255).usmall(65535).umedium(4294967295u).ubig(ubig).weight(1.5f).ratio(-2.25e100)
      .text("naïve ☕ 🍕 \t\n").blob(blob).maybe(42).exec(db());
  Gadget::create().code("g2").flag(false).tiny(0).small(0).medium(0).big(L64::max()).utiny(0).usmall(0)
      .umedium(0).ubig(0).weight(0).ratio(0).text("").blob({}).exec(db());
  Gadget g = Gadget::get_by_code(db(), "g1");
  EXPECT_TRUE(g.flag);
  EXPECT_EQ(g.tiny, L8::min());
  EXPECT_EQ(g.small, -32768);
  EXPECT_EQ(g.medium, -2147483647 - 1);
  EXPECT_EQ(g.big, L64::min());
  EXPECT_EQ(g.utiny, 255);
  EXPECT_EQ(g.usmall, 65535);
  EXPECT_EQ(g.umedium, 4294967295u);
  EXPECT_EQ(g.ubig, ubig);
  EXPECT_FLOAT_EQ(g.weight, 1.5f);
  EXPECT_DOUBLE_EQ(g.ratio, -2.25e100);
  EXPECT_EQ(g.text, "naïve ☕ 🍕 \t\n");
  EXPECT_EQ(g.blob, blob);
  EXPECT_EQ(g.maybe, std::optional<std::int32_t>(42));
  Gadget h = Gadget::get_by_code(db(), "g2");
  EXPECT_FALSE(h.flag);
  EXPECT_EQ(h.big, L64::max());
  EXPECT_EQ(h.text, "");
  EXPECT_TRUE(h.blob.empty());
  EXPECT_EQ(h.maybe, std::nullopt);
  // DynamoDB numbers stop at 9.99e125: larger doubles are refused, never rounded.
  auto huge = Gadget::create().code("g3").flag(false).tiny(0).small(0).medium(0).big(0).utiny(0).usmall(0)
                  .umedium(0).ubig(0).weight(0).ratio(-2.25e300).text("").blob({});
  if (db().driver().name() == "dynamodb") {
    EXPECT_THROW(huge.exec(db()), toasty::TypeConversion);
    EXPECT_THROW(Gadget::get_by_code(db(), "g3"), toasty::NotFound);
  } else {
    huge.exec(db());
    EXPECT_DOUBLE_EQ(Gadget::get_by_code(db(), "g3").ratio, -2.25e300);
    Gadget::filter_by_code("g3").remove(db());
  }
  // A bool index, and residual filters on every kind of value.
  auto F = Gadget::fields();
  EXPECT_EQ(Gadget::filter_by_flag(true).exec(db()).size(), 1u);
  EXPECT_EQ(Gadget::filter_by_flag(false).exec(db())[0].code, "g2");
  EXPECT_EQ(Gadget::filter_by_flag(true).filter(F.ratio().lt(0.0) && F.tiny().lt(0)).exec(db()).size(), 1u);
  EXPECT_EQ(Gadget::filter_by_flag(false).filter(F.maybe().is_none()).exec(db()).size(), 1u);
  EXPECT_EQ(Gadget::filter_by_flag(true).filter(F.blob().eq(blob)).exec(db()).size(), 1u);
  EXPECT_EQ(Gadget::filter_by_flag(true).filter(F.text().starts_with("naï")).exec(db()).size(), 1u);
  EXPECT_EQ(Gadget::filter_by_flag(true).filter(F.ubig().ge(ubig)).exec(db()).size(), 1u);
}

TEST_F(Kv, EmptyStringsInKeysAndValues) {
  EXPECT_THROW(Account::get_by_id(db(), ""), toasty::NotFound);
  EXPECT_THROW(Account::get_by_email(db(), ""), toasty::NotFound);
  EXPECT_TRUE(Account::filter_by_country("").exec(db()).empty());
  EXPECT_EQ(Account::filter_by_id("").remove(db()), 0u);
  // Strings outside keys and indexes may be empty everywhere.
  Account::create().id("e1").name("").email("e1@x.io").country("NZ").nickname("").exec(db());
  Account e = Account::get_by_id(db(), "e1");
  EXPECT_EQ(e.name, "");
  EXPECT_EQ(e.nickname, std::optional<std::string>(""));
  // An empty indexed value: DynamoDB keys cannot be empty, and the error says which column.
  auto empty_country = Account::create().id("e2").name("x").email("e2@x.io").country("");
  if (kv()) {
    try {
      empty_country.exec(db());
      FAIL() << "expected InvalidStatement";
    } catch (const toasty::InvalidStatement& err) {
      EXPECT_TRUE(contains(err.what(), "\"country\"")) << err.what();
      EXPECT_TRUE(contains(err.what(), "empty")) << err.what();
    }
    EXPECT_THROW(Account::get_by_id(db(), "e2"), toasty::NotFound);
  } else {
    empty_country.exec(db());
    EXPECT_EQ(Account::filter_by_country("").exec(db()).size(), 1u);
  }
  // Bounds of "" on a string sort key: every key is above it.
  Task::create().id("t1").owner("ann").due("2026-01-05").title("x").exec(db());
  auto F = Task::fields();
  EXPECT_EQ(Task::filter_by_owner("ann").filter(F.due().ge("")).exec(db()).size(), 1u);
  EXPECT_EQ(Task::filter_by_owner("ann").filter(F.due().gt("")).exec(db()).size(), 1u);
  EXPECT_EQ(Task::filter_by_owner("ann").filter(F.due().starts_with("")).exec(db()).size(), 1u);
  EXPECT_TRUE(Task::filter_by_owner("ann").filter(F.due().le("")).exec(db()).empty());
  EXPECT_TRUE(Task::filter_by_owner_and_due("ann", "").exec(db()).empty());
}

// What a key-value store cannot serve is refused before anything is read, naming the
// table, the model and the field; SQL databases serve the same queries.
TEST_F(Kv, UnindexedFiltersAreRefusedNamingTheField) {
  account("a1", "Ann", "NZ");
  account("a2", "Bob", "AU");
  auto F = Account::fields();
  auto expect_refused = [&](auto&& run, std::initializer_list<const char*> parts) {
    rec_->reset();
    try {
      run();
      ADD_FAILURE() << "expected UnsupportedQuery";
    } catch (const toasty::UnsupportedQuery& e) {
      for (const char* p : parts) EXPECT_TRUE(contains(e.what(), p)) << "missing \"" << p << "\" in: " << e.what();
    }
    EXPECT_EQ(rec_->statements(), 0u) << "nothing is read before refusing";
  };
  if (!kv()) {
    EXPECT_EQ(ids(Account::filter(F.name().eq("Ann")).exec(db())), V({"a1"}));
    EXPECT_EQ(ids(Account::all().exec(db())), V({"a1", "a2"}));
    EXPECT_EQ(ids(Account::filter_by_country("NZ").order_by(F.name().asc()).exec(db())), V({"a1"}));
    EXPECT_EQ(ids(Account::filter(F.id().starts_with("a")).exec(db())), V({"a1", "a2"}));
    EXPECT_EQ(ids(Account::filter(F.id().ne("a1")).exec(db())), V({"a2"}));
    EXPECT_EQ(ids(Account::filter(F.name().eq("Ann") || F.country().eq("AU")).exec(db())), V({"a1", "a2"}));
    return;
  }
  expect_refused([&] { Account::filter(F.name().eq("Ann")).exec(db()); },
                 {"\"accounts\"", "Account", "\"name\"", "#[index] to name", ".allow_full_scan()"});
  expect_refused([&] { Account::all().exec(db()); }, {"\"accounts\"", "no filter", "Scan", ".allow_full_scan()"});
  expect_refused([&] { Account::filter_by_country("NZ").order_by(F.name().asc()).exec(db()); },
                 {"\"accounts\"", "orders by \"name\"", "sort key"});
  expect_refused([&] { Account::filter(F.id().starts_with("a")).exec(db()); }, {"starts_with", "\"id\""});
  expect_refused([&] { Account::filter(F.id().ne("a1")).exec(db()); }, {"`!=`", "\"id\""});
  expect_refused([&] { Account::filter(F.name().eq("Ann") || F.country().eq("AU")).exec(db()); },
                 {"\"name\"", "OR"});
  expect_refused([&] { Account::filter(F.karma().gt(3)).update().name("x").exec(db()); }, {"\"karma\""});
  expect_refused([&] { Account::filter(F.karma().gt(3)).remove(db()); }, {"\"karma\""});
  expect_refused([&] { Message::filter(Message::fields().seq().eq(1)).exec(db()); },
                 {"\"messages\"", "\"seq\"", "partition key \"channel\""});
  // Nothing was changed by the refused writes.
  EXPECT_EQ(Account::get_by_id(db(), "a1").name, "Ann");
  EXPECT_EQ(Account::get_by_id(db(), "a2").name, "Bob");
}

// A full-table read happens only when the query asks for it: without allow_full_scan()
// a key-value backend refuses, naming the opt-in; with it, it reads the table with a Scan
// (the filter as its FilterExpression). A key or an index still serves when one can. SQL
// databases serve both alike.
TEST_F(Kv, FullTableReadOnlyWhenAskedFor) {
  account("a1", "Ann", "NZ", 1);
  account("a2", "Bob", "NZ", 5);
  account("a3", "Cat", "AU", 9);
  account("a4", "Dan", "AU", 4);
  auto F = Account::fields();
  using K = std::vector<std::string>;
  if (kv()) {
    auto expect_refused = [&](auto&& run) {
      rec_->reset();
      try {
        run();
        ADD_FAILURE() << "expected UnsupportedQuery";
      } catch (const toasty::UnsupportedQuery& e) {
        EXPECT_TRUE(contains(e.what(), ".allow_full_scan()")) << e.what();
        EXPECT_TRUE(contains(e.what(), "\"accounts\"")) << e.what();
      }
      EXPECT_EQ(rec_->statements(), 0u) << "nothing is read before refusing";
    };
    expect_refused([&] { Account::all().exec(db()); });
    expect_refused([&] { Account::filter(F.karma().gt(3)).exec(db()); });
    expect_refused([&] { Account::filter(F.karma().gt(3)).first(db()); });
    expect_refused([&] { Account::filter(F.karma().gt(3)).update().active(false).exec(db()); });
    expect_refused([&] { Account::filter(F.karma().gt(3)).remove(db()); });
  }

  rec_->reset();
  EXPECT_EQ(ids(Account::all().allow_full_scan().exec(db())), V({"a1", "a2", "a3", "a4"}));
  if (kv()) {
    EXPECT_EQ(rec_->kinds(), K{"scan"});
  }
  rec_->reset();
  EXPECT_EQ(ids(Account::filter(F.karma().gt(3)).allow_full_scan().exec(db())), V({"a2", "a3", "a4"}));
  if (kv()) {
    EXPECT_EQ(rec_->kinds(), K{"scan"});
  }
  // OR branches without an index, starts_with and != on the partition key: one Scan.
  EXPECT_EQ(ids(Account::filter(F.name().eq("Ann") || F.karma().ge(9)).allow_full_scan().exec(db())),
            V({"a1", "a3"}));
  EXPECT_EQ(ids(Account::filter(F.id().starts_with("a")).filter(F.id().ne("a2")).allow_full_scan().exec(db())),
            V({"a1", "a3", "a4"}));
  // limit counts matching items; first(); ordering by a non-key column is sorted in memory.
  rec_->reset();
  EXPECT_EQ(Account::filter(F.karma().gt(3)).allow_full_scan().limit(2).exec(db()).size(), 2u);
  if (kv()) {
    EXPECT_EQ(rec_->kinds(), K{"scan"});
  }
  auto cat = Account::filter(F.name().eq("Cat")).allow_full_scan().first(db());
  ASSERT_TRUE(cat.has_value());
  EXPECT_EQ(cat->id, "a3");
  auto top = Account::filter(F.karma().gt(3)).allow_full_scan().order_by(F.karma().desc()).limit(2).exec(db());
  ASSERT_EQ(top.size(), 2u);
  EXPECT_EQ(top[0].id, "a3");
  EXPECT_EQ(top[1].id, "a2");
  auto by_name = Account::all().allow_full_scan().order_by(F.name().asc()).offset(1).limit(2).exec(db());
  ASSERT_EQ(by_name.size(), 2u);
  EXPECT_EQ(by_name[0].name, "Bob");
  EXPECT_EQ(by_name[1].name, "Cat");
  // A key or an index still serves when the filter has one: no Scan.
  rec_->reset();
  EXPECT_EQ(ids(Account::filter_by_country("NZ").allow_full_scan().exec(db())), V({"a1", "a2"}));
  EXPECT_EQ(Account::filter_by_id("a4").allow_full_scan().get(db()).name, "Dan");
  if (kv()) {
    EXPECT_EQ(ops("scan"), 0u);
    EXPECT_EQ(ops("query_pk"), 1u);
    EXPECT_EQ(ops("get_by_key"), 1u);
  }
  // Across the partitions of a table with a sort key.
  messages("x", 3);
  messages("y", 3);
  EXPECT_EQ(seqs(Message::filter(Message::fields().seq().ge(2)).allow_full_scan()
                     .order_by(Message::fields().seq().asc()).exec(db())),
            S({2, 2, 3, 3}));

  // Update by a full-table read: the matching keys by Scan, then item by item.
  rec_->reset();
  Account::filter(F.karma().gt(3)).allow_full_scan().update().active(false).exec(db());
  if (kv()) {
    EXPECT_EQ(ops("scan"), 1u);
    EXPECT_EQ(ops("update_by_key"), 3u);
  }
  EXPECT_TRUE(Account::get_by_id(db(), "a1").active);
  EXPECT_FALSE(Account::get_by_id(db(), "a2").active);
  EXPECT_FALSE(Account::get_by_id(db(), "a3").active);
  EXPECT_FALSE(Account::get_by_id(db(), "a4").active);
  // Remove by a full-table read; the unique-index entries go too.
  rec_->reset();
  EXPECT_EQ(Account::filter(F.active().eq(false)).allow_full_scan().remove(db()), 3u);
  if (kv()) {
    EXPECT_EQ(ops("scan"), 1u);
    EXPECT_EQ(ops("delete_by_key"), 1u);
  }
  EXPECT_EQ(ids(Account::all().allow_full_scan().exec(db())), V({"a1"}));
  Account::create().id("a5").name("Eve").email("a2@x.io").country("NZ").exec(db());
  EXPECT_EQ(Account::get_by_email(db(), "a2@x.io").id, "a5");

  // It covers the whole query: a relation filter without an index, a cascading removal.
  Author::create().id("ann").name("Ann").post(Post::create().id("p1").title("Hello")).exec(db());
  Author::create().id("bob").name("Bob").post(Post::create().id("p2").title("Other")).exec(db());
  auto hello = Author::fields().posts().title().eq("Hello");
  auto found = Author::filter(hello).allow_full_scan().exec(db());
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].id, "ann");
  EXPECT_EQ(Author::filter(Author::fields().name().eq("Bob")).allow_full_scan().remove(db()), 1u);
  EXPECT_TRUE(Post::filter_by_author_id("bob").exec(db()).empty());
  EXPECT_EQ(Post::filter_by_author_id("ann").exec(db()).size(), 1u);
}

TEST_F(Kv, RelationsThroughIndexedForeignKeys) {
  auto ann = Author::create().id("ann").name("Ann")
                 .post(Post::create().id("p1").title("Hello"))
                 .post(Post::create().id("p2").title("Again"))
                 .exec(db());
  Author::create().id("bob").name("Bob").post(Post::create().id("p3").title("Bob's")).exec(db());
  Author::create().id("cat").name("Cat").exec(db());
  ASSERT_EQ(ann.posts.get().size(), 2u);
  // Scoped query: the foreign key's index.
  rec_->reset();
  EXPECT_EQ(sorted(ann.posts().exec(db()), [](const Post& p) { return p.title; }), V({"Again", "Hello"}));
  if (kv()) {
    EXPECT_EQ(rec_->kinds(), std::vector<std::string>{"query_pk"});
  }
  // has_many preload: one read of the authors, one Query per author on a key-value store.
  rec_->reset();
  auto authors = Author::filter(Author::fields().id().in_list(std::vector<std::string>{"ann", "bob", "cat"}))
                     .include(Author::fields().posts())
                     .order_by(Author::fields().id().asc())
                     .exec(db());
  ASSERT_EQ(authors.size(), 3u);
  EXPECT_EQ(authors[0].posts.get().size(), 2u);
  EXPECT_EQ(authors[1].posts.get().size(), 1u);
  EXPECT_TRUE(authors[2].posts.get().empty());
  if (kv()) {
    EXPECT_EQ(ops("get_by_key"), 1u);
    EXPECT_EQ(ops("query_pk"), 3u);
  }
  // belongs_to preload: one BatchGetItem for the parents.
  rec_->reset();
  auto posts = Post::filter(Post::fields().id().in_list(std::vector<std::string>{"p1", "p3"}))
                   .include(Post::fields().author())
                   .exec(db());
  ASSERT_EQ(posts.size(), 2u);
  for (const auto& p : posts) EXPECT_EQ(p.author.get().id, p.author_id);
  if (kv()) {
    EXPECT_EQ(rec_->kinds(), (std::vector<std::string>{"get_by_key", "get_by_key"}));
  }
  EXPECT_EQ(Post::get_by_id(db(), "p3").author().get(db()).name, "Bob");
  // A relation filter through a key: the subquery is read first, then the key.
  auto by_post = Author::filter(Author::fields().posts().id().eq("p3")).exec(db());
  ASSERT_EQ(by_post.size(), 1u);
  EXPECT_EQ(by_post[0].id, "bob");
  // Removing an author removes its posts (the cascade reads them through the index).
  ann.remove(db());
  EXPECT_THROW(Post::get_by_id(db(), "p1"), toasty::NotFound);
  EXPECT_THROW(Post::get_by_id(db(), "p2"), toasty::NotFound);
  EXPECT_EQ(Post::get_by_id(db(), "p3").title, "Bob's");
  EXPECT_EQ(Author::filter_by_id("bob").remove(db()), 1u);
  EXPECT_THROW(Post::get_by_id(db(), "p3"), toasty::NotFound);
}

// A nested create is one TransactWriteItems on DynamoDB (a transaction on SQL): a
// duplicate anywhere in it writes nothing; past DynamoDB's 100 actions it is refused whole.
TEST_F(Kv, NestedCreateIsOneAtomicWrite) {
  Author::create().id("bob").name("Bob").post(Post::create().id("p1").title("Bob's")).exec(db());
  auto post_ids = [&](const std::string& author) {
    return sorted(Author::get_by_id(db(), author).posts().exec(db()), [](const Post& p) { return p.id; });
  };
  // An existing post key.
  try {
    Author::create().id("ann").name("Ann").post(Post::create().id("p2").title("new"))
        .post(Post::create().id("p1").title("taken")).exec(db());
    FAIL() << "expected UniqueViolation";
  } catch (const toasty::UniqueViolation& e) {
    EXPECT_EQ(e.model(), "Post") << e.what();
    EXPECT_EQ(e.fields(), std::vector<std::string>{"id"}) << e.what();
  }
  // The same key twice in one create.
  EXPECT_THROW(Author::create().id("ann").name("Ann").post(Post::create().id("p2").title("x"))
                   .post(Post::create().id("p2").title("y")).exec(db()),
               toasty::UniqueViolation);
  EXPECT_THROW(Author::get_by_id(db(), "ann"), toasty::NotFound);
  EXPECT_THROW(Post::get_by_id(db(), "p2"), toasty::NotFound);
  EXPECT_EQ(Post::get_by_id(db(), "p1").title, "Bob's");
  // A post with its author created inline, in one request.
  rec_->reset();
  auto post = Post::create().id("p2").title("hi").author(Author::create().id("ann").name("Ann")).exec(db());
  EXPECT_EQ(post.author.get().name, "Ann");
  if (kv()) {
    EXPECT_EQ(rec_->kinds(), std::vector<std::string>{"transact_write"});
  }
  EXPECT_EQ(post_ids("ann"), V({"p2"}));
  // 120 posts: more than one TransactWriteItems holds (100 actions): refused before anything
  // is written on DynamoDB, never written in part.
  auto big = Author::create().id("cat").name("Cat");
  for (int i = 0; i < 120; ++i) big.post(Post::create().id("c" + std::to_string(1000 + i)).title("t"));
  if (kv()) {
    try {
      big.exec(db());
      FAIL() << "expected UnsupportedQuery";
    } catch (const toasty::UnsupportedQuery& e) {
      EXPECT_TRUE(contains(e.what(), "at most 100 actions")) << e.what();
      EXPECT_TRUE(contains(e.what(), "nothing was written")) << e.what();
    }
    EXPECT_THROW(Author::get_by_id(db(), "cat"), toasty::NotFound);
    EXPECT_THROW(Post::get_by_id(db(), "c1000"), toasty::NotFound);
  } else {
    EXPECT_EQ(big.exec(db()).posts.get().size(), 120u);
    EXPECT_EQ(post_ids("cat").size(), 120u);
  }
}

TEST_F(Kv, RelationFilterWithoutAnIndexIsRefused) {
  Author::create().id("ann").name("Ann").post(Post::create().id("p1").title("Hello")).exec(db());
  auto filter = Author::fields().posts().title().eq("Hello");
  if (!kv()) {
    EXPECT_EQ(Author::filter(filter).exec(db()).size(), 1u);
    return;
  }
  try {
    Author::filter(filter).exec(db());
    FAIL() << "expected UnsupportedQuery";
  } catch (const toasty::UnsupportedQuery& e) {
    EXPECT_TRUE(contains(e.what(), "relation filter")) << e.what();
    EXPECT_TRUE(contains(e.what(), "\"posts\"")) << e.what();
    EXPECT_TRUE(contains(e.what(), "\"title\"")) << e.what();
    EXPECT_TRUE(contains(e.what(), "\"writers\"")) << e.what();
  }
}

// What the ORM wrote, read back with the raw DynamoDB client: one attribute per non-NULL
// column with DynamoDB's own types, and the unique-index table pointing at the item.
TEST_F(Kv, RawClientSeesTheItemsTheOrmWrote) {
  if (toasty_test::backend_name() != "dynamodb") GTEST_SKIP() << "DynamoDB only (reads with the raw client)";
#ifndef TOASTY_HAVE_DYNAMODB
  GTEST_SKIP() << "built without the DynamoDB driver";
#else
  namespace ddb = toasty::dynamodb;
  Account::create().id("a1").name("Ann").email("ann@x.io").country("NZ").karma(-3).exec(db());
  Message::create().channel("general").seq(7).author("ann").body("hi").slug("first").exec(db());
  ddb::Client client(ddb::Config::from_url(url_));
  auto item = client.get_item({{"TableName", "accounts"}, {"Key", {{"id", ddb::av::string("a1")}}}});
  ASSERT_TRUE(item.has_value());
  EXPECT_EQ((*item)["name"], ddb::av::string("Ann"));
  EXPECT_EQ((*item)["email"], ddb::av::string("ann@x.io"));
  EXPECT_EQ((*item)["karma"], ddb::av::number(-3));
  EXPECT_EQ((*item)["active"], ddb::av::boolean(true));
  EXPECT_FALSE(item->contains("nickname")) << item->dump();  // NULL: no attribute
  auto entry = client.get_item({{"TableName", "accounts__index_accounts_by_email"},
                                {"Key", {{"email", ddb::av::string("ann@x.io")}}}});
  ASSERT_TRUE(entry.has_value());
  EXPECT_EQ((*entry)["id"], ddb::av::string("a1"));
  auto msg = client.get_item(
      {{"TableName", "messages"}, {"Key", {{"channel", ddb::av::string("general")}, {"seq", ddb::av::number(7)}}}});
  ASSERT_TRUE(msg.has_value());
  EXPECT_EQ((*msg)["body"], ddb::av::string("hi"));
  EXPECT_EQ((*msg)["likes"], ddb::av::number(0));
  // The tables' key schemas and the GSIs.
  auto desc = client.describe_table("messages");
  ASSERT_EQ(desc["KeySchema"].size(), 2u);
  EXPECT_EQ(desc["KeySchema"][0]["AttributeName"], "channel");
  EXPECT_EQ(desc["KeySchema"][0]["KeyType"], "HASH");
  EXPECT_EQ(desc["KeySchema"][1]["AttributeName"], "seq");
  EXPECT_EQ(desc["KeySchema"][1]["KeyType"], "RANGE");
  ASSERT_EQ(desc["GlobalSecondaryIndexes"].size(), 1u);
  EXPECT_EQ(desc["GlobalSecondaryIndexes"][0]["IndexName"], "index_messages_by_author");
  // Custom table and column names are DynamoDB's names.
  Author::create().id("w1").name("Wendy").exec(db());
  auto writer = client.get_item({{"TableName", "writers"}, {"Key", {{"id", ddb::av::string("w1")}}}});
  ASSERT_TRUE(writer.has_value());
  EXPECT_EQ((*writer)["full_name"], ddb::av::string("Wendy"));
  // The driver's Scan operation (the engine never plans one by itself).
  {
    const auto& schema = db().schema();
    std::size_t table = schema.mapping(schema.model_id(&Account::model())).table;
    auto lease = db().pool().acquire();
    auto r = lease->exec(toasty::driver::Scan{
        &schema.db(), table, {0, 1},
        toasty::stmt::binary(toasty::stmt::BinaryOp::Lt, toasty::stmt::column(table, 5),
                             toasty::stmt::value(toasty::Value(std::int64_t{0}))),
        std::nullopt});
    ASSERT_EQ(r.rows.size(), 1u);
    EXPECT_EQ(r.rows.row(0)[1], toasty::Value("Ann"));
  }
  // And an item written with the raw client reads through the ORM.
  client.put_item({{"TableName", "accounts"},
                   {"Item",
                    {{"id", ddb::av::string("raw")},
                     {"name", ddb::av::string("Raw")},
                     {"email", ddb::av::string("raw@x.io")},
                     {"country", ddb::av::string("NZ")},
                     {"karma", ddb::av::number(5)},
                     {"active", ddb::av::boolean(false)}}}});
  Account raw = Account::get_by_id(db(), "raw");
  EXPECT_EQ(raw.karma, 5);
  EXPECT_FALSE(raw.active);
  EXPECT_EQ(ids(Account::filter_by_country("NZ").exec(db())), V({"a1", "raw"}));
#endif
}

TEST_F(Kv, ThreadsShareThePoolAndRaceForAUniqueValue) {
  constexpr int kThreads = 4, kPer = 10;
  std::atomic<int> errors{0}, wins{0}, duplicates{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      try {
        for (int i = 0; i < kPer; ++i) {
          std::string id = "t" + std::to_string(t) + "-" + std::to_string(i);
          Account::create().id(id).name(id).email(id + "@x.io").country("T" + std::to_string(t)).exec(db());
          if (Account::get_by_id(db(), id).name != id) ++errors;
        }
        try {
          Account::create().id("racer" + std::to_string(t)).name("r").email("race@x.io").country("R").exec(db());
          ++wins;
        } catch (const toasty::UniqueViolation&) {
          ++duplicates;
        }
      } catch (const std::exception& e) {
        ADD_FAILURE() << e.what();
        ++errors;
      }
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(wins.load(), 1);
  EXPECT_EQ(duplicates.load(), kThreads - 1);
  for (int t = 0; t < kThreads; ++t)
    EXPECT_EQ(Account::filter_by_country("T" + std::to_string(t)).exec(db()).size(), static_cast<std::size_t>(kPer));
  EXPECT_EQ(Account::filter_by_country("R").exec(db()).size(), 1u);
}

// DynamoDB keys have one or two attributes: a model with three key fields is refused
// when its tables are created, naming the table and the fields.
TEST_F(Kv, PushSchemaRefusesMoreThanTwoKeyFields) {
  if (!kv()) GTEST_SKIP() << "key-value backends only (SQL keys may have any number of columns)";
  static const toasty::app::Model wide = [] {
    toasty::app::Model m;
    m.name = "Wide";
    m.fields = {{"a", toasty::ScalarType::String, false, false, std::nullopt, ""},
                {"b", toasty::ScalarType::String, false, false, std::nullopt, ""},
                {"c", toasty::ScalarType::String, false, false, std::nullopt, ""}};
    m.primary_key = {0, 1, 2};
    return m;
  }();
  auto wide_db = toasty::Db::connect(url_, toasty::ModelSet{&wide});
  try {
    wide_db.push_schema();
    FAIL() << "expected InvalidSchema";
  } catch (const toasty::InvalidSchema& e) {
    EXPECT_TRUE(contains(e.what(), "\"wides\"")) << e.what();
    EXPECT_TRUE(contains(e.what(), "\"a\", \"b\", \"c\"")) << e.what();
  }
}

}  // namespace

namespace {

// More than one page: DynamoDB answers at most 1 MB per Query or Scan and says where to go
// on (LastEvaluatedKey). 1.5 MB of messages in one channel, read back by a Query on the
// partition and by a full Scan, every item once and in order. (The other backends have no
// pages: the same test checks the same answer.)
TEST(KvPaging, AnswersLargerThanOnePageAreReadWhole) {
  std::string why;
  if (!toasty_test::backend_url(&why)) GTEST_SKIP() << why;
  toasty_test::RecordingDriver* rec = nullptr;
  auto db = toasty_test::fresh_db(kvapp::models(), &rec);
  const std::string body(7000, 'x');  // ~7 KB an item: 220 items > 1.5 MB
  constexpr int kItems = 220;
  auto batch = Message::create_many();
  for (int i = 0; i < kItems; ++i)
    batch.item(Message::create().channel("big").seq(i).author("a" + std::to_string(i % 3)).body(body));
  batch.exec(db);
  rec->reset();
  auto all = Message::filter_by_channel("big").exec(db);
  ASSERT_EQ(all.size(), static_cast<std::size_t>(kItems));
  for (int i = 0; i < kItems; ++i) {
    EXPECT_EQ(all[static_cast<std::size_t>(i)].seq, i);
    EXPECT_EQ(all[static_cast<std::size_t>(i)].body.size(), body.size());
  }
  auto scanned = Message::all().allow_full_scan().exec(db);
  EXPECT_EQ(scanned.size(), static_cast<std::size_t>(kItems));
  if (db.driver().capability().key_value()) {
    EXPECT_EQ(rec->statements("query_pk"), 1u);  // one operation; its pages are the driver's
  }
}

}  // namespace

