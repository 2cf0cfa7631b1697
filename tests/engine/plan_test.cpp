// Plans as programs: every step kind, read through the plan's text form (what
// Db::explain_plan prints), for SQL and key-value capabilities.
#include <gtest/gtest.h>

#include <toasty/error.hpp>

#include "engine/engine.hpp"
#include "engine/kv.hpp"
#include "engine/plan.hpp"
#include "fixtures.hpp"

using namespace engine_test;
namespace st = toasty::stmt;
namespace en = toasty::engine;
namespace td = toasty::driver;
using toasty::ScalarType;
using toasty::Value;

namespace {

// Author { #[key] #[auto] id, name, #[index] country }  has_many books, notes via books
// Book   { #[key] #[auto] id, author_id, title }        belongs_to author, has_many notes
// Note   { #[key] #[auto] id, book_id, body }            required book: removed with it
const toasty::app::Model& author();
const toasty::app::Model& book();
const toasty::app::Model& note();

const toasty::app::Model& author() {
  static const toasty::app::Model m = [] {
    toasty::app::Model d;
    d.name = "Author";
    d.fields = {{"id", ScalarType::U64, false, true, std::nullopt, ""},
                {"name", ScalarType::String, false, false, std::nullopt, ""},
                {"country", ScalarType::String, false, false, std::nullopt, ""}};
    d.primary_key = {0};
    d.indexes = {{"", {2}, false}};
    toasty::app::Relation books{"books", toasty::app::Relation::Kind::HasMany, &book, {0}, {1}, false, {}};
    toasty::app::Relation notes{"notes", toasty::app::Relation::Kind::HasMany, &note, {}, {}, false, {}};
    notes.via = {{&author, 0}, {&book, 1}};
    d.relations = {books, notes};
    return d;
  }();
  return m;
}

const toasty::app::Model& book() {
  static const toasty::app::Model m = [] {
    toasty::app::Model d;
    d.name = "Book";
    d.fields = {{"id", ScalarType::U64, false, true, std::nullopt, ""},
                {"author_id", ScalarType::U64, false, false, std::nullopt, ""},
                {"title", ScalarType::String, false, false, std::nullopt, ""}};
    d.primary_key = {0};
    d.indexes = {{"", {1}, false}};
    d.relations = {{"author", toasty::app::Relation::Kind::BelongsTo, &author, {1}, {0}, false, {}},
                   {"notes", toasty::app::Relation::Kind::HasMany, &note, {0}, {1}, false, {}}};
    return d;
  }();
  return m;
}

const toasty::app::Model& note() {
  static const toasty::app::Model m = [] {
    toasty::app::Model d;
    d.name = "Note";
    d.fields = {{"id", ScalarType::U64, false, true, std::nullopt, ""},
                {"book_id", ScalarType::U64, false, false, std::nullopt, ""},
                {"body", ScalarType::String, false, false, std::nullopt, ""}};
    d.primary_key = {0};
    d.indexes = {{"", {1}, false}};
    return d;
  }();
  return m;
}

// The models of docs/dev/architecture.md's worked example:
// User { #[key] #[auto] id: Uuid, name, #[index] country, #[has_many] posts }
// Post { #[key] #[auto] id: Uuid, #[index] user_id: Uuid, title }
const toasty::app::Model& post();
const toasty::app::Model& doc_user() {
  static const toasty::app::Model m = [] {
    toasty::app::Model d;
    d.name = "User";
    d.fields = {{"id", ScalarType::Uuid, false, true, std::nullopt, ""},
                {"name", ScalarType::String, false, false, std::nullopt, ""},
                {"country", ScalarType::String, false, false, std::nullopt, ""}};
    d.primary_key = {0};
    d.indexes = {{"", {2}, false}};
    d.relations = {{"posts", toasty::app::Relation::Kind::HasMany, &post, {0}, {1}, false, {}}};
    return d;
  }();
  return m;
}
const toasty::app::Model& post() {
  static const toasty::app::Model m = [] {
    toasty::app::Model d;
    d.name = "Post";
    d.fields = {{"id", ScalarType::Uuid, false, true, std::nullopt, ""},
                {"user_id", ScalarType::Uuid, false, false, std::nullopt, ""},
                {"title", ScalarType::String, false, false, std::nullopt, ""}};
    d.primary_key = {0};
    d.indexes = {{"", {1}, false}};
    d.relations = {{"user", toasty::app::Relation::Kind::BelongsTo, &doc_user, {1}, {0}, false, {}}};
    return d;
  }();
  return m;
}
std::shared_ptr<const toasty::Schema> doc_schema() {
  static auto s = [] {
    const toasty::app::Model* models[] = {&doc_user(), &post()};
    return toasty::Schema::build(models);
  }();
  return s;
}
// User::filter_by_country("NZ").include(User::fields().posts())
st::Select nz_users_with_posts() {
  st::Select s;
  s.model = &doc_user();
  s.filter = st::binary(st::BinaryOp::Eq, st::field(&doc_user(), 2), st::value("NZ"));
  s.includes = {{0, {}}};
  return s;
}

std::shared_ptr<const toasty::Schema> library() {
  static auto s = [] {
    const toasty::app::Model* models[] = {&author(), &book(), &note()};
    return toasty::Schema::build(models);
  }();
  return s;
}

td::Capability sql_cap() {
  td::Capability cap;
  cap.display_name = "SQLite";
  return cap;
}

td::Capability kv_cap() {
  td::Capability cap;
  cap.storage = td::Capability::Storage::KeyValue;
  cap.display_name = "DynamoDB";
  cap.transactions = false;
  cap.transact_write = true;
  cap.auto_increment = false;
  cap.scan = false;
  cap.max_params = 100;
  return cap;
}

st::Insert one_user() {
  st::Insert i;
  i.model = &user_model();
  i.columns = {1, 2};
  i.rows = {{st::value("Ann"), st::value("a@x")}};
  return i;
}

st::Select authors_in(const char* country) {
  st::Select s;
  s.model = &author();
  s.filter = st::binary(st::BinaryOp::Eq, st::field(&author(), 2), st::value(country));
  return s;
}

st::Insert book_titled(const char* title) {
  st::Insert b;
  b.model = &book();
  b.columns = {2};
  b.rows = {{st::value(title)}};
  return b;
}

std::string plan_text(const st::Statement& s, const td::Capability& cap,
                      std::shared_ptr<const toasty::Schema> sc = library()) {
  return en::to_string(en::plan_statement(*sc, s, cap), *sc);
}

}  // namespace

