// The planner: an app-level statement becomes the whole program that serves it —
// preloads level by level, nested creates record by record, cascading removals, inserts
// split to the backend's limits — and says which writes form one atomic unit.
#include <algorithm>

#include "engine/engine.hpp"
#include "engine/kv.hpp"
#include "engine/plan.hpp"
#include "toasty/error.hpp"

namespace toasty::engine {

namespace {

const app::Relation& relation_at(const Schema& schema, std::size_t model_id, std::size_t relation) {
  const app::Model& m = schema.model(model_id);
  if (relation >= m.relations.size())
    throw InvalidStatement("toasty: " + m.name + " has no relation #" + std::to_string(relation));
  return m.relations[relation];
}

bool has_owned_relations(const app::Model& m) {
  for (const auto& r : m.relations)
    if (r.kind != app::Relation::Kind::BelongsTo && r.via.empty()) return true;
  return false;
}

// The value a single-row insert gives `field`, when it is a literal.
const Value* literal(const stmt::Insert& insert, std::size_t field) {
  for (std::size_t i = 0; i < insert.columns.size(); ++i)
    if (insert.columns[i] == field)
      if (auto* v = std::get_if<stmt::ExprValue>(&insert.rows[0][i]->node)) return &v->value;
  return nullptr;
}

// Sets `field` of a single-row insert to `e`, replacing what it had.
void set_field(stmt::Insert& insert, std::size_t field, stmt::ExprPtr e) {
  for (std::size_t i = 0; i < insert.columns.size(); ++i)
    if (insert.columns[i] == field) {
      insert.rows[0][i] = std::move(e);
      return;
    }
  insert.columns.push_back(field);
  insert.rows[0].push_back(std::move(e));
}

// The filter that finds an update's records afterwards: without the conditions on fields the
// update assigns (an instance's `version = 3` no longer holds once it is 4). Only parts of an
// AND are dropped; the rest (the key) stays.
stmt::ExprPtr without_assigned(const stmt::ExprPtr& filter, const std::vector<stmt::Assignment>& assignments) {
  const auto* all = filter ? std::get_if<stmt::ExprAnd>(&filter->node) : nullptr;
  if (!all) return filter;
  std::vector<stmt::ExprPtr> kept;
  for (const auto& part : all->operands) {
    const auto* b = std::get_if<stmt::ExprBinary>(&part->node);
    const auto* f = b && b->op == stmt::BinaryOp::Eq ? std::get_if<stmt::ExprField>(&b->lhs->node) : nullptr;
    bool assigned = f && std::any_of(assignments.begin(), assignments.end(),
                                     [&](const stmt::Assignment& a) { return a.target == f->field; });
    if (!assigned) kept.push_back(part);
  }
  if (kept.empty() || kept.size() == all->operands.size()) return filter;
  stmt::ExprPtr out;
  for (auto& part : kept) out = stmt::and_(out, std::move(part));
  return out;
}

class Planner {
 public:
  Planner(const Schema& schema, const driver::Capability& cap, Plan& plan) : schema_(schema), cap_(cap), p_(plan) {}

  SlotId statement(const stmt::Statement& s) {
    return std::visit([&](const auto& x) { return plan(x); }, s);
  }
  // The plan is one unit even with a single write (a read must see it as it left the rows).
  bool keeps_unit() const { return keep_unit_; }

 private:
  const Schema& schema_;
  const driver::Capability& cap_;
  Plan& p_;
  bool keep_unit_ = false;

  std::size_t model_id(const app::Model* m) const { return schema_.model_id(m); }

  SlotId db(std::size_t model, stmt::Statement lowered, std::vector<SlotBind> binds = {}) {
    return plan_db(p_, schema_, model, std::move(lowered), cap_, std::move(binds));
  }
  SlotId app(const stmt::Statement& s, std::vector<SlotBind> binds = {}) {
    return db(model_id(statement_model(s)), lower(schema_, s, cap_), std::move(binds));
  }

  // A statement with more values than the backend binds: one statement per slice of its
  // in_list (SQL backends; key-value drivers batch their key lists themselves).
  template <class S>
  std::optional<SlotId> by_list_chunks(const S& s) {
    if (!cap_.sql()) return std::nullopt;
    auto chunks = split_by_list(s, values_per_statement(cap_));
    if (!chunks) return std::nullopt;
    if constexpr (!std::is_same_v<S, stmt::Select>) p_.atomic = true;
    SlotId out = chunks->out = p_.slot_count++;
    p_.steps.push_back(std::move(*chunks));
    return out;
  }

