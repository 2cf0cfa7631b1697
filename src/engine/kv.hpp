#pragma once
// Key-value planning and execution (drivers with Capability::key_value, e.g. DynamoDB):
// a db-level statement is served by the key-value operations of driver.hpp chosen from
// the keys and indexes its filter pins, never by reading a whole table.
//
// Access paths, from the filter's top-level AND (plan_kv.cpp):
//   every primary-key column `=` / IN        GetByKey (BatchGetItem for several keys)
//   every column of a unique index `=` / IN  FindPkByUnique per value, then GetByKey
//   partition key `=` / IN (+ sort-key cond) QueryPk on the table, one per partition value
//   first column of an #[index] `=` / IN     QueryPk on that index (GSI), one per value
//   an OR whose every branch has a path      the union of the branches' paths
//   none of these, with allow_full_scan      Scan of the whole table (Select::allow_full_scan,
//                                            or Capability::scan for implicit scans)
// Everything else in the filter is a residual: sent to the driver as a filter where it can
// (QueryPk) and always evaluated in memory, with SQL's three-valued logic. Subqueries
// (relation filters, scoped `via` queries, cascades) are read first and become IN lists.
// ORDER BY: only the sort key of the path (in memory when several partitions or keys
// are read). LIMIT/OFFSET: pushed into a single QueryPk, else applied in memory.
// No path: UnsupportedQuery naming the table, the model and the columns, and the opt-in
// (Query::allow_full_scan()) that lets the query Scan instead.
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "toasty/driver/driver.hpp"
#include "toasty/result.hpp"
#include "toasty/schema/schema.hpp"
#include "toasty/stmt/statement.hpp"

