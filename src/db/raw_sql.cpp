// Executor::exec_sql: SQL the user wrote, on a Db's pooled connection or a transaction's;
// the rows put in a model's field order by column name when a model is asked for.
#include "db/raw_sql.hpp"

#include <charconv>

#include "toasty/model/raw.hpp"

#include "toasty/error.hpp"

namespace toasty::detail {

ResultSet run_sql(driver::Connection& conn, const Schema& schema, std::string_view sql, std::span<const Value> params,
                  const app::Model* model) {
  const db::Table* table = nullptr;
  std::size_t model_id = 0;
  if (model) {
    model_id = schema.model_id(model);
    table = &schema.table_of(model_id);
  }
  driver::Response r;
  try {
    r = conn.exec(driver::RawSql{sql, params, table});
  } catch (const DbUniqueViolation& e) {  // no model to name: the columns the database named
    UniqueViolation out(model ? model->name : "", e.columns, std::string("toasty: unique violation (") + e.what() + ")");
    out.set_database_code(e.code(), e.sqlstate(), false);
    throw out;
  }
  ResultSet out;
  out.affected = r.affected;
  if (!model) {
    out.rows = std::move(r.rows);
    return out;
  }
  // Each field's place in the result, by its column's name.
  const ModelMapping& mapping = schema.mapping(model_id);
  std::vector<std::optional<std::size_t>> from(model->fields.size());
  for (std::size_t f = 0; f < model->fields.size(); ++f) {
    const std::string& name = table->columns.at(mapping.field_to_column.at(f)).name;
    for (std::size_t c = 0; c < r.columns.size(); ++c)
      if (r.columns[c] == name) from[f] = c;
    if (!from[f] && !model->fields[f].nullable)
      throw InvalidStatement("toasty: sql<" + model->name + ">(): the result has no column \"" + name + "\" for " +
                             model->name + "." + model->fields[f].name + " (select it, or read into a std::tuple)");
  }
  out.rows.width = model->fields.size();
  out.rows.cells.reserve(r.rows.size() * out.rows.width);
  for (std::size_t i = 0; i < r.rows.size(); ++i)
    for (std::size_t f = 0; f < from.size(); ++f)
      out.rows.cells.push_back(from[f] ? std::move(r.rows.row(i)[*from[f]]) : Value());
  return out;
}

Value raw_number(Value v, bool integer) {
  if (!v.is_decimal() && !v.is_string()) return v;
  const std::string text = v.is_decimal() ? v.as_decimal().to_string() : v.as_string();
  const char* end = text.data() + text.size();
  if (integer) {
    std::int64_t i = 0;
    if (auto r = std::from_chars(text.data(), end, i); r.ec == std::errc() && r.ptr == end) return Value(i);
    std::uint64_t u = 0;
    if (auto r = std::from_chars(text.data(), end, u); r.ec == std::errc() && r.ptr == end) return Value(u);
    return v;
  }
  double d = 0;
  if (auto r = std::from_chars(text.data(), end, d); r.ec == std::errc() && r.ptr == end) return Value(d);
  return v;
}

}  // namespace toasty::detail
