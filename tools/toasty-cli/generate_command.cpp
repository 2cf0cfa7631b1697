// `toasty migration generate`: the schema files diffed against the latest snapshot.
#include <algorithm>
#include <ostream>
#include <filesystem>
#include <sstream>

#include "cli.hpp"
#include "migrate/diff.hpp"
#include "migrate/migration_files.hpp"
#include "migrate/generate.hpp"
#include "migrate/snapshot.hpp"
#include "schema_files.hpp"
#include "toasty/error.hpp"
#include "toasty/migrate.hpp"

namespace toasty_cli {

namespace {

namespace mig = toasty::migrations;

bool same(const mig::Ambiguity& a, const mig::Ambiguity& b) {
  return a.table == b.table && a.dropped == b.dropped && a.added == b.added;
}

// Each possible rename asked about on a terminal; the answers become hints. False when
// someone has to decide and nobody can here.
bool settle_renames(mig::Diff& d, const toasty::db::Schema& before, const toasty::db::Schema& after, mig::Hints& hints,
                    Terminal& term) {
  std::vector<mig::Ambiguity> declined;
  while (!d.ambiguities.empty()) {
    if (!term.interactive()) {
      std::ostringstream msg;
      msg << "the schema drops and adds in one step, which may be a rename:\n";
      for (const mig::Ambiguity& a : d.ambiguities) msg << "  " << a.describe() << "\n";
      msg << "A rename keeps the data: mark the new name with #[renamed_from(\"old\")] (on the model for a "
             "table, on the field for a column). To drop the old one and add the new one (its data is lost), "
             "run again with --no-renames.";
      term.error(msg.str());
      return false;
    }
    const mig::Ambiguity a = d.ambiguities.front();
    const std::string what =
        a.table.empty() ? "table \"" + a.dropped + "\"" : "column \"" + a.table + "\".\"" + a.dropped + "\"";
    if (term.confirm("Was " + what + " renamed to \"" + a.added + "\"?")) {
      if (a.table.empty()) hints.table_renames[a.added] = a.dropped;
      else hints.column_renames[{a.table, a.added}] = a.dropped;
    } else {
      declined.push_back(a);
    }
    d = mig::diff(before, after, hints);
    std::erase_if(d.ambiguities, [&](const mig::Ambiguity& x) {
      return std::any_of(declined.begin(), declined.end(), [&](const mig::Ambiguity& n) { return same(n, x); });
    });
    if (d.ambiguities.empty()) {  // every other pair is a drop and an add
      hints.renames_declined = true;
      d = mig::diff(before, after, hints);
    }
  }
  return true;
}

}  // namespace

int generate_command(const Options& o, Terminal& term) {
  SchemaFiles files;
  std::string diagnostics;
  if (!load_schema_files(o.schema_files, files, diagnostics)) {
    term.err() << diagnostics;
    return kFailed;
  }
  try {
    namespace fs = std::filesystem;
    std::vector<toasty::Migration> existing;
    std::error_code ec;
    if (fs::exists(o.migrations_dir, ec)) existing = toasty::load_migrations(o.migrations_dir);
    toasty::db::Schema before;
    if (!existing.empty())
      before = mig::parse_snapshot(existing.back().snapshot, existing.back().full_name() + "/snapshot.json");

    mig::Hints hints = files.hints;
    hints.renames_declined = o.no_renames;
    mig::Diff forward = mig::diff(before, files.schema, hints);
    if (!settle_renames(forward, before, files.schema, hints, term)) return kFailed;
    if (forward.changes.empty()) {
      term.out() << "No changes: the schema matches "
                 << (existing.empty() ? std::string("an empty database") : "migration " + existing.back().full_name())
                 << "; nothing written.\n";
      return kOk;
    }
    const toasty::Migration m =
        mig::make_migration(before, files.schema, hints, forward, mig::next_id(existing), mig::migration_name(o.name));
    if (o.check) {
      term.out() << "The schema has changes no migration has yet:\n";
      for (const mig::Change& c : forward.changes) term.out() << "  " << c.describe() << "\n";
      return kDiffers;
    }
    mig::write_migration(o.migrations_dir, m);
    term.out() << term.green("Created") << " " << mig::migration_path(o.migrations_dir, m).string() << ":\n";
    for (const mig::Change& c : forward.changes) term.out() << "  " << c.describe() << "\n";
    // The SQL databases can apply it; say now, not at deploy time, when DynamoDB cannot,
    // for models DynamoDB can serve (an auto-increment key never can: no need to say so).
    bool dynamodb_models = true;
    for (const auto& t : files.schema.tables)
      for (const auto& c : t.columns) dynamodb_models = dynamodb_models && !c.auto_increment;
    if (const std::string refusal = mig::dynamodb_refusal(m); dynamodb_models && !refusal.empty())
      term.out() << term.yellow("warning:") << " " << refusal << "\n";
    return kOk;
  } catch (const toasty::Error& e) {
    term.error(e.what());
    return kFailed;
  }
}

}  // namespace toasty_cli
