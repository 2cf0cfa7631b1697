#include "migrate/diff.hpp"

#include <algorithm>
#include <set>
#include <tuple>

#include "toasty/core/time.hpp"
#include "toasty/core/uuid.hpp"
#include "toasty/error.hpp"

namespace toasty::migrations {

namespace {

std::string q(const std::string& name) { return "\"" + name + "\""; }

const db::Table* find_table(const db::Schema& s, const std::string& name) {
  for (const db::Table& t : s.tables)
    if (t.name == name) return &t;
  return nullptr;
}

const db::Column* find_column(const db::Table& t, const std::string& name) {
  for (const db::Column& c : t.columns)
    if (c.name == name) return &c;
  return nullptr;
}

std::vector<std::string> column_names(const db::Table& t, const std::vector<std::size_t>& positions) {
  std::vector<std::string> out;
  for (std::size_t p : positions) out.push_back(t.columns.at(p).name);
  return out;
}

// Everything about a column's definition but its name.
bool same_definition(const db::Column& a, const db::Column& b) {
  return a.type == b.type && a.nullable == b.nullable && a.auto_increment == b.auto_increment &&
         a.max_length == b.max_length && a.json_text == b.json_text && a.precision == b.precision &&
         a.scale == b.scale && a.list == b.list && a.pg_enum == b.pg_enum && a.pg_enum_labels == b.pg_enum_labels;
}

// Builds the change list for one pair of schemas.
class Differ {
 public:
  Differ(const db::Schema& before, const db::Schema& after, const Hints& hints)
      : before_(before), after_(after), hints_(hints) {}

  Diff run() {
    match_tables();
    Diff d;
    d.before = before_;
    d.after = after_;
    for (const auto& [after_name, before_name] : table_pairs_)
      if (after_name != before_name) add(d, Change::Kind::RenameTable, after_name, before_name, "", "");
    // Indexes go first, so that no column they cover is dropped or changed under them,
    // and come back last, over the final columns.
    for (const auto& [after_name, before_name] : table_pairs_) drop_indexes(d, after_name, before_name);
    for (const auto& [after_name, before_name] : table_pairs_) columns(d, after_name, before_name);
    for (const db::Table& t : after_.tables)
      if (!table_pairs_.count(t.name)) add(d, Change::Kind::CreateTable, t.name, "", "", "");
    for (const auto& [after_name, before_name] : table_pairs_) create_indexes(d, after_name, before_name);
    for (const db::Table& t : before_.tables)
      if (!matched_before_.count(t.name)) add(d, Change::Kind::DropTable, t.name, t.name, "", "");
    d.ambiguities = std::move(ambiguities_);
    return d;
  }

 private:
  static void add(Diff& d, Change::Kind kind, std::string table, std::string old_table, std::string name,
                  std::string old_name, std::optional<Value> fill = std::nullopt) {
    d.changes.push_back(Change{kind, std::move(table), std::move(old_table), std::move(name), std::move(old_name),
                               std::move(fill)});
  }

  void match_tables() {
    for (const db::Table& t : after_.tables)
      if (find_table(before_, t.name)) pair_table(t.name, t.name);
    for (const db::Table& t : after_.tables) {
      if (table_pairs_.count(t.name)) continue;
      auto hint = hints_.table_renames.find(t.name);
      if (hint == hints_.table_renames.end()) continue;
      if (!find_table(before_, hint->second) || matched_before_.count(hint->second)) continue;  // done already
      pair_table(t.name, hint->second);
    }
    if (hints_.renames_declined) return;
    for (const db::Table& a : after_.tables) {
      if (table_pairs_.count(a.name)) continue;
      for (const db::Table& b : before_.tables)
        if (!matched_before_.count(b.name)) ambiguities_.push_back(Ambiguity{"", b.name, a.name});
    }
  }
  void pair_table(const std::string& after_name, const std::string& before_name) {
    table_pairs_[after_name] = before_name;
    matched_before_.insert(before_name);
  }

  // Column pairs of one table pair: after name -> before name.
  std::map<std::string, std::string> match_columns(const db::Table& a, const db::Table& b) {
    std::map<std::string, std::string> pairs;
    std::set<std::string> used;
    for (const db::Column& c : a.columns)
      if (find_column(b, c.name)) {
        pairs[c.name] = c.name;
        used.insert(c.name);
      }
    for (const db::Column& c : a.columns) {
      if (pairs.count(c.name)) continue;
      auto hint = hints_.column_renames.find({a.name, c.name});
      if (hint == hints_.column_renames.end() || !find_column(b, hint->second) || used.count(hint->second)) continue;
      pairs[c.name] = hint->second;
      used.insert(hint->second);
    }
    if (!hints_.renames_declined)
      for (const db::Column& c : a.columns) {
        if (pairs.count(c.name)) continue;
        for (const db::Column& old : b.columns)
          if (!used.count(old.name)) ambiguities_.push_back(Ambiguity{a.name, old.name, c.name});
      }
    return pairs;
  }

