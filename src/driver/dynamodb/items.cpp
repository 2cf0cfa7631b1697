// Items as DynamoDB holds them (items.hpp).
#include "driver/dynamodb/items.hpp"

#include <algorithm>

#include "toasty/error.hpp"

namespace toasty::dynamodb {

const db::Table& table_of(const db::Schema* schema, std::size_t table) {
  if (schema == nullptr) throw InvalidStatement("toasty: dynamodb: operation without a schema");
  if (table >= schema->tables.size()) throw InvalidStatement("toasty: dynamodb: unknown table #" + std::to_string(table));
  return schema->tables[table];
}

// A bool column that is part of a key (table, index or unique table) is stored as N 0/1:
// DynamoDB keys are S, N or B.
bool bool_as_number(const db::Table& t, std::size_t col) {
  for (std::size_t k : t.primary_key)
    if (k == col) return true;
  for (const auto& idx : t.indexes)
    for (std::size_t c : idx.columns)
      if (c == col) return true;
  return false;
}

std::string attribute_type(const db::Table& t, std::size_t col) {
  switch (t.columns.at(col).type) {
    case ScalarType::String: return "S";
    case ScalarType::Uuid: return "S";  // canonical text
    case ScalarType::Timestamp:  // fixed-width ISO-8601: text order is time order
    case ScalarType::Date:
    case ScalarType::DateTime:
    case ScalarType::Time:
    case ScalarType::Json: return "S";
    case ScalarType::Bytes: return "B";
    default: return "N";  // numbers, and bool keys as 0/1
  }
}

// DynamoDB table and index names: 3-255 characters of [A-Za-z0-9_.-].
std::string ddb_name(std::string_view name) {
  std::string out;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
              c == '.' || c == '-';
    out += ok ? c : '_';
  }
  while (out.size() < 3) out += '_';
  if (out.size() > 255) out.resize(255);
  return out;
}

std::string unique_table_name(const db::Table& t, const db::Index& idx) { return ddb_name(t.name + "__" + idx.name); }
std::string gsi_name(const db::Index& idx) { return ddb_name(idx.name); }

std::vector<std::string> column_names(const db::Table& t, const std::vector<std::size_t>& cols) {
  std::vector<std::string> out;
  for (std::size_t c : cols) out.push_back(t.columns.at(c).name);
  return out;
}

std::string quoted_list(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "\"" : ", \"") + n + "\"";
  return out;
}


bool is_number(const Value& v) { return v.is_i64() || v.is_u64() || v.is_f64(); }

// The attribute value column `col` stores for `v` (not NULL). Values of another kind than
// the column's (a filter comparing a number column with a string, say) keep their own kind:
// DynamoDB then finds them unequal, as a typed comparison would.
Json to_av(const db::Table& t, std::size_t col, const Value& v) {
  const db::Column& c = t.columns.at(col);
  if (c.type == ScalarType::Bool && (v.is_bool() || is_number(v))) {
    bool b = v.is_bool() ? v.as_bool() : v.as_f64() != 0;
    return bool_as_number(t, col) ? av::number(b ? 1 : 0) : av::boolean(b);
  }
  if (v.is_bool() && bool_as_number(t, col)) return av::number(v.as_bool() ? 1 : 0);
  return to_attribute_value(v);
}

Value from_av(const db::Table& t, std::size_t col, const Json& a) {
  const db::Column& c = t.columns.at(col);
  if (c.type == ScalarType::Bool && a.is_object() && a.contains("N")) {
    const Json& n = a["N"];
    if (!n.is_string()) throw TypeConversion("DynamoDB N attribute is not a string");
    const std::string& s = n.get_ref<const std::string&>();
    if (s != "0" && s != "1")
      throw TypeConversion("DynamoDB number " + s + " of column \"" + c.name + "\" is not a bool (0 or 1)");
    return Value(s == "1");
  }
  try {
    if (c.list) {  // L, each element of the column's type
      if (!a.is_object() || !a.contains("L") || !a["L"].is_array())
        throw TypeConversion("expected a list (L) attribute for a Vec<" + std::string(to_string(c.type)) + ">");
      Value::List items;
      for (const Json& e : a["L"]) items.push_back(from_attribute_value(e, c.type));
      return Value(std::move(items));
    }
    return from_attribute_value(a, c.type);
  } catch (const TypeConversion& e) {
    throw TypeConversion("toasty: dynamodb: column \"" + c.name + "\" of table \"" + t.name + "\": " + e.what());
  }
}

void append_row(driver::Rows& out, const db::Table& t, const std::vector<std::size_t>& cols, const Json& item) {
  for (std::size_t c : cols) {
    auto it = item.find(t.columns.at(c).name);
    out.cells.push_back(it == item.end() ? Value() : from_av(t, c, *it));
  }
}