  // ---- selects and preloads
  SlotId plan(const stmt::Select& s) {
    if (auto chunked = by_list_chunks(s)) return *chunked;
    if (s.includes.empty()) {
      SlotId out = app(s);
      p_.streamable = cap_.sql();
      return out;
    }
    stmt::Select plain = s;
    plain.includes.clear();
    SlotId root = app(plain);
    includes(root, model_id(s.model), s.includes);
    return root;
  }

  // Keys in one preload statement: as many as the backend binds, whole keys only.
  std::size_t keys_per_statement(std::size_t key_width) const {
    return std::max<std::size_t>(1, cap_.max_params / std::max<std::size_t>(1, key_width));
  }

  void includes(SlotId parent, std::size_t model, const std::vector<stmt::Include>& list) {
    for (const stmt::Include& inc : list) {
      const app::Relation& rel = relation_at(schema_, model, inc.relation);
      std::vector<std::pair<std::size_t, std::size_t>> path;  // (model, relation) per level
      if (rel.via.empty()) {
        path.emplace_back(model, inc.relation);
      } else {
        for (const auto& step : rel.via) path.emplace_back(model_id(&step.model()), step.relation);
      }
      const bool partial = inc.filter || !inc.order_by.empty() || inc.limit;
      if (partial && !rel.via.empty())
        throw InvalidStatement("toasty: include() of " + schema_.model(model).name + "." + rel.name +
                               " with a filter, order or limit: it is a `via` relation; include the relation it "
                               "goes through with them instead");
      SlotId from = parent;
      std::size_t to = model;
      for (auto [from_model, relation] : path) {
        const app::Relation& r = relation_at(schema_, from_model, relation);
        to = model_id(&r.target());
        stmt::Select all;
        all.model = &r.target();
        all.filter = inc.filter;
        all.order_by = inc.order_by;
        if (inc.limit)  // the first N must be the same N every time: the key breaks ties
          for (std::size_t f : r.target().primary_key) all.order_by.push_back({stmt::field(&r.target(), f), false});
        std::vector<std::pair<std::size_t, bool>> sort_here;
        if (cap_.key_value()) {  // sorted per parent here, not by the key-value store
          for (const auto& o : all.order_by) {
            auto* f = std::get_if<stmt::ExprField>(&o.expr->node);
            if (!f) throw InvalidStatement("toasty: include() orders by fields of " + r.target().name);
            sort_here.emplace_back(f->field, o.descending);
          }
          all.order_by.clear();
        }
        LoadRelation load{from,
                          from_model,
                          relation,
                          to,
                          r.source_fields,
                          r.target_fields,
                          std::get<stmt::Select>(lower(schema_, all, cap_)),
                          keys_per_statement(r.target_fields.size()),
                          cap_.key_value(),
                          p_.slot_count++,
                          from != parent,
                          inc.limit,
                          std::move(sort_here)};
        from = load.out;
        p_.steps.push_back(std::move(load));
      }
      includes(from, to, inc.nested);  // the related records' own preloads first
      p_.steps.push_back(Attach{parent, inc.relation, from});
    }
  }

  // ---- inserts
  SlotId plan(const stmt::Insert& s) {
    if (!s.nested.empty()) {
      p_.atomic = true;
      std::size_t first = p_.steps.size();
      SlotId out = record(s, {}).slot;
      merge_kv_inserts(first);
      return out;
    }
    std::size_t per = insert_rows_per_statement(*s.model, cap_);
    if (!cap_.sql() || s.rows.size() <= per) {
      if (auto filled = with_client_values(s)) return app(*filled);
      return app(s);  // usually: run() filled the keys already; no copy of the rows
    }
    // Too many values for one statement: chunks, one atomic unit (a chunk that fails —
    // a missing field, a duplicate — rolls back those before it).
    p_.atomic = true;
    InsertChunks all{{}, per, 0};
    for (std::size_t at = 0; at < s.rows.size(); at += per) {
      stmt::Insert part;
      part.model = s.model;
      part.columns = s.columns;
      auto end = std::min(s.rows.size(), at + per);
      part.rows.assign(s.rows.begin() + static_cast<std::ptrdiff_t>(at), s.rows.begin() + static_cast<std::ptrdiff_t>(end));
      if (auto filled = with_client_values(part)) part = std::move(*filled);
      all.chunks.push_back(std::move(part));
    }
    all.out = p_.slot_count++;
    SlotId out = all.out;
    p_.steps.push_back(std::move(all));
    return out;
  }

  struct Record {
    SlotId slot;
    stmt::Insert insert;  // as written: keys and foreign keys filled in where known
  };

