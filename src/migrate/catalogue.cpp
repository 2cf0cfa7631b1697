// Reading a database's catalogue into a Catalogue, and what a db::Schema would look like
// there. Both sides go through the same per-dialect normalization of type text, so that a
// type toasty writes (column_type) equals what the catalogue reports back for it.
#include "migrate/catalogue.hpp"

#if TOASTY_MIGRATE_DYNAMODB
#include "migrate/alter_dynamodb.hpp"
#endif

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/text.hpp"
#include "sql/dialect.hpp"
#include "toasty/error.hpp"

namespace toasty::migrations {

namespace {

using sql::Dialect;

// ---- small helpers -------------------------------------------------------------------

using text::equals_ci;

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

bool is_bookkeeping(std::string_view table) { return table.starts_with("_toasty"); }

// Catalogue cells as text: MySQL hands out binary-collated text as bytes.
std::string text(const Value& v) {
  if (v.is_null()) return {};
  if (v.is_bytes()) return {v.as_bytes().begin(), v.as_bytes().end()};
  return v.as_string();
}

std::int64_t integer(const Value& v) {
  if (v.is_bool()) return v.as_bool() ? 1 : 0;
  if (v.is_string() || v.is_bytes()) return std::stoll(text(v));
  return v.as_i64();
}

bool flag(const Value& v) { return v.is_bool() ? v.as_bool() : integer(v) != 0; }

driver::Response query(driver::Connection& conn, std::string_view sql) {
  return conn.exec(driver::RawSql{sql, {}});
}

// ---- SQL tokens ---------------------------------------------------------------------
// Enough of SQL's lexical rules to read a type ("numeric(10,2)", `"mood"[]`) or a SQLite
// CREATE TABLE: words, quoted text (kept verbatim, quotes included), punctuation.

struct Token {
  enum class Kind { Word, Quoted, Punct } kind;
  std::string text;
  bool is(std::string_view word) const { return kind == Kind::Word && equals_ci(text, word); }
};

bool word_char(char c) {
  const auto u = static_cast<unsigned char>(c);
  return std::isalnum(u) || c == '_' || c == '$' || u >= 0x80;
}

// `brackets`: [name] quotes a name (SQLite); otherwise [ and ] are punctuation (text[]).
std::vector<Token> tokenize(std::string_view sql, bool brackets) {
  std::vector<Token> out;
  std::size_t i = 0;
  while (i < sql.size()) {
    const char c = sql[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
    } else if (sql.substr(i, 2) == "--") {
      i = std::min(sql.find('\n', i), sql.size());
    } else if (sql.substr(i, 2) == "/*") {
      i = std::min(sql.find("*/", i + 2), sql.size() - 2) + 2;
    } else if (c == '"' || c == '\'' || c == '`' || (c == '[' && brackets)) {
      const char close = c == '[' ? ']' : c;
      std::size_t j = i + 1;
      // A doubled quote stays inside: "a""b".
      while (j < sql.size() && (sql[j] != close || (close != ']' && j + 1 < sql.size() && sql[j + 1] == close)))
        j += sql[j] == close ? 2 : 1;
      j = std::min(j + 1, sql.size());
      out.push_back({Token::Kind::Quoted, std::string(sql.substr(i, j - i))});
      i = j;
    } else if (word_char(c)) {
      std::size_t j = i;
      while (j < sql.size() && word_char(sql[j])) ++j;
      out.push_back({Token::Kind::Word, std::string(sql.substr(i, j - i))});
      i = j;
    } else {
      out.push_back({Token::Kind::Punct, std::string(1, c)});
      ++i;
    }
  }
  return out;
}

// The name a word or quoted identifier stands for.
std::string unquote(const Token& t) {
  if (t.kind != Token::Kind::Quoted || t.text.size() < 2) return t.text;
  const char close = t.text.back();
  std::string out;
  for (std::size_t i = 1; i + 1 < t.text.size(); ++i) {
    out += t.text[i];
    if (t.text[i] == close && close != ']') ++i;  // "" stands for "
  }
  return out;
}

// ---- type normalization -------------------------------------------------------------
// One spelling per type: words upper case, quoted names as they are, no spaces around
// parentheses and brackets, ", " between arguments. Then each dialect's synonyms become the
// spelling column_type() writes.

bool at(const std::vector<Token>& t, std::size_t i, std::string_view word) { return i < t.size() && t[i].is(word); }
bool punct_at(const std::vector<Token>& t, std::size_t i, char c) {
  return i < t.size() && t[i].kind == Token::Kind::Punct && t[i].text.size() == 1 && t[i].text[0] == c;
}

void erase(std::vector<Token>& t, std::size_t from, std::size_t count) {
  t.erase(t.begin() + static_cast<std::ptrdiff_t>(from), t.begin() + static_cast<std::ptrdiff_t>(from + count));
}

void rename_words(std::vector<Token>& t, const std::map<std::string_view, std::string_view>& synonyms) {
  for (Token& tok : t)
    if (tok.kind == Token::Kind::Word)
      if (auto it = synonyms.find(tok.text); it != synonyms.end()) tok.text = it->second;
}

// format_type's long names: character varying(20), timestamp(3) with time zone, int4 ...
void postgresql_spelling(std::vector<Token>& t) {
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (at(t, i, "CHARACTER") && at(t, i + 1, "VARYING")) {
      t[i].text = "VARCHAR";
      erase(t, i + 1, 1);
    } else if ((at(t, i, "WITH") || at(t, i, "WITHOUT")) && at(t, i + 1, "TIME") && at(t, i + 2, "ZONE")) {
      if (t[i].is("WITH")) {
        for (std::size_t j = i; j-- > 0;) {  // the TIMESTAMP / TIME this zone belongs to
          if (t[j].is("TIMESTAMP") || t[j].is("TIME")) {
            t[j].text += "TZ";
            break;
          }
        }
      }
      erase(t, i, 3);
      --i;
    }
  }
  rename_words(t, {{"CHARACTER", "CHAR"}, {"BPCHAR", "CHAR"}, {"INT", "INTEGER"}, {"INT4", "INTEGER"},
                   {"INT2", "SMALLINT"}, {"INT8", "BIGINT"}, {"FLOAT4", "REAL"}, {"FLOAT8", "DOUBLE PRECISION"},
                   {"BOOL", "BOOLEAN"}, {"DECIMAL", "NUMERIC"}});
}

bool mysql_integer(const Token& t) {
  return t.is("TINYINT") || t.is("SMALLINT") || t.is("MEDIUMINT") || t.is("INT") || t.is("INTEGER") ||
         t.is("BIGINT");
}

// COLUMN_TYPE's spelling: MariaDB (and MySQL before 8.0.19) show display widths, int(11),
// which change nothing stored; BOOLEAN is tinyint(1).
void mysql_spelling(std::vector<Token>& t) {
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (mysql_integer(t[i]) && punct_at(t, i + 1, '(') && punct_at(t, i + 3, ')')) {
      const bool boolean = t[i].is("TINYINT") && at(t, i + 2, "1") && !at(t, i + 4, "UNSIGNED") && !at(t, i + 4, "ZEROFILL");
      if (boolean) t[i].text = "BOOLEAN";
      erase(t, i + 1, 3);
    } else if (at(t, i, "DOUBLE") && at(t, i + 1, "PRECISION")) {
      erase(t, i + 1, 1);
    } else if ((at(t, i, "DECIMAL") || at(t, i, "NUMERIC") || at(t, i, "DEC") || at(t, i, "FIXED")) &&
               !punct_at(t, i + 1, '(')) {
      // A bare DECIMAL is DECIMAL(10, 0).
      const std::vector<Token> args = {{Token::Kind::Punct, "("}, {Token::Kind::Word, "10"}, {Token::Kind::Punct, ","},
                                       {Token::Kind::Word, "0"}, {Token::Kind::Punct, ")"}};
      t.insert(t.begin() + static_cast<std::ptrdiff_t>(i + 1), args.begin(), args.end());
    }
  }
  rename_words(t, {{"INTEGER", "INT"}, {"BOOL", "BOOLEAN"}, {"NUMERIC", "DECIMAL"}, {"DEC", "DECIMAL"},
                   {"FIXED", "DECIMAL"}, {"REAL", "DOUBLE"}});
}

