#include "toasty/schema/schema.hpp"

#include <set>

#include "toasty/error.hpp"

namespace toasty {

namespace {

[[noreturn]] void invalid(const app::Model& m, const std::string& what) {
  throw InvalidSchema("toasty: model " + m.name + ": " + what);
}

void verify_model(const app::Model& m) {
  if (m.name.empty()) throw InvalidSchema("toasty: a model has no name");
  if (m.fields.empty()) invalid(m, "has no fields");
  std::set<std::string> names, columns;
  for (const auto& f : m.fields) {
    if (!names.insert(f.name).second) invalid(m, "field " + f.name + " is declared twice");
    const std::string& col = f.column.empty() ? f.name : f.column;
    if (!columns.insert(col).second) invalid(m, "column " + col + " is used by two fields");
    if (f.auto_generated && !is_integer(f.type) && f.type != ScalarType::Uuid && f.type != ScalarType::Timestamp)
      invalid(m, "#[auto] field " + f.name + " must be an integer, a Uuid or a Timestamp");
    if (f.update_now && f.type != ScalarType::Timestamp)
      invalid(m, "#[update(now)] field " + f.name + " must be a Timestamp");
  }
  if (m.primary_key.empty()) invalid(m, "has no #[key]");
  for (std::size_t k : m.primary_key) {
    if (k >= m.fields.size()) invalid(m, "primary key names a field that does not exist");
    if (m.fields[k].nullable) invalid(m, "key field " + m.fields[k].name + " cannot be Option");
  }
  for (std::size_t i = 0; i < m.fields.size(); ++i) {
    // The database assigns an #[auto] integer, and only to a sole key; the client makes
    // Uuids and Timestamps for any field.
    if (m.fields[i].auto_generated && is_integer(m.fields[i].type) &&
        (m.primary_key.size() != 1 || m.primary_key[0] != i))
      invalid(m, "#[auto] integer field " + m.fields[i].name + " must be the model's only key field");
  }
  for (const auto& idx : m.indexes) {
    if (idx.fields.empty()) invalid(m, "an index has no fields");
    for (std::size_t f : idx.fields)
      if (f >= m.fields.size()) invalid(m, "an index names a field that does not exist");
  }
}

// index_<table>_by_<col>_and_<col>, as Toasty names them.
std::string index_name(const db::Table& t, const db::Index& idx) {
  std::string name = "index_" + t.name + "_by";
  for (std::size_t i = 0; i < idx.columns.size(); ++i)
    name += (i == 0 ? "_" : "_and_") + t.columns[idx.columns[i]].name;
  return name;
}

void verify_relations(const Schema& s, const app::Model& m) {
  for (const auto& r : m.relations) {
    std::string where = m.name + "." + r.name;
    if (!r.target) invalid(m, "relation " + r.name + " has no target");
    const app::Model& t = r.target();
    s.model_id(&t);  // throws, naming the model, when the target is not registered
    if (!r.via.empty()) {
      for (const auto& step : r.via) {
        const app::Model& sm = step.model();
        s.model_id(&sm);
        if (step.relation >= sm.relations.size()) invalid(m, "relation " + r.name + ": bad via step");
      }
      continue;
    }
    if (r.source_fields.empty() || r.source_fields.size() != r.target_fields.size())
      invalid(m, "relation " + r.name + " has mismatched key fields");
    for (std::size_t f : r.source_fields)
      if (f >= m.fields.size()) invalid(m, "relation " + r.name + " names a missing field");
    for (std::size_t f : r.target_fields)
      if (f >= t.fields.size()) invalid(m, "relation " + r.name + " names a missing field of " + t.name);
  }
}

}  // namespace

std::shared_ptr<const Schema> Schema::build(std::span<const app::Model* const> models) {
  auto s = std::make_shared<Schema>();
  std::set<std::string> tables;
  for (const app::Model* m : models) {
    if (!m) throw InvalidSchema("toasty: null model in model set");
    if (s->ids_.count(m)) continue;  // the same model listed twice is harmless
    verify_model(*m);

    db::Table t;
    t.name = m->table.empty() ? app::default_table_name(m->name) : m->table;
    if (!tables.insert(t.name).second)
      invalid(*m, "table " + t.name + " is used by another model");
    ModelMapping map;
    map.table = s->db_.tables.size();
    for (std::size_t i = 0; i < m->fields.size(); ++i) {
      const auto& f = m->fields[i];
      t.columns.push_back({f.column.empty() ? f.name : f.column, f.column_storage.value_or(f.type), f.nullable,
                           f.auto_generated && is_integer(f.type), f.max_length, f.json_text, f.decimal_precision,
                           f.decimal_scale, f.list});
      if (f.enum_type && !f.enum_type->native_name.empty() && !f.enum_type->integer) {
        db::Column& c = t.columns.back();
        c.pg_enum = f.enum_type->native_name;
        for (const auto& v : f.enum_type->variants) c.pg_enum_labels.push_back(v.label);
      }
      map.field_to_column.push_back(i);
      map.column_to_field.push_back(i);
    }
    for (std::size_t k : m->primary_key) t.primary_key.push_back(map.field_to_column[k]);
    for (const auto& idx : m->indexes) {
      db::Index di;
      for (std::size_t f : idx.fields) di.columns.push_back(map.field_to_column[f]);
      di.unique = idx.unique;
      di.name = idx.name.empty() ? index_name(t, di) : idx.name;
      t.indexes.push_back(std::move(di));
    }
    s->ids_.emplace(m, s->models_.size());
    s->models_.push_back(m);
    s->mappings_.push_back(std::move(map));
    s->db_.tables.push_back(std::move(t));
  }
  for (const app::Model* m : s->models_) verify_relations(*s, *m);
  return s;
}

std::size_t Schema::model_id(const app::Model* m) const {
  auto it = ids_.find(m);
  if (it == ids_.end())
    throw InvalidSchema("toasty: model " + (m ? m->name : std::string("?")) +
                        " is not registered with this Db (pass its schema's models() to "
                        "Db::connect)");
  return it->second;
}

}  // namespace toasty
