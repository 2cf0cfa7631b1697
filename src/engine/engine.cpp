#include "engine/engine.hpp"

#include "toasty/error.hpp"

namespace toasty::engine {

namespace {

// Turns a driver's unique violation (tables, columns, index names) into the
// model-level error users catch.
[[noreturn]] void raise_unique(const Schema& schema, std::size_t model_id,
                               const DbUniqueViolation& e) {
  const db::Schema& db = schema.db();
  for (std::size_t m = 0; m < schema.model_count(); ++m) {
    const db::Table& t = db.tables[schema.mapping(m).table];
    std::vector<std::size_t> cols;
    if (!e.index_name.empty()) {
      for (const auto& idx : t.indexes)
        if (idx.name == e.index_name) cols = idx.columns;
      if (cols.empty() && (e.index_name == "PRIMARY" || e.index_name == t.name + "_pkey") &&
          (e.table.empty() || e.table == t.name))
        cols = t.primary_key;
    }
    if (cols.empty() && e.table == t.name) {
      for (const auto& name : e.columns)
        for (std::size_t c = 0; c < t.columns.size(); ++c)
          if (t.columns[c].name == name) cols.push_back(c);
    }
    if (cols.empty()) continue;
    const app::Model& model = schema.model(m);
    std::vector<std::string> fields;
    std::string list;
    for (std::size_t c : cols) {
      fields.push_back(model.fields[schema.mapping(m).column_to_field[c]].name);
      list += (list.empty() ? "" : ", ") + fields.back();
    }
    throw UniqueViolation(model.name, fields,
                          "toasty: unique violation: another " + model.name +
                              " already has this " + list + " (" + e.what() + ")");
  }
  const app::Model& model = schema.model(model_id);
  throw UniqueViolation(model.name, {}, "toasty: unique violation on " + model.name + " (" +
                                            e.what() + ")");
}

}  // namespace

driver::Response run(const Schema& schema, const stmt::Statement& app_statement,
                     const driver::Driver& driver, driver::Connection& conn, bool in_transaction) {
  const driver::Capability& cap = driver.capability();
  std::size_t model_id = schema.model_id(statement_model(app_statement));
  Plan p = plan(schema, model_id, lower(schema, app_statement, cap), cap);
  try {
    return exec(schema, p, conn, in_transaction);
  } catch (const DbUniqueViolation& e) {
    raise_unique(schema, model_id, e);
  }
}

}  // namespace toasty::engine
