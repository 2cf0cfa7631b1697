#include "migrate/snapshot.hpp"

#include <algorithm>
#include <map>
#include <optional>

#include <nlohmann/json.hpp>

#include "toasty/error.hpp"

namespace toasty::migrations {

namespace {

using nlohmann::ordered_json;

constexpr int kFormat = 1;

std::optional<ScalarType> scalar_type_named(std::string_view name) {
  for (int t = 0; t <= static_cast<int>(ScalarType::Decimal); ++t) {
    const auto type = static_cast<ScalarType>(t);
    if (to_string(type) == name) return type;
  }
  return std::nullopt;
}

ordered_json column_json(const db::Column& c) {
  ordered_json j;
  j["name"] = c.name;
  j["type"] = std::string(to_string(c.type));
  if (c.nullable) j["nullable"] = true;
  if (c.auto_increment) j["auto_increment"] = true;
  if (c.max_length != 0) j["max_length"] = c.max_length;
  if (c.json_text) j["json_text"] = true;
  if (c.precision != 0) {
    j["precision"] = c.precision;
    j["scale"] = c.scale;
  }
  if (c.list) j["list"] = true;
  if (!c.pg_enum.empty()) {
    j["pg_enum"] = c.pg_enum;
    j["pg_enum_labels"] = c.pg_enum_labels;
  }
  return j;
}

ordered_json names_of(const db::Table& t, const std::vector<std::size_t>& columns) {
  ordered_json out = ordered_json::array();
  for (std::size_t c : columns) out.push_back(t.columns.at(c).name);
  return out;
}

// Reading: every error names the file and what is wrong where.
class Reader {
 public:
  explicit Reader(const std::string& file) : file_(file) {}

  [[noreturn]] void fail(const std::string& where, const std::string& what) const {
    throw InvalidSchema("toasty: " + file_ + ": " + where + ": " + what);
  }

  const ordered_json& member(const ordered_json& obj, const char* key, const std::string& where) const {
    auto it = obj.find(key);
    if (it == obj.end()) fail(where, std::string("\"") + key + "\" is missing");
    return *it;
  }
  std::string string(const ordered_json& obj, const char* key, const std::string& where) const {
    const ordered_json& v = member(obj, key, where);
    if (!v.is_string()) fail(where, std::string("\"") + key + "\" must be a string");
    return v.get<std::string>();
  }
  bool flag(const ordered_json& obj, const char* key, const std::string& where) const {
    auto it = obj.find(key);
    if (it == obj.end()) return false;
    if (!it->is_boolean()) fail(where, std::string("\"") + key + "\" must be true or false");
    return it->get<bool>();
  }
  std::uint64_t number(const ordered_json& obj, const char* key, const std::string& where,
                       std::uint64_t max) const {
    auto it = obj.find(key);
    if (it == obj.end()) return 0;
    if (!it->is_number_unsigned() || it->get<std::uint64_t>() > max)
      fail(where, std::string("\"") + key + "\" must be a whole number up to " + std::to_string(max));
    return it->get<std::uint64_t>();
  }
  std::vector<std::string> strings(const ordered_json& v, const std::string& where) const {
    if (!v.is_array()) fail(where, "must be a list of names");
    std::vector<std::string> out;
    for (const auto& s : v) {
      if (!s.is_string()) fail(where, "must be a list of names");
      out.push_back(s.get<std::string>());
    }
    return out;
  }

  db::Column column(const ordered_json& j, const std::string& where) const {
    if (!j.is_object()) fail(where, "a column must be an object");
    db::Column c;
    c.name = string(j, "name", where);
    const std::string at = where + ", column \"" + c.name + "\"";
    const std::string type = string(j, "type", at);
    auto t = scalar_type_named(type);
    if (!t) fail(at, "unknown type \"" + type + "\"");
    c.type = *t;
    c.nullable = flag(j, "nullable", at);
    c.auto_increment = flag(j, "auto_increment", at);
    c.max_length = static_cast<std::uint32_t>(number(j, "max_length", at, 0xffffffffu));
    c.json_text = flag(j, "json_text", at);
    c.precision = static_cast<std::uint8_t>(number(j, "precision", at, 255));
    c.scale = static_cast<std::uint8_t>(number(j, "scale", at, 255));
    c.list = flag(j, "list", at);
    if (j.contains("pg_enum")) {
      c.pg_enum = string(j, "pg_enum", at);
      c.pg_enum_labels = strings(member(j, "pg_enum_labels", at), at + ", \"pg_enum_labels\"");
    }
    return c;
  }

  std::vector<std::size_t> positions(const db::Table& t, const ordered_json& v, const std::string& where) const {
    std::vector<std::size_t> out;
    for (const std::string& name : strings(v, where)) {
      auto it = std::find_if(t.columns.begin(), t.columns.end(), [&](const db::Column& c) { return c.name == name; });
      if (it == t.columns.end()) fail(where, "names column \"" + name + "\", which the table does not have");
      out.push_back(static_cast<std::size_t>(it - t.columns.begin()));
    }
    return out;
  }

