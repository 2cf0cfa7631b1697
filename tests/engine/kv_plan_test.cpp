// Key-value planning without a database: the operations the engine sends a key-value
// driver for each statement shape, what it refuses and with which message. The fake
// driver below keeps items in memory and answers the operations literally (it filters
// with the engine's own evaluator), so results can be checked too.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include <toasty/error.hpp>

#include "engine/engine.hpp"
#include "engine/kv.hpp"
#include "engine/plan.hpp"

namespace st = toasty::stmt;
namespace td = toasty::driver;
namespace en = toasty::engine;
using toasty::ScalarType;
using toasty::Value;

namespace {

// Account { #[key] id: String, #[unique] email: String, #[index] country: String,
//           karma: i64, #[auto] seq: u64 } (seq: an #[auto] field DynamoDB refuses;
//           a second model keeps it as its key)
const toasty::app::Model& account() {
  static const toasty::app::Model m = [] {
    toasty::app::Model d;
    d.name = "Account";
    d.fields = {{"id", ScalarType::String, false, false, std::nullopt, ""},
                {"email", ScalarType::String, false, false, std::nullopt, ""},
                {"country", ScalarType::String, false, false, std::nullopt, ""},
                {"karma", ScalarType::I64, false, false, Value(std::int64_t{0}), ""},
                {"name", ScalarType::String, true, false, std::nullopt, ""}};
    d.primary_key = {0};
    d.indexes = {{"", {1}, true}, {"", {2}, false}};
    return d;
  }();
  return m;
}

// Message { #[key(channel, seq)] channel: String, seq: i64, body: String }
const toasty::app::Model& message() {
  static const toasty::app::Model m = [] {
    toasty::app::Model d;
    d.name = "Message";
    d.fields = {{"channel", ScalarType::String, false, false, std::nullopt, ""},
                {"seq", ScalarType::I64, false, false, std::nullopt, ""},
                {"body", ScalarType::String, false, false, std::nullopt, ""}};
    d.primary_key = {0, 1};
    return d;
  }();
  return m;
}

// Counter { #[key] #[auto] id: u64 }
const toasty::app::Model& counter() {
  static const toasty::app::Model m = [] {
    toasty::app::Model d;
    d.name = "Counter";
    d.fields = {{"id", ScalarType::U64, false, true, std::nullopt, ""},
                {"label", ScalarType::String, false, false, std::nullopt, ""}};
    d.primary_key = {0};
    return d;
  }();
  return m;
}

std::shared_ptr<const toasty::Schema> schema() {
  static auto s = [] {
    const toasty::app::Model* models[] = {&account(), &message(), &counter()};
    return toasty::Schema::build(models);
  }();
  return s;
}

// Items per table, keyed by their primary key's text.
class FakeKv final : public td::Connection {
 public:
  std::vector<std::string> ops;
  std::vector<td::Operation> seen;

  td::Response exec(const td::Operation& op) override {
    seen.push_back(op);
    return std::visit([this](const auto& o) { return run(o); }, op);
  }
  bool is_healthy() override { return true; }

 private:
  using Row = std::vector<Value>;
  std::map<std::size_t, std::map<std::string, Row>> tables_;

  static std::string key_text(const toasty::db::Table& t, const Row& row) {
    std::string out;
    for (std::size_t k : t.primary_key) out += row[k].debug_string() + "|";
    return out;
  }
  static void emit(td::Rows& out, const Row& row, const std::vector<std::size_t>& cols) {
    for (std::size_t c : cols) out.cells.push_back(row[c]);
  }
  static bool holds(const st::ExprPtr& e, const Row& row) {
    if (!e) return true;
    auto r = en::kv::eval(e, row.data());
    return r && *r;
  }

