// toasty-cpp quickstart: create, read, update and remove users on embedded SQLite.
// Usage: quickstart [database-url]   (default: sqlite::memory:)
#include <iostream>

#include <toasty/toasty.hpp>

#include "blog.toasty.hpp"

using blog::User;

static void print(const char* what, const User& u) {
  std::cout << what << ": User { id: " << u.id << ", name: " << u.name << ", email: " << u.email
            << ", country: " << u.country << ", bio: " << (u.bio ? *u.bio : "(none)") << " }\n";
}

int main(int argc, char** argv) try {
  const char* url = argc > 1 ? argv[1] : "sqlite::memory:";
  std::cout << "connecting to " << url << "\n";
  auto db = toasty::Db::connect(url, blog::models());
  db.push_schema();

  auto ann = User::create().name("Ann").email("ann@example.com").country("NZ").exec(db);
  print("created", ann);
  print("created", User::create().name("Bob").email("bob@example.com").country("NZ").exec(db));
  print("created", User::create().name("Cat").email("cat@example.com").country("AU").exec(db));

  print("get_by_id", User::get_by_id(db, ann.id));
  print("get_by_email", User::get_by_email(db, "bob@example.com"));
  for (const auto& u : User::filter_by_country("NZ").exec(db)) print("filter_by_country(NZ)", u);
  if (auto a = User::filter(User::fields().name().starts_with("C")).first(db))
    print("first name starting with C", *a);

  ann.update().bio("hello from toasty").exec(db);
  print("updated", User::get_by_id(db, ann.id));
  User::filter_by_country("NZ").update().bio("kia ora").exec(db);
  for (const auto& u : User::all().exec(db)) print("after update by query", u);

  try {
    User::create().name("Imposter").email("ann@example.com").country("NZ").exec(db);
  } catch (const toasty::UniqueViolation& e) {
    std::cout << "refused as expected: " << e.what() << "\n";
  }

  ann.remove(db);
  std::cout << "removed Ann; " << User::all().exec(db).size() << " users left\n";
  std::cout << "removed " << User::filter_by_country("AU").remove(db) << " user(s) in AU; "
            << User::all().exec(db).size() << " left\n";
  return 0;
} catch (const toasty::Error& e) {
  std::cerr << "error: " << e.what() << "\n";
  return 1;
}
