#include "migrate/alter_sql.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include "sql/dialect.hpp"
#include "toasty/core/time.hpp"
#include "toasty/core/uuid.hpp"
#include "toasty/error.hpp"

namespace toasty::migrations {

namespace {

using sql::Dialect;
using Kind = Change::Kind;

std::string quoted_text(std::string_view text, Dialect dialect) {
  std::string out = "'";
  for (char ch : text) {
    if (ch == '\0') throw InvalidSchema("toasty: a text value with a NUL character has no SQL literal");
    if (ch == '\'') out += "''";
    else if (ch == '\\' && dialect == Dialect::Mysql) out += "\\\\";  // MySQL reads backslash escapes
    else out += ch;
  }
  return out + "'";
}

std::string hex(const Bytes& bytes) {
  static const char digits[] = "0123456789abcdef";
  std::string out;
  for (std::uint8_t b : bytes) {
    out += digits[b >> 4];
    out += digits[b & 15];
  }
  return out;
}

const db::Table& table_named(const db::Schema& s, const std::string& name) {
  for (const db::Table& t : s.tables)
    if (t.name == name) return t;
  throw InvalidSchema("toasty: internal: table \"" + name + "\" is not in the schema");
}

std::size_t column_position(const db::Table& t, const std::string& name) {
  for (std::size_t i = 0; i < t.columns.size(); ++i)
    if (t.columns[i].name == name) return i;
  throw InvalidSchema("toasty: internal: table \"" + t.name + "\" has no column \"" + name + "\"");
}

const db::Index& index_named(const db::Table& t, const std::string& name) {
  for (const db::Index& i : t.indexes)
    if (i.name == name) return i;
  throw InvalidSchema("toasty: internal: table \"" + t.name + "\" has no index \"" + name + "\"");
}

bool is_indexed(const db::Table& t, std::size_t column) {
  if (std::find(t.primary_key.begin(), t.primary_key.end(), column) != t.primary_key.end()) return true;
  for (const db::Index& i : t.indexes)
    if (std::find(i.columns.begin(), i.columns.end(), column) != i.columns.end()) return true;
  return false;
}

// PostgreSQL enum types: name -> labels.
std::map<std::string, std::vector<std::string>> enum_types(const db::Schema& s) {
  std::map<std::string, std::vector<std::string>> out;
  for (const db::Table& t : s.tables)
    for (const db::Column& c : t.columns)
      if (!c.pg_enum.empty()) out.emplace(c.pg_enum, c.pg_enum_labels);
  return out;
}

class AlterWriter {
 public:
  AlterWriter(const Diff& d, Dialect dialect, std::string_view collation)
      : d_(d), dialect_(dialect), collation_(collation) {}

  std::vector<std::string> run() {
    if (dialect_ == Dialect::Postgresql) enum_types_first();
    if (dialect_ == Dialect::Sqlite)
      for (const Change& c : d_.changes)
        if (c.kind == Kind::AlterColumn) rebuilt_.insert(c.table);
    if (dialect_ == Dialect::Mysql) mysql_index_types();
    for (const Change& c : d_.changes) change(c);
    flush_mysql_modifies();
    if (dialect_ == Dialect::Postgresql) enum_types_last();
    return std::move(out_);
  }

 private:
  std::string id(const std::string& name) const { return sql::quote_identifier(name, dialect_); }
  const db::Table& after(const Change& c) const { return table_named(d_.after, c.table); }
  const db::Table& before(const Change& c) const { return table_named(d_.before, c.old_table); }

  std::string definition(const db::Table& t, std::size_t column) const {
    bool key_inline = false;
    const bool sole_key = t.primary_key.size() == 1 && t.primary_key[0] == column;
    return sql::detail::column_definition(t, column, is_indexed(t, column), sole_key, dialect_, key_inline);
  }
  std::string type_of(const db::Table& t, std::size_t column) const {
    return sql::detail::column_type(t.columns[column], is_indexed(t, column), dialect_);
  }