std::string join(const std::vector<Token>& tokens) {
  std::string out;
  const Token* prev = nullptr;
  for (const Token& t : tokens) {
    const bool spaced = prev != nullptr && t.kind != Token::Kind::Punct &&
                        (prev->kind != Token::Kind::Punct || prev->text == ")" || prev->text == ",");
    if (spaced) out += ' ';
    out += t.text;
    prev = &t;
  }
  return out;
}

std::string normalize_type(std::string_view type, Dialect dialect) {
  std::vector<Token> tokens = tokenize(type, false);
  for (Token& t : tokens)
    if (t.kind == Token::Kind::Word) t.text = upper(t.text);
  if (dialect == Dialect::Postgresql) postgresql_spelling(tokens);
  if (dialect == Dialect::Mysql) mysql_spelling(tokens);
  return join(tokens);
}

// ---- reading: shared assembly ---------------------------------------------------------

// Tables by name while the catalogue is read; indexes by name within each.
struct Reading {
  std::map<std::string, CatalogueTable> tables;
  std::map<std::string, std::map<std::string, CatalogueIndex>> indexes;

  CatalogueTable* table(const std::string& name) {
    auto it = tables.find(name);
    return it == tables.end() ? nullptr : &it->second;
  }
  void add_table(const std::string& name) {
    if (!is_bookkeeping(name)) tables[name].name = name;
  }
  // One column of an index (or of the primary key), in key order.
  void add_index_column(const std::string& table_name, const std::string& index, bool unique, bool primary,
                        std::string column) {
    CatalogueTable* t = table(table_name);
    if (t == nullptr) return;
    if (primary) {
      t->primary_key.push_back(std::move(column));
      return;
    }
    CatalogueIndex& i = indexes[table_name][index];
    i.name = index;
    i.unique = unique;
    i.columns.push_back(std::move(column));
  }
  Catalogue finish() {
    Catalogue out;
    for (auto& [name, t] : tables) {
      for (auto& [index_name, index] : indexes[name]) t.indexes.push_back(std::move(index));
      // A primary-key column holds no NULL, whether declared NOT NULL or not.
      for (CatalogueColumn& c : t.columns)
        if (std::find(t.primary_key.begin(), t.primary_key.end(), c.name) != t.primary_key.end()) c.nullable = false;
      out.tables.push_back(std::move(t));
    }
    return out;
  }
};

