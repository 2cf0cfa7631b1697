#include <algorithm>

#include "engine/engine.hpp"
#include "engine/kv.hpp"
#include "engine/plan_cache.hpp"

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
    if (!e.table.empty() && e.table != t.name) continue;
    std::vector<std::size_t> cols;
    if (!e.index_name.empty()) {
      for (const auto& idx : t.indexes)
        if (idx.name == e.index_name) cols = idx.columns;
      if (cols.empty() && (e.index_name == "PRIMARY" || e.index_name == t.name + "_pkey"))
        cols = t.primary_key;
    }
    if (cols.empty()) {
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

bool has_owned_relations(const app::Model& m) {
  for (const auto& r : m.relations)
    if (r.kind != app::Relation::Kind::BelongsTo && r.via.empty()) return true;
  return false;
}

// Runs `body` inside a transaction unless the caller already holds one.
template <class F>
auto atomically(const Context& cx, F&& body) {
  if (cx.in_transaction || !cx.driver.capability().transactions) return body(cx);
  cx.conn.exec(driver::Transaction{driver::Transaction::Kind::Begin});
  Context inner{cx.schema, cx.driver, cx.conn, true, cx.cache};
  try {
    auto out = body(inner);
    cx.conn.exec(driver::Transaction{driver::Transaction::Kind::Commit});
    return out;
  } catch (...) {
    try {
      cx.conn.exec(driver::Transaction{driver::Transaction::Kind::Rollback});
    } catch (...) {  // the original error matters more
    }
    throw;
  }
}

// `whole` is the statement `s` came from: passing it on avoids copying `s` into a new
// stmt::Statement.
ResultSet run_select(const Context& cx, const stmt::Statement& whole, const stmt::Select& s) {
  ResultSet rs;
  if (s.includes.empty()) {
    driver::Response r = exec_one(cx, whole, cx.sink);
    rs.rows = std::move(r.rows);
    rs.streamed = r.streamed;
    return rs;
  }
  stmt::Select plain = s;
  plain.includes.clear();
  rs.rows = exec_one(cx, plain).rows;
  load_includes(cx, rs, cx.schema.model_id(s.model), s.includes);
  return rs;
}

// Rows per statement of a multi-row insert on SQL databases: within every database's
// limit on bound parameters (SQLite's is 32766) and small enough to prepare quickly.
std::size_t rows_per_statement(const app::Model& model) {
  return std::clamp<std::size_t>(30000 / std::max<std::size_t>(1, model.fields.size()), 1, 500);
}

// A multi-row insert too large for one statement: batches of rows, atomically.
ResultSet insert_in_batches(const Context& cx, const stmt::Insert& s, std::size_t per) {
  return atomically(cx, [&](const Context& c) {
    ResultSet rs;
    for (std::size_t at = 0; at < s.rows.size(); at += per) {
      stmt::Insert part;
      part.model = s.model;
      part.columns = s.columns;
      part.rows.assign(s.rows.begin() + static_cast<std::ptrdiff_t>(at),
                       s.rows.begin() + static_cast<std::ptrdiff_t>(std::min(s.rows.size(), at + per)));
      driver::Response r = exec_one(c, stmt::Statement(std::move(part)));
      rs.affected += r.affected;
      rs.rows.width = r.rows.width;
      for (auto& v : r.rows.cells) rs.rows.cells.push_back(std::move(v));
    }
    return rs;
  });
}

ResultSet run_insert(const Context& cx, const stmt::Statement& whole, const stmt::Insert& s) {
  if (s.nested.empty()) {
    if (cx.driver.capability().sql && s.rows.size() > rows_per_statement(*s.model))
      return insert_in_batches(cx, s, rows_per_statement(*s.model));
    ResultSet rs;
    auto r = exec_one(cx, whole);
    rs.rows = std::move(r.rows);
    rs.affected = r.affected;
    return rs;
  }
  // Without transactions, a driver that takes several inserts as one request keeps a
  // nested create atomic all the same.
  const driver::Capability& cap = cx.driver.capability();
  if (cap.key_value && cap.transact_write && !cap.transactions && !cx.in_transaction)
    return insert_nested_at_once(cx, s);
  RecordWriter write = [](const Context& c, const stmt::Insert& one) { return exec_one(c, one); };
  return atomically(cx, [&](const Context& c) { return insert_nested(c, s, write); });
}

ResultSet run_delete(const Context& cx, const stmt::Statement& whole, const stmt::Delete& s) {
  std::size_t m = cx.schema.model_id(s.model);
  auto remove = [&](const Context& c) {
    if (has_owned_relations(cx.schema.model(m)))
      cascade_remove(c, m, lower_filter(c.schema, m, s.filter), s.allow_full_scan);
    ResultSet rs;
    rs.affected = exec_one(c, whole).affected;
    return rs;
  };
  if (!has_owned_relations(cx.schema.model(m))) return remove(cx);
  return atomically(cx, remove);
}

}  // namespace

