#pragma once
// The engine: app-level statement -> lower (through the schema mapping) -> plan
// (against the driver's capabilities) -> exec (the only place that talks to a driver).
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <variant>
#include <vector>

#include "toasty/driver/driver.hpp"
#include "toasty/result.hpp"
#include "toasty/schema/schema.hpp"
#include "toasty/stmt/statement.hpp"

namespace toasty::engine {

// ---- lower: app statement -> db statement ----------------------------------------
// Model fields become table columns; inserts get their defaults filled in and are
// checked for missing required fields; selects/inserts return every column in field
// order. Throws InvalidStatement.
stmt::Statement lower(const Schema& schema, const stmt::Statement& app_statement,
                      const driver::Capability& cap);
// Lowers one filter on `model_id` (db-level expressions on its table).
stmt::ExprPtr lower_filter(const Schema& schema, std::size_t model_id, const stmt::ExprPtr& filter);

// ---- plan: db statement -> actions -------------------------------------------------
// Run one db statement; its response becomes the plan's output.
struct ExecStatement {
  stmt::Statement statement;
};
// Backends without INSERT ... RETURNING: read the inserted row back by the
// generated key (last_insert_id) or by the key values the insert carried.
struct ReadBackInserted {
  std::size_t table;
};

// Key-value drivers (Capability::key_value): a statement served by key-value
// operations, chosen by plan_kv (kv.hpp) and run by exec_kv.
struct KvPlan;
struct ExecKv {
  std::shared_ptr<const KvPlan> plan;
};

// A one-row insert whose values are all known but its generated key: the row is built
// from those values and Response::last_insert_id, with no RETURNING and no read-back.
struct ComposeInserted {
  std::size_t table;
  // For each column of the table: its position among the insert's columns, or
  // kGenerated for the key the database makes.
  std::vector<std::size_t> source;
  static constexpr std::size_t kGenerated = static_cast<std::size_t>(-1);
};

using Action = std::variant<ExecStatement, ReadBackInserted, ComposeInserted, ExecKv>;

struct Plan {
  std::vector<Action> actions;
  bool needs_transaction = false;  // several writes that must be atomic
  std::size_t model_id = 0;        // for error messages and row mapping
};

Plan plan(const Schema& schema, std::size_t model_id, stmt::Statement db_statement,
          const driver::Capability& cap);

// ---- exec ------------------------------------------------------------------------
// Runs the plan on one connection. `in_transaction` tells whether the caller already
// holds an open transaction (then no nested BEGIN is issued).
// `args` fills the plan's ExprArg slots; `slots` (one per action) lets the driver
// keep its serialization of a cached plan's statements.
driver::Response exec(const Schema& schema, const Plan& plan, driver::Connection& conn,
                      bool in_transaction, std::span<const Value* const> args = {},
                      const std::vector<std::unique_ptr<driver::PreparedSlot>>* slots = nullptr,
                      const driver::RowSink* sink = nullptr);

class PlanCache;

// Everything one app-level statement needs on one connection.
struct Context {
  const Schema& schema;
  const driver::Driver& driver;
  driver::Connection& conn;
  bool in_transaction;
  PlanCache* cache = nullptr;
  // Where the rows of the statement run() was given may go (a select without includes).
  const driver::RowSink* sink = nullptr;
};

// An app-level insert with a UUID v7 added for each #[auto] Uuid field it does not set;
// nullopt when it needs none (auto_uuid.cpp).
std::optional<stmt::Insert> with_auto_uuids(const stmt::Insert& insert);

// lower + plan + exec of one statement without relations.
// `sink` (selects only): where the driver may stream the rows.
driver::Response exec_one(const Context& cx, const stmt::Statement& app_statement,
                          const driver::RowSink* sink = nullptr);
// Runs a db-level statement as it is.
driver::Response exec_db(const Context& cx, const stmt::Statement& db_statement);

// The full statement: includes preloaded, nested creates and cascading removals done
// atomically, and driver errors turned into model-level errors
// (DbUniqueViolation -> UniqueViolation naming the model and fields).
ResultSet run(const Schema& schema, const stmt::Statement& app_statement,
              const driver::Driver& driver, driver::Connection& conn, bool in_transaction,
              PlanCache* cache = nullptr, const driver::RowSink* sink = nullptr);

// ---- relations (relations.cpp) ----
// Preloads `includes` for the rows of `rs` (records of `model_id`): one query per
// relation step, whatever the number of parent rows.
void load_includes(const Context& cx, ResultSet& rs, std::size_t model_id,
                   const std::vector<stmt::Include>& includes);
// Writes one record of a nested create (a single-row insert without nested ones) and
// returns its row, every field: exec_one, or staging for a TransactWrite.
using RecordWriter = std::function<driver::Response(const Context&, const stmt::Insert&)>;
// A single-row insert with nested related inserts, record by record through `write`:
// parents (belongs_to) first, then the record, then its children.
ResultSet insert_nested(const Context& cx, const stmt::Insert& insert, const RecordWriter& write);
// The same as one driver::TransactWrite, for drivers with Capability::transact_write
// (nested_transact.cpp): every record is planned, keys included, before anything is written.
ResultSet insert_nested_at_once(const Context& cx, const stmt::Insert& insert);
// Removes the children of the rows matching `db_filter` (required foreign key) or
// clears their key (optional foreign key), recursively. `allow_full_scan`: the removal
// was asked for with Query::allow_full_scan() (key-value backends may Scan to serve it).
void cascade_remove(const Context& cx, std::size_t model_id, const stmt::ExprPtr& db_filter,
                    bool allow_full_scan = false, int depth = 0);
// Appends `src` (records of the same model) to `dst`, includes and all.
void append(ResultSet& dst, ResultSet&& src);

// The model an app-level statement targets.
const app::Model* statement_model(const stmt::Statement& s);

}  // namespace toasty::engine