// An index column that is an expression rather than a column.
constexpr std::string_view kExpression = "(expression)";

// ---- SQLite ------------------------------------------------------------------------------

// What pragma_table_info leaves out: the collation (not part of the declared type) and
// AUTOINCREMENT, read from the column definitions of the CREATE TABLE text.
struct SqliteColumnExtras {
  std::string collation;
  bool autoincrement = false;
};

std::map<std::string, SqliteColumnExtras> sqlite_column_extras(std::string_view create_table) {
  std::map<std::string, SqliteColumnExtras> out;
  const std::vector<Token> tokens = tokenize(create_table, true);
  std::size_t i = 0;
  while (i < tokens.size() && !punct_at(tokens, i, '(')) ++i;
  // Each top-level, comma-separated definition; table constraints are skipped.
  while (i < tokens.size() && !punct_at(tokens, i, ')')) {
    ++i;  // past "(" or ","
    if (i >= tokens.size()) break;
    const Token& first = tokens[i];
    const bool constraint = first.is("CONSTRAINT") || first.is("PRIMARY") || first.is("UNIQUE") ||
                            first.is("CHECK") || first.is("FOREIGN");
    SqliteColumnExtras extras;
    int depth = 0;
    for (; i < tokens.size(); ++i) {
      if (punct_at(tokens, i, '(')) ++depth;
      if (punct_at(tokens, i, ')') && depth-- == 0) break;
      if (depth != 0) continue;
      if (punct_at(tokens, i, ',')) break;
      if (tokens[i].is("COLLATE") && i + 1 < tokens.size() && !equals_ci(unquote(tokens[i + 1]), "BINARY"))
        extras.collation = unquote(tokens[i + 1]);
      if (tokens[i].is("AUTOINCREMENT")) extras.autoincrement = true;
    }
    if (!constraint) out[unquote(first)] = std::move(extras);
  }
  return out;
}