  void change(const Change& c) {
    const bool rebuilt = rebuilt_.count(c.table) != 0;
    switch (c.kind) {
      case Kind::CreateTable:
        for (std::string& s : sql::create_table(after(c), dialect_, collation_, false)) out_.push_back(std::move(s));
        return;
      case Kind::DropTable:
        out_.push_back("DROP TABLE " + id(c.table));
        return;
      case Kind::RenameTable:
        out_.push_back(dialect_ == Dialect::Mysql ? "RENAME TABLE " + id(c.old_table) + " TO " + id(c.table)
                                                  : "ALTER TABLE " + id(c.old_table) + " RENAME TO " + id(c.table));
        return;
      case Kind::DropIndex:
        out_.push_back(dialect_ == Dialect::Mysql ? "DROP INDEX " + id(c.name) + " ON " + id(c.table)
                                                  : "DROP INDEX " + id(c.name));
        return;
      case Kind::CreateIndex:
        flush_mysql_modifies();
        if (!rebuilt) out_.push_back(sql::create_index(after(c), index_named(after(c), c.name), dialect_, false));
        return;
      case Kind::RenameIndex:
        if (rebuilt) return;
        if (dialect_ == Dialect::Postgresql) {
          out_.push_back("ALTER INDEX " + id(c.old_name) + " RENAME TO " + id(c.name));
        } else if (dialect_ == Dialect::Mysql) {
          out_.push_back("ALTER TABLE " + id(c.table) + " RENAME INDEX " + id(c.old_name) + " TO " + id(c.name));
        } else {  // SQLite has no ALTER INDEX: the index is made again under its new name
          out_.push_back("DROP INDEX " + id(c.old_name));
          out_.push_back(sql::create_index(after(c), index_named(after(c), c.name), dialect_, false));
        }
        return;
      case Kind::RenameColumn:
        if (rebuilt) return rebuild_once(c);
        out_.push_back("ALTER TABLE " + id(c.table) + " RENAME COLUMN " + id(c.old_name) + " TO " + id(c.name));
        return;
      case Kind::AddColumn:
        if (rebuilt) return rebuild_once(c);
        return add_column(c);
      case Kind::DropColumn:
        if (rebuilt) return rebuild_once(c);
        out_.push_back("ALTER TABLE " + id(c.table) + " DROP COLUMN " + id(c.name));
        return;
      case Kind::AlterColumn:
        if (rebuilt) return rebuild_once(c);
        return alter_column(c);
    }
  }

  void add_column(const Change& c) {
    const db::Table& t = after(c);
    const std::size_t pos = column_position(t, c.name);
    const db::Column& col = t.columns[pos];
    const std::string table = id(c.table);
    if (!c.fill) {
      out_.push_back("ALTER TABLE " + table + " ADD COLUMN " + definition(t, pos));
      return;
    }
    const std::string value = sql_literal(*c.fill, col, dialect_);
    switch (dialect_) {
      case Dialect::Sqlite:  // a NOT NULL column needs a default to be added; it stays
        out_.push_back("ALTER TABLE " + table + " ADD COLUMN " + definition(t, pos) + " DEFAULT " + value);
        return;
      case Dialect::Postgresql:  // existing rows get the default; then it goes (toasty sets values itself)
        out_.push_back("ALTER TABLE " + table + " ADD COLUMN " + definition(t, pos) + " DEFAULT " + value);
        out_.push_back("ALTER TABLE " + table + " ALTER COLUMN " + id(c.name) + " DROP DEFAULT");
        return;
      case Dialect::Mysql: {  // TEXT, BLOB and JSON columns take no literal default: fill, then require
        db::Table nullable = t;
        nullable.columns[pos].nullable = true;
        out_.push_back("ALTER TABLE " + table + " ADD COLUMN " + definition(nullable, pos));
        out_.push_back("UPDATE " + table + " SET " + id(c.name) + " = " + value);
        out_.push_back("ALTER TABLE " + table + " MODIFY COLUMN " + definition(t, pos));
        return;
      }
    }
  }

  void alter_column(const Change& c) {
    const db::Table& t = after(c);
    const db::Table& old_table = before(c);
    const std::size_t pos = column_position(t, c.name);
    const std::size_t old_pos = column_position(old_table, c.old_name);
    const db::Column& col = t.columns[pos];
    const db::Column& old = old_table.columns[old_pos];
    const std::string table = id(c.table);
    const std::string name = id(c.name);
    if (c.fill)
      out_.push_back("UPDATE " + table + " SET " + name + " = " + sql_literal(*c.fill, col, dialect_) + " WHERE " +
                     name + " IS NULL");
    if (dialect_ == Dialect::Mysql) {
      out_.push_back("ALTER TABLE " + table + " MODIFY COLUMN " + definition(t, pos));
      return;
    }
    // PostgreSQL
    const std::string type = type_of(t, pos);
    if (type != type_of(old_table, old_pos)) {
      // Through text, which every type converts to and from (an enum to another enum too).
      const bool via_text = !col.pg_enum.empty() || !old.pg_enum.empty();
      out_.push_back("ALTER TABLE " + table + " ALTER COLUMN " + name + " TYPE " + type + " USING " + name +
                     (via_text ? "::text" : "") + "::" + type);
    }
    if (col.nullable != old.nullable)
      out_.push_back("ALTER TABLE " + table + " ALTER COLUMN " + name + (col.nullable ? " DROP NOT NULL" : " SET NOT NULL"));
  }