TEST(Plan, SelectIsOneStreamableStatement) {
  EXPECT_EQ(plan_text(authors_in("NZ"), sql_cap()),
            "$0 = sql select authors(id, name, country) where country = 'NZ'\n"
            "output $0 (Author), streamable\n");
}

TEST(Plan, InsertReturnsOnlyTheGeneratedKeyAndComposesTheRow) {
  auto sc = schema();
  auto p = en::plan_statement(*sc, one_user(), sql_cap());
  ASSERT_EQ(p.steps.size(), 2u);
  const auto& insert = std::get<st::Insert>(std::get<en::ExecStatement>(p.steps[0]).statement);
  EXPECT_EQ(insert.returning, std::vector<std::size_t>{0});  // the key; the rest is known
  const auto& compose = std::get<en::ComposeInserted>(p.steps[1]);
  EXPECT_EQ(compose.insert_step, 0u);
  EXPECT_EQ(compose.in, std::get<en::ExecStatement>(p.steps[0]).out);
  EXPECT_EQ(p.output, compose.out);
  EXPECT_FALSE(p.atomic);
  EXPECT_NE(en::to_string(p, *sc).find("$1 = compose_inserted users from $0"), std::string::npos);
}

TEST(Plan, InsertWithoutReturningReadsTheRowBack) {
  auto sc = schema();
  auto cap = sql_cap();
  cap.returning_from_insert = false;
  auto p = en::plan_statement(*sc, one_user(), cap);
  ASSERT_EQ(p.steps.size(), 2u);
  const auto& rb = std::get<en::ReadBackInserted>(p.steps[1]);
  EXPECT_EQ(rb.insert_step, 0u);
  EXPECT_EQ(p.output, rb.out);
  EXPECT_NE(en::to_string(p, *sc).find("$1 = read_back users by the key of $0"), std::string::npos);
}

TEST(Plan, OneRowInsertWithKnownValuesIsComposedNotReturned) {
  auto sc = schema();
  auto cap = sql_cap();
  cap.insert_id_without_returning = true;
  auto p = en::plan_statement(*sc, one_user(), cap);
  ASSERT_EQ(p.steps.size(), 2u);
  EXPECT_TRUE(std::get<st::Insert>(std::get<en::ExecStatement>(p.steps[0]).statement).returning.empty());
  EXPECT_TRUE(std::holds_alternative<en::ComposeInserted>(p.steps[1]));
}