Catalogue read_sqlite(driver::Connection& conn) {
  Reading r;
  std::map<std::string, std::map<std::string, SqliteColumnExtras>> extras;
  const driver::Response tables = query(conn, "SELECT name, sql FROM sqlite_master WHERE type = 'table'");
  for (std::size_t i = 0; i < tables.rows.size(); ++i) {
    const std::string name = text(tables.rows.row(i)[0]);
    if (name.starts_with("sqlite_")) continue;  // sqlite_sequence, sqlite_stat1 ...
    r.add_table(name);
    extras[name] = sqlite_column_extras(text(tables.rows.row(i)[1]));
  }

  const driver::Response columns = query(conn,
      "SELECT m.name, p.name, p.type, p.\"notnull\", p.pk FROM sqlite_master AS m, "
      "pragma_table_info(m.name, 'main') AS p WHERE m.type = 'table' ORDER BY m.name, p.cid");
  std::map<std::string, std::vector<std::pair<std::int64_t, std::string>>> keys;  // (position in key, column)
  for (std::size_t i = 0; i < columns.rows.size(); ++i) {
    const Value* row = columns.rows.row(i);
    CatalogueTable* t = r.table(text(row[0]));
    if (t == nullptr) continue;
    CatalogueColumn c;
    c.name = text(row[1]);
    const SqliteColumnExtras& x = extras[t->name][c.name];
    c.type = text(row[2]) + (x.collation.empty() ? "" : " COLLATE " + x.collation);
    c.nullable = !flag(row[3]);
    c.auto_increment = x.autoincrement;
    if (const std::int64_t pk = integer(row[4]); pk > 0) keys[t->name].emplace_back(pk, c.name);
    t->columns.push_back(std::move(c));
  }
  for (auto& [table, key] : keys) {
    std::sort(key.begin(), key.end());
    for (auto& [position, column] : key) r.tables[table].primary_key.push_back(std::move(column));
  }

  // origin 'pk': the automatic index behind a PRIMARY KEY (sqlite_autoindex_<table>_N).
  const driver::Response indexes = query(conn,
      "SELECT m.name, il.name, il.\"unique\", ii.name FROM sqlite_master AS m, "
      "pragma_index_list(m.name, 'main') AS il, pragma_index_info(il.name, 'main') AS ii "
      "WHERE m.type = 'table' AND il.origin <> 'pk' ORDER BY m.name, il.name, ii.seqno");
  for (std::size_t i = 0; i < indexes.rows.size(); ++i) {
    const Value* row = indexes.rows.row(i);
    r.add_index_column(text(row[0]), text(row[1]), flag(row[2]), false,
                       row[3].is_null() ? std::string(kExpression) : text(row[3]));
  }
  return r.finish();
}

// ---- PostgreSQL --------------------------------------------------------------------------

