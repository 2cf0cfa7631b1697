// Nested creates on drivers without interactive transactions (DynamoDB): every record is
// lowered and planned first — #[auto] Uuid keys are generated here, integer #[auto] keys
// are refused — then all of them go to the driver as one TransactWrite, which writes them
// atomically when they fit one request and one insert after another otherwise.
#include "engine/engine.hpp"
#include "engine/kv.hpp"

namespace toasty::engine {

ResultSet insert_nested_at_once(const Context& cx, const stmt::Insert& insert) {
  driver::TransactWrite batch{&cx.schema.db(), {}};
  RecordWriter stage = [&](const Context& c, const stmt::Insert& one) -> driver::Response {
    stmt::Insert keyed = with_auto_uuids(one).value_or(one);
    const driver::Capability& cap = c.driver.capability();
    Plan p = plan(c.schema, c.schema.model_id(keyed.model), lower(c.schema, keyed, cap), cap);
    StagedInsert staged = stage_insert(c.schema, *std::get<ExecKv>(p.actions.at(0)).plan);
    batch.inserts.push_back(std::move(staged.items));
    return std::move(staged.returned);
  };
  ResultSet out = insert_nested(cx, insert, stage);
  cx.conn.exec(batch);
  return out;
}

}  // namespace toasty::engine
