#pragma once
// Execution: the interpreter that runs a plan's steps on one connection. It decides
// nothing; every choice is in the plan (plan.hpp).
#include <memory>
#include <span>
#include <vector>

#include "engine/plan.hpp"
#include "toasty/result.hpp"

namespace toasty::engine {

// What one slot holds while a plan runs.
struct SlotValue {
  driver::Response response;
  std::vector<ResultSet::Included> included;
  // LoadRelation: for every row of the preload's root slot, the rows of this slot it reaches.
  std::vector<std::vector<std::uint32_t>> reach;
  bool has_reach = false;
};

// Runs an app-level statement of its own (plan cache, plan, execute) on the same
// connection, inside the current unit: what InsertChunks delegates each chunk to. Given by
// the engine's entry point, so execution depends on no planner.
class SubStatements {
 public:
  virtual ResultSet run(const stmt::Statement& app_statement) = 0;

 protected:
  ~SubStatements() = default;
};

struct ExecContext {
  const Schema& schema;
  const driver::Capability& cap;
  driver::Connection& conn;
  // Transaction levels the caller holds open on `conn`: 0 none; else a plan's unit is
  // savepoint number `tx_depth` (names stay distinct from the caller's savepoints).
  std::uint32_t tx_depth;
  SubStatements* sub = nullptr;
};

// Runs `plan`. `args` fills the ExprArg slots of a cached plan's statements; `prepared`
// (one per step) lets the driver keep its serialization of them; `sink` receives the rows
// of a streamable plan.
ResultSet execute(const ExecContext& cx, const Plan& plan, std::span<const Value* const> args = {},
                  const std::vector<std::unique_ptr<driver::PreparedSlot>>* prepared = nullptr,
                  const driver::RowSink* sink = nullptr);

// exec_split.cpp
SlotValue run_list_chunks(const ExecContext& cx, const ListChunks& step);

// exec_relations.cpp
void load_relation(const ExecContext& cx, const LoadRelation& step, std::span<SlotValue> slots);
void attach(const Attach& step, std::span<SlotValue> slots);
// The slot as a result: rows, count and included relations.
ResultSet to_result(SlotValue&& slot);
// Appends `src` (records of the same model) to `dst`, includes and all.
void append(ResultSet& dst, ResultSet&& src);

}  // namespace toasty::engine
