// Lowering: app-level statements (models, fields) become db-level statements
// (tables, columns) through the schema mapping.
#include <algorithm>

#include "engine/engine.hpp"
#include "toasty/error.hpp"

namespace toasty::engine {

namespace {

struct Lowerer {
  const Schema& schema;
  std::size_t model_id;
  const app::Model& model;
  const ModelMapping& map;

  std::size_t column(std::size_t field) const { return map.field_to_column.at(field); }

  stmt::ExprPtr expr(const stmt::ExprPtr& e) const {
    if (!e) return e;
    return std::visit([&](const auto& n) -> stmt::ExprPtr { return node(e, n); }, e->node);
  }

  std::vector<stmt::ExprPtr> exprs(const std::vector<stmt::ExprPtr>& v) const {
    std::vector<stmt::ExprPtr> out;
    out.reserve(v.size());
    for (const auto& e : v) out.push_back(expr(e));
    return out;
  }

  stmt::ExprPtr node(const stmt::ExprPtr& e, const stmt::ExprValue&) const { return e; }
  stmt::ExprPtr node(const stmt::ExprPtr& e, const stmt::ExprArg&) const { return e; }
  stmt::ExprPtr node(const stmt::ExprPtr& e, const stmt::ExprColumn&) const { return e; }
  stmt::ExprPtr node(const stmt::ExprPtr&, const stmt::ExprField& f) const {
    if (f.model != &model)
      throw UnsupportedQuery("toasty: a filter on " + model.name + " refers to a field of " +
                             (f.model ? f.model->name : std::string("?")) +
                             "; paths across models need a relation");
    return stmt::column(map.table, column(f.field));
  }
  stmt::ExprPtr node(const stmt::ExprPtr&, const stmt::ExprBinary& b) const {
    return stmt::binary(b.op, expr(b.lhs), expr(b.rhs));
  }
  stmt::ExprPtr node(const stmt::ExprPtr&, const stmt::ExprAnd& a) const {
    auto out = std::make_shared<stmt::Expr>(stmt::Expr{stmt::ExprAnd{exprs(a.operands)}});
    return out;
  }
  stmt::ExprPtr node(const stmt::ExprPtr&, const stmt::ExprOr& o) const {
    return std::make_shared<stmt::Expr>(stmt::Expr{stmt::ExprOr{exprs(o.operands)}});
  }
  stmt::ExprPtr node(const stmt::ExprPtr&, const stmt::ExprNot& n) const {
    return stmt::not_(expr(n.operand));
  }
  stmt::ExprPtr node(const stmt::ExprPtr&, const stmt::ExprIsNull& n) const {
    return stmt::is_null(expr(n.operand));
  }
  stmt::ExprPtr node(const stmt::ExprPtr&, const stmt::ExprInList& n) const {
    return stmt::in_list(expr(n.lhs), exprs(n.list));
  }
  stmt::ExprPtr node(const stmt::ExprPtr&, const stmt::ExprStartsWith& n) const {
    return stmt::starts_with(expr(n.lhs), expr(n.prefix));
  }

  std::vector<std::size_t> all_columns() const {
    std::vector<std::size_t> cols;
    cols.reserve(model.fields.size());
    for (std::size_t f = 0; f < model.fields.size(); ++f) cols.push_back(column(f));
    return cols;
  }

  stmt::Statement lower(const stmt::Select& s, const driver::Capability&) const {
    stmt::Select out;
    out.level = stmt::Level::Db;
    out.target = map.table;
    out.filter = expr(s.filter);
    out.returning = all_columns();
    for (const auto& o : s.order_by) out.order_by.push_back({expr(o.expr), o.descending});
    out.limit = s.limit;
    out.offset = s.offset;
    return out;
  }

  stmt::Statement lower(const stmt::Insert& s, const driver::Capability& cap) const {
    stmt::Insert out;
    out.level = stmt::Level::Db;
    out.target = map.table;
    // Every row carries the same columns: those given, plus defaults.
    std::vector<bool> given(model.fields.size(), false);
    for (std::size_t f : s.columns) given.at(f) = true;
    std::vector<std::size_t> fields = s.columns;
    for (std::size_t f = 0; f < model.fields.size(); ++f) {
      if (given[f]) continue;
      const auto& fd = model.fields[f];
      if (fd.default_value || fd.nullable) {
        fields.push_back(f);
      } else if (!fd.auto_increment) {
        throw InvalidStatement("toasty: " + model.name + "::create() is missing required field `" +
                               fd.name + "`");
      }
    }
    for (std::size_t f : fields) out.columns.push_back(column(f));
    for (const auto& row : s.rows) {
      if (row.size() != s.columns.size())
        throw InvalidStatement("toasty: insert row has the wrong number of values");
      std::vector<stmt::ExprPtr> r = exprs(row);
      for (std::size_t i = s.columns.size(); i < fields.size(); ++i) {
        const auto& fd = model.fields[fields[i]];
        r.push_back(stmt::value(fd.default_value ? *fd.default_value : Value()));
      }
      out.rows.push_back(std::move(r));
    }
    if (cap.returning_from_insert) out.returning = all_columns();
    return out;
  }

  stmt::Statement lower(const stmt::Update& s, const driver::Capability&) const {
    stmt::Update out;
    out.level = stmt::Level::Db;
    out.target = map.table;
    out.filter = expr(s.filter);
    for (const auto& a : s.assignments) out.assignments.push_back({column(a.target), expr(a.value)});
    return out;
  }

  stmt::Statement lower(const stmt::Delete& s, const driver::Capability&) const {
    stmt::Delete out;
    out.level = stmt::Level::Db;
    out.target = map.table;
    out.filter = expr(s.filter);
    return out;
  }
};

}  // namespace

const app::Model* statement_model(const stmt::Statement& s) {
  return std::visit([](const auto& x) { return x.model; }, s);
}

stmt::Statement lower(const Schema& schema, const stmt::Statement& app_statement,
                      const driver::Capability& cap) {
  const app::Model* m = statement_model(app_statement);
  std::size_t id = schema.model_id(m);
  Lowerer l{schema, id, schema.model(id), schema.mapping(id)};
  return std::visit([&](const auto& s) { return l.lower(s, cap); }, app_statement);
}

}  // namespace toasty::engine
