#pragma once
// The difference between two db::Schemas as a list of changes: what a migration does.
// Knows nothing about SQL (alter_sql.hpp writes each dialect's statements) and needs no
// database, so every rule here is tested on its own.
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "toasty/core/value.hpp"
#include "toasty/schema/db.hpp"

namespace toasty::migrations {

// What the schema says beyond the tables themselves.
struct Hints {
  // Renames (#[renamed_from("old")]): new table name -> old name;
  // (new table name, new column name) -> old column name.
  std::map<std::string, std::string> table_renames;
  std::map<std::pair<std::string, std::string>, std::string> column_renames;
  // (table, column) -> the value existing rows get when the column is added NOT NULL or
  // becomes NOT NULL (the field's #[default(...)]).
  std::map<std::pair<std::string, std::string>, Value> fills;
  // A table or column dropped while another is added is a drop and an add, not a rename
  // (the answer to the rename question; also `--no-renames`).
  bool renames_declined = false;
  // Down migrations: a column that must get a value and has none in `fills` gets its
  // type's zero value (0, "", false, ...) instead of being an error.
  bool zero_fill = false;
};

struct Change {
  enum class Kind : std::uint8_t {
    CreateTable, DropTable, RenameTable,
    AddColumn, DropColumn, RenameColumn, AlterColumn,
    CreateIndex, DropIndex, RenameIndex,
  };
  Kind kind;
  std::string table;      // the table's name after the change (DropTable: before)
  std::string old_table;  // its name before (the same unless renamed; CreateTable: empty)
  std::string name;       // column or index name after the change (drops: before)
  std::string old_name;   // column or index name before (renames, AlterColumn)
  std::optional<Value> fill;  // AddColumn / AlterColumn to NOT NULL: value for existing rows

  // "add column \"users\".\"bio\"", for listings.
  std::string describe() const;
};

// A table or column that disappeared while another appeared: maybe a rename.
struct Ambiguity {
  std::string table;  // the table (for columns); empty for tables
  std::string dropped;
  std::string added;
  // "table \"people\" dropped and table \"persons\" added"
  std::string describe() const;
};

struct Diff {
  std::vector<Change> changes;
  // Non-empty only when the hints neither name a rename nor decline them: the changes
  // above treat each as a drop and an add, which loses the dropped data.
  std::vector<Ambiguity> ambiguities;
  db::Schema before, after;
};

// The changes from `before` to `after`, in the order they apply. Throws InvalidSchema
// for a change no migration can make (a primary key changed, an auto-increment column
// added, a NOT NULL column added without a fill value), saying what to do instead.
Diff diff(const db::Schema& before, const db::Schema& after, const Hints& hints);

// The hints of the opposite direction (renames turned around, zero fills): for down.
Hints inverse(const Hints& hints, const Diff& forward);

// The zero value of a column's type: what a down migration fills a re-added NOT NULL
// column with.
Value zero_value(const db::Column& column);

}  // namespace toasty::migrations
