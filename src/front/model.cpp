// Runtime side of the typed front end that generated code calls.
#include "toasty/model.hpp"

#include <type_traits>

#include "front/column_text.hpp"

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

std::uint64_t detail::run_delete(Executor& ex, const app::Model& model, stmt::ExprPtr filter, bool allow_full_scan) {
  stmt::Delete d;
  d.model = &model;
  d.filter = std::move(filter);
  d.allow_full_scan = allow_full_scan;
  return ex.exec(stmt::Statement(std::move(d))).affected;
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

void UpdateBuilder::set(std::size_t field, Value v) {
  for (auto& a : assignments_)
    if (a.target == field) {
      a.value = stmt::value(std::move(v));
      return;
    }
  assignments_.push_back({field, stmt::value(std::move(v))});
}

bool UpdateBuilder::has(std::size_t field) const {
  for (const auto& a : assignments_)
    if (a.target == field) return true;
  return false;
}

std::uint64_t UpdateBuilder::exec(Executor& ex) {
  if (assignments_.empty()) return 0;  // nothing to change: no round trip
  // #[update(now)] fields join the assignments here, so that an update by instance copies
  // their new value into the object as well.
  stmt::add_update_now(*model_, assignments_);
  stmt::Update u;
  u.model = model_;
  u.filter = filter_;
  u.assignments = assignments_;
  u.allow_full_scan = allow_full_scan_;
  return ex.exec(stmt::Statement(std::move(u))).affected;
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