  td::Response run(const td::QuerySql&) { throw toasty::UnsupportedQuery("fake kv: no SQL"); }
  td::Response run(const td::RawSql&) { throw toasty::UnsupportedQuery("fake kv: no SQL"); }
  td::Response run(const td::Transaction&) { throw toasty::UnsupportedQuery("fake kv: no transactions"); }
  td::Response run(const td::PushSchema&) { return {}; }
  td::Response run(const td::SchemaStep&) { throw toasty::UnsupportedQuery("fake kv: no migrations"); }
  td::Response run(const td::GetByKey& op) {
    ops.push_back("get_by_key");
    const auto& t = op.schema->tables[op.table];
    td::Response r;
    r.rows.width = op.columns.size();
    std::set<std::string> returned;
    for (const auto& k : op.keys) {
      Row probe(t.columns.size());
      for (std::size_t i = 0; i < k.size(); ++i) probe[t.primary_key[i]] = k[i];
      std::string id = key_text(t, probe);
      if (!returned.insert(id).second) continue;
      auto it = tables_[op.table].find(id);
      if (it != tables_[op.table].end()) emit(r.rows, it->second, op.columns);
    }
    return r;
  }
  td::Response run(const td::QueryPk& op) {
    ops.push_back("query_pk");
    const auto& t = op.schema->tables[op.table];
    std::size_t pcol = op.index ? t.indexes[*op.index].columns[0] : t.primary_key[0];
    std::optional<std::size_t> scol;
    if (op.index && t.indexes[*op.index].columns.size() > 1) scol = t.indexes[*op.index].columns[1];
    if (!op.index && t.primary_key.size() > 1) scol = t.primary_key[1];
    std::vector<const Row*> hits;
    for (const auto& [id, row] : tables_[op.table]) {
      if (row[pcol].is_null() || *en::kv::compare(row[pcol], op.partition) != 0) continue;
      if (op.sort) {
        using Op = td::SortKeyCondition::Op;
        const Value& v = row[*scol];
        auto c = en::kv::compare(v, op.sort->value);
        bool ok = false;
        switch (op.sort->op) {
          case Op::Eq: ok = *c == 0; break;
          case Op::Lt: ok = *c < 0; break;
          case Op::Le: ok = *c <= 0; break;
          case Op::Gt: ok = *c > 0; break;
          case Op::Ge: ok = *c >= 0; break;
          case Op::Between: ok = *c >= 0 && *en::kv::compare(v, op.sort->upper) <= 0; break;
          case Op::BeginsWith: ok = v.as_string().rfind(op.sort->value.as_string(), 0) == 0; break;
        }
        if (!ok) continue;
      }
      if (holds(op.filter, row)) hits.push_back(&row);
    }
    if (scol)
      std::stable_sort(hits.begin(), hits.end(), [&](const Row* a, const Row* b) {
        int c = *en::kv::compare((*a)[*scol], (*b)[*scol]);
        return op.descending ? c > 0 : c < 0;
      });
    td::Response r;
    r.rows.width = op.columns.size();
    for (const Row* row : hits) {
      if (op.limit && r.rows.size() >= *op.limit) break;
      emit(r.rows, *row, op.columns);
    }
    return r;
  }
  td::Response run(const td::FindPkByUnique& op) {
    ops.push_back("find_pk_by_unique");
    const auto& t = op.schema->tables[op.table];
    const auto& idx = t.indexes[op.index];
    td::Response r;
    r.rows.width = t.primary_key.size();
    for (const auto& [id, row] : tables_[op.table]) {
      bool all = true;
      for (std::size_t i = 0; i < idx.columns.size(); ++i)
        all = all && !row[idx.columns[i]].is_null() && *en::kv::compare(row[idx.columns[i]], op.values[i]) == 0;
      if (all) emit(r.rows, row, t.primary_key);
    }
    return r;
  }
  td::Response run(const td::InsertItems& op) {
    ops.push_back("insert_items");
    const auto& t = op.schema->tables[op.table];
    for (const auto& values : op.rows) {
      Row row(t.columns.size());
      for (std::size_t i = 0; i < op.columns.size(); ++i) row[op.columns[i]] = values[i];
      if (!tables_[op.table].emplace(key_text(t, row), row).second)
        throw toasty::DbUniqueViolation(t.name, {t.columns[t.primary_key[0]].name}, "", "fake kv: duplicate key");
    }
    td::Response r;
    r.affected = op.rows.size();
    return r;
  }
  td::Response run(const td::UpdateByKey& op) {
    ops.push_back("update_by_key");
    const auto& t = op.schema->tables[op.table];
    Row probe(t.columns.size());
    for (std::size_t i = 0; i < op.key.size(); ++i) probe[t.primary_key[i]] = op.key[i];
    td::Response r;
    auto it = tables_[op.table].find(key_text(t, probe));
    if (it == tables_[op.table].end() || !holds(op.condition, it->second)) return r;
    for (const auto& [c, v] : op.assignments) it->second[c] = v;
    r.affected = 1;
    return r;
  }
  td::Response run(const td::DeleteByKey& op) {
    ops.push_back("delete_by_key");
    const auto& t = op.schema->tables[op.table];
    td::Response r;
    for (const auto& k : op.keys) {
      Row probe(t.columns.size());
      for (std::size_t i = 0; i < k.size(); ++i) probe[t.primary_key[i]] = k[i];
      auto it = tables_[op.table].find(key_text(t, probe));
      if (it == tables_[op.table].end() || !holds(op.condition, it->second)) continue;
      tables_[op.table].erase(it);
      ++r.affected;
    }
    return r;
  }
  td::Response run(const td::Scan& op) {  // only when the statement allows a full-table read
    ops.push_back("scan");
    td::Response r;
    r.rows.width = op.columns.size();
    for (const auto& [id, row] : tables_[op.table]) {
      if (op.limit && r.rows.size() >= *op.limit) break;
      if (holds(op.filter, row)) emit(r.rows, row, op.columns);
    }
    return r;
  }
  // All or nothing, like DynamoDB's TransactWriteItems.
  td::Response run(const td::TransactWrite& op) {
    ops.push_back("transact_write");
    auto before = tables_;
    td::Response r;
    try {
      for (const auto& ins : op.inserts) r.affected += run(ins).affected;
    } catch (...) {
      tables_ = std::move(before);
      throw;
    }
    ops.resize(ops.size() - op.inserts.size());  // one request
    return r;
  }
};

class FakeKvDriver final : public td::Driver {
 public:
  FakeKvDriver() {
    cap_.storage = td::Capability::Storage::KeyValue;
    cap_.display_name = "DynamoDB";
    cap_.transactions = false;
    cap_.transact_write = true;
    cap_.auto_increment = false;
    cap_.scan = false;
    cap_.full_u64 = true;
  }
  const td::Capability& capability() const override { return cap_; }
  void scan_implicitly() { cap_.scan = true; }
  std::unique_ptr<td::Connection> connect() override { return std::make_unique<FakeKv>(); }
  std::string_view name() const override { return "fake-kv"; }