  // SQLite: the table made again with its new columns, once for all its column changes.
  void rebuild_once(const Change& c) {
    if (!rebuilt_done_.insert(c.table).second) return;
    const db::Table& t = after(c);
    const db::Table& old = before(c);
    // Column sources: after name -> before name, from this table's renames and kept names.
    std::map<std::string, std::string> source;
    std::map<std::string, const Change*> changes;
    for (const Change& x : d_.changes) {
      if (x.table != c.table) continue;
      if (x.kind == Kind::RenameColumn) source[x.name] = x.old_name;
      if (x.kind == Kind::AddColumn || x.kind == Kind::AlterColumn) changes[x.name] = &x;
    }
    for (const db::Column& col : t.columns)
      if (!source.count(col.name) && !(changes.count(col.name) && changes[col.name]->kind == Kind::AddColumn))
        for (const db::Column& o : old.columns)
          if (o.name == col.name) source[col.name] = col.name;

    db::Table fresh = t;
    fresh.name = "_toasty_rebuild_" + t.name;
    fresh.indexes.clear();
    for (std::string& s : sql::create_table(fresh, dialect_, collation_, false)) out_.push_back(std::move(s));
    std::string columns, values;
    for (const db::Column& col : t.columns) {
      const Change* ch = changes.count(col.name) ? changes[col.name] : nullptr;
      std::string value;
      if (auto it = source.find(col.name); it != source.end()) {
        value = id(it->second);
        if (ch && ch->fill) value = "COALESCE(" + value + ", " + sql_literal(*ch->fill, col, dialect_) + ")";
      } else {
        value = ch && ch->fill ? sql_literal(*ch->fill, col, dialect_) : "NULL";
      }
      columns += (columns.empty() ? "" : ", ") + id(col.name);
      values += (values.empty() ? "" : ", ") + value;
    }
    out_.push_back("INSERT INTO " + id(fresh.name) + " (" + columns + ") SELECT " + values + " FROM " + id(t.name));
    out_.push_back("DROP TABLE " + id(t.name));
    out_.push_back("ALTER TABLE " + id(fresh.name) + " RENAME TO " + id(t.name));
    for (const db::Index& i : t.indexes) out_.push_back(sql::create_index(t, i, dialect_, false));
  }

  // MySQL: a kept column whose type changes only because an index now covers it (or no
  // longer does): LONGTEXT <-> VARCHAR(191), LONGBLOB <-> VARBINARY(255).
  void mysql_index_types() {
    std::map<std::string, std::string> pairs;  // after table -> before table
    std::set<std::string> created;
    for (const Change& c : d_.changes) {
      if (c.kind == Kind::CreateTable) created.insert(c.table);
      if (!c.old_table.empty() && c.kind != Kind::DropTable) pairs[c.table] = c.old_table;
    }
    for (const db::Table& t : d_.after.tables) {
      if (created.count(t.name)) continue;
      const db::Table& old = table_named(d_.before, pairs.count(t.name) ? pairs[t.name] : t.name);
      std::map<std::string, std::string> was;  // after column -> before column
      for (const db::Column& col : t.columns) was[col.name] = col.name;
      for (const Change& c : d_.changes) {
        if (c.table != t.name) continue;
        if (c.kind == Kind::RenameColumn) was[c.name] = c.old_name;
        if (c.kind == Kind::AddColumn || c.kind == Kind::AlterColumn) was.erase(c.name);
      }
      for (std::size_t i = 0; i < t.columns.size(); ++i) {
        auto it = was.find(t.columns[i].name);
        if (it == was.end()) continue;
        const std::size_t j = column_position(old, it->second);
        if (type_of(t, i) != type_of(old, j)) mysql_pending_.push_back({t.name, i});
      }
    }
  }
  void flush_mysql_modifies() {
    for (const auto& [table, column] : mysql_pending_) {
      const db::Table& t = table_named(d_.after, table);
      out_.push_back("ALTER TABLE " + id(table) + " MODIFY COLUMN " + definition(t, column));
    }
    mysql_pending_.clear();
  }