Catalogue read_postgresql(driver::Connection& conn) {
  Reading r;
  const driver::Response tables = query(conn,
      "SELECT c.relname::text FROM pg_catalog.pg_class AS c "
      "JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace "
      "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition");
  for (std::size_t i = 0; i < tables.rows.size(); ++i) r.add_table(text(tables.rows.row(i)[0]));

  // Enum types (and arrays of them) by their own name, quoted as column_type() quotes it;
  // format_type would qualify one outside the search path. A serial column (a nextval
  // default) auto-increments as an identity column does.
  const driver::Response columns = query(conn,
      "SELECT c.relname::text, a.attname::text, format_type(a.atttypid, a.atttypmod), a.attnotnull, "
      "a.attidentity <> '' OR COALESCE(pg_get_expr(d.adbin, d.adrelid) LIKE 'nextval(%', false), "
      "CASE WHEN t.typtype = 'e' THEN t.typname::text END, "
      "CASE WHEN e.typtype = 'e' THEN e.typname::text END "
      "FROM pg_catalog.pg_attribute AS a "
      "JOIN pg_catalog.pg_class AS c ON c.oid = a.attrelid "
      "JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace "
      "JOIN pg_catalog.pg_type AS t ON t.oid = a.atttypid "
      "LEFT JOIN pg_catalog.pg_type AS e ON e.oid = t.typelem AND t.typcategory = 'A' "
      "LEFT JOIN pg_catalog.pg_attrdef AS d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
      "WHERE n.nspname = current_schema() AND a.attnum > 0 AND NOT a.attisdropped "
      "ORDER BY c.relname, a.attnum");
  for (std::size_t i = 0; i < columns.rows.size(); ++i) {
    const Value* row = columns.rows.row(i);
    CatalogueTable* t = r.table(text(row[0]));
    if (t == nullptr) continue;
    CatalogueColumn c;
    c.name = text(row[1]);
    if (!row[5].is_null()) c.type = sql::quote_identifier(text(row[5]), Dialect::Postgresql);
    else if (!row[6].is_null()) c.type = sql::quote_identifier(text(row[6]), Dialect::Postgresql) + "[]";
    else c.type = text(row[2]);
    c.nullable = !flag(row[3]);
    c.auto_increment = flag(row[4]);
    t->columns.push_back(std::move(c));
  }

  // Key columns only (not INCLUDE ones); an expression's column number is 0.
  const driver::Response indexes = query(conn,
      "SELECT c.relname::text, i.relname::text, x.indisunique, x.indisprimary, "
      "COALESCE(a.attname::text, pg_get_indexdef(x.indexrelid, k.ord::int, true)) "
      "FROM pg_catalog.pg_index AS x "
      "JOIN pg_catalog.pg_class AS c ON c.oid = x.indrelid "
      "JOIN pg_catalog.pg_class AS i ON i.oid = x.indexrelid "
      "JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace "
      "CROSS JOIN LATERAL unnest(x.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord) "
      "LEFT JOIN pg_catalog.pg_attribute AS a ON a.attrelid = c.oid AND a.attnum = k.attnum AND k.attnum > 0 "
      "WHERE n.nspname = current_schema() AND k.ord <= x.indnkeyatts "
      "ORDER BY c.relname, i.relname, k.ord");
  for (std::size_t i = 0; i < indexes.rows.size(); ++i) {
    const Value* row = indexes.rows.row(i);
    r.add_index_column(text(row[0]), text(row[1]), flag(row[2]), flag(row[3]), text(row[4]));
  }
  return r.finish();
}

// ---- MySQL / MariaDB ---------------------------------------------------------------------

// MariaDB keeps JSON as LONGTEXT with a CHECK (json_valid(`column`)) constraint; MySQL has
// a JSON type. The columns that have one, as "table\0column".
std::set<std::string> mariadb_json_columns(driver::Connection& conn) {
  std::set<std::string> out;
  const driver::Response version = query(conn, "SELECT VERSION()");
  if (version.rows.size() != 1 || text(version.rows.row(0)[0]).find("MariaDB") == std::string::npos) return out;
  // MariaDB's CHECK_CONSTRAINTS has TABLE_NAME (MySQL's has not).
  const driver::Response checks = query(conn,
      "SELECT TABLE_NAME, CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS "
      "WHERE CONSTRAINT_SCHEMA = DATABASE()");
  constexpr std::string_view kPrefix = "json_valid(", kSuffix = ")";
  for (std::size_t i = 0; i < checks.rows.size(); ++i) {
    const std::string clause = text(checks.rows.row(i)[1]);
    if (!clause.starts_with(kPrefix) || !clause.ends_with(kSuffix)) continue;
    const std::vector<Token> inside = tokenize(std::string_view(clause).substr(
        kPrefix.size(), clause.size() - kPrefix.size() - kSuffix.size()), false);
    if (inside.size() == 1) out.insert(text(checks.rows.row(i)[0]) + '\0' + unquote(inside[0]));
  }
  return out;
}