 private:
  td::Capability cap_;
};

st::ExprPtr F(const toasty::app::Model& m, std::size_t f) { return st::field(&m, f); }
st::ExprPtr eq(st::ExprPtr a, Value v) { return st::binary(st::BinaryOp::Eq, std::move(a), st::value(std::move(v))); }
st::ExprPtr cmp(st::BinaryOp op, st::ExprPtr a, Value v) { return st::binary(op, std::move(a), st::value(std::move(v))); }
st::ExprPtr in(st::ExprPtr a, std::vector<Value> vs) {
  std::vector<st::ExprPtr> list;
  for (auto& v : vs) list.push_back(st::value(std::move(v)));
  return st::in_list(std::move(a), std::move(list));
}

class KvPlan : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* id : {"a1", "a2", "a3"})
      insert_account(id, std::string(id) + "@x", id == std::string("a3") ? "AU" : "NZ", id[1] - '0');
    for (int i = 1; i <= 5; ++i) insert_message("general", i);
    insert_message("random", 1);
    conn_.ops.clear();
  }
  void insert_account(const std::string& id, const std::string& email, const std::string& country, std::int64_t karma) {
    st::Insert i;
    i.model = &account();
    i.columns = {0, 1, 2, 3};
    i.rows = {{st::value(id), st::value(email), st::value(country), st::value(karma)}};
    run(i);
  }
  void insert_message(const std::string& channel, std::int64_t seq) {
    st::Insert i;
    i.model = &message();
    i.columns = {0, 1, 2};
    i.rows = {{st::value(channel), st::value(seq), st::value(channel + "#" + std::to_string(seq))}};
    run(i);
  }
  toasty::ResultSet run(const st::Statement& s) { return en::run(*schema(), s, driver_, conn_, false); }
  toasty::ResultSet select(const toasty::app::Model& m, st::ExprPtr filter, std::vector<st::OrderBy> order = {},
                           std::optional<std::uint64_t> limit = std::nullopt, std::optional<std::uint64_t> offset = std::nullopt) {
    st::Select s;
    s.model = &m;
    s.filter = std::move(filter);
    s.order_by = std::move(order);
    s.limit = limit;
    s.offset = offset;
    return run(s);
  }
  std::vector<std::string> col(const toasty::ResultSet& rs, std::size_t c) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < rs.size(); ++i) out.push_back(rs.rows.row(i)[c].debug_string());
    return out;
  }
  std::string refusal(const toasty::app::Model& m, st::ExprPtr filter, std::vector<st::OrderBy> order = {}) {
    conn_.ops.clear();
    try {
      select(m, std::move(filter), std::move(order));
    } catch (const toasty::UnsupportedQuery& e) {
      EXPECT_TRUE(conn_.ops.empty()) << "refused only after reading";
      return e.what();
    }
    ADD_FAILURE() << "not refused";
    return "";
  }

  FakeKvDriver driver_;
  FakeKv conn_;
};

