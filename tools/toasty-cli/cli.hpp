#pragma once
// The `toasty` command line: `toasty migration <command> [options]`.
#include <cstddef>
#include <string>
#include <vector>

#include "terminal.hpp"

namespace toasty_cli {

// Exit codes scripts can rely on.
inline constexpr int kOk = 0;
inline constexpr int kFailed = 1;   // the command failed (a schema error, a migration that failed, ...)
inline constexpr int kUsage = 2;    // a bad command line
inline constexpr int kDiffers = 3;  // `check` / `generate --check`: the database or schema is not up to date

struct Options {
  std::string command;                    // generate, apply, rollback, status, check, reset
  std::string name;                       // generate: the migration's name
  std::vector<std::string> schema_files;  // --schema (repeatable)
  std::string migrations_dir = "migrations";
  std::string url;                        // --url, else TOASTY_DATABASE_URL
  std::string to;                         // --to ID
  std::size_t steps = 1;                  // rollback --steps N
  bool dry_run = false;
  bool no_renames = false;
  bool yes = false;
  bool check = false;                     // generate --check
};

int run(const std::vector<std::string>& argv, Terminal& term);

// The commands (generate_command.cpp, db_commands.cpp).
int generate_command(const Options& o, Terminal& term);
int apply_command(const Options& o, Terminal& term);
int rollback_command(const Options& o, Terminal& term);
int status_command(const Options& o, Terminal& term);
int check_command(const Options& o, Terminal& term);
int reset_command(const Options& o, Terminal& term);

}  // namespace toasty_cli
