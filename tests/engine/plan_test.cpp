#include <gtest/gtest.h>

#include <toasty/error.hpp>

#include "engine/engine.hpp"
#include "fixtures.hpp"

using namespace engine_test;
namespace st = toasty::stmt;
namespace en = toasty::engine;

namespace {
st::Insert one_user() {
  st::Insert i;
  i.model = &user_model();
  i.columns = {1, 2};
  i.rows = {{st::value("Ann"), st::value("a@x")}};
  return i;
}
}  // namespace

TEST(Plan, InsertReturnsOnlyTheGeneratedKey) {
  auto sc = schema();
  toasty::driver::Capability cap;
  auto p = en::plan(*sc, 0, en::lower(*sc, one_user(), cap), cap);
  ASSERT_EQ(p.actions.size(), 2u);
  const auto& insert = std::get<st::Insert>(std::get<en::ExecStatement>(p.actions[0]).statement);
  EXPECT_EQ(insert.returning, std::vector<std::size_t>{0});  // the key; the rest is known
  EXPECT_TRUE(std::holds_alternative<en::ComposeInserted>(p.actions[1]));
}

TEST(Plan, InsertWithoutReturningReadsTheRowBack) {
  auto sc = schema();
  toasty::driver::Capability cap;
  cap.returning_from_insert = false;
  auto p = en::plan(*sc, 0, en::lower(*sc, one_user(), cap), cap);
  ASSERT_EQ(p.actions.size(), 2u);
  EXPECT_TRUE(std::holds_alternative<en::ReadBackInserted>(p.actions[1]));
}

TEST(Plan, OneRowInsertWithKnownValuesIsComposedNotReturned) {
  auto sc = schema();
  toasty::driver::Capability cap;
  cap.insert_id_without_returning = true;
  auto p = en::plan(*sc, 0, en::lower(*sc, one_user(), cap), cap);
  ASSERT_EQ(p.actions.size(), 2u);
  const auto& insert = std::get<st::Insert>(std::get<en::ExecStatement>(p.actions[0]).statement);
  EXPECT_TRUE(insert.returning.empty());  // no RETURNING: the row is built from its values
  EXPECT_TRUE(std::holds_alternative<en::ComposeInserted>(p.actions[1]));
}

TEST(Plan, MultiRowInsertReturnsTheKeyOfEveryRow) {
  auto sc = schema();
  toasty::driver::Capability cap;
  cap.insert_id_without_returning = true;  // one id: not enough for two rows
  st::Insert two = one_user();
  two.rows.push_back(two.rows[0]);
  auto p = en::plan(*sc, 0, en::lower(*sc, two, cap), cap);
  ASSERT_EQ(p.actions.size(), 2u);
  EXPECT_EQ(std::get<st::Insert>(std::get<en::ExecStatement>(p.actions[0]).statement).returning,
            std::vector<std::size_t>{0});
}

TEST(Plan, NonSqlDriverIsRefusedWithAReason) {
  auto sc = schema();
  toasty::driver::Capability cap;
  cap.sql = false;
  st::Select s;
  s.model = &user_model();
  try {
    en::plan(*sc, 0, en::lower(*sc, s, cap), cap);
    FAIL();
  } catch (const toasty::UnsupportedQuery& e) {
    EXPECT_NE(std::string(e.what()).find("User"), std::string::npos);
  }
}
