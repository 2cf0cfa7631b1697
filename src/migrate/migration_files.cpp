#include "migrate/migration_files.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

namespace toasty::migrations {

namespace fs = std::filesystem;

// Internal to this file (and load_migrations below).

[[noreturn]] static void fail(const std::string& what) { throw MigrationError("toasty: " + what); }

static std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) fail("cannot read " + p.string());
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

static void write_file(const fs::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary);
  out << text;
  out.close();
  if (!out) fail("cannot write " + p.string());
}

// "0003_add_bio" -> ("0003", "add_bio"); nullopt for anything else.
static std::optional<std::pair<std::string, std::string>> split_dir_name(const std::string& n) {
  std::size_t digits = 0;
  while (digits < n.size() && n[digits] >= '0' && n[digits] <= '9') ++digits;
  if (digits == 0 || digits > 9 || digits >= n.size() - 1 || n[digits] != '_') return std::nullopt;
  return std::make_pair(n.substr(0, digits), n.substr(digits + 1));
}

fs::path migration_path(const fs::path& dir, const Migration& m) { return dir / m.full_name(); }

std::string migration_name(std::string_view wanted) {
  std::string out;
  for (char c : wanted) {
    if (c >= 'A' && c <= 'Z') out += static_cast<char>(c - 'A' + 'a');
    else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) out += c;
    else if (!out.empty() && out.back() != '_') out += '_';
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  if (out.empty()) fail("a migration needs a name of letters and digits (e.g. `add_user_bio`)");
  return out;
}

std::string next_id(const std::vector<Migration>& existing) {
  std::uint64_t next = 1;
  for (const Migration& m : existing) next = std::max<std::uint64_t>(next, std::stoull(m.id) + 1);
  std::string id = std::to_string(next);
  if (id.size() < 4) id.insert(0, 4 - id.size(), '0');
  return id;
}

// CREATE TABLE with one column (or key, or index) a line, for people reading the file.
static std::string readable(const std::string& statement) {
  if (statement.rfind("CREATE TABLE ", 0) != 0) return statement;
  std::string out;
  int depth = 0;
  char quote = 0;
  for (std::size_t i = 0; i < statement.size(); ++i) {
    const char c = statement[i];
    if (quote) {
      out += c;
      if (c == quote) quote = 0;
      continue;
    }
    if (c == '"' || c == '`' || c == '\'') {
      quote = c;
      out += c;
    } else if (c == '(') {
      out += c;
      if (++depth == 1) out += "\n  ";
    } else if (c == ')') {
      if (depth-- == 1) out += '\n';
      out += c;
    } else if (c == ',' && depth == 1 && i + 1 < statement.size() && statement[i + 1] == ' ') {
      out += ",\n  ";
      ++i;
    } else {
      out += c;
    }
  }
  return out;
}

std::string sql_file_text(const std::string& header, const std::vector<std::string>& statements) {
  std::string out = header;
  for (const std::string& s : statements) {
    out += '\n';
    out += readable(s);
    out += ";\n";
  }
  if (statements.empty()) out += "\n-- (nothing to do in this dialect)\n";
  return out;
}

void write_migration(const fs::path& dir, const Migration& m) {
  const fs::path at = migration_path(dir, m);
  std::error_code ec;
  if (fs::exists(at, ec)) fail(at.string() + " exists already");
  fs::create_directories(at, ec);
  if (ec) fail("cannot create " + at.string() + ": " + ec.message());
  const std::pair<const char*, const Migration::Sql*> dialects[] = {
      {"sqlite", &m.sqlite}, {"postgresql", &m.postgresql}, {"mysql", &m.mysql}};
  for (const auto& [name, sql] : dialects) {
    write_file(at / (std::string("up.") + name + ".sql"), sql->up);
    write_file(at / (std::string("down.") + name + ".sql"), sql->down);
  }
  if (!m.dynamodb.up.empty()) {
    write_file(at / "up.dynamodb.json", m.dynamodb.up);
    write_file(at / "down.dynamodb.json", m.dynamodb.down);
  }
  write_file(at / "snapshot.json", m.snapshot);
}

}  // namespace toasty::migrations

namespace toasty {

using migrations::fail;
using migrations::read_file;
using migrations::split_dir_name;
namespace fs = std::filesystem;

const Migration::Sql& Migration::sql_for(std::string_view driver) const {
  if (driver == "sqlite") return sqlite;
  if (driver == "postgresql") return postgresql;
  if (driver == "mysql") return mysql;
  if (driver == "dynamodb") {
    if (dynamodb.up.empty())
      throw MigrationError("toasty: migration " + full_name() +
                           " has no DynamoDB steps (up.dynamodb.json, down.dynamodb.json): it was written for the SQL "
                           "databases only");
    return dynamodb;
  }
  throw MigrationError("toasty: migrations run on SQLite, PostgreSQL, MySQL/MariaDB and DynamoDB, not on " +
                       std::string(driver));
}

std::vector<Migration> load_migrations(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    fail("the migrations directory " + dir.string() + " does not exist (`toasty migration generate` creates it)");
  std::map<std::string, Migration> by_id;
  for (const fs::directory_entry& e : fs::directory_iterator(dir, ec)) {
    if (!e.is_directory()) continue;
    const std::string n = e.path().filename().string();
    if (n.empty() || n[0] == '.') continue;
    auto parts = split_dir_name(n);
    if (!parts) fail(e.path().string() + ": a migration's directory is named NNNN_name (e.g. 0001_create_users)");
    Migration m;
    m.id = parts->first;
    m.name = parts->second;
    if (auto it = by_id.find(m.id); it != by_id.end())
      fail(dir.string() + ": two migrations have the id " + m.id + ": " + it->second.full_name() + " and " + n);
    const std::pair<const char*, Migration::Sql*> dialects[] = {
        {"sqlite", &m.sqlite}, {"postgresql", &m.postgresql}, {"mysql", &m.mysql}};
    for (const auto& [name, sql] : dialects) {
      sql->up = read_file(e.path() / (std::string("up.") + name + ".sql"));
      sql->down = read_file(e.path() / (std::string("down.") + name + ".sql"));
    }
    std::error_code probe;
    if (fs::exists(e.path() / "up.dynamodb.json", probe) || fs::exists(e.path() / "down.dynamodb.json", probe)) {
      m.dynamodb.up = read_file(e.path() / "up.dynamodb.json");
      m.dynamodb.down = read_file(e.path() / "down.dynamodb.json");
    }
    m.snapshot = read_file(e.path() / "snapshot.json");
    by_id.emplace(m.id, std::move(m));
  }
  if (ec) fail("cannot read the migrations directory " + dir.string() + ": " + ec.message());
  // Ids compare as numbers ("10" after "9"), whatever their zero padding.
  std::vector<Migration> out;
  for (auto& [id, m] : by_id) out.push_back(std::move(m));
  std::stable_sort(out.begin(), out.end(),
                   [](const Migration& a, const Migration& b) { return std::stoull(a.id) < std::stoull(b.id); });
  for (std::size_t i = 1; i < out.size(); ++i)
    if (std::stoull(out[i].id) == std::stoull(out[i - 1].id))
      fail(dir.string() + ": two migrations have the id " + out[i].id + ": " + out[i - 1].full_name() + " and " +
           out[i].full_name());
  return out;
}

}  // namespace toasty