Catalogue read_mysql(driver::Connection& conn) {
  Reading r;
  const driver::Response tables = query(conn,
      "SELECT TABLE_NAME FROM information_schema.TABLES "
      "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE'");
  for (std::size_t i = 0; i < tables.rows.size(); ++i) r.add_table(text(tables.rows.row(i)[0]));

  const std::set<std::string> json = mariadb_json_columns(conn);
  const driver::Response columns = query(conn,
      "SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, EXTRA FROM information_schema.COLUMNS "
      "WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, ORDINAL_POSITION");
  for (std::size_t i = 0; i < columns.rows.size(); ++i) {
    const Value* row = columns.rows.row(i);
    CatalogueTable* t = r.table(text(row[0]));
    if (t == nullptr) continue;
    CatalogueColumn c;
    c.name = text(row[1]);
    c.type = text(row[2]);
    if (equals_ci(c.type, "longtext") && json.contains(t->name + '\0' + c.name)) c.type = "JSON";
    c.nullable = equals_ci(text(row[3]), "YES");
    c.auto_increment = upper(text(row[4])).find("AUTO_INCREMENT") != std::string::npos;
    t->columns.push_back(std::move(c));
  }

  const driver::Response indexes = query(conn,
      "SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, COLUMN_NAME FROM information_schema.STATISTICS "
      "WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX");
  for (std::size_t i = 0; i < indexes.rows.size(); ++i) {
    const Value* row = indexes.rows.row(i);
    const std::string index = text(row[1]);
    r.add_index_column(text(row[0]), index, !flag(row[2]), index == "PRIMARY",
                       row[3].is_null() ? std::string(kExpression) : text(row[3]));
  }
  return r.finish();
}

void normalize(Catalogue& c, Dialect dialect) {
  for (CatalogueTable& t : c.tables)
    for (CatalogueColumn& col : t.columns) col.type = normalize_type(col.type, dialect);
}

// ---- comparing ---------------------------------------------------------------------------

std::string quoted(std::string_view name) {
  std::string out = "\"";
  for (char c : name) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + '"';
}

std::string name_list(const std::vector<std::string>& names) {
  if (names.empty()) return "none";
  std::string out = "(";
  for (const std::string& n : names) out += (out.size() > 1 ? ", " : "") + quoted(n);
  return out + ')';
}

template <class T>
const T* find_named(const std::vector<T>& items, const std::string& name) {
  for (const T& item : items)
    if (item.name == name) return &item;
  return nullptr;
}

// Names of both lists, each once, sorted.
template <class T>
std::set<std::string> all_names(const std::vector<T>& a, const std::vector<T>& b) {
  std::set<std::string> out;
  for (const T& x : a) out.insert(x.name);
  for (const T& x : b) out.insert(x.name);
  return out;
}

void compare_column(const std::string& where, const CatalogueColumn& e, const CatalogueColumn& a,
                    std::vector<std::string>& out) {
  const std::string prefix = where + "column " + quoted(e.name) + ": ";
  if (e.type != a.type) out.push_back(prefix + "type " + e.type + " expected, " + a.type + " found");
  if (e.nullable != a.nullable)
    out.push_back(prefix + (e.nullable ? "nullable expected, NOT NULL found" : "NOT NULL expected, nullable found"));
  if (e.auto_increment != a.auto_increment)
    out.push_back(prefix + (e.auto_increment ? "auto-increment expected, none found"
                                             : "no auto-increment expected, auto-increment found"));
}

void compare_columns(const std::string& where, const CatalogueTable& e, const CatalogueTable& a,
                     std::vector<std::string>& out) {
  std::vector<std::string> order_expected, order_found;  // the columns both have
  for (const CatalogueColumn& c : e.columns) {
    const CatalogueColumn* found = find_named(a.columns, c.name);
    if (found == nullptr) {
      out.push_back(where + "column " + quoted(c.name) + " is missing");
      continue;
    }
    compare_column(where, c, *found, out);
    order_expected.push_back(c.name);
  }
  for (const CatalogueColumn& c : a.columns) {
    if (find_named(e.columns, c.name) == nullptr) out.push_back(where + "column " + quoted(c.name) + " is not in the schema");
    else order_found.push_back(c.name);
  }
  if (order_expected != order_found)
    out.push_back(where + "column order " + name_list(order_expected) + " expected, " + name_list(order_found) + " found");
}

