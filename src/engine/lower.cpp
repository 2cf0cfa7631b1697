// Lowering: app-level statements (models, fields) become db-level statements
// (tables, columns) through the schema mapping. Relation filters and scopes become
// uncorrelated IN subqueries, which every SQL dialect runs.
#include <algorithm>

#include "engine/engine.hpp"
#include "toasty/error.hpp"

namespace toasty::engine {

namespace {

using RelStep = app::Relation::Step;

struct Lowerer {
  const Schema& schema;
  // The models whose relation filters enclose the filter being lowered, outermost first: a
  // field of one of them is a correlated reference to that statement's row
  // (Todo::fields().updated_at().gt(Todo::fields().user().created_at())).
  mutable std::vector<std::size_t> enclosing = {};

  std::size_t table(std::size_t model_id) const { return schema.mapping(model_id).table; }
  std::size_t column(std::size_t model_id, std::size_t field) const {
    return schema.mapping(model_id).field_to_column.at(field);
  }
  std::vector<stmt::ExprPtr> columns(std::size_t model_id, const std::vector<std::size_t>& fields) const {
    std::vector<stmt::ExprPtr> out;
    for (std::size_t f : fields) out.push_back(stmt::column(table(model_id), column(model_id, f)));
    return out;
  }
  std::vector<std::size_t> column_ids(std::size_t model_id, const std::vector<std::size_t>& fields) const {
    std::vector<std::size_t> out;
    for (std::size_t f : fields) out.push_back(column(model_id, f));
    return out;
  }

  // Expressions of a statement on model `model_id`.
  stmt::ExprPtr expr(const stmt::ExprPtr& e, std::size_t model_id) const {
    if (!e) return e;
    return std::visit([&](const auto& n) -> stmt::ExprPtr { return node(e, n, model_id); }, e->node);
  }
  std::vector<stmt::ExprPtr> exprs(const std::vector<stmt::ExprPtr>& v, std::size_t m) const {
    std::vector<stmt::ExprPtr> out;
    out.reserve(v.size());
    for (const auto& e : v) out.push_back(expr(e, m));
    return out;
  }

  stmt::ExprPtr node(const stmt::ExprPtr& e, const stmt::ExprValue&, std::size_t) const { return e; }
  stmt::ExprPtr node(const stmt::ExprPtr& e, const stmt::ExprArg&, std::size_t) const { return e; }
  stmt::ExprPtr node(const stmt::ExprPtr& e, const stmt::ExprColumn&, std::size_t) const { return e; }
  stmt::ExprPtr node(const stmt::ExprPtr& e, const stmt::ExprInSubquery& n, std::size_t m) const {
    if (!n.query || n.query->level == stmt::Level::Db) return e;
    // Path::in_query: the app-level select of the fields it projects, lowered.
    const stmt::Select& q = *n.query;
    const std::size_t sub = schema.model_id(q.model);
    if (q.project.size() != n.lhs.size())
      throw InvalidStatement("toasty: in_query() compares " + std::to_string(n.lhs.size()) + " fields with a query of " +
                             std::to_string(q.project.size()));
    if (q.limit || q.offset)
      throw UnsupportedQuery("toasty: in_query() of a query with a limit or an offset (MySQL refuses LIMIT in a subquery)");
    auto inner = subquery(sub, q.project, expr(q.filter, sub));
    if (q.allow_full_scan) {  // the inner query's own opt-in to a full-table read
      auto copy = std::make_shared<stmt::Select>(*inner);
      copy->allow_full_scan = true;
      inner = std::move(copy);
    }
    return stmt::in_subquery(exprs(n.lhs, m), std::move(inner), n.negate);
  }
  stmt::ExprPtr node(const stmt::ExprPtr&, const stmt::ExprField& f, std::size_t m) const {
    if (f.model != &schema.model(m)) {
      for (auto it = enclosing.rbegin(); it != enclosing.rend(); ++it) {
        if (&schema.model(*it) != f.model) continue;
        if (table(*it) == table(m))
          throw UnsupportedQuery("toasty: a filter compares " + f.model->name + "." + f.model->fields.at(f.field).name +
                                 " with a field of a related " + schema.model(m).name +
                                 " in the same table (a self-referential relation): not supported");
        return stmt::column(table(*it), column(*it, f.field));
      }
      throw UnsupportedQuery("toasty: a filter on " + schema.model(m).name + " refers to a field of " +
                             (f.model ? f.model->name : std::string("?")) + " outside a relation path");
    }
    return stmt::column(table(m), column(m, f.field));
  }
  stmt::ExprPtr node(const stmt::ExprPtr&, const stmt::ExprBinary& b, std::size_t m) const {
    return stmt::binary(b.op, expr(b.lhs, m), expr(b.rhs, m));
  }
  stmt::ExprPtr node(const stmt::ExprPtr&, const stmt::ExprAnd& a, std::size_t m) const {
    return std::make_shared<stmt::Expr>(stmt::Expr{stmt::ExprAnd{exprs(a.operands, m)}});
  }
  stmt::ExprPtr node(const stmt::ExprPtr&, const stmt::ExprOr& o, std::size_t m) const {
    return std::make_shared<stmt::Expr>(stmt::Expr{stmt::ExprOr{exprs(o.operands, m)}});
  }
  stmt::ExprPtr node(const stmt::ExprPtr&, const stmt::ExprNot& n, std::size_t m) const {
    return stmt::not_(expr(n.operand, m));
  }
  stmt::ExprPtr node(const stmt::ExprPtr&, const stmt::ExprIsNull& n, std::size_t m) const {
    return stmt::is_null(expr(n.operand, m));
  }
  stmt::ExprPtr node(const stmt::ExprPtr&, const stmt::ExprInList& n, std::size_t m) const {
    return stmt::in_list(expr(n.lhs, m), exprs(n.list, m));
  }
  stmt::ExprPtr node(const stmt::ExprPtr&, const stmt::ExprTextMatch& n, std::size_t m) const {
    return stmt::text_match(n, expr(n.lhs, m), expr(n.prefix, m));
  }
  stmt::ExprPtr node(const stmt::ExprPtr&, const stmt::ExprListOp& n, std::size_t m) const {
    return stmt::list_op(n.kind, expr(n.lhs, m), n.values ? expr(n.values, m) : nullptr);
  }

