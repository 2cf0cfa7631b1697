// SELECT / INSERT / UPDATE / DELETE text for db-level statements.
#include <algorithm>
#include <string>
#include <type_traits>
#include <variant>

#include "dialect.hpp"
#include "toasty/error.hpp"

namespace toasty::sql {

namespace {

using detail::Writer;

void require_db_level(stmt::Level level, const char* kind) {
  if (level != stmt::Level::Db) {
    throw InvalidStatement(std::string("toasty: the SQL serializer got an app-level ") + kind +
                           "; statements must be lowered to db level first");
  }
}

void where(Writer& w, const stmt::ExprPtr& filter) {
  if (!filter) return;
  w.raw(" WHERE ");
  w.expr(filter);
}

void returning(Writer& w, const std::vector<std::size_t>& columns) {
  if (columns.empty()) return;
  w.raw(" RETURNING ");
  w.column_list(columns);
}

void aggregate(Writer& w, const stmt::Aggregate& a) {
  using Fn = stmt::Aggregate::Fn;
  if (!a.arg) {
    if (a.fn != Fn::Count) throw InvalidStatement("toasty: an aggregate of \"" + w.table().name + "\" takes a column");
    w.raw("COUNT(*)");
    return;
  }
  auto* c = std::get_if<stmt::ExprColumn>(&a.arg->node);
  if (!c) throw InvalidStatement("toasty: an aggregate of \"" + w.table().name + "\" takes a column");
  w.raw(a.fn == Fn::Count ? "COUNT(" : a.fn == Fn::Sum ? "SUM(" : a.fn == Fn::Min ? "MIN(" : "MAX(");
  w.column(c->column);
  w.raw(")");
}

void order_by(Writer& w, const std::vector<stmt::OrderBy>& keys, std::string_view head = " ORDER BY ") {
  for (std::size_t i = 0; i < keys.size(); ++i) {
    w.raw(i == 0 ? head : ", ");
    w.operand(keys[i].expr);
    if (keys[i].descending) w.raw(" DESC");
    // NULL sorts first ascending and last descending on every backend, as SQLite and
    // MySQL order it; PostgreSQL, the other way round by default, is told so (only for
    // nullable columns, so that an index on a NOT NULL column still serves the order).
    if (w.dialect() == Dialect::Postgresql)
      if (auto* c = std::get_if<stmt::ExprColumn>(&keys[i].expr->node); c && w.table().columns.at(c->column).nullable)
        w.raw(keys[i].descending ? " NULLS LAST" : " NULLS FIRST");
  }
}

// At most N rows per partition, the first of each in the order asked:
//   SELECT cols FROM (SELECT cols, ROW_NUMBER() OVER (PARTITION BY p ORDER BY o) AS toasty_rn
//                     FROM t WHERE ..) AS toasty_ranked WHERE toasty_rn <= N ORDER BY p, o
// The inner select reads each column once (a derived table's names must be distinct).
void per_partition(Writer& w, const stmt::Select& s) {
  const auto& part = *s.per_partition;
  std::vector<std::size_t> inner;
  auto need = [&](std::size_t c) {
    if (c != stmt::kUnread && std::find(inner.begin(), inner.end(), c) == inner.end()) inner.push_back(c);
  };
  for (std::size_t c : s.returning) need(c);
  for (std::size_t c : part.columns) need(c);
  for (const auto& o : s.order_by)
    if (auto* c = std::get_if<stmt::ExprColumn>(&o.expr->node)) need(c->column);
    else throw InvalidStatement("toasty: a limit per parent on \"" + w.table().name + "\" orders by columns only");
  w.raw("SELECT ");
  w.column_list(s.returning);
  w.raw(" FROM (SELECT ");
  w.column_list(inner);
  w.raw(", ROW_NUMBER() OVER (PARTITION BY ");
  w.column_list(part.columns);
  order_by(w, s.order_by);
  w.raw(") AS ");
  w.identifier("toasty_rn");
  w.raw(" FROM ");
  w.identifier(w.table().name);
  where(w, s.filter);
  w.raw(") AS ");
  w.identifier("toasty_ranked");
  w.raw(" WHERE ");
  w.identifier("toasty_rn");
  w.raw(" <= ");
  w.raw(std::to_string(std::min<std::uint64_t>(part.limit, 9223372036854775807ull)));
  std::vector<stmt::OrderBy> outer;
  for (std::size_t c : part.columns) outer.push_back({stmt::column(s.target, c), false});
  for (const auto& o : s.order_by) outer.push_back(o);
  order_by(w, outer);
}

// SELECT keys..., aggregates... FROM t WHERE .. GROUP BY keys HAVING .. ORDER BY ..
void grouped(Writer& w, const stmt::Select& s) {
  if (s.limit || s.offset)
    throw InvalidStatement("toasty: group_by of a query with a limit or an offset (\"" + w.table().name +
                           "\"): filter the records instead");
  w.raw("SELECT ");
  for (std::size_t i = 0; i < s.group_by.size(); ++i) {
    w.raw(i ? ", " : "");
    w.operand(s.group_by[i]);
  }
  for (const auto& a : s.aggregates) {
    w.raw(", ");
    aggregate(w, a);
  }
  w.raw(" FROM ");
  w.identifier(w.table().name);
  where(w, s.filter);
  for (std::size_t i = 0; i < s.group_by.size(); ++i) {
    w.raw(i ? ", " : " GROUP BY ");
    w.operand(s.group_by[i]);
  }
  for (std::size_t i = 0; i < s.having.size(); ++i) {
    w.raw(i ? " AND " : " HAVING ");
    aggregate(w, s.having[i].aggregate);
    w.raw(detail::binary_operator(s.having[i].op));
    w.param(s.having[i].value);
  }
  order_by(w, s.order_by);
}

}  // namespace

void detail::write_select(Writer& w, const stmt::Select& s) {
  require_db_level(s.level, "select");
  w.set_table(s.target);
  if (s.count) {  // COUNT(*) of the rows the select would read, limit and offset included
    const bool paged = s.limit || s.offset;
    w.raw(paged ? "SELECT COUNT(*) FROM (" : "SELECT COUNT(*)");
    stmt::Select rows = s;
    rows.count = false;
    if (paged) {  // one column read (a derived table's names must be distinct)
      std::size_t first = 0;
      for (std::size_t c : s.returning)
        if (c != stmt::kUnread) {
          first = c;
          break;
        }
      rows.returning = {first};
      write_select(w, rows);
      w.raw(") AS toasty_counted");
      return;
    }
    w.raw(" FROM ");
    w.identifier(w.table().name);
    where(w, s.filter);
    return;
  }
  if (!s.aggregates.empty() && !s.group_by.empty()) return grouped(w, s);
  if (!s.aggregates.empty()) {  // SUM(x), MIN(x), ... of the rows the select would read
    std::vector<std::size_t> read;  // the columns aggregated, each once
    for (const auto& a : s.aggregates) {
      auto* c = a.arg ? std::get_if<stmt::ExprColumn>(&a.arg->node) : nullptr;
      if (!c) throw InvalidStatement("toasty: an aggregate of \"" + w.table().name + "\" takes a column");
      if (std::find(read.begin(), read.end(), c->column) == read.end()) read.push_back(c->column);
    }
    w.raw("SELECT ");
    for (std::size_t i = 0; i < s.aggregates.size(); ++i) {
      w.raw(i ? ", " : "");
      aggregate(w, s.aggregates[i]);
    }
    w.raw(" FROM ");
    if (s.limit || s.offset) {  // over the page: a derived table of the columns aggregated
      stmt::Select rows = s;
      rows.aggregates.clear();
      rows.returning = read;
      w.raw("(");
      write_select(w, rows);
      w.raw(") AS toasty_aggregated");
      return;
    }
    w.identifier(w.table().name);
    where(w, s.filter);
    return;
  }
  if (s.returning.empty()) {
    throw InvalidStatement("toasty: select from \"" + w.table().name + "\" reads no column");
  }
  if (!s.includes.empty()) {
    throw InvalidStatement("toasty: select from \"" + w.table().name +
                           "\" still has includes; the engine must plan them");
  }
  if (s.group_by.size() || s.having.size())
    throw InvalidStatement("toasty: group_by on \"" + w.table().name + "\" without an aggregate");
  if (s.per_partition) return per_partition(w, s);
  w.raw(s.distinct ? "SELECT DISTINCT " : "SELECT ");
  w.column_list(s.returning);
  w.raw(" FROM ");
  w.identifier(w.table().name);
  where(w, s.filter);
  order_by(w, s.order_by);
  detail::write_limit_offset(w, s.limit, s.offset);
  detail::write_row_lock(w, s.lock);
}

namespace {

void insert(Writer& w, const stmt::Insert& s) {
  require_db_level(s.level, "insert");
  w.set_table(s.target);
  const db::Table& table = w.table();
  if (s.rows.empty()) {
    throw InvalidStatement("toasty: insert into \"" + table.name + "\" has no rows");
  }
  if (!s.nested.empty()) {
    throw InvalidStatement("toasty: insert into \"" + table.name +
                           "\" still has nested inserts; the engine must plan them");
  }
  w.raw("INSERT INTO ");
  w.identifier(table.name);
  if (s.columns.empty()) {
    for (const auto& row : s.rows) {
      if (!row.empty()) {
        throw InvalidStatement("toasty: insert into \"" + table.name +
                               "\" has values but no columns");
      }
    }
    detail::write_insert_default_values(w, s.rows.size());
  } else {
    w.raw(" (");
    w.column_list(s.columns);
    w.raw(") VALUES ");
    for (std::size_t r = 0; r < s.rows.size(); ++r) {
      const auto& row = s.rows[r];
      if (row.size() != s.columns.size()) {
        throw InvalidStatement("toasty: insert into \"" + table.name + "\": row " +
                               std::to_string(r) + " has " + std::to_string(row.size()) +
                               " values for " + std::to_string(s.columns.size()) + " columns");
      }
      w.raw(r == 0 ? "(" : ", (");
      for (std::size_t i = 0; i < row.size(); ++i) {
        if (i != 0) w.raw(", ");
        w.expr(row[i]);
      }
      w.raw(")");
    }
  }
  returning(w, s.returning);
}

void update(Writer& w, const stmt::Update& s) {
  require_db_level(s.level, "update");
  w.set_table(s.target);
  if (s.assignments.empty()) {
    throw InvalidStatement("toasty: update of \"" + w.table().name + "\" assigns nothing");
  }
  w.raw("UPDATE ");
  w.identifier(w.table().name);
  w.raw(" SET ");
  for (std::size_t i = 0; i < s.assignments.size(); ++i) {
    const stmt::Assignment& a = s.assignments[i];
    if (i != 0) w.raw(", ");
    w.column(a.target);
    w.raw(" = ");
    if (a.op != stmt::Assignment::Op::Set) {  // computed by the database from the row's value
      w.column(a.target);
      w.raw(a.op == stmt::Assignment::Op::Add ? " + " : " - ");
    }
    w.expr(a.value);
  }
  where(w, s.filter);
  returning(w, s.returning);
}

void remove(Writer& w, const stmt::Delete& s) {
  require_db_level(s.level, "delete");
  w.set_table(s.target);
  w.raw("DELETE FROM ");
  w.identifier(w.table().name);
  where(w, s.filter);
}

}  // namespace

Serialized serialize(const stmt::Statement& statement, const db::Schema& schema, Dialect dialect,
                     std::span<const Value* const> args) {
  Writer w(schema, dialect, args);
  std::visit(
      [&](const auto& s) {
        using T = std::decay_t<decltype(s)>;
        if constexpr (std::is_same_v<T, stmt::Select>) {
          detail::write_select(w, s);
        } else if constexpr (std::is_same_v<T, stmt::Insert>) {
          insert(w, s);
        } else if constexpr (std::is_same_v<T, stmt::Update>) {
          update(w, s);
        } else {
          static_assert(std::is_same_v<T, stmt::Delete>);
          remove(w, s);
        }
      },
      statement);
  return w.finish();
}

Prepared prepare(const driver::QuerySql& q, Dialect dialect) {
  if (q.statement == nullptr || q.schema == nullptr)
    throw InvalidStatement("toasty: QuerySql without a statement or schema");
  Prepared p;
  if (!q.slot) {
    p.owned = serialize(*q.statement, *q.schema, dialect, q.args);
    p.params.resize(p.owned.params.size());
    for (std::size_t i = 0; i < p.owned.params.size(); ++i) p.params.data()[i] = &p.owned.params[i];
    return p;
  }
  // The slot's statement always has the same shape; only argument values change.
  p.cached = &q.slot->get_or_init<Serialized>(
      [&] { return serialize(*q.statement, *q.schema, dialect, q.args); });
  p.params.resize(p.cached->params.size());
  const Value** out = p.params.data();
  for (std::size_t i = 0; i < p.cached->params.size(); ++i) out[i] = &p.cached->params[i];
  for (auto [pos, index] : p.cached->arg_slots) out[pos] = q.args[index];
  return p;
}

}  // namespace toasty::sql