void compare_indexes(const std::string& where, const CatalogueTable& e, const CatalogueTable& a,
                     std::vector<std::string>& out) {
  for (const std::string& name : all_names(e.indexes, a.indexes)) {
    const CatalogueIndex* ei = find_named(e.indexes, name);
    const CatalogueIndex* ai = find_named(a.indexes, name);
    const std::string prefix = where + "index " + quoted(name);
    if (ai == nullptr) {
      out.push_back(prefix + " is missing");
    } else if (ei == nullptr) {
      out.push_back(prefix + " is not in the schema");
    } else {
      if (ei->columns != ai->columns)
        out.push_back(prefix + ": columns " + name_list(ei->columns) + " expected, " + name_list(ai->columns) + " found");
      if (ei->unique != ai->unique)
        out.push_back(prefix + (ei->unique ? ": unique expected, not unique found" : ": not unique expected, unique found"));
    }
  }
}

}  // namespace

Catalogue read_catalogue(driver::Connection& conn, sql::Dialect dialect) {
  Catalogue c;
  switch (dialect) {
    case Dialect::Sqlite: c = read_sqlite(conn); break;
    case Dialect::Postgresql: c = read_postgresql(conn); break;
    case Dialect::Mysql: c = read_mysql(conn); break;
  }
  normalize(c, dialect);
  return c;
}

Catalogue expected_catalogue(const db::Schema& schema, sql::Dialect dialect) {
  (void)sql::create_schema(schema, dialect);  // refuses what it would refuse (bad positions, SQLite keys)
  Catalogue out;
  for (const db::Table& table : schema.tables) {
    if (is_bookkeeping(table.name)) continue;
    CatalogueTable t;
    t.name = table.name;
    // As create_schema decides: MySQL bounds the text of key and index columns.
    std::vector<bool> indexed(table.columns.size(), false);
    for (std::size_t c : table.primary_key) indexed[c] = true;
    for (const db::Index& index : table.indexes)
      for (std::size_t c : index.columns) indexed[c] = true;
    for (std::size_t c : table.primary_key) t.primary_key.push_back(table.columns[c].name);
    for (std::size_t i = 0; i < table.columns.size(); ++i) {
      const db::Column& column = table.columns[i];
      const bool key = std::find(table.primary_key.begin(), table.primary_key.end(), i) != table.primary_key.end();
      t.columns.push_back({column.name, sql::detail::column_type(column, indexed[i], dialect),
                           column.nullable && !key, column.auto_increment});
    }
    for (const db::Index& index : table.indexes) {
      CatalogueIndex ci{index.name, {}, index.unique};
      for (std::size_t c : index.columns) ci.columns.push_back(table.columns[c].name);
      t.indexes.push_back(std::move(ci));
    }
    std::sort(t.indexes.begin(), t.indexes.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
    out.tables.push_back(std::move(t));
  }
  std::sort(out.tables.begin(), out.tables.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  normalize(out, dialect);
  return out;
}

std::vector<std::string> compare_catalogues(const Catalogue& expected, const Catalogue& actual) {
  std::vector<std::string> out;
  for (const std::string& name : all_names(expected.tables, actual.tables)) {
    const CatalogueTable* e = find_named(expected.tables, name);
    const CatalogueTable* a = find_named(actual.tables, name);
    if (a == nullptr) {
      out.push_back("table " + quoted(name) + " is missing");
      continue;
    }
    if (e == nullptr) {
      out.push_back("table " + quoted(name) + " is not in the schema");
      continue;
    }
    const std::string where = "table " + quoted(name) + ": ";
    compare_columns(where, *e, *a, out);
    if (e->primary_key != a->primary_key)
      out.push_back(where + "primary key " + name_list(e->primary_key) + " expected, " + name_list(a->primary_key) + " found");
    compare_indexes(where, *e, *a, out);
  }
  return out;
}

std::vector<std::string> drift(driver::Connection& conn, std::string_view driver, const db::Schema& expected) {
  if (auto dialect = sql::dialect_of_driver(driver))
    return compare_catalogues(expected_catalogue(expected, *dialect), read_catalogue(conn, *dialect));
#if TOASTY_MIGRATE_DYNAMODB
  if (driver == "dynamodb") {
    const std::string step = dynamodb_compare_step(expected);
    driver::Response r = conn.exec(driver::SchemaStep{step});
    std::vector<std::string> out;
    for (const Value& v : r.rows.cells) out.push_back(v.as_string());
    return out;
  }
#endif
  throw MigrationError("toasty: no drift check for " + std::string(driver));
}

}  // namespace toasty::migrations