  // The relation steps from a model to a relation's target: the relation itself, or
  // the relations it goes `via`.
  std::vector<std::pair<std::size_t, const app::Relation*>> steps(std::size_t model_id,
                                                                  std::size_t relation) const {
    const app::Relation& r = schema.model(model_id).relations.at(relation);
    std::vector<std::pair<std::size_t, const app::Relation*>> out;
    if (r.via.empty()) {
      out.emplace_back(model_id, &r);
    } else {
      for (const RelStep& s : r.via) {
        std::size_t m = schema.model_id(&s.model());
        out.emplace_back(m, &schema.model(m).relations.at(s.relation));
      }
    }
    return out;
  }
  std::size_t target_of(const app::Relation& r) const { return schema.model_id(&r.target()); }

  // `model.relation` has a related record matching `filter` (any) / all match (all).
  stmt::ExprPtr node(const stmt::ExprPtr&, const stmt::ExprRelated& n, std::size_t m) const {
    if (n.model != &schema.model(m))
      throw UnsupportedQuery("toasty: relation filter of " + (n.model ? n.model->name : std::string("?")) +
                             " used in a statement on " + schema.model(m).name);
    auto path = steps(m, n.relation);
    std::size_t target = target_of(*path.back().second);
    enclosing.push_back(m);
    stmt::ExprPtr pred;
    try {
      pred = expr(n.filter, target);
    } catch (...) {
      enclosing.pop_back();
      throw;
    }
    enclosing.pop_back();
    if (n.all) {
      if (!pred) return nullptr;  // "all related records match nothing-in-particular"
      pred = stmt::not_(pred);
    }
    for (auto it = path.rbegin(); it != path.rend(); ++it) {
      auto [from, rel] = *it;
      std::size_t to = target_of(*rel);
      bool negate = n.all && it + 1 == path.rend();
      stmt::ExprPtr filter = pred;
      if (negate)  // NOT IN and NULL keys do not mix
        for (auto& c : columns(to, rel->target_fields)) filter = stmt::and_(filter, stmt::not_(stmt::is_null(c)));
      auto src = columns(from, rel->source_fields);
      pred = stmt::in_subquery(src, subquery(to, rel->target_fields, filter), negate);
      if (negate)  // a NULL key has no related records, so "all match" holds
        for (auto& c : src) pred = stmt::or_(pred, stmt::is_null(c));
    }
    return pred;
  }