namespace toasty::engine {

namespace kv {

// The statement's table, for messages and analysis.
struct Target {
  const Schema& schema;
  std::size_t table_id;
  const db::Table& table;
  std::string context;  // "" or where the statement comes from (a relation filter)
  std::string backend = "the key-value store";  // Capability::display_name, for messages
};
Target target(const Schema& schema, std::size_t table_id, std::string context = "", std::string backend = "DynamoDB");
// The model whose table `table_id` is, if any.
std::optional<std::size_t> model_of_table(const Schema& schema, std::size_t table_id);

// One QueryPk of an access path.
struct QueryPart {
  Value partition;
  std::optional<driver::SortKeyCondition> sort;
};

// How the items a filter selects are found.
struct Access {
  enum class Kind : std::uint8_t { Empty, Keys, Unique, Query, Union, Scan } kind = Kind::Empty;
  std::vector<std::vector<Value>> keys;           // Keys: full primary keys
  std::size_t index = 0;                          // Unique: the unique index
  std::vector<std::vector<Value>> unique_values;  // Unique: one tuple per lookup
  std::optional<std::size_t> query_index;         // Query: a non-unique index, or the table
  std::vector<QueryPart> queries;                 // Query: one per partition value
  stmt::ExprPtr driver_filter;                    // Query, Scan: residual the driver can filter
  bool exact = false;                             // Query: key condition + driver_filter = filter;
                                                  // Scan: driver_filter = filter
  std::optional<std::size_t> sort_column;         // Query: results come in this column's order
  std::vector<Access> parts;                      // Union
};

// The access path for `filter` (db-level, on t's table). Subqueries and ExprArg count as
// unknown values (planning); at execution they are values. Without a key or index path:
// a Scan when `allow_scan`, else UnsupportedQuery.
Access analyze(const Target& t, const stmt::ExprPtr& filter, bool allow_scan = false);
// The planned path `planned` for `filter` once its values are known (subqueries read,
// arguments bound): the same kind of reads on the same key or indexes, with the keys and
// partitions the values give. Chooses nothing; UnsupportedQuery if the values do not fit.
Access bind(const Target& t, const Access& planned, const stmt::ExprPtr& filter);
// Checks ORDER BY against the access path: nullopt when no sorting is needed or the driver
// returns rows in order; else the (column, descending) to sort by in memory. `native`
// tells whether a single QueryPk returns them in order (set descending on it).
struct Ordering {
  std::optional<std::size_t> column;
  bool descending = false;
  bool in_memory = false;
};
Ordering check_order(const Target& t, const Access& a, const stmt::ExprPtr& filter,
                     const std::vector<stmt::OrderBy>& order_by);
// The order a select asks of the backend: its order_by without the primary-key
// tie-breakers pagination added (Select::tie_breakers), which order only what the key
// order leaves tied and which a key-value read resumes by key instead.
std::vector<stmt::OrderBy> ordering_keys(const stmt::Select& s);
// The column `e` reads, when it is a plain column.
std::optional<std::size_t> column_of(const stmt::ExprPtr& e);
// Whether the driver can evaluate `e` as a filter or condition.
bool driver_filterable(const stmt::ExprPtr& e);
[[noreturn]] void refuse(const Target& t, const std::string& why);
// The access path in words, for explain.
std::string describe(const Target& t, const Access& a);

// Three-valued evaluation of a db-level predicate over `row` (every column of the
// statement's table, in table order): nullopt is SQL's UNKNOWN.
std::optional<bool> eval(const stmt::ExprPtr& e, const Value* row);
// Orders two non-NULL values the way the databases do: numbers by value whatever their
// representation (bool as 0/1), strings and bytes bytewise. nullopt when they cannot be
// compared (a string and a number).
std::optional<int> compare(const Value& a, const Value& b);
// Row `x` sorts before row `y` by the (column, descending) entries of `by`, as order_by
// places them (NULLs first ascending, last descending; compare() for the rest).
bool row_before(const Value* x, const Value* y, const std::vector<std::pair<std::size_t, bool>>& by);
}  // namespace kv

// A db statement planned for a key-value driver: the statement, the access path chosen for
// it, and the plans of its subqueries. When its filter holds no subquery or argument,
// execution runs the path as it is; else it reads the subqueries through their plans, then
// fills the values read into the same reads (kv::bind: how many keys or partitions).
struct KvPlan {
  stmt::Statement statement;
  std::size_t model_id = 0;
  std::string backend;  // Capability::display_name, for messages
  kv::Access path;      // chosen at planning (explain prints it); selects, updates, deletes
  bool path_final = false;  // no subquery or argument fills it in: execution runs it as it is
  // The subqueries of the filter (relation filters, scopes, cascades), depth first, left to
  // right: the order execution reads them in.
  std::vector<std::shared_ptr<const KvPlan>> subqueries;
  std::optional<kv::Ordering> ordering;  // selects with a final path: how rows are ordered
  // Writes: the unique indexes whose entries the write keeps (driver::InsertItems,
  // UpdateByKey, DeleteByKey): every unique index for inserts and removals, those with an
  // assigned column for updates.
  std::vector<std::size_t> unique_upkeep;
};

// Plans `db_statement` for a key-value driver. Throws UnsupportedQuery (with the reason, the
// table, the model and the backend) when no key or index can serve it.
std::shared_ptr<const KvPlan> plan_kv(const Schema& schema, std::size_t model_id, stmt::Statement db_statement,
                                      const driver::Capability& cap);

// Runs a planned key-value statement. Selects and inserts return rows of the statement's
// `returning` columns; writes return the number of items written.
// `writes_wait`: the driver keeps writes for a later commit (a transaction on DynamoDB), so
// an update or removal by key reads its items first: its count is then what it changes.
driver::Response exec_kv(const Schema& schema, const KvPlan& plan, driver::Connection& conn,
                         std::span<const Value* const> args = {}, bool writes_wait = false);

// A planned key-value select read one at a time (engine::open_stream): a Query or Scan through
// a driver cursor, a page at a time, checked against the filter and paged here; reads by key
// (bounded by the keys the filter names) are read whole. UnsupportedQuery when the order
// asked for is one only memory could sort (several partitions, or not a sort key).
std::unique_ptr<RowStream> stream_kv(const Schema& schema, std::shared_ptr<const KvPlan> plan, driver::Connection& conn);

// What a planned insert writes and the rows it returns, without writing anything: a nested
// create gathers its records into one driver::TransactWrite.
struct StagedInsert {
  driver::InsertItems items;
  driver::Response returned;  // rows of the insert's `returning`; affected = its rows
};
StagedInsert stage_insert(const Schema& schema, const KvPlan& plan);

// The unique indexes of `table` a write keeps: all of them, or with `assigned` (an
// update's columns) those that have one of the columns.
std::vector<std::size_t> unique_upkeep(const db::Table& table, const std::vector<std::size_t>* assigned);

// plan_kv + exec_kv of a db-level statement whose values are known only while a plan runs
// (a preload level's keys).
driver::Response exec_kv_db(const Schema& schema, const stmt::Statement& db_statement,
                            driver::Connection& conn, const driver::Capability& cap);

}  // namespace toasty::engine
