// JSON fields on every backend: documents round trip exactly (nesting, Unicode, large
// integers, doubles), the database holds a JSON document its own functions read, and a
// stored document that does not convert is refused naming the column.
#include <cstdint>
#include <limits>
#include <string>

#include "app_db_test.hpp"
#include "support/backend.hpp"
#include "support/db_client.hpp"
#ifdef TOASTY_HAVE_DYNAMODB
#include "driver/dynamodb/client/dynamodb_client.hpp"
#endif

using app::Article;
using app_ext::ArticleMeta;
using toasty::Json;

namespace {

using JsonFields = toasty_test::AppDbTest;

ArticleMeta meta() {
  return ArticleMeta{"Crème brûlée — 焦糖布丁 🍮", {"dessert", "", "a\"quote\\n"},
                     std::numeric_limits<std::int64_t>::max(), 0.1 + 0.2};
}

TEST_F(JsonFields, DocumentsRoundTripExactly) {
  const Json blocks = Json::parse(R"([{"type":"p","text":"x","nested":{"deep":[1,2,{"k":null}]}},[],{},-0.5e-10])");
  Article a = Article::create().slug("one").meta(meta()).blocks(blocks).exec(db());
  EXPECT_EQ(a.meta, meta());
  Article b = Article::create().slug("two").meta(ArticleMeta{}).exec(db());
  EXPECT_EQ(b.blocks, std::nullopt);

  Article r = Article::filter_by_slug("one").first(db()).value();
  EXPECT_EQ(r.meta, meta());
  ASSERT_TRUE(r.blocks.has_value());
  EXPECT_EQ(*r.blocks, blocks);
  EXPECT_EQ(Article::filter_by_slug("two").first(db()).value().meta, ArticleMeta{});

  // Updates by instance and by query; the object carries the new document.
  ArticleMeta edited = meta();
  edited.tags.push_back("new");
  a.update().meta(edited).blocks(std::nullopt).exec(db());
  EXPECT_EQ(a.meta, edited);
  EXPECT_EQ(a.blocks, std::nullopt);
  Article stored = Article::filter_by_slug("one").first(db()).value();
  EXPECT_EQ(stored.meta, edited);
  EXPECT_EQ(stored.blocks, std::nullopt);
  EXPECT_EQ(Article::filter_by_slug("two").update().blocks(Json{{"k", "v"}}).exec(db()), 1u);
  EXPECT_EQ(Article::filter_by_slug("two").first(db()).value().blocks, (Json{{"k", "v"}}));
  EXPECT_TRUE(Article::filter_by_slug("two").filter(Article::fields().blocks().is_some()).first(db()).has_value());
}

// A string that is not UTF-8 cannot be a JSON string: refused before anything is sent.
TEST_F(JsonFields, TextThatIsNotUtf8IsRefused) {
  ArticleMeta bad = meta();
  bad.title = std::string("\xff\xfe", 2);
  EXPECT_THROW(Article::create().slug("bad").meta(bad).exec(db()), toasty::TypeConversion);
  EXPECT_TRUE(Article::filter_by_slug("bad").exec(db()).empty());
}

// The database holds a JSON document (its own JSON functions read it); one that does not
// convert to the field's type reads back as a TypeConversion naming the column.
TEST_F(JsonFields, TheDatabaseHoldsJsonAndBadDocumentsAreNamed) {
  toasty_test::ClientVisibleDb visible(app::models());
  Article::create().slug("native").meta(meta()).exec(*visible.db);
  const std::string backend = toasty_test::backend_name();
  const std::string wrong = R"({"title": 5, "tags": [], "views": 0, "score": 0})";
  if (backend == "dynamodb") {
#ifdef TOASTY_HAVE_DYNAMODB
    namespace ddb = toasty::dynamodb;
    ddb::Client client(ddb::Config::from_url(url_));
    auto items = client.scan_all({{"TableName", "articles"}});
    ASSERT_EQ(items.size(), 1u);
    EXPECT_EQ(Json::parse(items[0]["meta"]["S"].get<std::string>()), Json(meta()));
    client.update_item({{"TableName", "articles"},
                        {"Key", {{"id", items[0]["id"]}}},
                        {"UpdateExpression", "SET meta = :v"},
                        {"ExpressionAttributeValues", {{":v", ddb::av::string(wrong)}}}});
#else
    GTEST_SKIP() << "built without the DynamoDB driver";
#endif
  } else {
    const std::string sql = backend == "postgresql"
                                ? "SELECT pg_typeof(meta), meta->>'title', meta->'views' FROM articles"
                            : backend == "mysql"
                                ? "SELECT JSON_VALID(meta), JSON_UNQUOTE(JSON_EXTRACT(meta, '$.title')), "
                                  "JSON_EXTRACT(meta, '$.views') FROM articles"
                                : "SELECT json_valid(meta), json_extract(meta, '$.title'), "
                                  "json_extract(meta, '$.views') FROM articles";
    std::string why;
    auto out = toasty_test::client_query(visible.url, sql, &why);
    if (!out) GTEST_SKIP() << why;
    EXPECT_EQ(*out, (backend == "postgresql" ? "jsonb" : "1") + std::string("\t") + meta().title + "\t" +
                        std::to_string(std::numeric_limits<std::int64_t>::max()) + "\n");
    ASSERT_TRUE(toasty_test::client_query(visible.url, "UPDATE articles SET meta = '" + wrong + "'", &why)) << why;
  }
  try {
    Article a = Article::filter_by_slug("native").first(*visible.db).value();
    ADD_FAILURE() << "read " << a.meta.title;
  } catch (const toasty::TypeConversion& e) {
    EXPECT_NE(std::string(e.what()).find("column `meta` of table `articles` holds JSON that cannot be read"),
              std::string::npos)
        << e.what();
  }
}

}  // namespace