using V = std::vector<std::string>;
using Ops = std::vector<std::string>;
bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST_F(KvPlan, FullKeyIsGetByKey) {
  auto rs = select(account(), eq(F(account(), 0), Value("a2")));
  EXPECT_EQ(col(rs, 0), V({"\"a2\""}));
  EXPECT_EQ(conn_.ops, Ops({"get_by_key"}));
  conn_.ops.clear();
  rs = select(account(), in(F(account(), 0), {Value("a3"), Value("a1"), Value("zz")}));
  EXPECT_EQ(rs.size(), 2u);
  ASSERT_EQ(conn_.ops, Ops({"get_by_key"}));
  EXPECT_EQ(std::get<td::GetByKey>(conn_.seen.back()).keys.size(), 3u);  // one batch
  // Composite key: both columns.
  conn_.ops.clear();
  rs = select(message(), st::and_(eq(F(message(), 0), Value("general")), eq(F(message(), 1), Value(std::int64_t{4}))));
  EXPECT_EQ(col(rs, 2), V({"\"general#4\""}));
  EXPECT_EQ(conn_.ops, Ops({"get_by_key"}));
}

TEST_F(KvPlan, UniqueIsFindPkThenGetByKey) {
  auto rs = select(account(), eq(F(account(), 1), Value("a1@x")));
  EXPECT_EQ(col(rs, 0), V({"\"a1\""}));
  EXPECT_EQ(conn_.ops, Ops({"find_pk_by_unique", "get_by_key"}));
}

TEST_F(KvPlan, IndexIsQueryPkOnTheIndexWithResidualFilter) {
  auto rs = select(account(), st::and_(eq(F(account(), 2), Value("NZ")), cmp(st::BinaryOp::Gt, F(account(), 3), Value(std::int64_t{1}))));
  EXPECT_EQ(col(rs, 0), V({"\"a2\""}));
  ASSERT_EQ(conn_.ops, Ops({"query_pk"}));
  const auto& q = std::get<td::QueryPk>(conn_.seen.back());
  ASSERT_TRUE(q.index.has_value());
  EXPECT_FALSE(q.sort.has_value());
  EXPECT_NE(q.filter, nullptr);  // karma > 1 goes to the driver
  // in_list on the index: one query per value.
  conn_.ops.clear();
  rs = select(account(), in(F(account(), 2), {Value("NZ"), Value("AU"), Value("NZ")}));
  EXPECT_EQ(rs.size(), 3u);
  EXPECT_EQ(conn_.ops, Ops({"query_pk", "query_pk"}));
}

