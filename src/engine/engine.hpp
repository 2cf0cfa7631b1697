#pragma once
// The engine: app-level statement -> lower (through the schema mapping) -> plan (a
// program of steps, against the driver's capabilities; plan.hpp) -> execute (the only
// place that talks to a driver; exec.hpp).
#include <memory>
#include <optional>

#include "toasty/driver/driver.hpp"
#include "toasty/error.hpp"
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

// An app-level insert with the values the engine makes added (a UUID v7 for each #[auto]
// Uuid field, now() for each #[auto] Timestamp) where it does not set them; nullopt when
// it needs none (client_values.cpp).
std::optional<stmt::Insert> with_client_values(const stmt::Insert& insert);
// An update with its #[update(now)] fields assigned (those it does not assign itself), or
// nullopt when it needs none (client_values.cpp). An update that assigns nothing stays empty.
std::optional<stmt::Update> with_client_values(const stmt::Update& update);
// TypeConversion for a value its column would truncate, wrap or round: longer than
// varchar(n) / varbinary(n), outside an integer width, a Decimal with more digits than
// numeric(p, s) or the unconstrained limits (column_limits.cpp).
void check_column_limits(const stmt::Insert& insert);
void check_column_limits(const stmt::Update& update);
// ValidationFailed listing every #[validate(...)] rule the values of an app-level insert
// (nested records included) or update break (validate.cpp).
void validate(const stmt::Insert& insert);
void validate(const stmt::Update& update);

class PlanCache;

// Plans (or finds the cached plan of) an app-level statement and runs it on `conn`:
// includes preloaded, nested creates and cascading removals as one unit, driver errors
// turned into model-level errors (DbUniqueViolation -> UniqueViolation naming the model
// and fields). `tx_depth`: transaction levels the caller holds open on `conn` (0: none; a
// plan's own unit is then a transaction, else savepoint number `tx_depth`).
// `sink` (selects without includes): where the driver may stream the rows.
ResultSet run(const Schema& schema, const stmt::Statement& app_statement,
              const driver::Driver& driver, driver::Connection& conn, std::uint32_t tx_depth,
              PlanCache* cache = nullptr, const driver::RowSink* sink = nullptr);

class CompiledPlans;

// Runs statement `id`, compiled at its call site (detail::CompiledStatement), with `args`
// bound: by the plan `compiled` holds for it, planned from `source()` on the first call
// (through `cache`, so a dynamic statement of the same shape shares it). A statement that
// cannot run from a cached plan (a key-value insert or update, a full cache) runs
// `source()` as a dynamic statement on every call.
ResultSet run_compiled(const Schema& schema, std::size_t id, std::span<const Value* const> args,
                       const stmt::Source& source, const driver::Driver& driver,
                       driver::Connection& conn, std::uint32_t tx_depth, PlanCache& cache, CompiledPlans& compiled,
                       const driver::RowSink* sink);

// The rows of an app-level select read one at a time on `conn`, which the stream uses until
// it is destroyed (stream.cpp): a SQL select through a driver cursor, a key-value read a page
// at a time (stream_kv). A select split by a long in_list is read whole first (its rows are
// as many as its list's values allow). Throws InvalidStatement for includes, counts,
// aggregates and projections; UnsupportedQuery for what the backend cannot read in order.
std::unique_ptr<RowStream> open_stream(const Schema& schema, const stmt::Statement& app_select,
                                       const driver::Driver& driver, driver::Connection& conn, std::uint32_t tx_depth);

// Rows already read, as a stream (what open_stream hands out for reads it makes whole).
std::unique_ptr<RowStream> stream_rows(driver::Rows rows);

// The plan of an app-level statement as text (plan_print.cpp), without running it.
std::string explain(const Schema& schema, const stmt::Statement& app_statement, const driver::Capability& cap);

// The model-level error for a driver's unique violation: the model and fields whose table
// and columns it names (`model_id`'s model when it names none the schema knows).
[[noreturn]] void raise_unique(const Schema& schema, std::size_t model_id, const DbUniqueViolation& e);

// InvalidStatement for a select with row locks outside a transaction (SQL backends): the
// locks would end with the statement.
void refuse_lock_outside_transaction(const stmt::Statement& s, const driver::Capability& cap);

// The model an app-level statement targets.
const app::Model* statement_model(const stmt::Statement& s);

}  // namespace toasty::engine