  // One record of a nested create and its related records: belongs_to parents first
  // (their keys go into this record's foreign key), then the record, then its children
  // (with this record's key in theirs). A key the database generates reaches the next
  // statement through a SlotBind; a key known now is written as a value.
  Record record(const stmt::Insert& insert, std::vector<SlotBind> binds) {
    if (insert.rows.size() != 1) throw InvalidStatement("toasty: nested creates need a single-row insert");
    std::size_t m = model_id(insert.model);
    const app::Model& model = schema_.model(m);
    Record self{0, with_client_values(insert).value_or(insert)};
    self.insert.nested.clear();

    std::vector<std::pair<std::size_t, SlotId>> related;
    for (const auto& n : insert.nested) {
      const app::Relation& r = relation_at(schema_, m, n.relation);
      if (r.kind != app::Relation::Kind::BelongsTo) continue;
      Record parent = record(*n.insert, {});
      for (std::size_t i = 0; i < r.source_fields.size(); ++i)
        set_field(self.insert, r.source_fields[i],
                  from_record(parent, r.target_fields[i], binds));
      related.emplace_back(n.relation, parent.slot);
    }
    self.slot = app(self.insert, std::move(binds));
    for (const auto& n : insert.nested) {
      const app::Relation& r = relation_at(schema_, m, n.relation);
      if (r.kind == app::Relation::Kind::BelongsTo) continue;
      if (!r.via.empty())
        throw UnsupportedQuery("toasty: " + model.name + "." + r.name +
                               " goes through other relations; create the join record instead");
      stmt::Insert child = *n.insert;
      std::vector<SlotBind> child_binds;
      for (std::size_t i = 0; i < r.target_fields.size(); ++i)
        set_field(child, r.target_fields[i], from_record(self, r.source_fields[i], child_binds));
      related.emplace_back(n.relation, record(child, std::move(child_binds)).slot);
    }
    for (auto [relation, slot] : related) p_.steps.push_back(Attach{self.slot, relation, slot});
    return self;
  }

  // Field `field` of a planned record: its value, or an argument bound from its slot.
  stmt::ExprPtr from_record(const Record& r, std::size_t field, std::vector<SlotBind>& binds) {
    if (const Value* v = literal(r.insert, field)) return stmt::value(*v);
    std::size_t arg = p_.bound_args++;
    binds.push_back({arg, r.slot, field});
    return stmt::arg(arg);
  }

  // A key-value driver that takes several inserts as one request writes a nested create
  // atomically: its inserts (from step `first` on) become one KvTransactWrite, when all of
  // their values are known and they fit one request.
  void merge_kv_inserts(std::size_t first) {
    if (!cap_.key_value() || !cap_.transact_write) return;
    KvTransactWrite tw;
    std::vector<Step> rest;
    for (std::size_t i = first; i < p_.steps.size(); ++i) {
      if (auto* kv = std::get_if<ExecKv>(&p_.steps[i])) {
        if (!kv->binds.empty() || !std::holds_alternative<stmt::Insert>(kv->plan->statement)) return;
        tw.inserts.push_back(kv->plan);
        tw.outs.push_back(kv->out);
      } else {
        rest.push_back(p_.steps[i]);
      }
    }
    if (tw.inserts.size() > cap_.max_transact_items) return;  // written one by one (documented)
    p_.steps.resize(first);
    p_.steps.push_back(std::move(tw));
    for (auto& s : rest) p_.steps.push_back(std::move(s));
  }

  // ---- updates and removals
  SlotId plan(const stmt::Update& s) {
    if (auto chunked = by_list_chunks(s)) return *chunked;
    if (s.read_back && cap_.sql() && !cap_.returning_from_update) {
      // No UPDATE ... RETURNING (MySQL): the rows are read back in the same unit, where
      // the update's row locks keep them as it left them.
      p_.atomic = true;
      keep_unit_ = true;
      stmt::Update u = s;
      u.read_back = false;
      app(u);
      stmt::Select read;
      read.model = s.model;
      read.filter = without_assigned(s.filter, s.assignments);
      read.allow_full_scan = s.allow_full_scan;
      return app(read);
    }
    return app(s);
  }

  SlotId plan(const stmt::Delete& s) {
    if (auto chunked = by_list_chunks(s)) return *chunked;
    std::size_t m = model_id(s.model);
    if (has_owned_relations(schema_.model(m))) {
      p_.atomic = true;
      cascade(m, lower_filter(schema_, m, s.filter), s.allow_full_scan, 0);
    }
    return app(s);
  }

