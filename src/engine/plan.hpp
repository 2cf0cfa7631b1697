#pragma once
// The plan model: an app-level statement becomes a program of steps over numbered result
// slots. Every step names the slots it reads and the slot it writes; the planner decides
// everything (which statements, in which order, how work is split to fit the backend's
// limits, which writes form one atomic unit) and the executor (exec.cpp) only runs it.
//
// A step that talks to the database is one driver call, or a bounded sequence of them
// (one per chunk) that holds no lock between calls: a coroutine executor can suspend at
// each of them (docs/dev/architecture.md, "Running plans without blocking").
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "toasty/driver/driver.hpp"
#include "toasty/schema/schema.hpp"
#include "toasty/stmt/statement.hpp"

namespace toasty::engine {

using SlotId = std::uint32_t;

// Fills ExprArg `arg` of a step's statement with the value at (row 0, `column`) of slot
// `slot`: a nested create's foreign key, known only once its parent is written.
struct SlotBind {
  std::size_t arg;
  SlotId slot;
  std::size_t column;  // model field position (slot rows are in field order)
};

// Runs one db-level statement on a SQL driver; its response goes to `out`.
struct ExecStatement {
  stmt::Statement statement;
  SlotId out;
  std::vector<SlotBind> binds;
};

struct KvPlan;
// Runs one db-level statement with key-value operations (Capability::key_value).
struct ExecKv {
  std::shared_ptr<const KvPlan> plan;
  SlotId out;
  std::vector<SlotBind> binds;
};

// Several key-value inserts sent as one atomic request (driver::TransactWrite): the
// records of a nested create. `outs[i]` receives the rows `inserts[i]` returns.
struct KvTransactWrite {
  std::vector<std::shared_ptr<const KvPlan>> inserts;
  std::vector<SlotId> outs;
};

// A one-row insert whose values are all known but its generated key: the row is built from
// the insert step's values and the key its response reports (RETURNING or last_insert_id).
struct ComposeInserted {
  std::size_t table;
  std::size_t insert_step;  // the ExecStatement that wrote the row
  SlotId in;                // its response
  SlotId out;
  // For each column of the table: its position among the insert's columns, or
  // kGenerated for the key the database makes.
  std::vector<std::size_t> source;
  static constexpr std::size_t kGenerated = static_cast<std::size_t>(-1);
};

// Backends without INSERT ... RETURNING: reads the inserted row back by its generated key
// (last_insert_id) or by the key values the insert carried.
struct ReadBackInserted {
  std::size_t table;
  std::size_t insert_step;
  SlotId in;
  SlotId out;
};

// One level of a preload: the records of `to_model` whose `target_fields` equal the
// `source_fields` of the rows in slot `from`. At most `keys_per_statement` keys go into one
// statement (the backend's bound-parameter limit); the rows of all chunks land in `out`,
// with, for every row of the preload's root slot, the rows it reaches.
struct LoadRelation {
  SlotId from;
  std::size_t relation_model;  // the model that declares the relation (for explain)
  std::size_t relation;
  std::size_t to_model;
  std::vector<std::size_t> source_fields;  // of the `from` rows
  std::vector<std::size_t> target_fields;  // of `to_model`
  stmt::Select select;  // db-level: the target table, every column in field order, no filter
  std::size_t keys_per_statement;
  bool key_value;  // run each chunk with key-value operations
  SlotId out;
  // `from` is an earlier level of the same `via` relation: reach composes through its reach.
  bool through = false;
  // A filtered include (its filter and, on SQL, its order are in `select`): at most this
  // many records per parent key (SQL: ROW_NUMBER() OVER (PARTITION BY the key)).
  std::optional<std::uint64_t> per_parent_limit = std::nullopt;
  // Key-value backends: each parent's records sorted here, by (field, descending).
  std::vector<std::pair<std::size_t, bool>> sort_per_parent = {};
};

// Adds the rows of slot `child` to slot `parent` as its included relation `relation`: by
// the reach LoadRelation computed, or, for a nested create's records, all to row 0.
struct Attach {
  SlotId parent;
  std::size_t relation;
  SlotId child;
};

// An insert with more rows than one statement may bind, split in chunks of `rows_per_chunk`
// rows: each chunk is an app-level insert of its own, run through the plan cache (chunks
// of the same size share one plan and one prepared statement, whatever the batch's size);
// their rows, in order, land in `out`. Part of the plan's atomic unit.
struct InsertChunks {
  std::vector<stmt::Insert> chunks;
  std::size_t rows_per_chunk;
  SlotId out;
};

// A select, update or removal whose `in_list` holds more values than one statement may bind:
// one app-level statement per slice of the list's distinct values, each run through the
// plan cache (slices of one size share a plan and a prepared statement). Selects combine
// their rows, includes and all: one row per primary key where slices may match the same
// row (the list under an OR), then sorted and paged as the statement asked. Updates and
// removals sum their counts; their slices are part of the plan's atomic unit.
struct ListChunks {
  std::vector<stmt::Statement> chunks;
  std::size_t list_values = 0;        // distinct values in the list
  std::size_t values_per_chunk = 0;
  bool overlap = false;               // slices may match the same row
  bool aggregated = false;            // a count or aggregates: one row per slice, combined by the caller
  std::vector<std::size_t> key_fields;                 // the model's primary key
  std::vector<std::pair<std::size_t, bool>> order_by;  // (field, descending)
  std::optional<std::uint64_t> limit;
  std::optional<std::uint64_t> offset;
  SlotId out = 0;
};

using Step = std::variant<ExecStatement, ExecKv, KvTransactWrite, ComposeInserted, ReadBackInserted,
                          LoadRelation, Attach, InsertChunks, ListChunks>;

struct Plan {
  std::vector<Step> steps;
  std::uint32_t slot_count = 0;
  SlotId output = 0;
  // ExprArg slots 0..bound_args-1 are filled by SlotBinds while the plan runs (nested
  // creates); such plans are planned per statement, never cached.
  std::uint32_t bound_args = 0;
  // The plan's writes are one unit: one transaction on SQL (a savepoint inside the
  // caller's), one TransactWrite on key-value drivers where the planner could merge them.
  bool atomic = false;
  // The output comes from one select step nothing else reads: its rows may stream
  // straight to the caller (driver::RowSink).
  bool streamable = false;
  std::size_t model_id = 0;  // the model the statement targets
};

// Plans an app-level statement for a driver with `cap` (planner.cpp): lowering, relation
// steps, splitting to the backend's limits, atomicity. Throws InvalidStatement /
// UnsupportedQuery for what the backend cannot serve, before anything runs.
Plan plan_statement(const Schema& schema, const stmt::Statement& app_statement, const driver::Capability& cap);

// Appends the steps that run one lowered db statement of model `model_id` and returns the
// slot that receives its rows (field order) or count (plan.cpp).
SlotId plan_db(Plan& plan, const Schema& schema, std::size_t model_id, stmt::Statement db_statement,
               const driver::Capability& cap, std::vector<SlotBind> binds = {});

// Values one statement may bind on a SQL backend: its limit, less a margin of 1/16 for
// values that lowering adds. A statement with more is split (split_by_list, InsertChunks).
inline std::size_t values_per_statement(const driver::Capability& cap) {
  return cap.max_params - cap.max_params / 16;
}

// The statement split by its largest in_list when its values exceed `max_values` bound
// parameters (split_list.cpp); nullopt when it fits. Throws UnsupportedQuery when it does
// not fit and no list can be split (a list under NOT, or too many other values).
std::optional<ListChunks> split_by_list(const stmt::Select& s, std::size_t max_values);
std::optional<ListChunks> split_by_list(const stmt::Update& s, std::size_t max_values);
std::optional<ListChunks> split_by_list(const stmt::Delete& s, std::size_t max_values);

// Rows of a multi-row insert per statement on a SQL backend: within its bound-parameter
// limit and small enough to prepare quickly. A larger insert is planned as InsertChunks.
std::size_t insert_rows_per_statement(const app::Model& model, const driver::Capability& cap);

// The plan as text, one step a line (plan_print.cpp): what Db::explain_plan returns and
// what engine tests assert on.
std::string to_string(const Plan& plan, const Schema& schema);
// A db-level statement in a neutral SQL-like form, values shown, arguments as $n.
std::string describe(const stmt::Statement& db_statement, const Schema& schema);

}  // namespace toasty::engine
