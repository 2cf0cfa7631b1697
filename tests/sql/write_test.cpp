// INSERT / UPDATE / DELETE, and values never reaching the SQL text.
#include "fixtures.hpp"
#include "toasty/error.hpp"

namespace sql_test {
namespace {

stmt::Insert insert_users(std::vector<std::size_t> columns, std::vector<std::vector<stmt::ExprPtr>> rows,
                          std::vector<std::size_t> returning = {}) {
  stmt::Insert i;
  i.level = stmt::Level::Db;
  i.target = kUsers;
  i.columns = std::move(columns);
  i.rows = std::move(rows);
  i.returning = std::move(returning);
  return i;
}

stmt::Update update_users(std::vector<stmt::Assignment> assignments, stmt::ExprPtr filter) {
  stmt::Update u;
  u.level = stmt::Level::Db;
  u.target = kUsers;
  u.assignments = std::move(assignments);
  u.filter = std::move(filter);
  return u;
}

stmt::Delete delete_users(stmt::ExprPtr filter) {
  stmt::Delete d;
  d.level = stmt::Level::Db;
  d.target = kUsers;
  d.filter = std::move(filter);
  return d;
}

TEST(Insert, MultiRowWithReturning) {
  auto i = insert_users({Name, Email, Age},
                        {{val("ann"), val("ann@x"), val(std::int32_t{30})},
                         {val("bob"), val("bob@x"), val(nullptr)}},
                        {Id, Name});
  expect_sql(i,
             {
                 R"(INSERT INTO "users" ("name", "email", "age") VALUES (?, ?, ?), (?, ?, ?) RETURNING "id", "name")",
                 R"(INSERT INTO "users" ("name", "email", "age") VALUES ($1, $2, $3), ($4, $5, $6) RETURNING "id", "name")",
                 R"(INSERT INTO `users` (`name`, `email`, `age`) VALUES (?, ?, ?), (?, ?, ?) RETURNING `id`, `name`)",
             },
             {Value("ann"), Value("ann@x"), Value(std::int32_t{30}), Value("bob"), Value("bob@x"), Value()});
}

TEST(Insert, WithoutReturning) {
  auto i = insert_users({Name, Email, Active, Avatar},
                        {{val("ann"), val("a@x"), val(true), val(toasty::Bytes{1, 2})}});
  expect_sql(i,
             {
                 R"(INSERT INTO "users" ("name", "email", "active", "avatar") VALUES (?, ?, ?, ?))",
                 R"(INSERT INTO "users" ("name", "email", "active", "avatar") VALUES ($1, $2, $3, $4))",
                 R"(INSERT INTO `users` (`name`, `email`, `active`, `avatar`) VALUES (?, ?, ?, ?))",
             },
             {Value("ann"), Value("a@x"), Value(true), Value(toasty::Bytes{1, 2})});
}

TEST(Insert, NoColumnsOneRow) {
  expect_sql(insert_users({}, {{}}, {Id}), {
      R"(INSERT INTO "users" DEFAULT VALUES RETURNING "id")",
      R"(INSERT INTO "users" DEFAULT VALUES RETURNING "id")",
      R"(INSERT INTO `users` () VALUES () RETURNING `id`)",
  });
}

TEST(Insert, NoColumnsSeveralRows) {
  auto i = insert_users({}, {{}, {}});
  EXPECT_THROW(serialize(i, Dialect::Sqlite), toasty::UnsupportedQuery);
  EXPECT_EQ(serialize(i, Dialect::Postgresql).sql,
            R"(INSERT INTO "users" ("id") VALUES (DEFAULT), (DEFAULT))");
  EXPECT_EQ(serialize(i, Dialect::Mysql).sql, "INSERT INTO `users` () VALUES (), ()");
}

TEST(Insert, Rejected) {
  for (Dialect d : kDialects) {
    EXPECT_THROW(serialize(insert_users({Name}, {}), d), toasty::InvalidStatement);
    EXPECT_THROW(serialize(insert_users({Name, Email}, {{val("a")}}), d), toasty::InvalidStatement);
    EXPECT_THROW(serialize(insert_users({}, {{val("a")}}), d), toasty::InvalidStatement);
    EXPECT_THROW(serialize(insert_users({Name}, {{val("a")}}, {42}), d), toasty::InvalidStatement);
    auto app = insert_users({Name}, {{val("a")}});
    app.level = stmt::Level::App;
    EXPECT_THROW(serialize(app, d), toasty::InvalidStatement);
  }
}

TEST(Update, SetAndWhere) {
  auto u = update_users({{Name, val("ann")}, {Age, val(nullptr)}}, eq(col(Id), val(std::uint64_t{7})));
  expect_sql(u,
             {
                 R"(UPDATE "users" SET "name" = ?, "age" = ? WHERE "id" = ?)",
                 R"(UPDATE "users" SET "name" = $1, "age" = $2 WHERE "id" = $3)",
                 R"(UPDATE `users` SET `name` = ?, `age` = ? WHERE `id` = ?)",
             },
             {Value("ann"), Value(), Value(std::uint64_t{7})});
}

TEST(Update, AllRowsAndColumnValues) {
  auto u = update_users({{Email, col(Name)}}, nullptr);
  expect_sql(u, {
      R"(UPDATE "users" SET "email" = "name")",
      R"(UPDATE "users" SET "email" = "name")",
      R"(UPDATE `users` SET `email` = `name`)",
  });
}

TEST(Update, Rejected) {
  for (Dialect d : kDialects) {
    EXPECT_THROW(serialize(update_users({}, nullptr), d), toasty::InvalidStatement);
    EXPECT_THROW(serialize(update_users({{99, val(1)}}, nullptr), d), toasty::InvalidStatement);
  }
}

TEST(Delete, WithAndWithoutFilter) {
  expect_sql(delete_users(stmt::in_list(col(Id), {val(std::uint64_t{1}), val(std::uint64_t{2})})),
             {
                 R"(DELETE FROM "users" WHERE "id" IN (?, ?))",
                 R"(DELETE FROM "users" WHERE "id" IN ($1, $2))",
                 R"(DELETE FROM `users` WHERE `id` IN (?, ?))",
             },
             {Value(std::uint64_t{1}), Value(std::uint64_t{2})});
  expect_sql(delete_users(nullptr), {
      R"(DELETE FROM "users")",
      R"(DELETE FROM "users")",
      R"(DELETE FROM `users`)",
  });
}

// A hostile string must travel as a parameter, whatever the statement and dialect.
TEST(Injection, ValuesOnlyInParams) {
  const std::string evil = "'); DROP TABLE users; --";
  const std::vector<stmt::Statement> statements = {
      select_users(eq(col(Name), val(evil))),
      select_users(stmt::starts_with(col(Name), val(evil))),
      select_users(stmt::in_list(col(Email), {val("ok"), val(evil)})),
      select_users(stmt::not_(stmt::or_(eq(col(Email), val(evil)), eq(stmt::value(evil), col(Name))))),
      insert_users({Name, Email}, {{val(evil), val(evil)}}, {Id}),
      update_users({{Name, val(evil)}}, eq(col(Email), val(evil))),
      delete_users(eq(col(Name), val(evil))),
  };
  for (const auto& st : statements) {
    for (Dialect d : kDialects) {
      auto out = serialize(st, d);
      SCOPED_TRACE(out.sql);
      EXPECT_EQ(out.sql.find("DROP"), std::string::npos);
      EXPECT_EQ(out.sql.find('\''), d == Dialect::Mysql ? out.sql.find("'!'") : std::string::npos);
      bool found = false;
      for (const Value& p : out.params) {
        if (p.is_string() && p.as_string().find("DROP TABLE users") != std::string::npos) found = true;
      }
      EXPECT_TRUE(found);
    }
  }
}

}  // namespace
}  // namespace sql_test

TEST(Excerpt, ShortStatementsStayWholeLongOnesAreCutWithTheirLength) {
  EXPECT_EQ(toasty::sql::excerpt("SELECT 1"), "SELECT 1");
  std::string in = "SELECT \"id\" FROM \"todos\" WHERE \"user_id\" IN (";
  for (int i = 1; i <= 100000; ++i) in += (i > 1 ? ", $" : "$") + std::to_string(i);
  in += ")";
  std::string out = toasty::sql::excerpt(in);
  EXPECT_LT(out.size(), 200u);
  EXPECT_EQ(out.rfind("SELECT \"id\" FROM \"todos\"", 0), 0u);
  EXPECT_NE(out.find("(" + std::to_string(in.size()) + " characters)"), std::string::npos) << out;
  // A cut never splits a UTF-8 character.
  std::string accents(200, 'a');
  accents[159] = '\xC3';
  accents[160] = '\xA9';
  std::string cut = toasty::sql::excerpt(accents);
  EXPECT_EQ(cut, accents.substr(0, 159) + "... (200 characters)");
}
