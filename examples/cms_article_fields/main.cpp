// toasty-cpp cms_article_fields example (a port of Toasty's cms-article-fields): draft an
// article, curate its tags, load its body on demand, publish it.
// Usage: cms_article_fields [database-url]   (default: an in-memory SQLite database)
#include <iostream>
#include <stdexcept>
#include <string>
#include <vector>

#include <toasty/toasty.hpp>

#include "cms.toasty.hpp"

using cms::Article;
using cms::ArticleStatus;

namespace {
void expect(bool ok, const char* what) {
  if (!ok) throw std::runtime_error(std::string("unexpected: ") + what);
}
}  // namespace

int main(int argc, char** argv) try {
  const char* url = argc > 1 ? argv[1] : "sqlite::memory:";
  auto db = toasty::Db::connect(url, cms::models());
  db.reset_schema();

  // Set what we want; the rest comes from #[default], #[auto] and Option.
  Article article = Article::create()
                        .title("Hello, toasty")
                        .body("a long body we usually do not read in list views")
                        .tags({"cpp", "orm"})
                        .seo(cms_ext::SeoMeta{"an intro to toasty-cpp", std::nullopt})
                        .exec(db);
  expect(article.view_count == 0, "#[default(0)] on create");
  expect(article.status == ArticleStatus::Draft, "#[default(Draft)] on create");
  expect(!article.subtitle, "an unset Option is absent");
  expect(article.created_at == article.updated_at, "one instant for both timestamps on create");
  std::cout << "drafted \"" << article.title << "\": status=" << article.status << ", views=" << article.view_count
            << ", share_token=" << article.share_token << "\n";

  // The tags are one column; the whole list is set, and the database filters on it.
  std::vector<std::string> tags = article.tags;
  tags.push_back("published");
  article.update().tags(tags).exec(db);
  auto f = Article::fields();
  auto tagged = Article::filter_by_status(ArticleStatus::Draft).filter(f.tags().contains("published")).exec(db);
  std::cout << "tags:";
  for (const auto& t : article.tags) std::cout << " " << t;
  std::cout << " (" << tagged.size() << " draft tagged \"published\")\n";
  expect(tagged.size() == 1, "the tag filter runs in the database");

  // The deferred body is not read by a query, unless included.
  Article listed = Article::get_by_id(db, article.id);
  expect(listed.body.is_unloaded(), "a query leaves the body unloaded");
  Article full = Article::filter_by_id(article.id).include(f.body()).get(db);
  std::cout << "loaded the body on demand: " << full.body.get().size() << " bytes\n";
  expect(listed.load_body(db) == full.body.get(), "load_body reads the same body");

  // Fill in the subtitle, then publish: updated_at moves, created_at stays.
  article.update().subtitle("a gentle introduction").exec(db);
  article.update().status(ArticleStatus::Published).exec(db);
  std::cout << "published: status=" << article.status << ", subtitle=" << *article.subtitle
            << ", seo=" << article.seo.description << ", created==updated? "
            << (article.created_at == article.updated_at ? "yes" : "no") << "\n";
  expect(article.updated_at > article.created_at, "updated_at moved");
  expect(Article::filter_by_status(ArticleStatus::Published).exec(db).size() == 1, "one published article");
  return 0;
} catch (const std::exception& e) {
  std::cerr << "cms_article_fields: " << e.what() << "\n";
  return 1;
}