TEST(Plan, WithoutReturningAMultiRowInsertOfGeneratedKeysIsOneRowPerStatement) {
  // MySQL 8 (no INSERT ... RETURNING; its driver learns so from the server): only a
  // one-row insert reports its generated key (LAST_INSERT_ID), so create_many of #[auto]
  // integer keys runs one row per statement, as one atomic unit.
  auto sc = schema();
  auto cap = sql_cap();
  cap.returning_from_insert = false;
  cap.insert_id_without_returning = true;
  st::Insert three = one_user();
  three.rows.push_back(three.rows[0]);
  three.rows.push_back(three.rows[0]);
  auto p = en::plan_statement(*sc, three, cap);
  EXPECT_EQ(en::to_string(p, *sc),
            "$0 = insert 3 rows in 3 statements of at most 1 rows (each planned and cached as its own insert)\n"
            "output $0 (User), atomic\n");
  // Each of them: the insert without RETURNING, the row composed from its values and the id.
  st::Insert one = one_user();
  auto single = en::plan_statement(*sc, one, cap);
  ASSERT_EQ(single.steps.size(), 2u);
  EXPECT_TRUE(std::get<st::Insert>(std::get<en::ExecStatement>(single.steps[0]).statement).returning.empty());
  EXPECT_TRUE(std::holds_alternative<en::ComposeInserted>(single.steps[1]));
}

TEST(Plan, MultiRowInsertReturnsTheKeyOfEveryRow) {
  auto sc = schema();
  auto cap = sql_cap();
  cap.insert_id_without_returning = true;  // one id: not enough for two rows
  st::Insert two = one_user();
  two.rows.push_back(two.rows[0]);
  auto p = en::plan_statement(*sc, two, cap);
  ASSERT_EQ(p.steps.size(), 2u);
  EXPECT_EQ(std::get<st::Insert>(std::get<en::ExecStatement>(p.steps[0]).statement).returning,
            std::vector<std::size_t>{0});
}

TEST(Plan, LargeInsertIsSplitByTheParameterLimitIntoOneAtomicUnit) {
  auto sc = schema();
  auto cap = sql_cap();
  cap.max_params = 50;  // 5 fields a row: 10 rows a statement
  st::Insert many = one_user();
  for (int i = 0; i < 24; ++i) many.rows.push_back(many.rows[0]);
  auto p = en::plan_statement(*sc, many, cap);
  EXPECT_EQ(en::to_string(p, *sc),
            "$0 = insert 25 rows in 3 statements of at most 10 rows (each planned and cached as its own insert)\n"
            "output $0 (User), atomic\n");
  const auto& chunks = std::get<en::InsertChunks>(p.steps.at(0));
  ASSERT_EQ(chunks.chunks.size(), 3u);
  EXPECT_EQ(chunks.chunks[0].rows.size(), 10u);
  EXPECT_EQ(chunks.chunks[2].rows.size(), 5u);
}

TEST(Plan, LongInListIsSplitIntoStatementsThatCombine) {
  auto cap = sql_cap();
  cap.max_params = 16;  // one value kept as margin: 15 a statement, the country among them
  st::Select s = authors_in("NZ");
  std::vector<st::ExprPtr> ids;
  for (int i = 0; i < 40; ++i) ids.push_back(st::value(Value(static_cast<std::uint64_t>(i % 30))));
  s.filter = st::and_(s.filter, st::in_list(st::field(&author(), 0), ids));
  s.order_by = {{st::field(&author(), 1), true}};
  s.offset = 2;
  s.limit = 5;
  auto sc = library();
  auto p = en::plan_statement(*sc, s, cap);
  EXPECT_EQ(en::to_string(p, *sc),
            "$0 = split by in_list: 30 distinct values in 3 statements of at most 14 (each planned and cached as "
            "its own), sorted by name desc, offset 2, limit 5\n"
            "output $0 (Author)\n");
  const auto& chunks = std::get<en::ListChunks>(p.steps.at(0));
  ASSERT_EQ(chunks.chunks.size(), 3u);
  const auto& last = std::get<st::Select>(chunks.chunks[2]);
  EXPECT_EQ(last.limit, 7u);  // the rows that could reach the page: offset + limit
  EXPECT_FALSE(last.offset.has_value());
  EXPECT_FALSE(chunks.overlap);

  // A removal by such a list: its slices are one atomic unit; under NOT it cannot split.
  st::Delete d;
  d.model = &author();
  d.filter = st::in_list(st::field(&author(), 0), ids);
  EXPECT_EQ(plan_text(d, cap),
            "$0 = split by in_list: 30 distinct values in 2 statements of at most 15 (each planned and cached as "
            "its own)\noutput $0 (Author), atomic\n");
  d.filter = st::not_(d.filter);
  EXPECT_THROW(plan_text(d, cap), toasty::UnsupportedQuery);
  // Key-value drivers batch their own key lists.
  s.order_by.clear();
  EXPECT_EQ(plan_text(s, kv_cap()).find("split"), std::string::npos);
}