TEST_F(KvPlan, PartitionAndSortKeyConditions) {
  auto general = eq(F(message(), 0), Value("general"));
  auto seq = F(message(), 1);
  auto rs = select(message(), st::and_(general, st::and_(cmp(st::BinaryOp::Ge, seq, Value(std::int64_t{2})),
                                                          cmp(st::BinaryOp::Le, seq, Value(std::int64_t{4})))));
  EXPECT_EQ(rs.size(), 3u);
  const auto& q = std::get<td::QueryPk>(conn_.seen.back());
  ASSERT_TRUE(q.sort.has_value());
  EXPECT_EQ(q.sort->op, td::SortKeyCondition::Op::Between);
  // Descending by the sort key with limit and offset: pushed into the one query.
  rs = select(message(), general, {{seq, true}}, 2, 1);
  EXPECT_EQ(col(rs, 1), V({"4", "3"}));
  const auto& q2 = std::get<td::QueryPk>(conn_.seen.back());
  EXPECT_TRUE(q2.descending);
  EXPECT_EQ(q2.limit, std::optional<std::uint64_t>(3));
  // Strict bounds: BETWEEN then the exact check in memory.
  rs = select(message(), st::and_(general, st::and_(cmp(st::BinaryOp::Gt, seq, Value(std::int64_t{1})),
                                                     cmp(st::BinaryOp::Lt, seq, Value(std::int64_t{4})))),
              {{seq, false}});
  EXPECT_EQ(col(rs, 1), V({"2", "3"}));
}

TEST_F(KvPlan, OrOfKeysIsAUnion) {
  auto rs = select(account(), st::or_(eq(F(account(), 0), Value("a1")), eq(F(account(), 2), Value("AU"))),
                   {{F(account(), 0), false}});
  EXPECT_EQ(col(rs, 0), V({"\"a1\"", "\"a3\""}));
  EXPECT_EQ(conn_.ops, Ops({"query_pk", "get_by_key"}));
  // IN () reads nothing.
  conn_.ops.clear();
  EXPECT_EQ(select(account(), in(F(account(), 0), {})).size(), 0u);
  EXPECT_TRUE(conn_.ops.empty());
}

TEST_F(KvPlan, UpdateAndDeleteByKeyNeedNoRead) {
  st::Update u;
  u.model = &account();
  u.filter = eq(F(account(), 0), Value("a1"));
  u.assignments = {{3, st::value(Value(std::int64_t{42}))}};
  EXPECT_EQ(run(u).affected, 1u);
  EXPECT_EQ(conn_.ops, Ops({"update_by_key"}));
  // By index: read the keys, then one write per item.
  conn_.ops.clear();
  u.filter = eq(F(account(), 2), Value("NZ"));
  EXPECT_EQ(run(u).affected, 2u);
  EXPECT_EQ(conn_.ops, Ops({"query_pk", "update_by_key", "update_by_key"}));
  st::Delete d;
  d.model = &message();
  d.filter = st::and_(eq(F(message(), 0), Value("general")), cmp(st::BinaryOp::Ge, F(message(), 1), Value(std::int64_t{4})));
  conn_.ops.clear();
  EXPECT_EQ(run(d).affected, 2u);
  EXPECT_EQ(conn_.ops, Ops({"query_pk", "delete_by_key"}));
  EXPECT_EQ(select(message(), eq(F(message(), 0), Value("general"))).size(), 3u);
}

