#include "toasty-gen/ast.hpp"

#include "toasty-gen/cpp_text.hpp"

namespace toasty_gen::ast {

std::string Path::str() const {
  std::string out = global ? "::" : "";
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i) out += dotted ? "." : "::";
    out += parts[i];
  }
  return out;
}

std::string Literal::display() const {
  switch (kind) {
    case Kind::Int:
    case Kind::Float: return (negative ? "-" : "") + text;
    case Kind::Bool: return bool_value ? "true" : "false";
    case Kind::String: return cpp_string_literal(text);
  }
  return text;
}

std::string TypeRef::str() const {
  std::string out = name.str();
  if (!args.empty()) {
    out += '<';
    for (std::size_t i = 0; i < args.size(); ++i) {
      if (i) out += ", ";
      out += args[i].str();
    }
    out += '>';
  }
  return out;
}

}  // namespace toasty_gen::ast
