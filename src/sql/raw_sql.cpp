// SQL users write themselves (Executor::execute / sql): `?` placeholders translated per
// dialect, and the result columns matched to a model's by name.
#include "sql/serializer.hpp"
#include "toasty/error.hpp"

namespace toasty::sql {

std::string raw_sql_text(std::string_view sql, Dialect dialect, std::size_t params) {
  std::string out;
  out.reserve(sql.size() + 8);
  std::size_t found = 0;
  for (std::size_t i = 0; i < sql.size(); ++i) {
    const char c = sql[i];
    // Quoted text, quoted identifiers and comments are copied as they are: a `?` there is
    // no placeholder. A doubled quote inside stays inside (''); MySQL's backslash escapes
    // too.
    if (c == '\'' || c == '"' || (c == '`' && dialect == Dialect::Mysql)) {
      std::size_t j = i + 1;
      for (; j < sql.size(); ++j) {
        if (sql[j] == '\\' && dialect == Dialect::Mysql && c != '`') {
          ++j;
          continue;
        }
        if (sql[j] == c) {
          if (j + 1 < sql.size() && sql[j + 1] == c) {
            ++j;
            continue;
          }
          break;
        }
      }
      if (j >= sql.size()) throw InvalidStatement("toasty: SQL with an unclosed quote (" + std::string(1, c) + "): " + excerpt(sql));
      out.append(sql, i, j - i + 1);
      i = j;
    } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      std::size_t end = sql.find('\n', i);
      if (end == std::string_view::npos) end = sql.size() - 1;
      out.append(sql, i, end - i + 1);
      i = end;
    } else if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
      std::size_t end = sql.find("*/", i + 2);
      if (end == std::string_view::npos) throw InvalidStatement("toasty: SQL with an unclosed comment: " + excerpt(sql));
      out.append(sql, i, end + 2 - i);
      i = end + 1;
    } else if (c == '?') {
      ++found;
      out += dialect == Dialect::Postgresql ? '$' : '?';
      if (dialect == Dialect::Postgresql) out += std::to_string(found);
    } else {
      out += c;
    }
  }
  if (found != params)
    throw InvalidStatement("toasty: the SQL has " + std::to_string(found) + " placeholders (?) but " +
                           std::to_string(params) + " values were given: " + excerpt(sql));
  return out;
}

std::vector<const db::Column*> raw_sql_types(const std::vector<std::string>& names, const db::Table* expect) {
  std::vector<const db::Column*> out(names.size(), nullptr);
  if (!expect) return out;
  for (std::size_t i = 0; i < names.size(); ++i)
    for (const auto& c : expect->columns)
      if (c.name == names[i]) out[i] = &c;
  return out;
}

}  // namespace toasty::sql
