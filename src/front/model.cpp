// Runtime side of the typed front end that generated code calls.
#include "toasty/model.hpp"

#include <algorithm>
#include <type_traits>

#include "front/column_text.hpp"
#include "front/field_terms.hpp"
#include "toasty/db.hpp"
#include "toasty/model/validation.hpp"

namespace toasty {

namespace detail {
void add_include(std::vector<stmt::Include>& tree, const std::vector<Via>& chain, std::size_t from,
                 const IncludeOptions* options) {
  if (from >= chain.size()) return;
  const bool last = from + 1 == chain.size();
  stmt::Include* at = nullptr;
  for (auto& inc : tree)
    if (inc.relation == chain[from].relation) at = &inc;
  if (!at) {
    tree.push_back({chain[from].relation, {}});
    at = &tree.back();
  } else if (last && options && (at->filter || !at->order_by.empty() || at->limit)) {
    throw InvalidStatement("toasty: include() of " + chain[from].model->name + "." +
                           chain[from].model->relations.at(chain[from].relation).name +
                           " twice with a filter, order or limit: give it once");
  }
  if (last && options) {
    at->filter = options->filter;
    at->order_by = options->order_by;
    at->limit = options->limit;
  }
  add_include(at->nested, chain, from + 1, options);
}
}  // namespace detail

void detail::throw_not_loaded(const app::Model* owner, std::size_t relation) {
  if (!owner) throw NotLoaded("toasty: this relation was not loaded (the record was not read from a database)");
  const std::string& name = owner->relations.at(relation).name;
  throw NotLoaded("toasty: " + owner->name + "." + name + " was not loaded: preload it with .include(" +
                  owner->name + "::fields()." + name + "()) or query it with record." + name + "().exec(db)");
}

std::string detail::column_text(const app::Model& model, const app::Field& f) {
  const std::string table = model.table.empty() ? app::default_table_name(model.name) : model.table;
  return "column `" + (f.column.empty() ? f.name : f.column) + "` of table `" + table + "`";
}

void detail::throw_json_column(const app::Model& model, std::size_t field, const char* why) {
  throw TypeConversion("toasty: " + column_text(model, model.fields.at(field)) + " holds JSON that cannot be read: " +
                       why);
}

std::int64_t detail::read_enum_column(const app::Model& model, std::size_t field, const Value& stored) {
  const app::Field& f = model.fields.at(field);
  const app::Enum& e = *f.enum_type;
  if (const app::EnumVariant* v = e.find(stored)) return v->value;
  throw TypeConversion("toasty: " + column_text(model, f) + " holds " + stored.debug_string() +
                       ", which is not a variant of enum " + e.name + " (" +
                       (e.integer ? "stored as integers: " : "stored as labels: ") + e.describe() + ")");
}

std::uint64_t detail::run_delete(Executor& ex, const app::Model& model, stmt::ExprPtr filter, bool allow_full_scan,
                                 stmt::Deleted deleted, bool force) {
  if (auto soft = model.soft_delete_field(); soft && !force) {
    // A soft delete: the time of the removal, on the records not removed yet.
    if (deleted == stmt::Deleted::Only) return 0;
    stmt::Update u;
    u.model = &model;
    u.filter = std::move(filter);
    u.allow_full_scan = allow_full_scan;
    u.assignments.push_back({*soft, stmt::value(Value(toasty::now()))});
    stmt::add_update_now(model, u.assignments);
    return ex.exec(stmt::Statement(std::move(u))).affected;
  }
  stmt::Delete d;
  d.model = &model;
  d.filter = std::move(filter);
  d.allow_full_scan = allow_full_scan;
  d.deleted = deleted;
  return ex.exec(stmt::Statement(std::move(d))).affected;
}

std::uint64_t detail::run_restore(Executor& ex, const app::Model& model, stmt::ExprPtr filter, bool allow_full_scan) {
  auto soft = model.soft_delete_field();
  if (!soft) throw InvalidStatement("toasty: restore() of " + model.name + ", which has no #[soft_delete] field");
  stmt::Update u;
  u.model = &model;
  u.filter = std::move(filter);
  u.allow_full_scan = allow_full_scan;
  u.deleted = stmt::Deleted::Only;
  u.assignments.push_back({*soft, stmt::value(Value())});
  stmt::add_update_now(model, u.assignments);
  return ex.exec(stmt::Statement(std::move(u))).affected;
}

CreateBuilder::CreateBuilder(const app::Model& model)
    : model_(&model), values_(model.fields.size()) {}

void CreateBuilder::set(std::size_t field, Value v) { values_.at(field) = std::move(v); }

void CreateBuilder::nest(std::size_t relation, const CreateBuilder& related) {
  nested_.push_back({relation, std::make_shared<const stmt::Insert>(related.statement())});
}

template <class Self>
stmt::Insert CreateBuilder::build(Self&& self) {
  constexpr bool move = !std::is_lvalue_reference_v<Self>;
  stmt::Insert ins;
  ins.model = self.model_;
  std::vector<stmt::ExprPtr> row;
  ins.columns.reserve(self.values_.size());
  row.reserve(self.values_.size());
  for (std::size_t f = 0; f < self.values_.size(); ++f) {
    if (!self.values_[f]) continue;
    ins.columns.push_back(f);
    if constexpr (move) {
      row.push_back(stmt::value(std::move(*self.values_[f])));
    } else {
      row.push_back(stmt::value(*self.values_[f]));
    }
  }
  ins.rows.push_back(std::move(row));
  if constexpr (move) {
    ins.nested = std::move(self.nested_);
  } else {
    ins.nested = self.nested_;
  }
  return ins;
}

stmt::Insert CreateBuilder::statement() const { return build(*this); }
stmt::Insert CreateBuilder::take_statement() && { return build(std::move(*this)); }

ResultSet detail::insert_many(Executor& ex, const app::Model& model, const std::vector<CreateBuilder>& items) {
  if (items.empty()) return {};
  // One column list for every row: the fields any item sets.
  std::vector<bool> used(model.fields.size(), false);
  for (const auto& item : items) {
    if (item.has_nested())
      throw InvalidStatement("toasty: " + model.name +
                             "::create_many() takes records without nested creates; create those one at a time");
    for (std::size_t f = 0; f < used.size(); ++f) used[f] = used[f] || item.values()[f].has_value();
  }
  stmt::Insert ins;
  ins.model = &model;
  for (std::size_t f = 0; f < used.size(); ++f)
    if (used[f]) ins.columns.push_back(f);
  ins.rows.reserve(items.size());
  // What an item leaves out stays null: lowering gives it what create() would.
  for (const auto& item : items) {
    std::vector<stmt::ExprPtr> row;
    row.reserve(ins.columns.size());
    for (std::size_t f : ins.columns) {
      const auto& v = item.values()[f];
      row.push_back(v ? stmt::value(*v) : nullptr);
    }
    ins.rows.push_back(std::move(row));
  }
  return ex.exec(stmt::Statement(std::move(ins)));  // moved: a batch is large
}

ResultSet CreateBuilder::run(Executor& ex, stmt::Statement insert) {
  ResultSet rs = ex.exec(insert);
  if (rs.size() != 1)
    throw DatabaseError("toasty: inserting a " + std::get<stmt::Insert>(insert).model->name + " returned " +
                        std::to_string(rs.size()) + " rows instead of 1");
  return rs;
}

ResultSet CreateBuilder::exec(Executor& ex) const& { return run(ex, statement()); }
ResultSet CreateBuilder::exec(Executor& ex) && { return run(ex, std::move(*this).take_statement()); }

UpdateBuilder::UpdateBuilder(const app::Model& model, stmt::ExprPtr filter)
    : model_(&model), filter_(std::move(filter)) {}

void UpdateBuilder::assign(std::size_t field, stmt::ExprPtr value, stmt::Assignment::Op op) {
  for (auto& a : assignments_)
    if (a.target == field) {  // the last assignment of a field wins
      a.value = std::move(value);
      a.op = op;
      return;
    }
  assignments_.push_back({field, std::move(value), op});
}

void UpdateBuilder::set(std::size_t field, Value v) { assign(field, stmt::value(std::move(v)), stmt::Assignment::Op::Set); }
void UpdateBuilder::add(std::size_t field, Value v) { assign(field, stmt::value(std::move(v)), stmt::Assignment::Op::Add); }
void UpdateBuilder::sub(std::size_t field, Value v) { assign(field, stmt::value(std::move(v)), stmt::Assignment::Op::Sub); }

void UpdateBuilder::copy(std::size_t field, const stmt::ExprPtr& source) {
  const auto* f = source ? std::get_if<stmt::ExprField>(&source->node) : nullptr;
  if (!f || f->model != model_)
    throw InvalidStatement("toasty: an update of " + model_->name + " copies a field of the same record (" +
                           model_->name + "::fields().<field>()), not a field of another model or a relation");
  assign(field, source, stmt::Assignment::Op::Set);
}

namespace {

// "id = 0190a4c2-..., n = 3": the values of a key filter (ANDed equalities), for messages.
std::string key_text(const app::Model& model, const stmt::ExprPtr& e) {
  std::vector<std::pair<std::size_t, const Value*>> terms;
  detail::field_terms(e, terms);
  std::string out;
  for (const auto& [field, value] : terms)
    if (field < model.fields.size())
      out += (out.empty() ? "" : ", ") + model.fields[field].name + " = " + value->debug_string();
  return out;
}

[[noreturn]] void raise_stale(const app::Model& model, const stmt::ExprPtr& key, const Value& version,
                              const char* what) {
  std::string k = key_text(model, key);
  throw StaleVersion(model.name, k,
                     "toasty: stale " + model.name + " (" + k + "): its " + what +
                         " did not apply: the record was changed by another writer since it was read (it no longer "
                         "holds version " + version.debug_string() + "), or removed; nothing was written. Read it "
                         "again and retry");
}

}  // namespace

std::optional<std::vector<Value>> detail::record_row(const CreateBuilder& b) {
  const app::Model& model = b.model();
  std::vector<Value> row(model.fields.size());
  for (std::size_t f = 0; f < model.fields.size(); ++f) {
    const app::Field& fd = model.fields[f];
    if (f < b.values().size() && b.values()[f]) {
      row[f] = *b.values()[f];
    } else if (fd.default_value) {
      row[f] = *fd.default_value;
    } else if (fd.auto_generated) {  // made at the insert: a placeholder of its type
      switch (fd.type) {
        case ScalarType::Uuid: row[f] = Value(Uuid{}); break;
        case ScalarType::Timestamp: row[f] = Value(toasty::now()); break;
        default: row[f] = Value(std::int64_t{0}); break;
      }
    } else if (!fd.nullable) {
      return std::nullopt;
    }
  }
  return row;
}

void UpdateBuilder::expect_version(std::size_t field, Value current) {
  key_filter_ = filter_;
  version_field_ = field;
  expected_version_ = current;
  filter_ = stmt::and_(filter_, stmt::binary(stmt::BinaryOp::Eq, stmt::field(model_, field), stmt::value(current)));
  // The next version, known here: the filter guarantees the record holds `current`.
  Value next = current.is_u64() ? Value(current.as_u64() + 1) : Value(current.to<std::int64_t>() + 1);
  assign(field, stmt::value(std::move(next)), stmt::Assignment::Op::Set);
}

void detail::run_versioned_delete(Executor& ex, const app::Model& model, stmt::ExprPtr key_filter,
                                  std::size_t version_field, Value current) {
  stmt::ExprPtr filter =
      stmt::and_(key_filter, stmt::binary(stmt::BinaryOp::Eq, stmt::field(&model, version_field), stmt::value(current)));
  if (run_delete(ex, model, std::move(filter)) == 0) raise_stale(model, key_filter, current, "removal");
}

bool UpdateBuilder::has(std::size_t field) const {
  for (const auto& a : assignments_)
    if (a.target == field) return true;
  return false;
}

stmt::Update UpdateBuilder::statement() const {
  stmt::Update u;
  u.model = model_;
  u.filter = filter_;
  u.assignments = assignments_;
  u.allow_full_scan = allow_full_scan_;
  return u;
}

std::uint64_t UpdateBuilder::exec(Executor& ex) {
  return relation_changes_.empty() ? exec_fields(ex) : exec_unit(ex, false);
}

std::uint64_t UpdateBuilder::exec_read_back(Executor& ex) {
  return relation_changes_.empty() ? exec_fields_read_back(ex) : exec_unit(ex, true);
}

std::uint64_t UpdateBuilder::exec_fields(Executor& ex) {
  if (assignments_.empty()) return 0;  // nothing to change: no round trip
  // #[update(now)] fields join the assignments here, so that an update by instance copies
  // their new value into the object as well.
  stmt::add_update_now(*model_, assignments_);
  return ex.exec(stmt::Statement(statement())).affected;
}

std::uint64_t UpdateBuilder::exec_unit(Executor& ex, bool read_back) {
  // The update and its relation changes as one unit. A unit run again (a serialization
  // failure) starts from the assignments as given: a read back replaces computed ones.
  for (const RelationChange& c : relation_changes_) (void)owner_values(c);  // refused before anything runs
  const std::vector<stmt::Assignment> given = assignments_;
  std::uint64_t n = 0;
  detail::run_as_unit(ex, [&](Executor& unit) {
    assignments_ = given;
    const bool writes_fields = !assignments_.empty() && !(version_field_ && assignments_.size() == 1);
    try {
      n = read_back ? exec_fields_read_back(unit) : exec_fields(unit);
      if (writes_fields && n == 0)
        throw NotFound("toasty: the update of " + model_->name + " (" +
                       key_text(*model_, key_filter_ ? key_filter_ : filter_) +
                       ") found no record: its relations were not changed");
      for (const RelationChange& c : relation_changes_) apply(unit, c);
      // Committed here, so that what the commit finds (DynamoDB checks unique values then)
      // is seen below.
      if (auto* tx = dynamic_cast<Transaction*>(&unit)) tx->commit();
    } catch (const UniqueViolation& e) {
      raise_if_replaced_meanwhile(e);
      throw;
    }
  });
  return n;
}

std::uint64_t UpdateBuilder::exec_fields_read_back(Executor& ex) {
  auto computed = [](const stmt::Assignment& a) { return a.computed(); };
  // Only the version assigned: nothing to change, nothing to check.
  if (version_field_ && assignments_.size() == 1) return 0;
  if (std::none_of(assignments_.begin(), assignments_.end(), computed)) {
    std::uint64_t n = exec_fields(ex);
    if (n == 0 && version_field_) raise_stale(*model_, key_filter_, expected_version_, "update");
    return n;
  }
  stmt::add_update_now(*model_, assignments_);
  stmt::Update u = statement();
  u.read_back = true;
  ResultSet rs = ex.exec(stmt::Statement(std::move(u)));
  // The record as the database left it; when it is gone, its computed fields stay as they were.
  if (rs.rows.size() == 0 && version_field_) raise_stale(*model_, key_filter_, expected_version_, "update");
  if (rs.rows.size() == 0) {
    std::erase_if(assignments_, computed);
    return 0;
  }
  for (auto& a : assignments_)
    if (computed(a)) {
      a.value = stmt::value(std::move(rs.rows.row(0)[a.target]));
      a.op = stmt::Assignment::Op::Set;
    }
  return rs.rows.size();
}

const Value& detail::assigned_value(const stmt::Assignment& a) {
  return std::get<stmt::ExprValue>(a.value->node).value;
}

stmt::ExprPtr detail::key_filter(const app::Model& model, std::vector<Value> key_values) {
  if (key_values.size() != model.primary_key.size())
    throw InvalidStatement("toasty: " + model.name + " has a key of " +
                           std::to_string(model.primary_key.size()) + " fields, got " +
                           std::to_string(key_values.size()) + " values");
  stmt::ExprPtr f;
  for (std::size_t i = 0; i < key_values.size(); ++i)
    f = stmt::and_(f, stmt::binary(stmt::BinaryOp::Eq, stmt::field(&model, model.primary_key[i]),
                                   stmt::value(std::move(key_values[i]))));
  return f;
}

}  // namespace toasty