  std::optional<Value> fill_for(const db::Table& t, const db::Column& c) const {
    auto it = hints_.fills.find({t.name, c.name});
    if (it != hints_.fills.end() && !it->second.is_null()) return it->second;
    if (hints_.zero_fill) return zero_value(c);
    return std::nullopt;
  }

  void columns(Diff& d, const std::string& after_name, const std::string& before_name) {
    const db::Table& a = *find_table(after_, after_name);
    const db::Table& b = *find_table(before_, before_name);
    const auto pairs = match_columns(a, b);
    if (column_names(a, a.primary_key) != key_after_renames(b, pairs))
      throw InvalidSchema("toasty: table " + q(a.name) + ": the primary key changes (from (" + join(column_names(b, b.primary_key)) +
                          ") to (" + join(column_names(a, a.primary_key)) +
                          ")); a migration cannot change a primary key in place: create a new table with the "
                          "new key, copy the rows with SQL of your own, and drop the old one");
    for (const auto& [now, was] : pairs)
      if (now != was) add(d, Change::Kind::RenameColumn, a.name, b.name, now, was);
    for (const db::Column& c : a.columns) {
      auto it = pairs.find(c.name);
      if (it != pairs.end()) {
        const db::Column& old = *find_column(b, it->second);
        if (same_definition(c, old)) continue;
        if (c.auto_increment != old.auto_increment)
          throw InvalidSchema("toasty: column " + q(a.name) + "." + q(c.name) +
                              ": a migration cannot make an existing column auto-increment or stop it being one");
        std::optional<Value> fill;
        if (!c.nullable && old.nullable) fill = fill_for(a, c);
        add(d, Change::Kind::AlterColumn, a.name, b.name, c.name, it->second, std::move(fill));
        continue;
      }
      if (c.auto_increment)
        throw InvalidSchema("toasty: column " + q(a.name) + "." + q(c.name) +
                            ": a migration cannot add an auto-increment column to an existing table");
      std::optional<Value> fill;
      // A possible rename is asked about first; the missing value matters only for an add.
      const bool maybe_renamed = std::any_of(ambiguities_.begin(), ambiguities_.end(), [&](const Ambiguity& x) {
        return x.table == a.name && x.added == c.name;
      });
      if (!c.nullable) {
        fill = fill_for(a, c);
        if (!fill && !maybe_renamed)
          throw InvalidSchema("toasty: column " + q(a.name) + "." + q(c.name) +
                              " is added NOT NULL, and the rows the table already has need a value for it: give the "
                              "field a #[default(...)], or make it Option<...>");
      }
      add(d, Change::Kind::AddColumn, a.name, b.name, c.name, "", std::move(fill));
    }
    std::set<std::string> kept;
    for (const auto& [now, was] : pairs) kept.insert(was);
    for (const db::Column& old : b.columns)
      if (!kept.count(old.name)) add(d, Change::Kind::DropColumn, a.name, b.name, old.name, old.name);
  }

  std::vector<std::string> key_after_renames(const db::Table& b, const std::map<std::string, std::string>& pairs) {
    std::vector<std::string> out;
    for (const std::string& old : column_names(b, b.primary_key)) {
      std::string now = "?" + old;  // a dropped key column never matches
      for (const auto& [n, w] : pairs)
        if (w == old) now = n;
      out.push_back(now);
    }
    return out;
  }

  static std::string join(const std::vector<std::string>& names) {
    std::string out;
    for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
    return out;
  }

  // An index "is the same" when its columns (followed through renames) and uniqueness are;
  // its name may change with the table's or a column's (index_<table>_by_<column>).
  struct IndexKey {
    std::vector<std::string> columns;
    bool unique;
    bool operator<(const IndexKey& o) const { return std::tie(columns, unique) < std::tie(o.columns, o.unique); }
  };

  // Index pairs of a table pair: after index name -> before index name.
  std::map<std::string, std::string> match_indexes(const db::Table& a, const db::Table& b) {
    auto pairs = match_columns_quiet(a, b);
    auto key_before = [&](const db::Index& i) {
      IndexKey k{{}, i.unique};
      for (const std::string& old : column_names(b, i.columns)) {
        std::string now = "?" + old;
        for (const auto& [n, w] : pairs)
          if (w == old) now = n;
        k.columns.push_back(now);
      }
      return k;
    };
    std::map<std::string, std::string> out;
    std::set<std::string> used;
    for (const db::Index& i : a.indexes)
      for (const db::Index& o : b.indexes)
        if (!used.count(o.name) && o.name == i.name && key_before(o).columns == column_names(a, i.columns) &&
            o.unique == i.unique) {
          out[i.name] = o.name;
          used.insert(o.name);
        }
    for (const db::Index& i : a.indexes) {
      if (out.count(i.name)) continue;
      for (const db::Index& o : b.indexes)
        if (!used.count(o.name) && key_before(o).columns == column_names(a, i.columns) && o.unique == i.unique) {
          out[i.name] = o.name;
          used.insert(o.name);
          break;
        }
    }
    return out;
  }
  // match_columns without recording ambiguities again.
  std::map<std::string, std::string> match_columns_quiet(const db::Table& a, const db::Table& b) {
    auto saved = ambiguities_.size();
    auto pairs = match_columns(a, b);
    ambiguities_.resize(saved);
    return pairs;
  }

