// Smallest possible toasty-cpp program: one model, SQLite in memory. Built against the
// umbrella (toasty::toasty, Db::connect) or, with TOASTY_CONSUMER_SQLITE_ONLY, against the
// sqlite component alone (toasty::sqlite, sqlite::open + Db::open).
#include <toasty/toasty.hpp>
#ifdef TOASTY_CONSUMER_SQLITE_ONLY
#include <toasty/driver/sqlite.hpp>
#endif

#include "consumer.toasty.hpp"
#ifdef TOASTY_CONSUMER_MIGRATE
#include "consumer_migrations.hpp"
#endif

#include <exception>
#include <iostream>

int main() {
  try {
#ifdef TOASTY_CONSUMER_SQLITE_ONLY
    auto db = toasty::Db::open(toasty::sqlite::open("sqlite::memory:"), shop::models());
#else
    auto db = toasty::Db::connect("sqlite::memory:", shop::models());
#endif
    db.push_schema();

    auto it = shop::Item::create().name("pen").exec(db);
    auto same = shop::Item::get_by_id(db, it.id);

    std::cout << "created   Item{id=" << it.id << ", name=" << it.name << "}\n";
    std::cout << "read back Item{id=" << same.id << ", name=" << same.name << "}\n";
    if (same.id != it.id || same.name != "pen") {
      std::cerr << "consumer: MISMATCH between the created and the read-back Item\n";
      return 1;
    }
#ifdef TOASTY_CONSUMER_MIGRATE
    // The same table made by the program's own migrations instead of push_schema().
    auto migrated = toasty::Db::connect("sqlite::memory:", shop::models());
    if (toasty::migrate(migrated, shop::migrations()).size() != 1) {
      std::cerr << "consumer: the embedded migration did not apply\n";
      return 1;
    }
    auto pen = shop::Item::create().name("pen").exec(migrated);
    std::cout << "migrated  Item{id=" << pen.id << ", name=" << pen.name << "}\n";
#endif
    std::cout << "consumer: OK\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "consumer: error: " << e.what() << "\n";
    return 2;
  }
}