  // PostgreSQL enum types: new ones before anything uses them; labels added to the end of
  // one in place (ALTER TYPE ... ADD VALUE); any other label change makes the type again
  // and converts its columns through text.
  void enum_types_first() {
    const auto old_types = enum_types(d_.before);
    for (const auto& [name, labels] : enum_types(d_.after)) {
      auto it = old_types.find(name);
      if (it == old_types.end()) {
        out_.push_back("CREATE TYPE " + id(name) + " AS ENUM (" + label_list(labels) + ")");
        continue;
      }
      const auto& old = it->second;
      if (old == labels) continue;
      if (labels.size() > old.size() && std::equal(old.begin(), old.end(), labels.begin())) {
        for (std::size_t i = old.size(); i < labels.size(); ++i)
          out_.push_back("ALTER TYPE " + id(name) + " ADD VALUE " + quoted_text(labels[i], dialect_));
        continue;
      }
      const std::string retired = name + "_toasty_old";
      out_.push_back("ALTER TYPE " + id(name) + " RENAME TO " + id(retired));
      out_.push_back("CREATE TYPE " + id(name) + " AS ENUM (" + label_list(labels) + ")");
      for (const db::Table& t : d_.before.tables)
        for (const db::Column& col : t.columns)
          if (col.pg_enum == name)
            out_.push_back("ALTER TABLE " + id(t.name) + " ALTER COLUMN " + id(col.name) + " TYPE " + id(name) +
                           " USING " + id(col.name) + "::text::" + id(name));
      out_.push_back("DROP TYPE " + id(retired));
    }
  }
  void enum_types_last() {
    const auto now = enum_types(d_.after);
    for (const auto& [name, labels] : enum_types(d_.before))
      if (!now.count(name)) out_.push_back("DROP TYPE " + id(name));
  }
  std::string label_list(const std::vector<std::string>& labels) const {
    std::string out;
    for (const std::string& l : labels) out += (out.empty() ? "" : ", ") + quoted_text(l, dialect_);
    return out;
  }

  const Diff& d_;
  Dialect dialect_;
  std::string_view collation_;
  std::vector<std::string> out_;
  std::set<std::string> rebuilt_, rebuilt_done_;
  std::vector<std::pair<std::string, std::size_t>> mysql_pending_;
};

}  // namespace

std::vector<std::string> alter_sql(const Diff& diff, sql::Dialect dialect, std::string_view mysql_collation) {
  return AlterWriter(diff, dialect, mysql_collation).run();
}

std::string sql_literal(const Value& value, const db::Column& column, sql::Dialect dialect) {
  if (value.is_null()) return "NULL";
  return std::visit(
      [&](const auto& x) -> std::string {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, std::monostate>) {
          return "NULL";
        } else if constexpr (std::is_same_v<T, bool>) {
          if (dialect == Dialect::Sqlite) return x ? "1" : "0";
          return x ? "TRUE" : "FALSE";
        } else if constexpr (std::is_same_v<T, std::int64_t> || std::is_same_v<T, std::uint64_t>) {
          return std::to_string(x);
        } else if constexpr (std::is_same_v<T, double>) {
          if (!std::isfinite(x)) throw InvalidSchema("toasty: column \"" + column.name + "\": " +
                                                     "a value that is not a finite number has no SQL literal");
          char buf[32];
          std::snprintf(buf, sizeof buf, "%.17g", x);
          return buf;
        } else if constexpr (std::is_same_v<T, std::string>) {
          return quoted_text(x, dialect);
        } else if constexpr (std::is_same_v<T, Bytes>) {
          if (dialect == Dialect::Postgresql) return "'\\x" + hex(x) + "'";
          return "X'" + hex(x) + "'";
        } else if constexpr (std::is_same_v<T, Uuid>) {
          return quoted_text(x.to_string(), dialect);
        } else if constexpr (std::is_same_v<T, Timestamp>) {
          std::string text = format_timestamp(x);  // 2024-02-29T13:45:07.123456Z
          if (dialect == Dialect::Mysql) {  // DATETIME(6) in UTC: no T, no zone
            text[10] = ' ';
            text.pop_back();
          }
          return quoted_text(text, dialect);
        } else if constexpr (std::is_same_v<T, Date>) {
          return quoted_text(format_date(x), dialect);
        } else if constexpr (std::is_same_v<T, DateTime>) {
          std::string text = format_datetime(x);
          if (dialect == Dialect::Mysql) text[10] = ' ';
          return quoted_text(text, dialect);
        } else if constexpr (std::is_same_v<T, Time>) {
          return quoted_text(format_time(x), dialect);
        } else if constexpr (std::is_same_v<T, Decimal>) {
          // SQLite keeps a Decimal as its text; the others as a number.
          return dialect == Dialect::Sqlite ? quoted_text(x.to_string(), dialect) : x.to_string();
        } else if constexpr (std::is_same_v<T, Value::List>) {
          if (!x.empty())
            throw InvalidSchema("toasty: column \"" + column.name +
                                "\": a migration fills a list column only with the empty list");
          return dialect == Dialect::Postgresql ? "'{}'" : "'[]'";
        } else {
          throw InvalidSchema("toasty: column \"" + column.name + "\": this value has no SQL literal");
        }
      },
      value.storage());
}

}  // namespace toasty::migrations
