// toasty-cpp blog example: create → query → update → delete over a has_many /
// belongs_to pair, with preloading. Usage: blog [database-url] (default: in-memory SQLite)
#include <iostream>

#include <toasty/toasty.hpp>

#include "posts.toasty.hpp"

using blog::Author;
using blog::Comment;
using blog::Post;

int main(int argc, char** argv) try {
  const char* url = argc > 1 ? argv[1] : "sqlite::memory:";
  auto db = toasty::Db::connect(url, blog::models());
  db.reset_schema();

  // Create: an author with two posts, in one atomic statement.
  auto ann = Author::create()
                 .name("Ann")
                 .email("ann@example.com")
                 .post(Post::create().title("Hello, toasty").published(true))
                 .post(Post::create().title("Drafts are private"))
                 .exec(db);
  std::cout << "created " << ann.name << " with " << ann.posts.get().size() << " posts\n";

  // A post created through the relation gets its author_id filled in.
  auto third = ann.posts().create().title("Preloading without N+1").exec(db);
  third.comments().create().body("Nice!").exec(db);
  third.comments().create().body("Two queries, not a hundred.").exec(db);
  std::cout << "post #" << third.id << " belongs to " << third.author().get(db).name << "\n";

  // Query: scoped, filtered, and through the belongs_to side.
  auto published = ann.posts().filter(Post::fields().published().eq(true)).exec(db);
  std::cout << published.size() << " published post(s)\n";
  auto by_ann = Post::filter(Post::fields().author().email().eq("ann@example.com")).exec(db);
  std::cout << by_ann.size() << " post(s) by ann@example.com\n";
  auto discussed = Post::filter(Post::fields().comments().any(Comment::fields().body().starts_with("Nice")))
                       .exec(db);
  std::cout << discussed.size() << " post(s) with a comment starting with \"Nice\"\n";

  // Preload: authors, their posts and the posts' comments in three statements.
  for (const auto& author : Author::all().include(Author::fields().posts().comments()).exec(db)) {
    std::cout << author.name << ":\n";
    for (const auto& post : author.posts.get())
      std::cout << "  - " << post.title << (post.published ? "" : " (draft)") << ", "
                << post.comments.get().size() << " comment(s)\n";
  }

  // Update: by instance and by query.
  third.update().published(true).exec(db);
  Post::filter_by_author_id(ann.id).update().published(true).exec(db);
  std::cout << ann.posts().filter(Post::fields().published().eq(false)).exec(db).size()
            << " draft(s) left\n";

  // Delete: removing the author removes her posts and their comments.
  ann.remove(db);
  std::cout << "after removing Ann: " << Post::all().exec(db).size() << " posts, "
            << Comment::all().exec(db).size() << " comments\n";
  return 0;
} catch (const toasty::Error& e) {
  std::cerr << "error: " << e.what() << "\n";
  return 1;
}
