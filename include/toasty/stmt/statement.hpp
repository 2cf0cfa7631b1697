#pragma once
// Statements. The same shapes serve both levels: at app level a statement names its
// `model` and expressions use ExprField; after lowering `target` is a table id and
// expressions use ExprColumn.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <variant>
#include <vector>

#include "toasty/stmt/expr.hpp"

namespace toasty::stmt {

enum class Level : std::uint8_t { App, Db };

// A `returning` entry that reads nothing: its place in each row holds NULL (a deferred
// field that was not asked for: no column read, no bytes sent).
inline constexpr std::size_t kUnread = static_cast<std::size_t>(-1);

struct OrderBy {
  ExprPtr expr;
  bool descending = false;
};

// Preload a relation of the selected model (and, nested, relations of its records).
struct Include {
  std::size_t relation;
  std::vector<Include> nested;
  // Only the related records matching `filter`, in this order, at most `limit` per parent
  // (on the relation's target model; include(User::fields().todos().filter(...).limit(5))).
  ExprPtr filter = nullptr;
  std::vector<OrderBy> order_by = {};
  std::optional<std::uint64_t> limit = std::nullopt;
};

// One value computed over a select's rows (Query::sum, min, max, avg): `arg` is a field
// (App) / column (Db); NULLs are skipped. Count counts the non-NULL values of `arg`.
struct Aggregate {
  enum class Fn : std::uint8_t { Count, Sum, Min, Max };
  Fn fn = Fn::Count;
  ExprPtr arg;  // Count: null for every row (COUNT(*))
};

// A condition on a group's aggregate (Query::group_by(...).having(...)): aggregate op value.
struct Having {
  Aggregate aggregate;
  BinaryOp op = BinaryOp::Eq;
  Value value;
};

// Which records of a model with a #[soft_delete] field a statement sees: those not removed
// (the default), every one (Query::with_deleted()), or only the removed (only_deleted()).
enum class Deleted : std::uint8_t { Hide, Include, Only };

// The rows a select locks until its transaction ends (Query::for_update() ...), and what it
// does with rows another transaction holds: wait, skip them, or fail at once.
struct RowLock {
  enum class Mode : std::uint8_t { None, Update, Share };
  enum class Wait : std::uint8_t { Wait, SkipLocked, NoWait };
  Mode mode = Mode::None;
  Wait wait = Wait::Wait;
  bool operator==(const RowLock&) const = default;
  bool any() const { return mode != Mode::None || wait != Wait::Wait; }
};

struct Select {
  Level level = Level::App;
  const app::Model* model = nullptr;  // App level
  std::size_t target = 0;             // Db level: table id
  ExprPtr filter;          // null = all rows
  std::vector<std::size_t> returning;  // Db level: columns to read; App level: all fields
  std::vector<OrderBy> order_by;
  std::optional<std::uint64_t> limit;
  std::optional<std::uint64_t> offset;
  std::vector<Include> includes;  // App level only
  // App level: deferred fields (app::Field::deferred) are read only when listed in
  // `load_deferred` (Query::include(fields().body())); otherwise every field is read.
  bool skip_deferred = false;
  std::vector<std::size_t> load_deferred;
  // App level: when not empty, only these fields are read (Query::select); the places of
  // the others hold NULL, as an unread deferred field's does.
  std::vector<std::size_t> project;
  // Count the matching rows (after limit and offset) instead of reading them: one row, one
  // integer. Includes and `returning` are ignored.
  bool count = false;
  // Compute these over the matching rows (after limit and offset) instead of reading them:
  // one row, one value per entry. Includes and `returning` are ignored.
  std::vector<Aggregate> aggregates;
  // With aggregates: one row per group of the matching rows with equal values here (fields
  // at app level, columns at db level), holding those values then the aggregates; only
  // the groups every `having` condition holds for.
  std::vector<ExprPtr> group_by;
  std::vector<Having> having;
  // Each distinct row once (a projection's: Projection::distinct()).
  bool distinct = false;
  // Db level: at most `limit` rows per distinct value of `columns`, the first in `order_by`
  // (a filtered include's limit per parent: ROW_NUMBER() OVER (PARTITION BY ...)).
  struct PartitionLimit {
    std::vector<std::size_t> columns;
    std::uint64_t limit = 0;
  };
  std::optional<PartitionLimit> per_partition;
  // Keyset pagination (Query::paginate): only the rows after this position in the order
  // of `order_by`, one value per entry (NULLs sort first ascending, last descending).
  // The last `tie_breakers` entries of `order_by` are the primary-key fields pagination
  // added to make the order total: a key-value backend reads in its key order and resumes
  // there (DynamoDB's ExclusiveStartKey), where a SQL database compares them all.
  std::optional<std::vector<Value>> seek_after;
  std::size_t tie_breakers = 0;
  // The user asked for a full-table read when no key or index serves the filter
  // (Query::allow_full_scan()). Key-value backends refuse such queries otherwise; SQL
  // databases serve every filter and ignore it. Applies to the subqueries it reads too.
  bool allow_full_scan = false;
  // Row locks (SQL; in a transaction). SQLite takes none: its transactions write one at a
  // time, so no row is ever held by another.
  RowLock lock;  // App level, a model with a #[soft_delete] field: which of its records the select sees.
  Deleted deleted = Deleted::Hide;
};

struct Insert;
// Create related records together with a (single-row) insert, atomically: a
// belongs_to parent first, then the record, then has_many/has_one children with their
// foreign keys filled in.
struct NestedInsert {
  std::size_t relation;
  std::shared_ptr<const Insert> insert;
};

struct Insert {
  Level level = Level::App;
  const app::Model* model = nullptr;  // App level
  std::size_t target = 0;             // Db level: table id
  std::vector<std::size_t> columns;         // fields (App) / columns (Db) given per row
  std::vector<std::vector<ExprPtr>> rows;   // one expr per entry of `columns`
  std::vector<std::size_t> returning;       // Db level: columns returned per row
  std::vector<NestedInsert> nested;         // App level, single-row inserts only
};

struct Assignment {
  std::size_t target;  // field (App) / column (Db)
  ExprPtr value;       // a value, or a field (App) / column (Db) of the same record: copied
  // Set: target = value. Add / Sub: target = target + value / target - value, computed by
  // the database (an atomic increment).
  enum class Op : std::uint8_t { Set, Add, Sub };
  Op op = Op::Set;
  // The database computes the value (an increment, a copy of another field): it is not
  // known before the statement runs.
  bool computed() const { return op != Op::Set || !value || !std::holds_alternative<ExprValue>(value->node); }
};

struct Update {
  Level level = Level::App;
  const app::Model* model = nullptr;  // App level
  std::size_t target = 0;             // Db level: table id
  ExprPtr filter;
  std::vector<Assignment> assignments;
  bool allow_full_scan = false;  // as Select::allow_full_scan (an update by such a query)
  // App level: return the updated records, every field in field order (an update by instance
  // with computed assignments reads back what the database computed). Db level: the
  // columns to return (RETURNING, or a read in the same unit where there is none).
  bool read_back = false;
  std::vector<std::size_t> returning;
  Deleted deleted = Deleted::Hide;  // as Select::deleted
};

// Adds `field = now()` for each #[update(now)] field of `model` that `assignments` (app
// level, not empty) does not set, one instant for all of them, and `field = field + 1` for
// its #[version] field when they do not set it.
void add_update_now(const app::Model& model, std::vector<Assignment>& assignments);

struct Delete {
  Level level = Level::App;
  const app::Model* model = nullptr;  // App level
  std::size_t target = 0;             // Db level: table id
  ExprPtr filter;
  bool allow_full_scan = false;  // as Select::allow_full_scan (a removal by such a query)
  // As Select::deleted. A delete removes rows for good; remove() of a model with a
  // #[soft_delete] field is an update of that field instead (made by the front end).
  Deleted deleted = Deleted::Hide;
};

using Statement = std::variant<Select, Insert, Update, Delete>;

// A statement built on demand: a compiled call's whole statement, values included, which
// the engine builds only when it has to plan it (toasty/model/compiled.hpp).
struct Source {
  Statement (*build)(const void* ctx);
  const void* ctx;
  Statement operator()() const { return build(ctx); }
};

}  // namespace toasty::stmt