  // SELECT `fields` of model `m`'s table WHERE `filter`, as an uncorrelated subquery (the
  // records a soft delete removed left out).
  std::shared_ptr<const stmt::Select> subquery(std::size_t m, const std::vector<std::size_t>& fields,
                                               stmt::ExprPtr filter) const {
    stmt::Select sub;
    sub.level = stmt::Level::Db;
    sub.target = table(m);
    sub.returning = column_ids(m, fields);
    sub.filter = with_deleted(std::move(filter), m, stmt::Deleted::Hide);
    return std::make_shared<const stmt::Select>(std::move(sub));
  }

  // Records of the relation's target that belong to the owner with `key`.
  stmt::ExprPtr node(const stmt::ExprPtr&, const stmt::ExprScope& n, std::size_t m) const {
    std::size_t owner = schema.model_id(n.owner);
    auto path = steps(owner, n.relation);
    if (target_of(*path.back().second) != m)
      throw UnsupportedQuery("toasty: scope of " + n.owner->name + " used on " + schema.model(m).name);
    // First step: its target's target_fields equal the key, or those of the owners that match.
    auto [from0, rel0] = path.front();
    std::size_t cur = target_of(*rel0);
    stmt::ExprPtr pred;
    if (n.by_filter) {
      pred = stmt::in_subquery(columns(cur, rel0->target_fields),
                               subquery(from0, rel0->source_fields, expr(n.owners, from0)));
    } else {
      if (rel0->target_fields.size() != n.key.size())
        throw InvalidStatement("toasty: scope key has the wrong number of values");
      for (std::size_t i = 0; i < n.key.size(); ++i) {
        if (n.key[i].is_null()) return stmt::in_list(stmt::value(Value(true)), {});  // no parent: empty
        pred = stmt::and_(pred, stmt::binary(stmt::BinaryOp::Eq,
                                             stmt::column(table(cur), column(cur, rel0->target_fields[i])),
                                             stmt::value(n.key[i])));
      }
    }
    // Further steps: the next target's target_fields are in the previous records' source_fields.
    for (std::size_t k = 1; k < path.size(); ++k) {
      auto [from, rel] = path[k];
      std::size_t to = target_of(*rel);
      pred = stmt::in_subquery(columns(to, rel->target_fields), subquery(from, rel->source_fields, pred));
      cur = to;
    }
    return pred;
  }

  std::vector<std::size_t> all_columns(std::size_t m) const {
    std::vector<std::size_t> cols;
    const app::Model& model = schema.model(m);
    cols.reserve(model.fields.size());
    for (std::size_t f = 0; f < model.fields.size(); ++f) cols.push_back(column(m, f));
    return cols;
  }

  // A db-level statement of the same kind on model `m`'s table, its filter lowered.
  template <class S>
  S on_table(const S& s, std::size_t m) const {
    S out;
    out.level = stmt::Level::Db;
    out.target = table(m);
    out.filter = with_deleted(expr(s.filter, m), m, s.deleted);
    out.allow_full_scan = s.allow_full_scan;
    return out;
  }

  // `filter` and the condition on model `m`'s #[soft_delete] column that `deleted` asks for.
  stmt::ExprPtr with_deleted(stmt::ExprPtr filter, std::size_t m, stmt::Deleted deleted) const {
    auto field = schema.model(m).soft_delete_field();
    if (!field || deleted == stmt::Deleted::Include) return filter;
    stmt::ExprPtr unset = stmt::is_null(stmt::column(table(m), column(m, *field)));
    return stmt::and_(std::move(filter), deleted == stmt::Deleted::Hide ? unset : stmt::not_(unset));
  }

  stmt::Statement lower(const stmt::Select& s, std::size_t m, const driver::Capability&) const {
    stmt::Select out = on_table(s, m);
    out.count = s.count;
    out.returning = all_columns(m);
    if (s.skip_deferred) {  // deferred fields not asked for: their places read nothing
      const app::Model& model = schema.model(m);
      for (std::size_t f = 0; f < model.fields.size(); ++f)
        if (model.fields[f].deferred &&
            std::find(s.load_deferred.begin(), s.load_deferred.end(), f) == s.load_deferred.end())
          out.returning[f] = stmt::kUnread;
    }
    if (!s.project.empty())  // a projection: only its fields' columns are read
      for (std::size_t f = 0; f < out.returning.size(); ++f)
        if (std::find(s.project.begin(), s.project.end(), f) == s.project.end()) out.returning[f] = stmt::kUnread;
    auto aggregate = [&](const stmt::Aggregate& a) { return stmt::Aggregate{a.fn, a.arg ? expr(a.arg, m) : nullptr}; };
    for (const auto& a : s.aggregates) out.aggregates.push_back(aggregate(a));
    for (const auto& g : s.group_by) out.group_by.push_back(expr(g, m));
    for (const auto& h : s.having) out.having.push_back({aggregate(h.aggregate), h.op, h.value});
    out.distinct = s.distinct;
    out.lock = s.lock;
    // A count of every match needs no order (and a key-value read then needs none it can
    // serve); groups come in the order asked for.
    if (!((s.count || !s.aggregates.empty()) && !s.limit && !s.offset) || !s.group_by.empty())
      for (const auto& o : s.order_by) out.order_by.push_back({expr(o.expr, m), o.descending});
    out.limit = s.limit;
    out.offset = s.offset;
    out.seek_after = s.seek_after;
    out.tie_breakers = s.tie_breakers;
    return out;
  }