TEST(Plan, IncludeIsOneLoadStepPerLevelChunkedByTheParameterLimit) {
  st::Select s = authors_in("NZ");
  s.includes = {{0, {{1, {}}}}};  // books, and their notes
  auto cap = sql_cap();
  cap.max_params = 1000;
  EXPECT_EQ(plan_text(s, cap),
            "$0 = sql select authors(id, name, country) where country = 'NZ'\n"
            "$1 = load Author.books of $0: sql select books(id, author_id, title) where (author_id) in keys of $0, "
            "1000 per statement\n"
            "$2 = load Book.notes of $1: sql select notes(id, book_id, body) where (book_id) in keys of $1, "
            "1000 per statement\n"
            "attach $2 to $1 as relation #1\n"
            "attach $1 to $0 as relation #0\n"
            "output $0 (Author)\n");
}

TEST(Plan, IncludeThroughAnotherRelationComposesItsLevels) {
  auto sc = library();
  st::Select s = authors_in("NZ");
  s.includes = {{1, {}}};  // notes, via books
  auto p = en::plan_statement(*sc, s, sql_cap());
  ASSERT_EQ(p.steps.size(), 4u);
  const auto& books = std::get<en::LoadRelation>(p.steps[1]);
  const auto& notes = std::get<en::LoadRelation>(p.steps[2]);
  EXPECT_FALSE(books.through);
  EXPECT_TRUE(notes.through);  // reach composes from the authors, not from the books
  EXPECT_EQ(notes.from, books.out);
  const auto& attach = std::get<en::Attach>(p.steps[3]);
  EXPECT_EQ(attach.parent, 0u);
  EXPECT_EQ(attach.child, notes.out);
  EXPECT_EQ(attach.relation, 1u);
}

TEST(Plan, NestedCreateBindsGeneratedKeysAndIsOneAtomicUnit) {
  st::Insert a;
  a.model = &author();
  a.columns = {1, 2};
  a.rows = {{st::value("Ann"), st::value("NZ")}};
  a.nested = {{0, std::make_shared<const st::Insert>(book_titled("One"))},
              {0, std::make_shared<const st::Insert>(book_titled("Two"))}};
  auto cap = sql_cap();
  EXPECT_EQ(plan_text(a, cap),
            "$0 = sql insert authors(name, country) values ('Ann', 'NZ') returning (id)\n"
            "$1 = compose_inserted authors from $0 and the insert's values\n"
            "$2 = sql insert books(title, author_id) values ('One', $arg0) returning (id) [$arg0 = $1.field0]\n"
            "$3 = compose_inserted books from $2 and the insert's values\n"
            "$4 = sql insert books(title, author_id) values ('Two', $arg1) returning (id) [$arg1 = $1.field0]\n"
            "$5 = compose_inserted books from $4 and the insert's values\n"
            "attach $3 to $1 as relation #0\n"
            "attach $5 to $1 as relation #0\n"
            "output $1 (Author), atomic\n");
}

