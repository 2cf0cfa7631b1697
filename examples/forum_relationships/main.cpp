// forum_relationships: how a forum loads and walks related data (a port of Toasty's
// forum-relationships example).
//
//   forum_relationships [database-url]     (default: an in-memory SQLite database)
//
// One rule runs through it: calling a relation (`user.comments()`) gives a query, which is a
// round trip when executed; `.get()` reads what is already loaded. So an N+1 query storm is
// visible in the source, and `.include()` avoids it. Along the way: both directions of a
// relation, a one-to-one profile, a two-step (`via`) relation, relation filters, scoped
// relation queries, and changing a relation inside update(). Runs on SQLite, PostgreSQL,
// MySQL and DynamoDB; relation filters read across tables, so DynamoDB (which serves only
// what its keys and indexes can) skips them and says so. The program checks what it prints.
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>

#include <toasty/toasty.hpp>

#include "forum.toasty.hpp"

using forum::Comment;
using forum::Profile;
using forum::Thread;
using forum::User;

namespace {

void check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "forum_relationships: unexpected result: %s\n", what);
    std::exit(1);
  }
}

}  // namespace

int main(int argc, char** argv) {
  const std::string url = argc > 1 ? argv[1] : "sqlite::memory:";
  auto db = toasty::Db::connect(url, forum::models());
  db.reset_schema();

  // --- one-to-one, and walking a relation both ways ------------------------------------
  // A new user has no profile yet: the query finds none, which is not an error.
  auto alice = User::create().name("Alice").exec(db);
  check(alice.profile().exec(db).empty(), "a new user has no profile");

  // Attach one inside an update; its foreign key is filled in. (Replacing it later unlinks
  // the old one; profile(std::nullopt) unlinks it.)
  alice.update().profile(Profile::create().bio("C++ and coffee")).exec(db);
  Profile profile = alice.profile().get(db);
  std::cout << "Alice's profile bio: " << profile.bio << "\n";

  // From the child back up to its parent.
  User owner = profile.user().get(db);
  std::cout << "...and it belongs back to " << owner.name << "\n";
  check(owner.id == alice.id, "the profile's user is Alice");

  // A second user, and two threads to talk in (one statement for both threads).
  auto bob = User::create().name("Bob").exec(db);
  auto threads = Thread::create_many()
                     .item(Thread::create().title("Coroutines"))
                     .item(Thread::create().title("ORM design"))
                     .exec(db);
  const Thread& coro = threads[0];
  const Thread& orm = threads[1];

  // A comment links a user and a thread: pass the records and their keys are used.
  Comment::create_many()
      .item(Comment::create().body("co_await is great").user(alice).thread(coro))
      .item(Comment::create().body("what about io_uring?").user(bob).thread(coro))
      .item(Comment::create().body("love the code generator").user(alice).thread(orm))
      .exec(db);

  // --- preloading: no N+1 with .include() ---------------------------------------------
  // Calling user.comments().exec(db) in the loop would be one query per user; include()
  // reads every user's comments with the users, and .get() reads them from memory.
  auto users = User::all().allow_full_scan().include(User::fields().comments()).exec(db);
  std::size_t written = 0;
  for (const User& user : users) {
    std::cout << user.name << " wrote " << user.comments.get().size() << " comment(s)\n";
    written += user.comments.get().size();
  }
  check(written == 3, "three comments in all");

  // --- a two-step (`via`) relation -------------------------------------------------------
  // alice -> comments -> thread, each thread once although she may comment in it twice.
  auto participated = alice.participated_threads().exec(db);
  std::cout << "Alice participated in " << participated.size() << " thread(s)\n";
  check(participated.size() == 2, "Alice took part in two threads");

  // --- a relation filter: parents by a fact about their children -----------------------
  // any() is a subquery on SQL: the users with a comment in the coroutines thread.
  if (db.driver().capability().sql()) {
    auto in_coro = User::filter(User::fields().comments().any(Comment::fields().thread_id().eq(coro.id))).exec(db);
    std::cout << in_coro.size() << " user(s) posted in Coroutines\n";
    check(in_coro.size() == 2, "two users posted in Coroutines");
  } else {
    std::cout << "(relation filters read across tables: skipped on DynamoDB)\n";
  }

  // --- a relation's query is a query: narrow it -----------------------------------------
  auto bobs_coro = coro.comments().filter(Comment::fields().user_id().eq(bob.id)).exec(db);
  std::cout << "Bob has " << bobs_coro.size() << " comment(s) in Coroutines\n";
  check(bobs_coro.size() == 1, "Bob has one comment in Coroutines");

  // --- change who belongs to a relation inside update() ---------------------------------
  // A new record in a has_many: created and linked in the update's unit (its user_id is set).
  bob.update().comment(Comment::create().body("ports welcome").thread(orm)).exec(db);
  auto bobs = bob.comments().exec(db);
  std::cout << "Bob now has " << bobs.size() << " comment(s) after adding one\n";
  check(bobs.size() == 2, "Bob has two comments");

  // Unlink it again with toasty::remove. Comment.user_id is required, so unlinking removes
  // the comment instead of leaving it without an author.
  Comment added = bobs[0].body == "ports welcome" ? bobs[0] : bobs[1];
  bob.update().comments(toasty::remove(added)).exec(db);
  check(bob.comments().exec(db).size() == 1, "Bob is back to one comment");
  check(Comment::filter_by_id(added.id).exec(db).empty(), "the unlinked comment is removed");

  std::cout << "\ndone: both directions, preloading, via, relation filters and relation changes.\n";
  return 0;
}
