#include "migrate/split_statements.hpp"

#include <cctype>

#include "toasty/error.hpp"

namespace toasty::migrations {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// The tag of a dollar quote starting at text[i] ("$$" or "$name$"), or empty.
std::string_view dollar_tag(std::string_view text, std::size_t i) {
  if (text[i] != '$') return {};
  std::size_t j = i + 1;
  // A tag is an identifier (not starting with a digit: `$1` is a parameter).
  if (j < text.size() && std::isdigit(static_cast<unsigned char>(text[j]))) return {};
  while (j < text.size() && (std::isalnum(static_cast<unsigned char>(text[j])) || text[j] == '_')) ++j;
  if (j < text.size() && text[j] == '$') return text.substr(i, j + 1 - i);
  return {};
}

}  // namespace

std::vector<SqlStatement> split_statements(std::string_view text, const std::string& file,
                                           bool backslash_escapes) {
  std::vector<SqlStatement> out;
  std::string current;
  std::size_t line = 1, start_line = 0;
  auto fail = [&](const char* what, std::size_t at) {
    throw InvalidSchema("toasty: " + file + ":" + std::to_string(at) + ": " + what + " that is never closed");
  };
  auto finish = [&] {
    while (!current.empty() && is_space(current.back())) current.pop_back();
    if (!current.empty()) out.push_back(SqlStatement{std::move(current), start_line});
    current.clear();
    start_line = 0;
  };
  auto keep = [&](std::string_view piece) {
    if (current.empty() && start_line == 0) start_line = line;
    current += piece;
  };
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c == '\n') {
      if (!current.empty()) current += c;
      ++line;
      ++i;
      continue;
    }
    if (is_space(c) && current.empty()) {
      ++i;
      continue;
    }
    if (c == '-' && i + 1 < text.size() && text[i + 1] == '-') {  // to the end of the line
      while (i < text.size() && text[i] != '\n') ++i;
      continue;
    }
    if (c == '/' && i + 1 < text.size() && text[i + 1] == '*') {
      const std::size_t from = line;
      std::size_t end = text.find("*/", i + 2);
      if (end == std::string_view::npos) fail("a /* comment", from);
      for (std::size_t k = i; k < end; ++k) line += text[k] == '\n';
      if (!current.empty()) current += ' ';
      i = end + 2;
      continue;
    }
    if (c == '\'' || c == '"' || c == '`') {
      const std::size_t from = line, begin = i;
      ++i;
      for (;;) {
        if (i >= text.size()) fail(c == '\'' ? "a quoted string" : "a quoted name", from);
        if (text[i] == '\n') ++line;
        // MySQL reads backslash escapes in strings; a doubled quote is one quote everywhere.
        if (backslash_escapes && text[i] == '\\' && c != '`' && i + 1 < text.size()) {
          if (text[i + 1] == '\n') ++line;
          i += 2;
          continue;
        }
        if (text[i] == c) {
          if (i + 1 < text.size() && text[i + 1] == c) {
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        ++i;
      }
      const std::size_t saved = line;
      line = from;
      keep(text.substr(begin, i - begin));
      line = saved;
      continue;
    }
    if (c == '$') {
      std::string_view tag = dollar_tag(text, i);
      if (!tag.empty()) {
        const std::size_t from = line;
        std::size_t end = text.find(tag, i + tag.size());
        if (end == std::string_view::npos) fail("a dollar-quoted body", from);
        end += tag.size();
        keep(text.substr(i, end - i));
        for (std::size_t k = i; k < end; ++k) line += text[k] == '\n';
        i = end;
        continue;
      }
    }
    if (c == ';') {
      finish();
      ++i;
      continue;
    }
    keep(text.substr(i, 1));
    ++i;
  }
  finish();
  return out;
}

}  // namespace toasty::migrations
