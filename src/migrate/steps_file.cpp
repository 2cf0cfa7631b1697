#include "migrate/steps_file.hpp"

#include <nlohmann/json.hpp>

#include "toasty/error.hpp"

namespace toasty::migrations {

namespace {

using nlohmann::ordered_json;

std::string position(std::string_view text, std::size_t offset) {
  std::size_t line = 1, column = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return std::to_string(line) + ":" + std::to_string(column);
}

// The 1-based line of each element of the root object's "steps" array, in order.
std::vector<std::size_t> step_lines(std::string_view text) {
  std::vector<std::size_t> lines;
  std::size_t line = 1, depth = 0, steps_depth = 0;
  bool expect_element = false;
  std::string last_key;  // the last string read at depth 1 (a key, when a ':' follows)
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n') ++line;
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
    if (steps_depth != 0 && depth == steps_depth && expect_element && c != ']') {
      lines.push_back(line);
      expect_element = false;
    }
    if (c == '"') {
      std::string s;
      for (++i; i < text.size() && text[i] != '"'; ++i) {
        if (text[i] == '\\') ++i;
        else if (text[i] == '\n') ++line;
        else s += text[i];
      }
      if (depth == 1) last_key = std::move(s);
    } else if (c == '{' || c == '[') {
      ++depth;
      if (c == '[' && depth == 2 && last_key == "steps") {
        steps_depth = 2;
        expect_element = true;
      }
    } else if (c == '}' || c == ']') {
      if (depth == steps_depth) steps_depth = 0;
      if (depth > 0) --depth;
    } else if (c == ',' && depth == steps_depth) {
      expect_element = true;
    }
  }
  return lines;
}

}  // namespace

std::vector<SqlStatement> split_steps(std::string_view text, const std::string& file) {
  ordered_json root;
  try {
    root = ordered_json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    std::string what = e.what();
    if (auto at = what.find("; "); at != std::string::npos) what = what.substr(at + 2);
    throw InvalidSchema("toasty: " + file + ":" + position(text, e.byte == 0 ? 0 : e.byte - 1) + ": " + what);
  } catch (const nlohmann::json::exception& e) {  // a number too large for a double, say
    std::string what = e.what();
    if (auto at = what.find("] "); at != std::string::npos) what = what.substr(at + 2);
    throw InvalidSchema("toasty: " + file + ": " + what);
  }
  if (!root.is_object() || !root.contains("steps") || !root["steps"].is_array())
    throw InvalidSchema("toasty: " + file + ": a DynamoDB migration file is an object whose \"steps\" is a list");
  const ordered_json& steps = root["steps"];
  const std::vector<std::size_t> lines = step_lines(text);
  std::vector<SqlStatement> out;
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const ordered_json& step = steps[i];
    const std::size_t line = i < lines.size() ? lines[i] : 1;
    if (!step.is_object() || step.size() != 1)
      throw InvalidSchema("toasty: " + file + ":" + std::to_string(line) + ": step " + std::to_string(i + 1) +
                          " is not an object with one action, such as {\"CreateTable\": {...}}");
    out.push_back(SqlStatement{step.dump(), line});
  }
  return out;
}

std::string steps_file_text(const std::string& migration, const char* direction, const std::vector<std::string>& steps) {
  std::string out = "{\n  \"migration\": " + ordered_json(migration).dump() + ",\n  \"direction\": \"" + direction +
                    "\",\n  \"note\": \"DynamoDB steps, run in order. Written by `toasty migration generate`; review "
                    "them, and edit them if you need to.\",\n  \"steps\": [";
  for (std::size_t i = 0; i < steps.size(); ++i) {
    std::string step = ordered_json::parse(steps[i]).dump(2);
    std::string indented = "    ";
    for (char c : step) {
      indented += c;
      if (c == '\n') indented += "    ";
    }
    out += (i == 0 ? "\n" : ",\n") + indented;
  }
  out += steps.empty() ? "]\n}\n" : "\n  ]\n}\n";
  return out;
}

}  // namespace toasty::migrations