// Unique indexes are kept by the plan: every write names the unique indexes whose entries
// it keeps, and the driver receives exactly those (nothing for an update of other fields).
TEST_F(KvPlan, WritesCarryTheUniqueIndexesThePlanKeeps) {
  const std::vector<std::size_t> email_index{0};  // account's indexes: (email) unique, (country)
  insert_account("a9", "a9@x", "NZ", 1);
  ASSERT_EQ(conn_.ops, Ops({"insert_items"}));
  EXPECT_EQ(std::get<td::InsertItems>(conn_.seen.back()).unique_indexes, email_index);
  st::Update u;
  u.model = &account();
  u.filter = eq(F(account(), 0), Value("a9"));
  u.assignments = {{3, st::value(Value(std::int64_t{7}))}};
  run(u);
  EXPECT_TRUE(std::get<td::UpdateByKey>(conn_.seen.back()).unique_indexes.empty());
  u.assignments = {{1, st::value("new@x")}};
  run(u);
  EXPECT_EQ(std::get<td::UpdateByKey>(conn_.seen.back()).unique_indexes, email_index);
  st::Delete d;
  d.model = &account();
  d.filter = eq(F(account(), 0), Value("a9"));
  EXPECT_EQ(run(d).affected, 1u);
  EXPECT_EQ(std::get<td::DeleteByKey>(conn_.seen.back()).unique_indexes, email_index);
  // The plan says so when it is printed; a table without unique indexes keeps none.
  auto text = [&](const st::Statement& s) {
    return en::to_string(en::plan_statement(*schema(), s, driver_.capability()), *schema());
  };
  const std::string& index_name = schema()->db().tables[schema()->mapping(0).table].indexes[0].name;
  EXPECT_TRUE(has(text(d), "removes the entry of unique index " + index_name + " with each item")) << text(d);
  EXPECT_TRUE(has(text(u), "moves the entry of unique index " + index_name)) << text(u);
  u.assignments = {{3, st::value(Value(std::int64_t{7}))}};
  EXPECT_FALSE(has(text(u), "unique index")) << text(u);
  st::Insert i;
  i.model = &message();
  i.columns = {0, 1, 2};
  i.rows = {{st::value("c"), st::value(Value(std::int64_t{1})), st::value("b")}};
  EXPECT_FALSE(has(text(i), "unique index")) << text(i);
}

// A query no key or index serves Scans only when it allows a full-table read: the filter
// goes to the Scan, the limit too when nothing is sorted in memory.
TEST_F(KvPlan, FullScanOnlyWhenAllowed) {
  auto karma_gt = [](std::int64_t k) { return cmp(st::BinaryOp::Gt, F(account(), 3), Value(k)); };
  std::string m = refusal(account(), karma_gt(1));
  EXPECT_TRUE(has(m, "or ask for a full-table read (a Scan) with .allow_full_scan()")) << m;
  m = refusal(account(), nullptr);
  EXPECT_TRUE(has(m, "no filter")) << m;
  EXPECT_TRUE(has(m, ".allow_full_scan()")) << m;

  st::Select s;
  s.model = &account();
  s.filter = karma_gt(1);
  s.allow_full_scan = true;
  conn_.ops.clear();
  conn_.seen.clear();
  EXPECT_EQ(col(run(s), 0), V({"\"a2\"", "\"a3\""}));
  ASSERT_EQ(conn_.ops, Ops({"scan"}));
  const auto& op = std::get<td::Scan>(conn_.seen.back());
  EXPECT_NE(op.filter, nullptr);
  EXPECT_EQ(op.limit, std::nullopt);
  s.limit = 1;
  s.offset = 1;
  EXPECT_EQ(run(s).size(), 1u);
  EXPECT_EQ(std::get<td::Scan>(conn_.seen.back()).limit, std::optional<std::uint64_t>(2));
  // Sorted in memory: every match is read, then paged.
  s.order_by = {{F(account(), 3), true}};
  EXPECT_EQ(col(run(s), 0), V({"\"a2\""}));
  EXPECT_EQ(std::get<td::Scan>(conn_.seen.back()).limit, std::nullopt);
  s.order_by = {{F(account(), 3), true}, {F(account(), 0), false}};
  try {
    run(s);
    ADD_FAILURE() << "not refused";
  } catch (const toasty::UnsupportedQuery& e) {
    EXPECT_TRUE(has(e.what(), "sorted in memory, by one column only")) << e.what();
  }
  // A key still serves when there is one.
  s = {};
  s.model = &account();
  s.filter = eq(F(account(), 0), Value("a1"));
  s.allow_full_scan = true;
  conn_.ops.clear();
  EXPECT_EQ(run(s).size(), 1u);
  EXPECT_EQ(conn_.ops, Ops({"get_by_key"}));
  // Update and delete by a Scan: the keys, then item by item.
  st::Update u;
  u.model = &account();
  u.filter = karma_gt(1);
  u.assignments = {{4, st::value(Value("x"))}};
  u.allow_full_scan = true;
  conn_.ops.clear();
  EXPECT_EQ(run(u).affected, 2u);
  EXPECT_EQ(conn_.ops, Ops({"scan", "update_by_key", "update_by_key"}));
  st::Delete d;
  d.model = &account();
  d.filter = karma_gt(2);
  d.allow_full_scan = true;
  conn_.ops.clear();
  EXPECT_EQ(run(d).affected, 1u);
  EXPECT_EQ(conn_.ops, Ops({"scan", "delete_by_key"}));
  // A driver that scans implicitly (Capability::scan) needs no opt-in.
  driver_.scan_implicitly();
  conn_.ops.clear();
  EXPECT_EQ(select(account(), nullptr).size(), 2u);
  EXPECT_EQ(conn_.ops, Ops({"scan"}));
}

