#include "toasty-gen/generate.hpp"

#include "toasty-gen/check.hpp"
#include "toasty-gen/codegen.hpp"
#include "toasty-gen/diagnostics.hpp"
#include "toasty-gen/parser.hpp"

namespace toasty_gen {

std::string file_name_of(std::string_view path) {
  std::size_t slash = path.find_last_of("/\\");
  return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

std::string default_stem(std::string_view path) {
  std::string name = file_name_of(path);
  constexpr std::string_view kExt = ".toasty";
  if (name.size() > kExt.size() && name.compare(name.size() - kExt.size(), kExt.size(), kExt) == 0) {
    return name.substr(0, name.size() - kExt.size());
  }
  std::size_t dot = name.find_last_of('.');
  if (dot != std::string::npos && dot > 0) return name.substr(0, dot);
  return name;
}

GenerateResult generate(std::string_view text, std::string_view path, std::string_view stem,
                        bool emit) {
  GenerateResult result;
  Diagnostics diags;
  ast::File file = parse_source(text, diags);
  Schema schema = check(file, diags);
  result.diagnostics = diags.format(path);  // warnings too when there are no errors
  if (diags.has_errors()) return result;
  result.ok = true;
  if (emit) {
    EmitOptions options{file_name_of(path), std::string(stem)};
    result.header = emit_header(schema, options);
    result.source = emit_source(schema, options);
  }
  return result;
}

}  // namespace toasty_gen