driver::Response exec_one(const Context& cx, const stmt::Statement& app_statement,
                          const driver::RowSink* sink) {
  if (auto* ins = std::get_if<stmt::Insert>(&app_statement)) {
    if (auto filled = with_auto_uuids(*ins)) return exec_one(cx, stmt::Statement(std::move(*filled)));
  }
  const driver::Capability& cap = cx.driver.capability();
  std::size_t hash = 0;
  Args args;
  // Key-value planning reads values while planning, so only SQL plans are cached.
  if (cx.cache && cap.sql) args.reserve(8);  // most statements have a few values
  if (cx.cache && cap.sql && shape_of(app_statement, hash, args)) {
    const PlanCache::Entry* entry = cx.cache->find(hash, app_statement);
    if (!entry) {
      auto e = std::make_unique<PlanCache::Entry>();
      e->shape = parameterize(app_statement);
      std::size_t model_id = cx.schema.model_id(statement_model(app_statement));
      e->plan = plan(cx.schema, model_id, lower(cx.schema, e->shape, cap), cap);
      for (std::size_t i = 0; i < e->plan.actions.size(); ++i)
        e->slots.push_back(std::make_unique<driver::PreparedSlot>());
      entry = cx.cache->insert(hash, std::move(e));
    }
    if (entry) return exec(cx.schema, entry->plan, cx.conn, cx.in_transaction, args, &entry->slots, sink);
  }
  std::size_t model_id = cx.schema.model_id(statement_model(app_statement));
  Plan p = plan(cx.schema, model_id, lower(cx.schema, app_statement, cap), cap);
  return exec(cx.schema, p, cx.conn, cx.in_transaction, {}, nullptr, sink);
}

driver::Response exec_db(const Context& cx, const stmt::Statement& db_statement) {
  if (!cx.driver.capability().sql) return exec_kv_db(cx.schema, db_statement, cx.conn, cx.driver.capability());
  return cx.conn.exec(driver::QuerySql{&db_statement, &cx.schema.db()});
}

ResultSet run(const Schema& schema, const stmt::Statement& app_statement,
              const driver::Driver& driver, driver::Connection& conn, bool in_transaction,
              PlanCache* cache, const driver::RowSink* sink) {
  Context cx{schema, driver, conn, in_transaction, cache, sink};
  std::size_t model_id = schema.model_id(statement_model(app_statement));
  try {
    return std::visit(
        [&](const auto& s) -> ResultSet {
          using T = std::decay_t<decltype(s)>;
          if constexpr (std::is_same_v<T, stmt::Select>) {
            return run_select(cx, app_statement, s);
          } else if constexpr (std::is_same_v<T, stmt::Insert>) {
            return run_insert(cx, app_statement, s);
          } else if constexpr (std::is_same_v<T, stmt::Delete>) {
            return run_delete(cx, app_statement, s);
          } else {
            ResultSet rs;
            rs.affected = exec_one(cx, app_statement).affected;
            return rs;
          }
        },
        app_statement);
  } catch (const DbUniqueViolation& e) {
    raise_unique(schema, model_id, e);
  }
}

}  // namespace toasty::engine
