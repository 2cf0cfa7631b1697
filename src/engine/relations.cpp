// Relations in the engine: preloading (one query per relation step), nested creates
// and cascading removals. Generated code only names relations; this file plans them.
#include <unordered_map>

#include "engine/engine.hpp"
#include "toasty/error.hpp"

namespace toasty::engine {

namespace {

// A tuple of key values, compared and hashed so that the same number read back as
// i64 or u64 (drivers differ) is one key.
struct Key {
  std::vector<Value> parts;
  bool operator==(const Key& o) const {
    if (parts.size() != o.parts.size()) return false;
    for (std::size_t i = 0; i < parts.size(); ++i)
      if (!same(parts[i], o.parts[i])) return false;
    return true;
  }
  static bool same(const Value& a, const Value& b) {
    if ((a.is_i64() || a.is_u64()) && (b.is_i64() || b.is_u64())) {
      if (a.is_i64() && a.as_i64() < 0) return b.is_i64() && b.as_i64() == a.as_i64();
      if (b.is_i64() && b.as_i64() < 0) return false;
      return a.as_u64() == b.as_u64();
    }
    return a == b;
  }
};

struct KeyHash {
  std::size_t operator()(const Key& k) const {
    std::size_t h = 0;
    for (const Value& v : k.parts) {
      std::size_t x;
      if (v.is_i64() && v.as_i64() >= 0) x = std::hash<std::uint64_t>{}(static_cast<std::uint64_t>(v.as_i64()));
      else if (v.is_u64()) x = std::hash<std::uint64_t>{}(v.as_u64());
      else if (v.is_i64()) x = std::hash<std::int64_t>{}(v.as_i64());
      else if (v.is_string()) x = std::hash<std::string>{}(v.as_string());
      else if (v.is_uuid()) x = std::hash<Uuid>{}(v.as_uuid());
      else x = std::hash<std::string>{}(v.debug_string());
      h = h * 1000003u ^ x;
    }
    return h;
  }
};

// Key of row `row` (model field order) over `fields`; nullopt when any part is NULL.
std::optional<Key> key_of(const driver::Rows& rows, std::size_t row, const std::vector<std::size_t>& fields) {
  Key k;
  for (std::size_t f : fields) {
    const Value& v = rows.row(row)[f];
    if (v.is_null()) return std::nullopt;
    k.parts.push_back(v);
  }
  return k;
}

// target_fields IN (keys) at app level.
stmt::ExprPtr keys_filter(const app::Model& target, const std::vector<std::size_t>& fields,
                          const std::vector<Key>& keys) {
  if (fields.size() == 1) {
    std::vector<stmt::ExprPtr> list;
    list.reserve(keys.size());
    for (const Key& k : keys) list.push_back(stmt::value(k.parts[0]));
    return stmt::in_list(stmt::field(&target, fields[0]), std::move(list));
  }
  stmt::ExprPtr any;
  for (const Key& k : keys) {
    stmt::ExprPtr all;
    for (std::size_t i = 0; i < fields.size(); ++i)
      all = stmt::and_(all, stmt::binary(stmt::BinaryOp::Eq, stmt::field(&target, fields[i]),
                                         stmt::value(k.parts[i])));
    any = stmt::or_(any, all);
  }
  return any;
}

const app::Relation& relation_at(const Schema& schema, std::size_t model_id, std::size_t relation) {
  const app::Model& m = schema.model(model_id);
  if (relation >= m.relations.size())
    throw InvalidStatement("toasty: " + m.name + " has no relation #" + std::to_string(relation));
  return m.relations[relation];
}

}  // namespace

void load_includes(const Context& cx, ResultSet& rs, std::size_t model_id,
                   const std::vector<stmt::Include>& includes) {
  for (const stmt::Include& inc : includes) {
    const app::Relation& rel = relation_at(cx.schema, model_id, inc.relation);
    std::vector<std::pair<std::size_t, const app::Relation*>> path;
    if (rel.via.empty()) {
      path.emplace_back(model_id, &rel);
    } else {
      for (const auto& step : rel.via) {
        std::size_t m = cx.schema.model_id(&step.model());
        path.emplace_back(m, &relation_at(cx.schema, m, step.relation));
      }
    }
    // For each parent row, the rows of the current step it reaches.
    std::vector<std::vector<std::uint32_t>> reach(rs.rows.size());
    for (std::uint32_t i = 0; i < reach.size(); ++i) reach[i] = {i};
    driver::Rows from_rows = std::move(rs.rows);  // restored below
    const driver::Rows* from = &from_rows;
    driver::Rows fetched;
    std::size_t to_model = model_id;
    for (auto [from_model, r] : path) {
      (void)from_model;
      to_model = cx.schema.model_id(&r->target());
      const app::Model& target = cx.schema.model(to_model);
      std::vector<Key> keys;
      std::unordered_map<Key, std::vector<std::uint32_t>, KeyHash> by_key;
      std::vector<std::optional<Key>> from_keys(from->size());
      for (std::size_t i = 0; i < from->size(); ++i) {
        from_keys[i] = key_of(*from, i, r->source_fields);
        if (from_keys[i] && by_key.emplace(*from_keys[i], std::vector<std::uint32_t>{}).second)
          keys.push_back(*from_keys[i]);
      }
      driver::Rows next;
      if (!keys.empty()) {
        stmt::Select s;
        s.model = &target;
        s.filter = keys_filter(target, r->target_fields, keys);
        next = exec_one(cx, s).rows;
      }
      next.width = target.fields.size();
      for (std::uint32_t j = 0; j < next.size(); ++j)
        if (auto k = key_of(next, j, r->target_fields))
          if (auto it = by_key.find(*k); it != by_key.end()) it->second.push_back(j);
      for (auto& rows : reach) {
        std::vector<std::uint32_t> out;
        for (std::uint32_t f : rows)
          if (from_keys[f])
            for (std::uint32_t j : by_key[*from_keys[f]]) out.push_back(j);
        rows = std::move(out);
      }
      fetched = std::move(next);  // from_keys already hold what the next step needs
      from = &fetched;
    }
    rs.rows = std::move(from_rows);
    ResultSet::Included out;
    out.relation = inc.relation;
    out.records.rows = std::move(fetched);
    out.offsets.reserve(reach.size() + 1);
    out.offsets.push_back(0);
    std::vector<bool> seen(out.records.rows.size(), false);
    for (const auto& rows : reach) {
      for (std::uint32_t j : rows) {
        if (seen[j]) out.shared_rows = true;
        seen[j] = true;
      }
      out.items.insert(out.items.end(), rows.begin(), rows.end());
      out.offsets.push_back(static_cast<std::uint32_t>(out.items.size()));
    }
    load_includes(cx, out.records, to_model, inc.nested);
    rs.included.push_back(std::move(out));
  }
}

void append(ResultSet& dst, ResultSet&& src) {
  std::size_t base_rows = dst.rows.size();
  if (dst.rows.width == 0) dst.rows.width = src.rows.width;
  for (auto& v : src.rows.cells) dst.rows.cells.push_back(std::move(v));
  dst.affected += src.affected;
  for (auto& inc : dst.included)  // parents without children in `src` get empty ranges
    if (!src.find(inc.relation))
      for (std::size_t i = 0; i < src.rows.size(); ++i) inc.offsets.push_back(inc.offsets.back());
  for (auto& s : src.included) {
    ResultSet::Included* d = dst.find(s.relation);
    if (!d) {
      dst.included.push_back({});
      d = &dst.included.back();
      d->relation = s.relation;
      d->offsets.assign(base_rows + 1, 0);
    }
    auto child_base = static_cast<std::uint32_t>(d->records.rows.size());
    for (std::size_t i = 0; i + 1 < s.offsets.size(); ++i) {
      for (std::uint32_t k = s.offsets[i]; k < s.offsets[i + 1]; ++k) d->items.push_back(child_base + s.items[k]);
      d->offsets.push_back(static_cast<std::uint32_t>(d->items.size()));
    }
    append(d->records, std::move(s.records));
  }
}

ResultSet insert_nested(const Context& cx, const stmt::Insert& insert, const RecordWriter& write) {
  if (insert.rows.size() != 1)
    throw InvalidStatement("toasty: nested creates need a single-row insert");
  std::size_t m = cx.schema.model_id(insert.model);
  const app::Model& model = cx.schema.model(m);
  stmt::Insert self = insert;
  self.nested.clear();
  auto set_field = [&](std::size_t field, Value v) {
    for (std::size_t i = 0; i < self.columns.size(); ++i)
      if (self.columns[i] == field) {
        self.rows[0][i] = stmt::value(std::move(v));
        return;
      }
    self.columns.push_back(field);
    self.rows[0].push_back(stmt::value(std::move(v)));
  };

  std::vector<std::pair<std::size_t, ResultSet>> related;
  // Parents first: their keys go into this record's foreign key.
  for (const auto& n : insert.nested) {
    const app::Relation& r = relation_at(cx.schema, m, n.relation);
    if (r.kind != app::Relation::Kind::BelongsTo) continue;
    ResultSet parent = insert_nested(cx, *n.insert, write);
    for (std::size_t i = 0; i < r.source_fields.size(); ++i)
      set_field(r.source_fields[i], parent.rows.row(0)[r.target_fields[i]]);
    related.emplace_back(n.relation, std::move(parent));
  }
  ResultSet out;
  {
    auto resp = write(cx, self);
    out.rows = std::move(resp.rows);
    out.affected = resp.affected;
  }
  if (out.rows.size() != 1)
    throw DatabaseError("toasty: inserting a " + model.name + " returned no row");
  // Then children, with this record's key in their foreign key.
  for (const auto& n : insert.nested) {
    const app::Relation& r = relation_at(cx.schema, m, n.relation);
    if (r.kind == app::Relation::Kind::BelongsTo) continue;
    if (!r.via.empty())
      throw UnsupportedQuery("toasty: " + model.name + "." + r.name +
                             " goes through other relations; create the join record instead");
    stmt::Insert child = *n.insert;
    std::vector<std::size_t> cols = child.columns;
    for (std::size_t i = 0; i < r.target_fields.size(); ++i) {
      Value key = out.rows.row(0)[r.source_fields[i]];
      bool found = false;
      for (std::size_t c = 0; c < child.columns.size(); ++c)
        if (child.columns[c] == r.target_fields[i]) child.rows[0][c] = stmt::value(key), found = true;
      if (!found) {
        child.columns.push_back(r.target_fields[i]);
        child.rows[0].push_back(stmt::value(std::move(key)));
      }
    }
    related.emplace_back(n.relation, insert_nested(cx, child, write));
  }
  // Group the created related records by relation, as an include would.
  for (auto& [relation, rs] : related) {
    ResultSet::Included* inc = out.find(relation);
    if (!inc) {
      out.included.push_back({});
      inc = &out.included.back();
      inc->relation = relation;
      inc->offsets = {0, 0};
    }
    auto base = static_cast<std::uint32_t>(inc->records.rows.size());
    for (std::uint32_t k = 0; k < rs.rows.size(); ++k) inc->items.push_back(base + k);
    inc->offsets[1] = static_cast<std::uint32_t>(inc->items.size());
    append(inc->records, std::move(rs));
  }
  return out;
}

void cascade_remove(const Context& cx, std::size_t model_id, const stmt::ExprPtr& db_filter,
                    bool allow_full_scan, int depth) {
  const app::Model& model = cx.schema.model(model_id);
  if (depth > 16)
    throw UnsupportedQuery("toasty: removing a " + model.name +
                           " cascades more than 16 levels deep (a cycle of required keys?)");
  const auto& map = cx.schema.mapping(model_id);
  for (const app::Relation& r : model.relations) {
    if (r.kind == app::Relation::Kind::BelongsTo || !r.via.empty()) continue;
    std::size_t t = cx.schema.model_id(&r.target());
    const auto& tmap = cx.schema.mapping(t);
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
      exec_db(cx, clear);
    } else {
      cascade_remove(cx, t, children, allow_full_scan, depth + 1);
      stmt::Delete del;
      del.level = stmt::Level::Db;
      del.target = tmap.table;
      del.filter = children;
      del.allow_full_scan = allow_full_scan;
      exec_db(cx, del);
    }
  }
}

}  // namespace toasty::engine