  // Before removing the rows of `model` matching `db_filter`: remove their children
  // (required foreign key) or clear the children's key (optional), recursively.
  void cascade(std::size_t model, const stmt::ExprPtr& db_filter, bool allow_full_scan, int depth) {
    const app::Model& owner = schema_.model(model);
    if (depth > 16)
      throw UnsupportedQuery("toasty: removing a " + owner.name +
                             " cascades more than 16 levels deep (a cycle of required keys?)");
    const auto& map = schema_.mapping(model);
    for (const app::Relation& r : owner.relations) {
      if (r.kind == app::Relation::Kind::BelongsTo || !r.via.empty()) continue;
      std::size_t t = model_id(&r.target());
      const auto& tmap = schema_.mapping(t);
      stmt::Select parents;
      parents.level = stmt::Level::Db;
      parents.target = map.table;
      parents.filter = db_filter;
      parents.allow_full_scan = allow_full_scan;
      for (std::size_t f : r.source_fields) parents.returning.push_back(map.field_to_column[f]);
      std::vector<stmt::ExprPtr> lhs;
      for (std::size_t f : r.target_fields) lhs.push_back(stmt::column(tmap.table, tmap.field_to_column[f]));
      stmt::ExprPtr children = stmt::in_subquery(std::move(lhs), std::make_shared<const stmt::Select>(parents));
      if (r.optional) {
        stmt::Update clear;
        clear.level = stmt::Level::Db;
        clear.target = tmap.table;
        clear.filter = children;
        clear.allow_full_scan = allow_full_scan;
        for (std::size_t f : r.target_fields) clear.assignments.push_back({tmap.field_to_column[f], stmt::value(Value())});
        db(t, std::move(clear));
      } else {
        cascade(t, children, allow_full_scan, depth + 1);
        stmt::Delete del;
        del.level = stmt::Level::Db;
        del.target = tmap.table;
        del.filter = children;
        del.allow_full_scan = allow_full_scan;
        db(t, std::move(del));
      }
    }
  }
};

}  // namespace

std::size_t insert_rows_per_statement(const app::Model& model, const driver::Capability& cap) {
  // Without RETURNING (MySQL 8) only a one-row insert reports its generated key.
  if (!cap.returning_from_insert)
    for (const auto& f : model.fields)
      if (f.auto_generated && is_integer(f.type)) return 1;
  std::size_t width = std::max<std::size_t>(1, model.fields.size());
  return std::clamp<std::size_t>(cap.max_params / width, 1, 500);
}

namespace {
// Row locks hold rows read: not a count, aggregates, groups or distinct values.
void check_row_lock(const stmt::Statement& s) {
  const auto* sel = std::get_if<stmt::Select>(&s);
  if (!sel || !sel->lock.any()) return;
  const std::string& model = sel->model ? sel->model->name : std::string("a model");
  if (sel->lock.mode == stmt::RowLock::Mode::None)
    throw InvalidStatement("toasty: skip_locked() and nowait() say what to do with locked rows: add for_update() or "
                           "for_share() to the query of " + model);
  if (sel->count || !sel->aggregates.empty() || !sel->group_by.empty() || sel->distinct)
    throw InvalidStatement("toasty: for_update() / for_share() lock the rows a query reads: a count, aggregates, "
                           "groups or distinct values of " + model + " read none");
}
}  // namespace

Plan plan_statement(const Schema& schema, const stmt::Statement& app_statement, const driver::Capability& cap) {
  check_row_lock(app_statement);
  Plan p;
  p.model_id = schema.model_id(statement_model(app_statement));
  Planner planner(schema, cap, p);
  p.output = planner.statement(app_statement);
  // One write step needs no transaction of its own.
  if (p.atomic) {
    std::size_t writes = 0;
    for (const Step& s : p.steps) {
      if (auto* e = std::get_if<ExecStatement>(&s)) writes += !std::holds_alternative<stmt::Select>(e->statement);
      if (auto* k = std::get_if<ExecKv>(&s)) writes += !std::holds_alternative<stmt::Select>(k->plan->statement);
      if (std::holds_alternative<KvTransactWrite>(s)) ++writes;
      if (auto* c = std::get_if<InsertChunks>(&s)) writes += c->chunks.size();
      if (auto* c = std::get_if<ListChunks>(&s))
        writes += std::holds_alternative<stmt::Select>(c->chunks.at(0)) ? 0 : c->chunks.size();
    }
    p.atomic = writes > 1 || planner.keeps_unit();
  }
  return p;
}

}  // namespace toasty::engine
