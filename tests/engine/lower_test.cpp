// Lowering app statements to db statements, checked as SQL text (SQLite dialect) so
// the expected results read naturally.
#include <gtest/gtest.h>

#include <toasty/error.hpp>
#include "sql/serializer.hpp"

#include "engine/engine.hpp"
#include "fixtures.hpp"

using namespace engine_test;
namespace st = toasty::stmt;

namespace {

toasty::sql::Serialized lowered(const st::Statement& s, toasty::driver::Capability cap = {}) {
  auto sc = schema();
  return toasty::sql::serialize(toasty::engine::lower(*sc, s, cap), sc->db(),
                                toasty::sql::Dialect::Sqlite);
}

const toasty::app::Model* U() { return &user_model(); }

}  // namespace

TEST(Lower, SelectMapsFieldsToColumns) {
  st::Select s;
  s.model = U();
  s.filter = st::and_(st::binary(st::BinaryOp::Eq, st::field(U(), 1), st::value("Ann")),
                      st::binary(st::BinaryOp::Gt, st::field(U(), 4), st::value(std::int64_t{3})));
  auto out = lowered(s);
  EXPECT_EQ(out.sql,
            "SELECT \"id\", \"display_name\", \"email\", \"bio\", \"karma\" FROM \"users\" "
            "WHERE \"display_name\" = ? AND \"karma\" > ?");
  ASSERT_EQ(out.params.size(), 2u);
  EXPECT_EQ(out.params[0], toasty::Value("Ann"));
}

TEST(Lower, InsertFillsDefaultsAndNullsAndReturnsEveryColumn) {
  st::Insert i;
  i.model = U();
  i.columns = {1, 2};
  i.rows = {{st::value("Ann"), st::value("a@x")}};
  auto out = lowered(i);
  EXPECT_EQ(out.sql,
            "INSERT INTO \"users\" (\"display_name\", \"email\", \"bio\", \"karma\") VALUES "
            "(?, ?, ?, ?) RETURNING \"id\", \"display_name\", \"email\", \"bio\", \"karma\"");
  ASSERT_EQ(out.params.size(), 4u);
  EXPECT_TRUE(out.params[2].is_null());
  EXPECT_EQ(out.params[3], toasty::Value(std::int64_t{0}));
}

TEST(Lower, InsertWithoutRequiredFieldNamesIt) {
  st::Insert i;
  i.model = U();
  i.columns = {1};
  i.rows = {{st::value("Ann")}};
  try {
    lowered(i);
    FAIL();
  } catch (const toasty::InvalidStatement& e) {
    EXPECT_NE(std::string(e.what()).find("`email`"), std::string::npos) << e.what();
  }
}

TEST(Lower, InsertWithoutReturningCapability) {
  st::Insert i;
  i.model = U();
  i.columns = {1, 2};
  i.rows = {{st::value("Ann"), st::value("a@x")}};
  toasty::driver::Capability cap;
  cap.returning_from_insert = false;
  EXPECT_EQ(lowered(i, cap).sql.find("RETURNING"), std::string::npos);
}

TEST(Lower, UpdateAndDelete) {
  st::Update u;
  u.model = U();
  u.filter = st::binary(st::BinaryOp::Eq, st::field(U(), 0), st::value(std::uint64_t{5}));
  u.assignments = {{3, st::value("bio!")}};
  EXPECT_EQ(lowered(u).sql, "UPDATE \"users\" SET \"bio\" = ? WHERE \"id\" = ?");
  st::Delete d;
  d.model = U();
  d.filter = st::not_(st::is_null(st::field(U(), 3)));
  EXPECT_EQ(lowered(d).sql, "DELETE FROM \"users\" WHERE NOT (\"bio\" IS NULL)");
}

TEST(Lower, FieldOfAnotherModelIsRefused) {
  st::Select s;
  s.model = U();
  s.filter = st::binary(st::BinaryOp::Eq, st::field(&post_model(), 0), st::value(std::int64_t{1}));
  EXPECT_THROW(lowered(s), toasty::UnsupportedQuery);
}