TEST_F(KvPlan, RefusalsNameTableModelAndField) {
  std::string m = refusal(account(), eq(F(account(), 4), Value("Ann")));
  EXPECT_TRUE(has(m, "table \"accounts\" (model Account)")) << m;
  EXPECT_TRUE(has(m, "filter on column \"name\" has no key or index behind it")) << m;
  EXPECT_TRUE(has(m, "add #[index] to name")) << m;
  m = refusal(account(), nullptr);
  EXPECT_TRUE(has(m, "no filter")) << m;
  m = refusal(account(), eq(F(account(), 2), Value("NZ")), {{F(account(), 3), false}});
  EXPECT_TRUE(has(m, "orders by \"karma\"")) << m;
  m = refusal(account(), st::starts_with(F(account(), 0), st::value(Value("a"))));
  EXPECT_TRUE(has(m, "starts_with on \"id\"")) << m;
  m = refusal(account(), cmp(st::BinaryOp::Ne, F(account(), 0), Value("a1")));
  EXPECT_TRUE(has(m, "`!=` on \"id\"")) << m;
  m = refusal(message(), eq(F(message(), 1), Value(std::int64_t{1})));
  EXPECT_TRUE(has(m, "partition key \"channel\", sort key \"seq\"")) << m;
  // An insert without its #[auto] key.
  st::Insert i;
  i.model = &counter();
  i.columns = {1};
  i.rows = {{st::value(Value("x"))}};
  try {
    run(i);
    ADD_FAILURE() << "not refused";
  } catch (const toasty::UnsupportedQuery& e) {
    EXPECT_TRUE(has(e.what(), "cannot auto-increment key column \"id\"")) << e.what();
  }
}

TEST_F(KvPlan, EvaluatorFollowsSqlThreeValuedLogic) {
  Value row[5] = {Value("a"), Value("e"), Value("NZ"), Value(std::int64_t{3}), Value()};
  auto name = st::column(0, 4), karma = st::column(0, 3);
  EXPECT_EQ(en::kv::eval(st::binary(st::BinaryOp::Ne, name, st::value(Value("x"))), row), std::nullopt);
  EXPECT_EQ(en::kv::eval(st::not_(st::binary(st::BinaryOp::Eq, name, st::value(Value("x")))), row), std::nullopt);
  EXPECT_EQ(en::kv::eval(st::or_(st::binary(st::BinaryOp::Eq, name, st::value(Value("x"))),
                                 st::binary(st::BinaryOp::Gt, karma, st::value(Value(std::uint64_t{2})))), row),
            std::optional<bool>(true));
  EXPECT_EQ(en::kv::eval(st::in_list(karma, {st::value(Value(2.0)), st::value(Value())}), row), std::nullopt);
  EXPECT_EQ(en::kv::eval(st::in_list(karma, {st::value(Value(3.0))}), row), std::optional<bool>(true));
  EXPECT_EQ(en::kv::eval(st::is_null(name), row), std::optional<bool>(true));
  EXPECT_EQ(en::kv::compare(Value(std::int64_t{-1}), Value(std::uint64_t{18446744073709551615u})), std::optional<int>(-1));
  EXPECT_EQ(en::kv::compare(Value("é"), Value("z")), std::optional<int>(1));  // bytewise: UTF-8 after ASCII
}

}  // namespace
