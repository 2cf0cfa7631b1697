#include <gtest/gtest.h>

#include <toasty/error.hpp>

#include "fixtures.hpp"

using namespace engine_test;

TEST(Schema, DerivesTablesColumnsAndIndexNames) {
  auto s = schema();
  ASSERT_EQ(s->db().tables.size(), 2u);
  const auto& users = s->db().tables[0];
  EXPECT_EQ(users.name, "users");
  EXPECT_EQ(s->db().tables[1].name, "blog_posts");
  EXPECT_EQ(users.columns[1].name, "display_name");  // #[column]
  EXPECT_EQ(users.primary_key, std::vector<std::size_t>{0});
  ASSERT_EQ(users.indexes.size(), 1u);
  EXPECT_EQ(users.indexes[0].name, "index_users_by_email");
  EXPECT_TRUE(users.indexes[0].unique);
  EXPECT_TRUE(users.columns[0].auto_increment);
  EXPECT_TRUE(users.columns[3].nullable);
}

TEST(Schema, DefaultTableNames) {
  EXPECT_EQ(toasty::app::default_table_name("User"), "users");
  EXPECT_EQ(toasty::app::default_table_name("OrderItem"), "order_items");
  EXPECT_EQ(toasty::app::default_table_name("Category"), "categories");
  EXPECT_EQ(toasty::app::default_table_name("Box"), "boxes");
  EXPECT_EQ(toasty::app::default_table_name("HTTPRequest"), "http_requests");
}

TEST(Schema, RejectsInconsistentModels) {
  toasty::app::Model m;
  m.name = "NoKey";
  m.fields = {{"a", toasty::ScalarType::I32, false, false, std::nullopt, ""}};
  const toasty::app::Model* models[] = {&m};
  EXPECT_THROW(toasty::Schema::build(models), toasty::InvalidSchema);
  m.primary_key = {0};
  m.fields.push_back({"a", toasty::ScalarType::I32, false, false, std::nullopt, ""});
  EXPECT_THROW(toasty::Schema::build(models), toasty::InvalidSchema);
}

TEST(Schema, StrangerModelIsNamedInTheError) {
  auto s = schema();
  toasty::app::Model other;
  other.name = "Stranger";
  try {
    s->model_id(&other);
    FAIL();
  } catch (const toasty::InvalidSchema& e) {
    EXPECT_NE(std::string(e.what()).find("Stranger"), std::string::npos);
  }
}
