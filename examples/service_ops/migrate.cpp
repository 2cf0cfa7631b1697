// service_ops_migrate: the service's own migrator, built from the migrations compiled into
// the service_ops library, so a deployment needs no migrations directory:
//
//   service_ops_migrate apply    [database-url]   apply what is missing
//   service_ops_migrate status   [database-url]   each migration: applied or pending
//   service_ops_migrate rollback [database-url]   undo every migration (drops the tables)
//
// The URL defaults to $TOASTY_DATABASE_URL. In development, `toasty migration generate`
// writes new migrations into examples/service_ops/migrations from service_ops.toasty.
#include <cstdio>
#include <cstring>
#include <iostream>

#include "service_ops.hpp"

int main(int argc, char** argv) {
  const char* command = argc > 1 ? argv[1] : "";
  if (std::strcmp(command, "apply") != 0 && std::strcmp(command, "status") != 0 &&
      std::strcmp(command, "rollback") != 0) {
    std::fprintf(stderr, "usage: service_ops_migrate apply|status|rollback [database-url]\n");
    return 2;
  }
  try {
    auto db = service_ops::build_db(service_ops::database_url(argc > 2 ? argv[2] : nullptr));
    const auto& migrations = service_ops::migrations();
    if (std::strcmp(command, "apply") == 0) {
      toasty::MigrateOptions options;
      options.done = [](const toasty::MigrationStep& s) {
        std::cout << "applied " << s.id << "_" << s.name << " (" << s.duration.count() << " ms)\n";
      };
      options.waiting = [](const toasty::Migration& m, std::string_view what) {
        std::cout << "  " << m.full_name() << ": " << what << "\n";
      };
      if (toasty::migrate(db, migrations, options).empty()) std::cout << "up to date\n";
    } else if (std::strcmp(command, "status") == 0) {
      for (const auto& s : toasty::migration_status(db, migrations))
        std::cout << toasty::to_string(s.state) << " " << s.id << "_" << s.name << "\n";
    } else {
      for (const auto& s : toasty::rollback(db, migrations, {.steps = 0, .to = "0"}))
        std::cout << "rolled back " << s.id << "_" << s.name << "\n";
    }
    return 0;
  } catch (const toasty::Error& e) {
    std::cerr << "service_ops_migrate: " << e.what() << "\n";
    return 1;
  }
}