  void drop_indexes(Diff& d, const std::string& after_name, const std::string& before_name) {
    const db::Table& a = *find_table(after_, after_name);
    const db::Table& b = *find_table(before_, before_name);
    const auto pairs = match_indexes(a, b);
    std::set<std::string> kept;
    for (const auto& [now, was] : pairs) kept.insert(was);
    for (const db::Index& o : b.indexes)
      if (!kept.count(o.name)) add(d, Change::Kind::DropIndex, a.name, b.name, o.name, o.name);
  }

  void create_indexes(Diff& d, const std::string& after_name, const std::string& before_name) {
    const db::Table& a = *find_table(after_, after_name);
    const db::Table& b = *find_table(before_, before_name);
    const auto pairs = match_indexes(a, b);
    for (const db::Index& i : a.indexes) {
      auto it = pairs.find(i.name);
      if (it == pairs.end()) add(d, Change::Kind::CreateIndex, a.name, b.name, i.name, "");
      else if (it->second != i.name) add(d, Change::Kind::RenameIndex, a.name, b.name, i.name, it->second);
    }
  }

  const db::Schema& before_;
  const db::Schema& after_;
  const Hints& hints_;
  std::map<std::string, std::string> table_pairs_;  // after name -> before name
  std::set<std::string> matched_before_;
  std::vector<Ambiguity> ambiguities_;
};

}  // namespace

std::string Change::describe() const {
  const std::string t = q(table);
  switch (kind) {
    case Kind::CreateTable: return "create table " + t;
    case Kind::DropTable: return "drop table " + t;
    case Kind::RenameTable: return "rename table " + q(old_table) + " to " + t;
    case Kind::AddColumn: return "add column " + t + "." + q(name);
    case Kind::DropColumn: return "drop column " + t + "." + q(name);
    case Kind::RenameColumn: return "rename column " + t + "." + q(old_name) + " to " + q(name);
    case Kind::AlterColumn: return "change column " + t + "." + q(name);
    case Kind::CreateIndex: return "create index " + q(name) + " on " + t;
    case Kind::DropIndex: return "drop index " + q(name) + " on " + t;
    case Kind::RenameIndex: return "rename index " + q(old_name) + " on " + t + " to " + q(name);
  }
  return "?";
}

std::string Ambiguity::describe() const {
  if (table.empty()) return "table " + q(dropped) + " dropped and table " + q(added) + " added";
  return "table " + q(table) + ": column " + q(dropped) + " dropped and column " + q(added) + " added";
}

Diff diff(const db::Schema& before, const db::Schema& after, const Hints& hints) {
  return Differ(before, after, hints).run();
}

Hints inverse(const Hints& hints, const Diff& forward) {
  Hints out;
  out.zero_fill = true;
  out.renames_declined = true;  // the forward diff settled what is a rename
  std::map<std::string, std::string> before_name;  // table after -> before
  for (const Change& c : forward.changes)
    if (!c.old_table.empty()) before_name[c.table] = c.old_table;
  for (const Change& c : forward.changes) {
    if (c.kind == Change::Kind::RenameTable) out.table_renames[c.old_table] = c.table;
    if (c.kind == Change::Kind::RenameColumn) out.column_renames[{c.old_table, c.old_name}] = c.name;
  }
  // A fill the schema gave for a column stays the fill for the same column going back.
  for (const auto& [key, value] : hints.fills) {
    auto t = before_name.find(key.first);
    std::string table = t == before_name.end() ? key.first : t->second;
    std::string column = key.second;
    for (const Change& c : forward.changes)
      if (c.kind == Change::Kind::RenameColumn && c.table == key.first && c.name == key.second) column = c.old_name;
    out.fills[{table, column}] = value;
  }
  return out;
}

Value zero_value(const db::Column& c) {
  if (c.list) return Value(Value::List{});
  switch (c.type) {
    case ScalarType::Bool: return Value(false);
    case ScalarType::I8: case ScalarType::I16: case ScalarType::I32: case ScalarType::I64:
      return Value(std::int64_t{0});
    case ScalarType::U8: case ScalarType::U16: case ScalarType::U32: case ScalarType::U64:
      return Value(std::uint64_t{0});
    case ScalarType::F32: case ScalarType::F64: return Value(0.0);
    case ScalarType::String:
      if (!c.pg_enum_labels.empty()) return Value(c.pg_enum_labels.front());
      return Value(std::string());
    case ScalarType::Bytes: return Value(Bytes{});
    case ScalarType::Uuid: return Value(Uuid{});
    case ScalarType::Timestamp: return Value(Timestamp{});
    case ScalarType::Date: return Value(Date{std::chrono::year{1970}, std::chrono::January, std::chrono::day{1}});
    case ScalarType::DateTime: return Value(DateTime{});
    case ScalarType::Time: return Value(Time{});
    case ScalarType::Json: return Value(std::string("null"));
    case ScalarType::Decimal: return Value(Decimal(0));
  }
  return Value();
}

}  // namespace toasty::migrations
