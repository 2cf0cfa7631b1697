// The commands that talk to a database: apply, rollback, status, check, reset.
#include <optional>
#include <ostream>
#include <sstream>

#include "cli.hpp"
#include "migrate/catalogue.hpp"
#include "migrate/snapshot.hpp"
#include "toasty/db.hpp"
#include "toasty/error.hpp"
#include "toasty/migrate.hpp"
#include "toasty/pool.hpp"

namespace toasty_cli {

namespace {

namespace mig = toasty::migrations;

// A Db on the URL, without models: migrations speak SQL (DynamoDB: steps), not the models' API.
toasty::Db connect(const Options& o) { return toasty::Db::connect(o.url, toasty::ModelSet{}); }

bool key_value(const toasty::Db& db) { return db.driver().name() == "dynamodb"; }

// The progress line: which statement (DynamoDB: step) runs, and what a long one waits for.
template <class Options>
void show_progress(Options& options, Terminal& term, const toasty::Db& db, const char* verb) {
  const char* unit = key_value(db) ? "step" : "statement";
  options.progress = [&term, verb, unit](const toasty::Migration& m, std::size_t n, std::size_t of) {
    term.progress(std::string(verb) + " " + m.full_name() + ": " + unit + " " + std::to_string(n) + " of " +
                  std::to_string(of));
  };
  options.waiting = [&term, verb](const toasty::Migration& m, std::string_view what) {
    term.progress(std::string(verb) + " " + m.full_name() + ": " + std::string(what));
  };
}

// Each migration as it is done (so that a later failure does not hide the ones before it).
std::function<void(const toasty::MigrationStep&)> report_to(Terminal& term, const char* done) {
  return [&term, done](const toasty::MigrationStep& s) {
    term.end_progress();
    term.out() << term.green(done) << " " << s.id << "_" << s.name << " (" << s.duration.count() << " ms)\n";
  };
}

// What a dry run would run, or that nothing is left to do.
void print_steps(Terminal& term, const std::vector<toasty::MigrationStep>& steps, bool dry_run, const char* nothing,
                 bool key_value = false) {
  term.end_progress();
  if (steps.empty()) {
    term.out() << nothing << "\n";
    return;
  }
  if (!dry_run) return;
  for (const toasty::MigrationStep& s : steps) {
    term.out() << term.bold("-- " + s.id + "_" + s.name) << "\n";
    for (const std::string& st : s.statements) term.out() << st << (key_value ? "\n" : ";\n");
  }
}

// Runs `body`, turning toasty's errors into a message and exit code 1.
template <class F>
int guarded(Terminal& term, F&& body) {
  try {
    return body();
  } catch (const toasty::Error& e) {
    term.error(e.what());
    return kFailed;
  }
}

}  // namespace

int apply_command(const Options& o, Terminal& term) {
  return guarded(term, [&] {
    const auto list = toasty::load_migrations(o.migrations_dir);
    toasty::Db db = connect(o);
    toasty::MigrateOptions options;
    options.to = o.to;
    options.dry_run = o.dry_run;
    show_progress(options, term, db, "applying");
    options.done = report_to(term, "applied");
    const auto steps = toasty::migrate(db, std::span<const toasty::Migration>(list), options);
    print_steps(term, steps, o.dry_run, "Nothing to apply: the database is up to date.", key_value(db));
    return kOk;
  });
}

int rollback_command(const Options& o, Terminal& term) {
  return guarded(term, [&] {
    const auto list = toasty::load_migrations(o.migrations_dir);
    toasty::Db db = connect(o);
    toasty::RollbackOptions options;
    options.steps = o.steps;
    options.to = o.to;
    options.dry_run = o.dry_run;
    show_progress(options, term, db, "rolling back");
    options.done = report_to(term, "rolled back");
    const auto steps = toasty::rollback(db, std::span<const toasty::Migration>(list), options);
    print_steps(term, steps, o.dry_run, "Nothing to roll back.", key_value(db));
    return kOk;
  });
}

int status_command(const Options& o, Terminal& term) {
  return guarded(term, [&] {
    const auto list = toasty::load_migrations(o.migrations_dir);
    toasty::Db db = connect(o);
    const auto states = toasty::migration_status(db, std::span<const toasty::Migration>(list));
    if (states.empty()) term.out() << "No migrations in " << o.migrations_dir << ".\n";
    for (const toasty::MigrationStatus& s : states) {
      using State = toasty::MigrationStatus::State;
      std::string state(toasty::to_string(s.state));
      state.resize(8, ' ');
      state = s.state == State::Applied ? term.green(state) : s.state == State::Pending ? term.yellow(state)
                                                                                        : term.red(state);
      term.out() << state << " " << s.id << "_" << s.name;
      if (!s.applied_at.empty()) term.out() << "  " << s.applied_at << " (" << s.duration.count() << " ms)";
      if (!s.detail.empty()) term.out() << "  " << s.detail;
      term.out() << "\n";
    }
    return kOk;
  });
}

int check_command(const Options& o, Terminal& term) {
  return guarded(term, [&] {
    const auto list = toasty::load_migrations(o.migrations_dir);
    toasty::Db db = connect(o);
    std::vector<std::string> problems;
    for (const toasty::MigrationStatus& s : toasty::migration_status(db, std::span<const toasty::Migration>(list)))
      if (s.state != toasty::MigrationStatus::State::Applied)
        problems.push_back("migration " + s.id + "_" + s.name + " is " + std::string(toasty::to_string(s.state)) +
                           (s.detail.empty() ? "" : " (" + s.detail + ")"));
    // Drift: the tables as they are against the latest snapshot.
    if (!list.empty()) {
      const toasty::db::Schema expected =
          mig::parse_snapshot(list.back().snapshot, list.back().full_name() + "/snapshot.json");
      auto lease = db.pool().acquire();
      for (std::string& d : mig::drift(*lease, db.driver().name(), expected)) problems.push_back(std::move(d));
    }
    if (problems.empty()) {
      term.out() << term.green("Up to date:") << " every migration is applied and the tables match "
                 << (list.empty() ? std::string("(no migrations)") : list.back().full_name()) << ".\n";
      return kOk;
    }
    term.out() << term.red("Not up to date:") << "\n";
    for (const std::string& p : problems) term.out() << "  " << p << "\n";
    return kDiffers;
  });
}

int reset_command(const Options& o, Terminal& term) {
  if (!o.yes && !term.confirm("Roll back every migration (the data in their tables is lost) and apply them again?")) {
    term.error(term.interactive() ? "reset cancelled" : "reset loses data: run it again with --yes");
    return kFailed;
  }
  return guarded(term, [&] {
    const auto list = toasty::load_migrations(o.migrations_dir);
    toasty::Db db = connect(o);
    toasty::RollbackOptions back;
    back.to = "0";
    show_progress(back, term, db, "rolling back");
    back.done = report_to(term, "rolled back");
    print_steps(term, toasty::rollback(db, std::span<const toasty::Migration>(list), back), false,
                "Nothing to roll back.");
    toasty::MigrateOptions up;
    show_progress(up, term, db, "applying");
    up.done = report_to(term, "applied");
    print_steps(term, toasty::migrate(db, std::span<const toasty::Migration>(list), up), false, "Nothing to apply.");
    return kOk;
  });
}

}  // namespace toasty_cli
