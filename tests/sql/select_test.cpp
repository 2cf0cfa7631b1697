// SELECT and every expression kind, in the three dialects.
#include <limits>

#include "engine/seek.hpp"
#include "fixtures.hpp"
#include "toasty/error.hpp"

namespace sql_test {
namespace {

TEST(Select, NoFilter) {
  expect_sql(select_users(nullptr), {
      R"(SELECT "id", "name" FROM "users")",
      R"(SELECT "id", "name" FROM "users")",
      R"(SELECT `id`, `name` FROM `users`)",
  });
}

TEST(Select, EachComparison) {
  const std::pair<stmt::BinaryOp, std::string> ops[] = {
      {stmt::BinaryOp::Eq, "="}, {stmt::BinaryOp::Ne, "<>"}, {stmt::BinaryOp::Lt, "<"},
      {stmt::BinaryOp::Le, "<="}, {stmt::BinaryOp::Gt, ">"}, {stmt::BinaryOp::Ge, ">="},
  };
  for (const auto& [op, text] : ops) {
    SCOPED_TRACE(text);
    expect_sql(select_users(stmt::binary(op, col(Age), val(std::int32_t{30}))),
               {
                   R"(SELECT "id", "name" FROM "users" WHERE "age" )" + text + " ?",
                   R"(SELECT "id", "name" FROM "users" WHERE "age" )" + text + " $1",
                   R"(SELECT `id`, `name` FROM `users` WHERE `age` )" + text + " ?",
               },
               {Value(std::int32_t{30})});
  }
}

TEST(Select, AndWithNestedOr) {
  auto filter = stmt::and_(eq(col(Name), val("alice")),
                           stmt::or_(stmt::binary(stmt::BinaryOp::Lt, col(Age), val(std::int32_t{18})),
                                     stmt::is_null(col(Age))));
  expect_sql(select_users(filter),
             {
                 R"(SELECT "id", "name" FROM "users" WHERE "name" = ? AND ("age" < ? OR "age" IS NULL))",
                 R"(SELECT "id", "name" FROM "users" WHERE "name" = $1 AND ("age" < $2 OR "age" IS NULL))",
                 R"(SELECT `id`, `name` FROM `users` WHERE `name` = ? AND (`age` < ? OR `age` IS NULL))",
             },
             {Value("alice"), Value(std::int32_t{18})});
}

TEST(Select, OrWithNestedAnd) {
  auto filter = stmt::or_(stmt::and_(eq(col(Name), val("a")), eq(col(Email), val("b"))),
                          eq(col(Active), val(true)));
  expect_sql(select_users(filter),
             {
                 R"(SELECT "id", "name" FROM "users" WHERE ("name" = ? AND "email" = ?) OR "active" = ?)",
                 R"(SELECT "id", "name" FROM "users" WHERE ("name" = $1 AND "email" = $2) OR "active" = $3)",
                 R"(SELECT `id`, `name` FROM `users` WHERE (`name` = ? AND `email` = ?) OR `active` = ?)",
             },
             {Value("a"), Value("b"), Value(true)});
}

TEST(Select, DegenerateAndOr) {
  // Built by hand: the constructors never produce these, but a rewrite might.
  expect_sql(select_users(node(stmt::ExprAnd{})),
             {R"(SELECT "id", "name" FROM "users" WHERE 1 = 1)",
              R"(SELECT "id", "name" FROM "users" WHERE 1 = 1)",
              R"(SELECT `id`, `name` FROM `users` WHERE 1 = 1)"});
  expect_sql(select_users(node(stmt::ExprOr{})),
             {R"(SELECT "id", "name" FROM "users" WHERE 1 = 0)",
              R"(SELECT "id", "name" FROM "users" WHERE 1 = 0)",
              R"(SELECT `id`, `name` FROM `users` WHERE 1 = 0)"});
  expect_sql(select_users(node(stmt::ExprAnd{{eq(col(Id), val(std::uint64_t{1}))}})),
             {R"(SELECT "id", "name" FROM "users" WHERE "id" = ?)",
              R"(SELECT "id", "name" FROM "users" WHERE "id" = $1)",
              R"(SELECT `id`, `name` FROM `users` WHERE `id` = ?)"},
             {Value(std::uint64_t{1})});
  // An AND directly inside an AND (not flattened) still gets parentheses.
  auto inner = node(stmt::ExprAnd{{eq(col(Id), val(std::uint64_t{1})), eq(col(Name), val("x"))}});
  expect_sql(select_users(node(stmt::ExprAnd{{inner, stmt::is_null(col(Age))}})),
             {R"(SELECT "id", "name" FROM "users" WHERE ("id" = ? AND "name" = ?) AND "age" IS NULL)",
              R"(SELECT "id", "name" FROM "users" WHERE ("id" = $1 AND "name" = $2) AND "age" IS NULL)",
              R"(SELECT `id`, `name` FROM `users` WHERE (`id` = ? AND `name` = ?) AND `age` IS NULL)"},
             {Value(std::uint64_t{1}), Value("x")});
}

TEST(Select, Not) {
  expect_sql(select_users(stmt::not_(stmt::and_(eq(col(Name), val("a")), stmt::is_null(col(Age))))),
             {
                 R"(SELECT "id", "name" FROM "users" WHERE NOT ("name" = ? AND "age" IS NULL))",
                 R"(SELECT "id", "name" FROM "users" WHERE NOT ("name" = $1 AND "age" IS NULL))",
                 R"(SELECT `id`, `name` FROM `users` WHERE NOT (`name` = ? AND `age` IS NULL))",
             },
             {Value("a")});
  expect_sql(select_users(stmt::not_(stmt::is_null(col(Age)))),
             {
                 R"(SELECT "id", "name" FROM "users" WHERE NOT ("age" IS NULL))",
                 R"(SELECT "id", "name" FROM "users" WHERE NOT ("age" IS NULL))",
                 R"(SELECT `id`, `name` FROM `users` WHERE NOT (`age` IS NULL))",
             });
  expect_sql(select_users(stmt::not_(col(Active))),
             {
                 R"(SELECT "id", "name" FROM "users" WHERE NOT "active")",
                 R"(SELECT "id", "name" FROM "users" WHERE NOT "active")",
                 R"(SELECT `id`, `name` FROM `users` WHERE NOT `active`)",
             });
  // NOT inside AND and a comparison of a compound operand.
  expect_sql(select_users(stmt::and_(stmt::not_(eq(col(Name), val("a"))),
                                     eq(stmt::is_null(col(Age)), val(false)))),
             {
                 R"(SELECT "id", "name" FROM "users" WHERE NOT ("name" = ?) AND ("age" IS NULL) = ?)",
                 R"(SELECT "id", "name" FROM "users" WHERE NOT ("name" = $1) AND ("age" IS NULL) = $2)",
                 R"(SELECT `id`, `name` FROM `users` WHERE NOT (`name` = ?) AND (`age` IS NULL) = ?)",
             },
             {Value("a"), Value(false)});
}

TEST(Select, IsNull) {
  expect_sql(select_users(stmt::is_null(col(Score))),
             {
                 R"(SELECT "id", "name" FROM "users" WHERE "score" IS NULL)",
                 R"(SELECT "id", "name" FROM "users" WHERE "score" IS NULL)",
                 R"(SELECT `id`, `name` FROM `users` WHERE `score` IS NULL)",
             });
}

TEST(Select, NullValueIsStillAParameter) {
  expect_sql(select_users(eq(col(Age), val(nullptr))),
             {
                 R"(SELECT "id", "name" FROM "users" WHERE "age" = ?)",
                 R"(SELECT "id", "name" FROM "users" WHERE "age" = $1)",
                 R"(SELECT `id`, `name` FROM `users` WHERE `age` = ?)",
             },
             {Value()});
}

TEST(Select, InList) {
  expect_sql(select_users(stmt::in_list(col(Id), {val(std::uint64_t{1}), val(std::uint64_t{2}),
                                                  val(std::uint64_t{3})})),
             {
                 R"(SELECT "id", "name" FROM "users" WHERE "id" IN (?, ?, ?))",
                 R"(SELECT "id", "name" FROM "users" WHERE "id" IN ($1, $2, $3))",
                 R"(SELECT `id`, `name` FROM `users` WHERE `id` IN (?, ?, ?))",
             },
             {Value(std::uint64_t{1}), Value(std::uint64_t{2}), Value(std::uint64_t{3})});
}

TEST(Select, EmptyInListIsFalse) {
  expect_sql(select_users(stmt::in_list(col(Id), {})),
             {
                 R"(SELECT "id", "name" FROM "users" WHERE 1 = 0)",
                 R"(SELECT "id", "name" FROM "users" WHERE 1 = 0)",
                 R"(SELECT `id`, `name` FROM `users` WHERE 1 = 0)",
             });
  expect_sql(select_users(stmt::not_(stmt::in_list(col(Id), {}))),
             {
                 R"(SELECT "id", "name" FROM "users" WHERE NOT (1 = 0))",
                 R"(SELECT "id", "name" FROM "users" WHERE NOT (1 = 0))",
                 R"(SELECT `id`, `name` FROM `users` WHERE NOT (1 = 0))",
             });
}

TEST(Select, StartsWithEscapesWildcards) {
  const std::string prefix = "a*b?c[d]%_!\\";
  auto s = select_users(stmt::starts_with(col(Name), val(prefix)));
  auto lite = serialize(s, Dialect::Sqlite);
  EXPECT_EQ(lite.sql, R"(SELECT "id", "name" FROM "users" WHERE "name" GLOB ?)");
  EXPECT_EQ(lite.params, std::vector<Value>{Value("a[*]b[?]c[[]d]%_!\\*")});

  auto pg = serialize(s, Dialect::Postgresql);
  EXPECT_EQ(pg.sql, R"(SELECT "id", "name" FROM "users" WHERE "name" ^@ $1)");
  EXPECT_EQ(pg.params, std::vector<Value>{Value(prefix)});

  auto my = serialize(s, Dialect::Mysql);
  EXPECT_EQ(my.sql,
            R"(SELECT `id`, `name` FROM `users` WHERE `name` LIKE CAST(? AS BINARY) ESCAPE '!')");
  EXPECT_EQ(my.params, std::vector<Value>{Value("a*b?c[d]!%!_!!\\%")});
}

TEST(Select, StartsWithInsideAnd) {
  auto s = select_users(stmt::and_(stmt::starts_with(col(Name), val("al")), eq(col(Active), val(true))));
  auto lite = serialize(s, Dialect::Sqlite);
  EXPECT_EQ(lite.sql, R"(SELECT "id", "name" FROM "users" WHERE "name" GLOB ? AND "active" = ?)");
  EXPECT_EQ(lite.params, (std::vector<Value>{Value("al*"), Value(true)}));
  auto pg = serialize(s, Dialect::Postgresql);
  EXPECT_EQ(pg.sql, R"(SELECT "id", "name" FROM "users" WHERE "name" ^@ $1 AND "active" = $2)");
  EXPECT_EQ(pg.params, (std::vector<Value>{Value("al"), Value(true)}));
  auto my = serialize(s, Dialect::Mysql);
  EXPECT_EQ(my.sql,
            R"(SELECT `id`, `name` FROM `users` WHERE `name` LIKE CAST(? AS BINARY) ESCAPE '!' AND `active` = ?)");
  EXPECT_EQ(my.params, (std::vector<Value>{Value("al%"), Value(true)}));
}

TEST(Select, StartsWithColumnPrefix) {
  expect_sql(select_users(stmt::starts_with(col(Name), col(Email))),
             {
                 R"(SELECT "id", "name" FROM "users" WHERE substr("name", 1, length("email")) = "email")",
                 R"(SELECT "id", "name" FROM "users" WHERE "name" ^@ "email")",
                 R"(SELECT `id`, `name` FROM `users` WHERE CAST(LEFT(`name`, CHAR_LENGTH(`email`)) AS BINARY) = CAST(`email` AS BINARY))",
             });
}

TEST(Select, EndsWithAndContainsEscapeWildcards) {
  using K = stmt::ExprTextMatch::Kind;
  const std::string text = "a*b%_!";
  auto ends = select_users(stmt::text_match(K::EndsWith, col(Name), val(text)));
  auto lite = serialize(ends, Dialect::Sqlite);
  EXPECT_EQ(lite.sql, R"(SELECT "id", "name" FROM "users" WHERE "name" GLOB ?)");
  EXPECT_EQ(lite.params, std::vector<Value>{Value("*a[*]b%_!")});
  auto pg = serialize(ends, Dialect::Postgresql);
  EXPECT_EQ(pg.sql, R"(SELECT "id", "name" FROM "users" WHERE right("name", length($1)) = $2)");
  auto my = serialize(ends, Dialect::Mysql);
  EXPECT_EQ(my.sql, R"(SELECT `id`, `name` FROM `users` WHERE `name` LIKE CAST(? AS BINARY) ESCAPE '!')");
  EXPECT_EQ(my.params, std::vector<Value>{Value("%a*b!%!_!!")});

  auto has = select_users(stmt::text_match(K::Contains, col(Name), val(text)));
  EXPECT_EQ(serialize(has, Dialect::Sqlite).params, std::vector<Value>{Value("*a[*]b%_!*")});
  EXPECT_EQ(serialize(has, Dialect::Postgresql).sql, R"(SELECT "id", "name" FROM "users" WHERE strpos("name", $1) > 0)");
  EXPECT_EQ(serialize(has, Dialect::Mysql).params, std::vector<Value>{Value("%a*b!%!_!!%")});
}

TEST(Select, EndsWithAndContainsOfAColumn) {
  using K = stmt::ExprTextMatch::Kind;
  expect_sql(select_users(stmt::text_match(K::EndsWith, col(Name), col(Email))),
             {
                 R"(SELECT "id", "name" FROM "users" WHERE (length("email") = 0 OR substr("name", -length("email")) = "email"))",
                 R"(SELECT "id", "name" FROM "users" WHERE right("name", length("email")) = "email")",
                 R"(SELECT `id`, `name` FROM `users` WHERE CAST(RIGHT(`name`, CHAR_LENGTH(`email`)) AS BINARY) = CAST(`email` AS BINARY))",
             });
  expect_sql(select_users(stmt::text_match(K::Contains, col(Name), col(Email))),
             {
                 R"(SELECT "id", "name" FROM "users" WHERE instr("name", "email") > 0)",
                 R"(SELECT "id", "name" FROM "users" WHERE strpos("name", "email") > 0)",
                 R"(SELECT `id`, `name` FROM `users` WHERE LOCATE(CAST(`email` AS BINARY), CAST(`name` AS BINARY)) > 0)",
             });
}

// ignore_case folds A-Z only, the same on every backend: SQLite's lower() (ASCII only),
// PostgreSQL's translate() and MySQL's REPLACE chain (LOWER() would follow the locale or
// collation there).
TEST(Select, IgnoreCaseMatchesFoldTheTextTheSameWayEverywhere) {
  using K = stmt::ExprTextMatch::Kind;
  auto eq_ci = select_users(stmt::text_match(K::Equals, col(Name), val("ann"), true));
  EXPECT_EQ(serialize(eq_ci, Dialect::Sqlite).sql, R"(SELECT "id", "name" FROM "users" WHERE lower("name") = ?)");
  EXPECT_EQ(serialize(eq_ci, Dialect::Postgresql).sql,
            R"(SELECT "id", "name" FROM "users" WHERE translate("name", 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') = $1)");
  const std::string my = serialize(eq_ci, Dialect::Mysql).sql;
  EXPECT_EQ(my.rfind("SELECT `id`, `name` FROM `users` WHERE REPLACE(REPLACE(", 0), 0u) << my;
  EXPECT_NE(my.find("`name`, 'A', 'a'), 'B', 'b')"), std::string::npos) << my;
  EXPECT_NE(my.find(", 'Z', 'z') = ?"), std::string::npos) << my;
  auto starts = select_users(stmt::text_match(K::StartsWith, col(Name), val("an"), true));
  EXPECT_EQ(serialize(starts, Dialect::Sqlite).sql, R"(SELECT "id", "name" FROM "users" WHERE lower("name") GLOB ?)");
  EXPECT_EQ(serialize(starts, Dialect::Postgresql).sql,
            R"(SELECT "id", "name" FROM "users" WHERE translate("name", 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') ^@ $1)");
}

// LIKE with the one escape toasty rewrites patterns to; SQLite runs the driver's
// case-sensitive toasty_like() (its own LIKE ignores ASCII case).
TEST(Select, LikeIsCaseSensitiveWithOneEscapeCharacter) {
  using K = stmt::ExprTextMatch::Kind;
  expect_sql(select_users(stmt::text_match(K::Like, col(Name), val("a!%_%"))),
             {
                 R"(SELECT "id", "name" FROM "users" WHERE toasty_like(?, "name"))",
                 R"(SELECT "id", "name" FROM "users" WHERE "name" LIKE $1 ESCAPE '!')",
                 R"(SELECT `id`, `name` FROM `users` WHERE `name` LIKE ? ESCAPE '!')",
             },
             {Value("a!%_%")});
  auto ci = select_users(stmt::text_match(K::Like, col(Name), val("a%"), true));
  EXPECT_EQ(serialize(ci, Dialect::Sqlite).sql, R"(SELECT "id", "name" FROM "users" WHERE toasty_like(?, lower("name")))");
}

// GROUP BY with HAVING (its value a parameter), groups in key order.
TEST(Select, GroupByWithHaving) {
  auto s = select_users(eq(col(Active), val(true)));
  s.group_by = {col(Name)};
  s.aggregates = {{stmt::Aggregate::Fn::Count, nullptr}, {stmt::Aggregate::Fn::Sum, col(Age)}};
  s.having = {{{stmt::Aggregate::Fn::Count, nullptr}, stmt::BinaryOp::Gt, Value(std::int64_t{2})}};
  s.order_by = {{col(Name), false}};
  expect_sql(s,
             {
                 R"(SELECT "name", COUNT(*), SUM("age") FROM "users" WHERE "active" = ? GROUP BY "name" HAVING COUNT(*) > ? ORDER BY "name")",
                 R"(SELECT "name", COUNT(*), SUM("age") FROM "users" WHERE "active" = $1 GROUP BY "name" HAVING COUNT(*) > $2 ORDER BY "name")",
                 R"(SELECT `name`, COUNT(*), SUM(`age`) FROM `users` WHERE `active` = ? GROUP BY `name` HAVING COUNT(*) > ? ORDER BY `name`)",
             },
             {Value(true), Value(std::int64_t{2})});
}

// At most N rows per partition (a filtered include's limit per parent), in every dialect.
TEST(Select, LimitPerPartitionWithAWindowFunction) {
  auto s = select_users(eq(col(Active), val(true)), {Id, Name});
  s.order_by = {{col(Age), true}};
  s.per_partition = stmt::Select::PartitionLimit{{Email}, 3};
  expect_sql(s,
             {
                 R"(SELECT "id", "name" FROM (SELECT "id", "name", "email", "age", ROW_NUMBER() OVER (PARTITION BY "email" ORDER BY "age" DESC) AS "toasty_rn" FROM "users" WHERE "active" = ?) AS "toasty_ranked" WHERE "toasty_rn" <= 3 ORDER BY "email", "age" DESC)",
                 R"(SELECT "id", "name" FROM (SELECT "id", "name", "email", "age", ROW_NUMBER() OVER (PARTITION BY "email" ORDER BY "age" DESC NULLS LAST) AS "toasty_rn" FROM "users" WHERE "active" = $1) AS "toasty_ranked" WHERE "toasty_rn" <= 3 ORDER BY "email", "age" DESC NULLS LAST)",
                 R"(SELECT `id`, `name` FROM (SELECT `id`, `name`, `email`, `age`, ROW_NUMBER() OVER (PARTITION BY `email` ORDER BY `age` DESC) AS `toasty_rn` FROM `users` WHERE `active` = ?) AS `toasty_ranked` WHERE `toasty_rn` <= 3 ORDER BY `email`, `age` DESC)",
             },
             {Value(true)});
}

TEST(Select, Distinct) {
  auto s = select_users(nullptr, {Name});
  s.distinct = true;
  expect_sql(s, {
                    R"(SELECT DISTINCT "name" FROM "users")",
                    R"(SELECT DISTINCT "name" FROM "users")",
                    R"(SELECT DISTINCT `name` FROM `users`)",
                });
}

TEST(Select, CountOfTheRowsASelectWouldRead) {
  auto s = select_users(eq(col(Active), val(true)));
  s.count = true;
  expect_sql(s, {
                    R"(SELECT COUNT(*) FROM "users" WHERE "active" = ?)",
                    R"(SELECT COUNT(*) FROM "users" WHERE "active" = $1)",
                    R"(SELECT COUNT(*) FROM `users` WHERE `active` = ?)",
                },
             {Value(true)});
  s.order_by = {{col(Name), false}};
  s.limit = 10;
  s.offset = 20;
  expect_sql(s, {
                    R"(SELECT COUNT(*) FROM (SELECT "id" FROM "users" WHERE "active" = ? ORDER BY "name" LIMIT 10 OFFSET 20) AS toasty_counted)",
                    R"(SELECT COUNT(*) FROM (SELECT "id" FROM "users" WHERE "active" = $1 ORDER BY "name" LIMIT 10 OFFSET 20) AS toasty_counted)",
                    R"(SELECT COUNT(*) FROM (SELECT `id` FROM `users` WHERE `active` = ? ORDER BY `name` LIMIT 10 OFFSET 20) AS toasty_counted)",
                },
             {Value(true)});
}

TEST(Select, OrderLimitOffset) {
  auto s = select_users(eq(col(Active), val(true)));
  s.order_by = {{col(Name), false}, {col(Age), true}};
  s.limit = 10;
  s.offset = 20;
  expect_sql(s,
             {
                 R"(SELECT "id", "name" FROM "users" WHERE "active" = ? ORDER BY "name", "age" DESC LIMIT 10 OFFSET 20)",
                 R"(SELECT "id", "name" FROM "users" WHERE "active" = $1 ORDER BY "name", "age" DESC NULLS LAST LIMIT 10 OFFSET 20)",
                 R"(SELECT `id`, `name` FROM `users` WHERE `active` = ? ORDER BY `name`, `age` DESC LIMIT 10 OFFSET 20)",
             },
             {Value(true)});
}

TEST(Select, OffsetWithoutLimit) {
  auto s = select_users(nullptr);
  s.offset = 5;
  expect_sql(s, {
      R"(SELECT "id", "name" FROM "users" LIMIT -1 OFFSET 5)",
      R"(SELECT "id", "name" FROM "users" OFFSET 5)",
      R"(SELECT `id`, `name` FROM `users` LIMIT 18446744073709551615 OFFSET 5)",
  });
}

TEST(Select, HugeLimitIsClampedWhereCountsAreSigned) {
  auto s = select_users(nullptr);
  s.limit = std::numeric_limits<std::uint64_t>::max();
  expect_sql(s, {
      R"(SELECT "id", "name" FROM "users" LIMIT 9223372036854775807)",
      R"(SELECT "id", "name" FROM "users" LIMIT 9223372036854775807)",
      R"(SELECT `id`, `name` FROM `users` LIMIT 18446744073709551615)",
  });
}

TEST(Select, PostgresqlNumbersEveryParameterInTextOrder) {
  std::vector<stmt::ExprPtr> list;
  std::vector<Value> params{Value("n")};
  for (std::uint64_t i = 0; i < 11; ++i) {
    list.push_back(val(i));
    params.emplace_back(i);
  }
  auto s = select_users(stmt::and_(eq(col(Name), val("n")), stmt::in_list(col(Id), list)));
  auto out = serialize(s, Dialect::Postgresql);
  EXPECT_EQ(out.sql,
            R"(SELECT "id", "name" FROM "users" WHERE "name" = $1 AND "id" IN ($2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12))");
  EXPECT_EQ(out.params, params);
}

TEST(Select, OtherTable) {
  stmt::Select s;
  s.level = stmt::Level::Db;
  s.target = kLineItems;
  s.returning = {0, 1, 2};
  s.filter = stmt::and_(eq(col(0, kLineItems), val(std::uint64_t{7})), eq(col(1, kLineItems), val(std::int32_t{2})));
  expect_sql(s,
             {
                 R"(SELECT "order_id", "position", "sku" FROM "line_items" WHERE "order_id" = ? AND "position" = ?)",
                 R"(SELECT "order_id", "position", "sku" FROM "line_items" WHERE "order_id" = $1 AND "position" = $2)",
                 R"(SELECT `order_id`, `position`, `sku` FROM `line_items` WHERE `order_id` = ? AND `position` = ?)",
             },
             {Value(std::uint64_t{7}), Value(std::int32_t{2})});
}

TEST(Select, Rejected) {
  for (Dialect d : kDialects) {
    auto app = select_users(nullptr);
    app.level = stmt::Level::App;
    EXPECT_THROW(serialize(app, d), toasty::InvalidStatement);

    EXPECT_THROW(serialize(select_users(stmt::field(nullptr, 0)), d), toasty::InvalidStatement);
    EXPECT_THROW(serialize(select_users(eq(col(Id), stmt::arg(0))), d), toasty::InvalidStatement);
    EXPECT_THROW(serialize(select_users(eq(col(0, kLineItems), val(1))), d), toasty::InvalidStatement);
    EXPECT_THROW(serialize(select_users(nullptr, {99}), d), toasty::InvalidStatement);
    EXPECT_THROW(serialize(select_users(nullptr, {}), d), toasty::InvalidStatement);
    EXPECT_THROW(serialize(select_users(eq(col(Id), nullptr)), d), toasty::InvalidStatement);

    auto bad_target = select_users(nullptr);
    bad_target.target = 42;
    EXPECT_THROW(serialize(bad_target, d), toasty::InvalidStatement);
  }
}

TEST(Identifiers, QuotesAreDoubled) {
  EXPECT_EQ(sql::quote_identifier("users", Dialect::Sqlite), R"("users")");
  EXPECT_EQ(sql::quote_identifier(R"(we"ird)", Dialect::Sqlite), R"("we""ird")");
  EXPECT_EQ(sql::quote_identifier(R"(we"ird)", Dialect::Postgresql), R"("we""ird")");
  EXPECT_EQ(sql::quote_identifier("we`ird", Dialect::Mysql), "`we``ird`");
  EXPECT_EQ(sql::quote_identifier(R"(we"ird)", Dialect::Mysql), R"(`we"ird`)");
  EXPECT_EQ(sql::quote_identifier("select", Dialect::Mysql), "`select`");
  EXPECT_THROW(sql::quote_identifier("", Dialect::Sqlite), toasty::InvalidSchema);
  EXPECT_THROW(sql::quote_identifier(std::string_view("a\0b", 3), Dialect::Sqlite), toasty::InvalidSchema);
}

TEST(Identifiers, TableAndColumnNamesAreQuotedInStatements) {
  db::Schema s;
  s.tables.push_back(db::Table{R"(od"d)", {{"order", ScalarType::I64, false, false}, {"x`y", ScalarType::I64, false, false}}, {0}, {}});
  stmt::Select q;
  q.level = stmt::Level::Db;
  q.target = 0;
  q.returning = {0, 1};
  q.filter = eq(stmt::column(0, 1), val(std::int64_t{1}));
  EXPECT_EQ(sql::serialize(q, s, Dialect::Sqlite).sql, R"(SELECT "order", "x`y" FROM "od""d" WHERE "x`y" = ?)");
  EXPECT_EQ(sql::serialize(q, s, Dialect::Mysql).sql, "SELECT `order`, `x``y` FROM `od\"d` WHERE `x``y` = ?");
}

}  // namespace
}  // namespace sql_test

namespace sql_test {
namespace {

std::shared_ptr<const stmt::Select> line_items_where_sku(const char* sku, std::vector<std::size_t> returning = {0}) {
  stmt::Select q;
  q.level = stmt::Level::Db;
  q.target = kLineItems;
  q.returning = std::move(returning);
  q.filter = eq(col(2, kLineItems), val(sku));
  return std::make_shared<const stmt::Select>(std::move(q));
}

TEST(Subquery, InSelect) {
  auto s = select_users(stmt::and_(eq(col(Name), val("ann")),
                                   stmt::in_subquery({col(Id)}, line_items_where_sku("x"))));
  expect_sql(s,
             {
                 R"(SELECT "id", "name" FROM "users" WHERE "name" = ? AND "id" IN (SELECT "order_id" FROM "line_items" WHERE "sku" = ?))",
                 R"(SELECT "id", "name" FROM "users" WHERE "name" = $1 AND "id" IN (SELECT "order_id" FROM "line_items" WHERE "sku" = $2))",
                 R"(SELECT `id`, `name` FROM `users` WHERE `name` = ? AND `id` IN (SELECT `order_id` FROM `line_items` WHERE `sku` = ?))",
             },
             {Value("ann"), Value("x")});
}

TEST(Subquery, NotInAndRowValues) {
  auto s = select_users(stmt::in_subquery({col(Id), col(Age)}, line_items_where_sku("x", {0, 1}), true));
  expect_sql(s,
             {
                 R"(SELECT "id", "name" FROM "users" WHERE ("id", "age") NOT IN (SELECT "order_id", "position" FROM "line_items" WHERE "sku" = ?))",
                 R"(SELECT "id", "name" FROM "users" WHERE ("id", "age") NOT IN (SELECT "order_id", "position" FROM "line_items" WHERE "sku" = $1))",
                 R"(SELECT `id`, `name` FROM `users` WHERE (`id`, `age`) NOT IN (SELECT `order_id`, `position` FROM `line_items` WHERE `sku` = ?))",
             },
             {Value("x")});
}

TEST(Subquery, SameTableOrLimitIsADerivedTableOnMysql) {
  stmt::Select inner;
  inner.level = stmt::Level::Db;
  inner.target = kUsers;
  inner.returning = {Id};
  inner.filter = eq(col(Name), val("ann"));
  stmt::Delete d;
  d.level = stmt::Level::Db;
  d.target = kUsers;
  d.filter = stmt::in_subquery({col(Id)}, std::make_shared<const stmt::Select>(inner));
  expect_sql(d,
             {
                 R"(DELETE FROM "users" WHERE "id" IN (SELECT "id" FROM "users" WHERE "name" = ?))",
                 R"(DELETE FROM "users" WHERE "id" IN (SELECT "id" FROM "users" WHERE "name" = $1))",
                 "DELETE FROM `users` WHERE `id` IN (SELECT * FROM (SELECT `id` FROM `users` WHERE `name` = ?) AS `toasty_subquery`)",
             },
             {Value("ann")});

  stmt::Select limited = *line_items_where_sku("x");
  limited.limit = 3;
  auto s = select_users(stmt::in_subquery({col(Id)}, std::make_shared<const stmt::Select>(limited)));
  expect_sql(s,
             {
                 R"(SELECT "id", "name" FROM "users" WHERE "id" IN (SELECT "order_id" FROM "line_items" WHERE "sku" = ? LIMIT 3))",
                 R"(SELECT "id", "name" FROM "users" WHERE "id" IN (SELECT "order_id" FROM "line_items" WHERE "sku" = $1 LIMIT 3))",
                 "SELECT `id`, `name` FROM `users` WHERE `id` IN (SELECT * FROM (SELECT `order_id` FROM `line_items` WHERE `sku` = ? LIMIT 3) AS `toasty_subquery`)",
             },
             {Value("x")});
}

TEST(Subquery, ColumnsAfterTheSubqueryAreTheOuterTables) {
  auto s = select_users(stmt::and_(stmt::in_subquery({col(Id)}, line_items_where_sku("x")), eq(col(Email), val("e"))));
  EXPECT_EQ(serialize(s, Dialect::Sqlite).sql,
            R"(SELECT "id", "name" FROM "users" WHERE "id" IN (SELECT "order_id" FROM "line_items" WHERE "sku" = ?) AND "email" = ?)");
}

// A correlated reference (a field compared with a related record's) names the enclosing
// statement's column qualified by its table; the subquery's own stay unqualified.
TEST(Subquery, CorrelatedColumnsAreQualifiedByTheirTable) {
  stmt::Select correlated = *line_items_where_sku("x");
  correlated.filter = eq(col(2, kLineItems), col(Name));
  auto s = select_users(stmt::in_subquery({col(Id)}, std::make_shared<const stmt::Select>(correlated)));
  EXPECT_EQ(serialize(s, Dialect::Postgresql).sql,
            R"(SELECT "id", "name" FROM "users" WHERE "id" IN (SELECT "order_id" FROM "line_items" WHERE "sku" = "users"."name"))");
  EXPECT_EQ(serialize(s, Dialect::Mysql).sql,
            R"(SELECT `id`, `name` FROM `users` WHERE `id` IN (SELECT `order_id` FROM `line_items` WHERE `sku` = `users`.`name`))");
}

TEST(Subquery, Rejected) {
  for (Dialect d : kDialects) {
    // Column count mismatch.
    EXPECT_THROW(serialize(select_users(stmt::in_subquery({col(Id), col(Age)}, line_items_where_sku("x"))), d),
                 toasty::InvalidStatement);
    EXPECT_THROW(serialize(select_users(stmt::in_subquery({}, line_items_where_sku("x"))), d), toasty::InvalidStatement);
    EXPECT_THROW(serialize(select_users(stmt::in_subquery({col(Id)}, nullptr)), d), toasty::InvalidStatement);
    // A column of a table that is neither the subquery's nor an enclosing statement's.
    stmt::Select stray = *line_items_where_sku("x");
    stray.filter = eq(col(2, kLineItems), col(1, kAllTypes));
    EXPECT_THROW(serialize(select_users(stmt::in_subquery({col(Id)}, std::make_shared<const stmt::Select>(stray))), d),
                 toasty::InvalidStatement);
    // App-level relation filters.
    EXPECT_THROW(serialize(select_users(stmt::related(nullptr, 0, nullptr)), d), toasty::InvalidStatement);
    EXPECT_THROW(serialize(select_users(stmt::scope(nullptr, 0, {})), d), toasty::InvalidStatement);
  }
}

// Keyset pagination (Query::paginate) seeks with the filter the engine adds: rows after
// the cursor's (name, id) in the order name DESC (NULLs last), id ASC.
TEST(Select, SeekAfterAPageCursor) {
  std::vector<stmt::OrderBy> order{{col(Name), true}, {col(Id), false}};
  auto s = select_users(toasty::engine::seek_filter(order, {Value("m"), Value(std::int64_t{7})}));
  s.order_by = order;
  s.limit = 11;
  expect_sql(s,
             {
                 R"(SELECT "id", "name" FROM "users" WHERE "name" < ? OR "name" IS NULL OR ("name" = ? AND "id" > ?) ORDER BY "name" DESC, "id" LIMIT 11)",
                 R"(SELECT "id", "name" FROM "users" WHERE "name" < $1 OR "name" IS NULL OR ("name" = $2 AND "id" > $3) ORDER BY "name" DESC, "id" LIMIT 11)",
                 R"(SELECT `id`, `name` FROM `users` WHERE `name` < ? OR `name` IS NULL OR (`name` = ? AND `id` > ?) ORDER BY `name` DESC, `id` LIMIT 11)",
             },
             {Value("m"), Value("m"), Value(std::int64_t{7})});
  // A NULL position: after NULL comes every value ascending, nothing descending.
  std::vector<stmt::OrderBy> up{{col(Name), false}, {col(Id), false}};
  auto n = select_users(toasty::engine::seek_filter(up, {Value(), Value(std::int64_t{7})}));
  EXPECT_EQ(serialize(n, Dialect::Postgresql).sql,
            R"(SELECT "id", "name" FROM "users" WHERE NOT ("name" IS NULL) OR ("name" IS NULL AND "id" > $1))");
}

// Query::sum/min/max/avg: aggregates of a column; over a page, of a derived table.
TEST(Select, AggregatesOfAColumn) {
  using Fn = stmt::Aggregate::Fn;
  auto s = select_users(eq(col(Active), val(true)));
  s.aggregates = {{Fn::Sum, col(Age)}, {Fn::Count, col(Age)}, {Fn::Min, col(Name)}, {Fn::Max, col(Age)}};
  expect_sql(s,
             {
                 R"(SELECT SUM("age"), COUNT("age"), MIN("name"), MAX("age") FROM "users" WHERE "active" = ?)",
                 R"(SELECT SUM("age"), COUNT("age"), MIN("name"), MAX("age") FROM "users" WHERE "active" = $1)",
                 R"(SELECT SUM(`age`), COUNT(`age`), MIN(`name`), MAX(`age`) FROM `users` WHERE `active` = ?)",
             },
             {Value(true)});
  s.order_by = {{col(Name), false}};
  s.limit = 10;
  s.offset = 5;
  expect_sql(s,
             {
                 R"(SELECT SUM("age"), COUNT("age"), MIN("name"), MAX("age") FROM (SELECT "age", "name" FROM "users" WHERE "active" = ? ORDER BY "name" LIMIT 10 OFFSET 5) AS toasty_aggregated)",
                 R"(SELECT SUM("age"), COUNT("age"), MIN("name"), MAX("age") FROM (SELECT "age", "name" FROM "users" WHERE "active" = $1 ORDER BY "name" LIMIT 10 OFFSET 5) AS toasty_aggregated)",
                 R"(SELECT SUM(`age`), COUNT(`age`), MIN(`name`), MAX(`age`) FROM (SELECT `age`, `name` FROM `users` WHERE `active` = ? ORDER BY `name` LIMIT 10 OFFSET 5) AS toasty_aggregated)",
             },
             {Value(true)});
}

}  // namespace
}  // namespace sql_test