TEST(Plan, NestedCreateOfABelongsToParentWritesTheParentFirst) {
  st::Insert b = book_titled("One");
  st::Insert a;
  a.model = &author();
  a.columns = {1, 2};
  a.rows = {{st::value("Ann"), st::value("NZ")}};
  b.nested = {{0, std::make_shared<const st::Insert>(a)}};
  std::string text = plan_text(b, sql_cap());
  EXPECT_NE(text.find("$0 = sql insert authors"), std::string::npos) << text;
  EXPECT_NE(text.find("$2 = sql insert books(title, author_id) values ('One', $arg0) returning (id) "
                      "[$arg0 = $1.field0]"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("attach $1 to $3 as relation #0"), std::string::npos) << text;
}

TEST(Plan, CascadingRemovalRemovesGrandchildrenThenChildrenThenTheRecord) {
  st::Delete d;
  d.model = &author();
  d.filter = st::binary(st::BinaryOp::Eq, st::field(&author(), 0), st::value(Value(std::uint64_t{7})));
  EXPECT_EQ(plan_text(d, sql_cap()),
            "$0 = sql delete notes where (book_id) in (select books(id) where (author_id) in (select authors(id) "
            "where id = 7))\n"
            "$1 = sql delete books where (author_id) in (select authors(id) where id = 7)\n"
            "$2 = sql delete authors where id = 7\n"
            "output $2 (Author), atomic\n");
}

TEST(Plan, KeyValueSelectRecordsItsAccessPath) {
  std::string text = plan_text(authors_in("NZ"), kv_cap());
  EXPECT_NE(text.find("$0 = kv select authors(id, name, country) where country = 'NZ' via QueryPk on index (country)"),
            std::string::npos)
      << text;
  st::Select by_key;
  by_key.model = &author();
  by_key.filter = st::binary(st::BinaryOp::Eq, st::field(&author(), 0), st::value(Value(std::uint64_t{1})));
  EXPECT_NE(plan_text(by_key, kv_cap()).find("via GetByKey (1 key)"), std::string::npos);
}

TEST(Plan, KeyValueNestedCreateIsOneTransactWrite) {
  auto sc = library();
  st::Insert a;
  a.model = &author();
  a.columns = {0, 1, 2};
  a.rows = {{st::value(Value(std::uint64_t{1})), st::value("Ann"), st::value("NZ")}};
  st::Insert b = book_titled("One");
  b.columns.push_back(0);
  b.rows[0].push_back(st::value(Value(std::uint64_t{2})));
  a.nested = {{0, std::make_shared<const st::Insert>(b)}};
  auto p = en::plan_statement(*sc, a, kv_cap());
  ASSERT_EQ(p.steps.size(), 2u) << en::to_string(p, *sc);
  const auto& tw = std::get<en::KvTransactWrite>(p.steps[0]);
  EXPECT_EQ(tw.inserts.size(), 2u);
  EXPECT_TRUE(std::holds_alternative<en::Attach>(p.steps[1]));
  // The book's foreign key was known when planning: a value, not a bound argument.
  std::string text = en::to_string(p, *sc);
  EXPECT_NE(text.find("insert books(title, id, author_id) values ('One', 2, 1)"), std::string::npos) << text;
  EXPECT_EQ(p.bound_args, 0u);
}

TEST(Plan, KeyValueRefusalNamesTheBackendAndTheMissingIndex) {
  st::Select s;
  s.model = &author();
  s.filter = st::binary(st::BinaryOp::Eq, st::field(&author(), 1), st::value("Ann"));
  try {
    plan_text(s, kv_cap());
    FAIL();
  } catch (const toasty::UnsupportedQuery& e) {
    std::string what = e.what();
    EXPECT_NE(what.find("DynamoDB cannot serve this query on table \"authors\""), std::string::npos) << what;
    EXPECT_NE(what.find("add #[index] to name"), std::string::npos) << what;
  }
}

TEST(Plan, KeyValuePreloadIsChunkedByTheKeysOneRequestTakes) {
  st::Select s = authors_in("NZ");
  s.includes = {{0, {}}};
  std::string text = plan_text(s, kv_cap());
  EXPECT_NE(text.find("$1 = load Author.books of $0: kv select books(id, author_id, title) where (author_id) in "
                      "keys of $0, 100 per statement"),
            std::string::npos)
      << text;
}

// The worked examples of docs/dev/architecture.md, verbatim.
TEST(Plan, ArchitectureDocExampleOnSqlite) {
  auto cap = sql_cap();
  cap.insert_id_without_returning = true;
  EXPECT_EQ(plan_text(nz_users_with_posts(), cap, doc_schema()),
            "$0 = sql select users(id, name, country) where country = 'NZ'\n"
            "$1 = load User.posts of $0: sql select posts(id, user_id, title) where (user_id) in keys of $0, "
            "32766 per statement\n"
            "attach $1 to $0 as relation #0\n"
            "output $0 (User)\n");
}

TEST(Plan, ArchitectureDocExampleOnDynamoDb) {
  EXPECT_EQ(plan_text(nz_users_with_posts(), kv_cap(), doc_schema()),
            "$0 = kv select users(id, name, country) where country = 'NZ' via QueryPk on index (country)\n"
            "$1 = load User.posts of $0: kv select posts(id, user_id, title) where (user_id) in keys of $0, "
            "100 per statement\n"
            "attach $1 to $0 as relation #0\n"
            "output $0 (User)\n");
}

// A relation filter on a key-value backend: the subquery is planned with its own path, and
// the statement's path is chosen at planning; the values the subquery reads only fill it in.
TEST(Plan, KeyValueRelationFilterPlansTheSubqueryAndTheStatementPath) {
  st::Select s;
  s.model = &book();
  s.filter = st::related(&book(), 0, st::binary(st::BinaryOp::Eq, st::field(&author(), 2), st::value("NZ")));
  std::string text = plan_text(s, kv_cap());
  EXPECT_NE(text.find("via QueryPk on index (author_id), its keys or partitions filled in when the plan runs; "
                      "reads subquery 1 (select authors(id) where country = 'NZ') via QueryPk on index (country)"),
            std::string::npos)
      << text;
}