  // The value of a field an insert row does not give: its default, else NULL; a required
  // field is an error, and so is an #[auto] one the other rows give (the database makes
  // keys only for a whole statement).
  static stmt::ExprPtr absent(const app::Model& model, std::size_t field, bool several_rows) {
    const app::Field& fd = model.fields.at(field);
    if (fd.default_value) return stmt::value(*fd.default_value);
    if (fd.nullable) return stmt::value(Value());
    if (fd.auto_generated && several_rows)
      throw InvalidStatement("toasty: " + model.name + "::create_many(): set `" + fd.name +
                             "` on every item or on none (the database generates it only for a whole statement)");
    throw InvalidStatement("toasty: " + model.name + "::create() is missing required field `" + fd.name + "`");
  }

  stmt::Statement lower(const stmt::Insert& s, std::size_t m, const driver::Capability& cap) const {
    const app::Model& model = schema.model(m);
    stmt::Insert out;
    out.level = stmt::Level::Db;
    out.target = table(m);
    // Every row carries the same columns: those given, plus defaults.
    std::vector<bool> given(model.fields.size(), false);
    for (std::size_t f : s.columns) given.at(f) = true;
    std::vector<std::size_t> fields = s.columns;
    for (std::size_t f = 0; f < model.fields.size(); ++f) {
      if (given[f]) continue;
      const auto& fd = model.fields[f];
      if (fd.default_value || fd.nullable) {
        fields.push_back(f);
      } else if (!fd.auto_generated) {
        throw InvalidStatement("toasty: " + model.name + "::create() is missing required field `" +
                               fd.name + "`");
      }
    }
    for (std::size_t f : fields) out.columns.push_back(column(m, f));
    for (const auto& row : s.rows) {
      if (row.size() != s.columns.size())
        throw InvalidStatement("toasty: insert row has the wrong number of values");
      std::vector<stmt::ExprPtr> r = exprs(row, m);
      // A row of a multi-row insert may leave a column out (null): it gets what create()
      // would give that field on its own.
      for (std::size_t i = 0; i < r.size(); ++i)
        if (!r[i]) r[i] = absent(model, s.columns[i], s.rows.size() > 1);
      for (std::size_t i = s.columns.size(); i < fields.size(); ++i) {
        const auto& fd = model.fields[fields[i]];
        r.push_back(stmt::value(fd.default_value ? *fd.default_value : Value()));
      }
      out.rows.push_back(std::move(r));
    }
    if (cap.returning_from_insert) out.returning = all_columns(m);
    return out;
  }

  stmt::Statement lower(const stmt::Update& s, std::size_t m, const driver::Capability&) const {
    stmt::Update out = on_table(s, m);
    for (const auto& a : s.assignments) out.assignments.push_back({column(m, a.target), expr(a.value, m), a.op});
    if (s.read_back) out.returning = all_columns(m);
    return out;
  }

  stmt::Statement lower(const stmt::Delete& s, std::size_t m, const driver::Capability&) const {
    return on_table(s, m);
  }
};

}  // namespace

const app::Model* statement_model(const stmt::Statement& s) {
  return std::visit([](const auto& x) { return x.model; }, s);
}

stmt::Statement lower(const Schema& schema, const stmt::Statement& app_statement,
                      const driver::Capability& cap) {
  std::size_t id = schema.model_id(statement_model(app_statement));
  Lowerer l{schema};
  return std::visit([&](const auto& s) { return l.lower(s, id, cap); }, app_statement);
}

stmt::ExprPtr lower_filter(const Schema& schema, std::size_t model_id, const stmt::ExprPtr& filter) {
  return Lowerer{schema}.expr(filter, model_id);
}

}  // namespace toasty::engine