  db::Table table(const ordered_json& j) const {
    if (!j.is_object()) fail("\"tables\"", "a table must be an object");
    db::Table t;
    t.name = string(j, "name", "a table");
    const std::string where = "table \"" + t.name + "\"";
    const ordered_json& columns = member(j, "columns", where);
    if (!columns.is_array() || columns.empty()) fail(where, "\"columns\" must be a non-empty list");
    for (const auto& c : columns) {
      t.columns.push_back(column(c, where));
      for (std::size_t i = 0; i + 1 < t.columns.size(); ++i)
        if (t.columns[i].name == t.columns.back().name)
          fail(where, "column \"" + t.columns.back().name + "\" is listed twice");
    }
    if (j.contains("primary_key")) t.primary_key = positions(t, j["primary_key"], where + ", primary key");
    if (j.contains("indexes")) {
      const ordered_json& indexes = j["indexes"];
      if (!indexes.is_array()) fail(where, "\"indexes\" must be a list");
      for (const auto& ij : indexes) {
        if (!ij.is_object()) fail(where, "an index must be an object");
        db::Index idx;
        idx.name = string(ij, "name", where + ", an index");
        const std::string at = where + ", index \"" + idx.name + "\"";
        idx.columns = positions(t, member(ij, "columns", at), at);
        if (idx.columns.empty()) fail(at, "has no columns");
        idx.unique = flag(ij, "unique", at);
        t.indexes.push_back(std::move(idx));
      }
    }
    return t;
  }

 private:
  const std::string& file_;
};

}  // namespace

std::string snapshot_json(const db::Schema& schema) {
  std::vector<const db::Table*> tables;
  for (const db::Table& t : schema.tables) tables.push_back(&t);
  std::sort(tables.begin(), tables.end(), [](const db::Table* a, const db::Table* b) { return a->name < b->name; });

  ordered_json root;
  root["format"] = kFormat;
  root["tables"] = ordered_json::array();
  for (const db::Table* t : tables) {
    ordered_json tj;
    tj["name"] = t->name;
    tj["columns"] = ordered_json::array();
    for (const db::Column& c : t->columns) tj["columns"].push_back(column_json(c));
    tj["primary_key"] = names_of(*t, t->primary_key);
    std::vector<const db::Index*> indexes;
    for (const db::Index& i : t->indexes) indexes.push_back(&i);
    std::sort(indexes.begin(), indexes.end(), [](const db::Index* a, const db::Index* b) { return a->name < b->name; });
    if (!indexes.empty()) {
      tj["indexes"] = ordered_json::array();
      for (const db::Index* i : indexes) {
        ordered_json ij;
        ij["name"] = i->name;
        ij["columns"] = names_of(*t, i->columns);
        if (i->unique) ij["unique"] = true;
        tj["indexes"].push_back(std::move(ij));
      }
    }
    root["tables"].push_back(std::move(tj));
  }
  return root.dump(2) + "\n";
}

db::Schema parse_snapshot(std::string_view text, const std::string& file) {
  ordered_json root;
  try {
    root = ordered_json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    // e.byte is the 1-based offset of the error: turn it into line:column.
    std::size_t line = 1, column = 1;
    for (std::size_t i = 0; i + 1 < e.byte && i < text.size(); ++i) {
      if (text[i] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    std::string what = e.what();
    if (auto at = what.find("; "); at != std::string::npos) what = what.substr(at + 2);
    throw InvalidSchema("toasty: " + file + ":" + std::to_string(line) + ":" + std::to_string(column) +
                        ": not a valid snapshot: " + what);
  } catch (const nlohmann::json::exception& e) {  // a number too large for a double, say
    std::string what = e.what();
    if (auto at = what.find("] "); at != std::string::npos) what = what.substr(at + 2);
    throw InvalidSchema("toasty: " + file + ": not a valid snapshot: " + what);
  }
  Reader r(file);
  if (!root.is_object()) r.fail("the top level", "must be an object");
  const ordered_json& format = r.member(root, "format", "the top level");
  if (!format.is_number_integer() || format.get<int>() != kFormat)
    r.fail("\"format\"", "this version of toasty reads snapshot format " + std::to_string(kFormat));
  const ordered_json& tables = r.member(root, "tables", "the top level");
  if (!tables.is_array()) r.fail("\"tables\"", "must be a list");
  db::Schema schema;
  for (const auto& t : tables) {
    schema.tables.push_back(r.table(t));
    for (std::size_t i = 0; i + 1 < schema.tables.size(); ++i)
      if (schema.tables[i].name == schema.tables.back().name)
        r.fail("\"tables\"", "table \"" + schema.tables.back().name + "\" is listed twice");
  }
  return schema;
}

}  // namespace toasty::migrations