// The item's primary key as a Key map.
Json key_json(const db::Table& t, const std::vector<Value>& key) {
  if (key.size() != t.primary_key.size())
    throw InvalidStatement("toasty: dynamodb: table \"" + t.name + "\" has a key of " +
                           std::to_string(t.primary_key.size()) + " columns, got " + std::to_string(key.size()) +
                           " values");
  Json k = Json::object();
  for (std::size_t i = 0; i < key.size(); ++i) {
    if (key[i].is_null())
      throw InvalidStatement("toasty: dynamodb: key column \"" + t.columns[t.primary_key[i]].name + "\" of table \"" +
                             t.name + "\" cannot be NULL");
    k[t.columns[t.primary_key[i]].name] = to_av(t, t.primary_key[i], key[i]);
  }
  return k;
}

// An empty S or B attribute value: no key holds one.
bool is_empty_av(const Json& a) {
  if (!a.is_object() || a.size() != 1) return false;
  auto it = a.begin();
  return (it.key() == "S" || it.key() == "B") && it.value().is_string() &&
         it.value().get_ref<const std::string&>().empty();
}
bool has_empty_part(const Json& key) {
  for (const auto& [name, a] : key.items()) {
    (void)name;
    if (is_empty_av(a)) return true;
  }
  return false;
}

// The key attributes of an item, as a Key map; nullopt when one is missing.
std::optional<Json> item_key(const db::Table& t, const Json& item) {
  Json k = Json::object();
  for (std::size_t c : t.primary_key) {
    auto it = item.find(t.columns[c].name);
    if (it == item.end()) return std::nullopt;
    k[t.columns[c].name] = *it;
  }
  return k;
}

// A canonical text of a key map, to compare keys.
std::string key_id(const db::Table& t, const Json& key) {
  std::string id;
  for (std::size_t c : t.primary_key) {
    auto it = key.find(t.columns[c].name);
    id += (it == key.end() ? std::string("?") : from_av(t, c, *it).debug_string()) + '\x1f';
  }
  return id;
}

// The entry of unique index `idx` for `item`: the unique value(s) (its key) plus the item's
// key attributes. nullopt when a unique column is NULL (NULLs are never duplicates).
std::optional<Json> unique_entry(const db::Table& t, const db::Index& idx, const Json& item) {
  Json e = Json::object();
  for (std::size_t c : idx.columns) {
    auto it = item.find(t.columns[c].name);
    if (it == item.end()) return std::nullopt;
    e[t.columns[c].name] = *it;
  }
  for (std::size_t c : t.primary_key) {
    auto it = item.find(t.columns[c].name);
    if (it != item.end()) e[t.columns[c].name] = *it;
  }
  return e;
}

Json unique_entry_key(const db::Table& t, const db::Index& idx, const Json& entry) {
  Json k = Json::object();
  for (std::size_t c : idx.columns) k[t.columns[c].name] = entry.at(t.columns[c].name);
  return k;
}

// DynamoDB refuses empty strings and binaries in key attributes, of the table and of its
// indexes: say so with the column's name instead of a ValidationException.
void check_not_empty_key(const db::Table& t, std::size_t col, const Json& a) {
  const db::Column& c = t.columns.at(col);
  if (c.type != ScalarType::String && c.type != ScalarType::Bytes) return;
  auto it = a.begin();
  if (it == a.end() || !it.value().is_string() || !it.value().get_ref<const std::string&>().empty()) return;
  std::string what;
  if (std::find(t.primary_key.begin(), t.primary_key.end(), col) != t.primary_key.end()) what = "the table's key";
  for (const auto& idx : t.indexes) {
    auto pos = std::find(idx.columns.begin(), idx.columns.end(), col);
    if (pos == idx.columns.end() || (!idx.unique && pos - idx.columns.begin() >= 2)) continue;
    if (what.empty()) what = "a key of index " + idx.name;
  }
  if (what.empty()) return;
  throw InvalidStatement("toasty: DynamoDB cannot store an empty " + std::string(c.type == ScalarType::String ? "string" : "byte string") +
                         " in column \"" + c.name + "\" of table \"" + t.name + "\": it is " + what +
                         ", and DynamoDB keys cannot be empty");
}

[[noreturn]] void raise_duplicate(const db::Table& t, const db::Index* idx, const std::string& how) {
  if (idx == nullptr) {
    auto cols = column_names(t, t.primary_key);
    throw DbUniqueViolation(t.name, cols, "",
                            "DynamoDB: table \"" + t.name + "\" already has an item with this key (" +
                                quoted_list(cols) + ")" + how);
  }
  auto cols = column_names(t, idx->columns);
  throw DbUniqueViolation(t.name, cols, idx->name,
                          "DynamoDB: another item of \"" + t.name + "\" already has this " + quoted_list(cols) +
                              " (unique index " + idx->name + ", table " + unique_table_name(t, *idx) + ")" + how);
}

}  // namespace toasty::dynamodb
