#include "cli.hpp"

#include <cstdlib>
#include <map>
#include <ostream>
#include <optional>

#ifndef TOASTY_VERSION
#define TOASTY_VERSION "0.0.0"
#endif

namespace toasty_cli {

namespace {

constexpr const char* kMainHelp =
    "usage: toasty <command> [options]\n"
    "\n"
    "commands:\n"
    "  migration generate <name>   write a migration for what the schema files changed\n"
    "  migration apply             apply the migrations the database lacks\n"
    "  migration rollback          undo the last applied migration(s)\n"
    "  migration status            list the migrations and whether each is applied\n"
    "  migration check             exit 3 unless the database is fully migrated\n"
    "  migration reset             roll back every migration, then apply them all\n"
    "\n"
    "`toasty migration <command> --help` describes each. `toasty --version` prints the version.\n"
    "\n"
    "exit status: 0 done, 1 failed, 2 bad command line, 3 not up to date (check).\n";

constexpr const char* kCommonOptions =
    "  --migrations <dir>  the migrations directory (default: migrations)\n";
constexpr const char* kDbOptions =
    "  --url <url>         the database (default: $TOASTY_DATABASE_URL), e.g.\n"
    "                      sqlite://app.db, postgresql://user@host/db, mysql://user@host/db\n";

const std::map<std::string, std::string>& command_help() {
  static const std::map<std::string, std::string> help = {
      {"generate",
       std::string("usage: toasty migration generate <name> --schema <file.toasty>... [options]\n"
                   "\n"
                   "Compares the schema files with the snapshot of the latest migration and writes\n"
                   "<dir>/NNNN_<name>/ with up and down SQL for SQLite, PostgreSQL and MySQL/MariaDB\n"
                   "(up.<dialect>.sql, down.<dialect>.sql) and the new snapshot.json. Writes nothing\n"
                   "when nothing changed. A table or column that disappears while another appears\n"
                   "may be a rename: say so in the schema with #[renamed_from(\"old\")]; otherwise\n"
                   "you are asked (on a terminal), or it is refused.\n"
                   "\n"
                   "options:\n"
                   "  --schema <file>     a .toasty schema file (repeat for several)\n") +
           kCommonOptions +
           "  --no-renames        a table or column dropped while another is added is a drop\n"
           "                      and an add (its data is lost), without asking\n"
           "  --check             write nothing; exit 3 when a migration would be written\n"},
      {"apply", std::string("usage: toasty migration apply [--to <id>] [--dry-run] [options]\n"
                            "\n"
                            "Applies the migrations the database has not applied, in order, each in one\n"
                            "transaction where the database allows (SQLite, PostgreSQL).\n"
                            "\n"
                            "options:\n"
                            "  --to <id>           stop after this migration (e.g. 0003)\n"
                            "  --dry-run           print the SQL that would run; run nothing\n") +
                    kCommonOptions + kDbOptions},
      {"rollback", std::string("usage: toasty migration rollback [--steps <n> | --to <id>] [--dry-run] [options]\n"
                               "\n"
                               "Runs the down SQL of the last applied migrations, newest first.\n"
                               "\n"
                               "options:\n"
                               "  --steps <n>         how many to roll back (default 1)\n"
                               "  --to <id>           roll back every migration after this one (0: all)\n"
                               "  --dry-run           print the SQL that would run; run nothing\n") +
                       kCommonOptions + kDbOptions},
      {"status", std::string("usage: toasty migration status [options]\n"
                             "\n"
                             "Lists every migration: applied (when, how long), pending, edited since it\n"
                             "was applied, partly applied, or applied but missing from the directory.\n"
                             "\n"
                             "options:\n") +
                     kCommonOptions + kDbOptions},
      {"check", std::string("usage: toasty migration check [options]\n"
                            "\n"
                            "For CI: exit 3 and list what is wrong when a migration is pending, edited,\n"
                            "partly applied or unknown, or when the database's tables, columns and indexes\n"
                            "differ from the latest migration's snapshot (drift).\n"
                            "\n"
                            "options:\n") +
                    kCommonOptions + kDbOptions},
      {"reset", std::string("usage: toasty migration reset [--yes] [options]\n"
                            "\n"
                            "Rolls back every applied migration, then applies them all: the data in\n"
                            "their tables is lost. Asks first on a terminal; elsewhere needs --yes.\n"
                            "\n"
                            "options:\n"
                            "  --yes               do not ask\n") +
                    kCommonOptions + kDbOptions},
  };
  return help;
}

int usage_error(Terminal& term, const std::string& message, const std::string& command = "") {
  term.error(message);
  term.err() << "see `toasty " << (command.empty() ? "" : "migration " + command + " ") << "--help`\n";
  return kUsage;
}

}  // namespace

int run(const std::vector<std::string>& argv, Terminal& term) {
  if (argv.empty() || argv[0] == "--help" || argv[0] == "-h" || argv[0] == "help") {
    term.out() << kMainHelp;
    return argv.empty() ? kUsage : kOk;
  }
  if (argv[0] == "--version") {
    term.out() << "toasty " << TOASTY_VERSION << "\n";
    return kOk;
  }
  if (argv[0] != "migration")
    return usage_error(term, "unknown command '" + argv[0] + "' (the commands are under `toasty migration`)");
  if (argv.size() < 2 || argv[1] == "--help" || argv[1] == "-h") {
    term.out() << kMainHelp;
    return argv.size() < 2 ? kUsage : kOk;
  }
  Options o;
  o.command = argv[1];
  auto help = command_help().find(o.command);
  if (help == command_help().end()) return usage_error(term, "unknown migration command '" + o.command + "'");

  bool steps_given = false;
  for (std::size_t i = 2; i < argv.size(); ++i) {
    std::string a = argv[i];
    std::optional<std::string> inline_value;
    if (a.rfind("--", 0) == 0)
      if (auto eq = a.find('='); eq != std::string::npos) {
        inline_value = a.substr(eq + 1);
        a = a.substr(0, eq);
      }
    auto value = [&](std::string& dst) -> bool {
      if (inline_value) {
        dst = *inline_value;
      } else {
        if (i + 1 >= argv.size()) return false;
        dst = argv[++i];
      }
      return !dst.empty();
    };
    std::string v;
    if (a == "--help" || a == "-h") {
      term.out() << help->second;
      return kOk;
    } else if (a == "--schema" && o.command == "generate") {
      if (!value(v)) return usage_error(term, "--schema needs a file", o.command);
      o.schema_files.push_back(v);
    } else if (a == "--migrations") {
      if (!value(o.migrations_dir)) return usage_error(term, "--migrations needs a directory", o.command);
    } else if (a == "--url" && o.command != "generate") {
      if (!value(o.url)) return usage_error(term, "--url needs a database URL", o.command);
    } else if (a == "--to" && (o.command == "apply" || o.command == "rollback")) {
      if (!value(o.to)) return usage_error(term, "--to needs a migration id", o.command);
    } else if (a == "--steps" && o.command == "rollback") {
      if (!value(v) || v.find_first_not_of("0123456789") != std::string::npos || v.size() > 9)
        return usage_error(term, "--steps needs a number", o.command);
      o.steps = std::stoul(v);
      steps_given = true;
    } else if (a == "--dry-run" && (o.command == "apply" || o.command == "rollback") && !inline_value) {
      o.dry_run = true;
    } else if (a == "--no-renames" && o.command == "generate" && !inline_value) {
      o.no_renames = true;
    } else if (a == "--check" && o.command == "generate" && !inline_value) {
      o.check = true;
    } else if (a == "--yes" && o.command == "reset" && !inline_value) {
      o.yes = true;
    } else if (a.size() > 1 && a[0] == '-') {
      return usage_error(term, "unknown option '" + a + "' for `toasty migration " + o.command + "`", o.command);
    } else if (o.command == "generate" && o.name.empty()) {
      o.name = a;
    } else {
      return usage_error(term, "unexpected argument '" + a + "'", o.command);
    }
  }
  if (steps_given && !o.to.empty()) return usage_error(term, "give --steps or --to, not both", o.command);
  if (o.command == "generate") {
    if (o.name.empty()) return usage_error(term, "the migration needs a name: toasty migration generate <name>", o.command);
    if (o.schema_files.empty()) return usage_error(term, "no schema files: give --schema <file.toasty>", o.command);
  } else if (o.url.empty()) {
    const char* env = std::getenv("TOASTY_DATABASE_URL");
    if (env == nullptr || env[0] == '\0')
      return usage_error(term, "no database: give --url <url> or set TOASTY_DATABASE_URL", o.command);
    o.url = env;
  }
  if (o.command == "generate") return generate_command(o, term);
  if (o.command == "apply") return apply_command(o, term);
  if (o.command == "rollback") return rollback_command(o, term);
  if (o.command == "status") return status_command(o, term);
  if (o.command == "check") return check_command(o, term);
  return reset_command(o, term);
}

}  // namespace toasty_cli
