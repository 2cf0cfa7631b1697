// Planning: which driver operations serve a db statement, given what the driver
// declares it can do.
#include "engine/engine.hpp"
#include "engine/kv.hpp"
#include "toasty/error.hpp"

namespace toasty::engine {

Plan plan(const Schema& schema, std::size_t model_id, stmt::Statement db_statement,
          const driver::Capability& cap) {
  Plan p;
  p.model_id = model_id;
  if (!cap.sql) return plan_kv(schema, model_id, std::move(db_statement), cap);
  auto* insert = std::get_if<stmt::Insert>(&db_statement);
  bool read_back = insert && insert->returning.empty() && !cap.returning_from_insert;
  if (read_back && insert->rows.size() != 1)
    throw UnsupportedQuery("toasty: this driver cannot return the generated keys of a "
                           "multi-row insert");
  std::size_t table = schema.mapping(model_id).table;
  p.actions.push_back(ExecStatement{std::move(db_statement)});
  if (read_back) p.actions.push_back(ReadBackInserted{table});
  return p;
}

}  // namespace toasty::engine
