#include "schema_files.hpp"

#include <deque>
#include <fstream>
#include <iterator>
#include <memory>

#include "toasty-gen/check.hpp"
#include "toasty-gen/diagnostics.hpp"
#include "toasty-gen/parser.hpp"
#include "toasty-gen/schema.hpp"
#include "toasty/core/decimal.hpp"
#include "toasty/core/time.hpp"
#include "toasty/error.hpp"
#include "toasty/schema/app.hpp"
#include "toasty/schema/schema.hpp"

namespace toasty_cli {

namespace {

using toasty::ScalarType;
using toasty_gen::ScalarKind;

// The two enumerations list the same types in the same order.
static_assert(static_cast<int>(ScalarKind::Decimal) == static_cast<int>(ScalarType::Decimal));
static_assert(static_cast<int>(ScalarKind::Timestamp) == static_cast<int>(ScalarType::Timestamp));
ScalarType scalar(ScalarKind k) { return static_cast<ScalarType>(static_cast<int>(k)); }

// A #[default(...)] as the value its column holds.
std::optional<toasty::Value> default_value(const toasty_gen::Field& f) {
  using Kind = toasty_gen::DefaultValue::Kind;
  if (f.list) return toasty::Value(toasty::Value::List{});
  if (f.version) return toasty::Value(std::int64_t{1});
  if (f.auto_generated && f.type == ScalarKind::Timestamp)  // #[default(now)]: when the migration was made
    return toasty::Value(std::chrono::floor<std::chrono::seconds>(toasty::now()));
  if (!f.default_value) return std::nullopt;
  const toasty_gen::DefaultValue& d = *f.default_value;
  switch (d.kind) {
    case Kind::Int: return toasty::Value(d.i);
    case Kind::Uint: return toasty::Value(d.u);
    case Kind::Float: return toasty::Value(d.f);
    case Kind::Bool: return toasty::Value(d.b);
    case Kind::String: return toasty::Value(d.s);
    case Kind::Text:
      switch (f.type) {
        case ScalarKind::Timestamp:
          if (auto t = toasty::parse_timestamp(d.s)) return toasty::Value(*t);
          break;
        case ScalarKind::Date:
          if (auto t = toasty::parse_date(d.s)) return toasty::Value(*t);
          break;
        case ScalarKind::DateTime:
          if (auto t = toasty::parse_datetime(d.s)) return toasty::Value(*t);
          break;
        case ScalarKind::Time:
          if (auto t = toasty::parse_time(d.s)) return toasty::Value(*t);
          break;
        case ScalarKind::Decimal: return toasty::Value(toasty::Decimal(d.s));
        default: break;
      }
      return toasty::Value(d.s);
  }
  return std::nullopt;
}

std::string read_file(const std::string& path, bool& ok) {
  std::ifstream in(path, std::ios::binary);
  ok = static_cast<bool>(in);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

}  // namespace

bool load_schema_files(const std::vector<std::string>& paths, SchemaFiles& out, std::string& diagnostics) {
  // app::Models point at their enums: both live here until the db schema is built.
  std::deque<toasty::app::Enum> enums;
  std::deque<toasty::app::Model> models;
  std::vector<const toasty::app::Model*> model_ptrs;
  struct Source {
    const toasty_gen::Model* model;
    std::string file;
  };
  std::vector<toasty_gen::Schema> checked;
  checked.reserve(paths.size());
  for (const std::string& path : paths) {
    bool ok = false;
    const std::string text = read_file(path, ok);
    if (!ok) {
      diagnostics += path + ": error: cannot read the schema file\n";
      continue;
    }
    toasty_gen::Diagnostics diags;
    toasty_gen::ast::File file = toasty_gen::parse_source(text, diags);
    toasty_gen::Schema schema = toasty_gen::check(file, diags);
    if (diags.has_errors()) {
      diagnostics += diags.format(path);
      continue;
    }
    checked.push_back(std::move(schema));
  }
  if (!diagnostics.empty()) return false;

  for (const toasty_gen::Schema& s : checked) {
    for (const toasty_gen::Model& gm : s.models) {
      toasty::app::Model& m = models.emplace_back();
      m.name = gm.name;
      m.table = gm.table;
      for (const toasty_gen::Field& gf : gm.fields) {
        toasty::app::Field f;
        f.name = gf.name;
        f.type = scalar(gf.type);
        f.nullable = gf.optional;
        f.auto_generated = gf.auto_generated;
        f.column = gf.column;
        f.max_length = gf.max_length;
        if (gf.column_storage) f.column_storage = scalar(*gf.column_storage);
        f.json_text = gf.json_text;
        f.decimal_precision = gf.decimal_precision;
        f.decimal_scale = gf.decimal_scale;
        f.list = gf.list;
        if (!gf.enum_name.empty())
          for (const toasty_gen::Enum& ge : s.enums)
            if (ge.name == gf.enum_name && !ge.native_name.empty() && !ge.integer) {
              toasty::app::Enum& e = enums.emplace_back();
              e.name = ge.name;
              e.native_name = ge.native_name;
              for (const auto& v : ge.variants) e.variants.push_back({v.name, v.label, v.value});
              f.enum_type = &e;
            }
        m.fields.push_back(std::move(f));
      }
      m.primary_key = gm.primary_key;
      for (const toasty_gen::Index& gi : gm.indexes) m.indexes.push_back({gi.name, gi.fields, gi.unique});
      model_ptrs.push_back(&m);
    }
  }
  std::shared_ptr<const toasty::Schema> built;
  try {
    built = toasty::Schema::build(model_ptrs);
  } catch (const toasty::InvalidSchema& e) {
    std::string files;
    for (const std::string& p : paths) files += (files.empty() ? "" : ", ") + p;
    diagnostics += files + ": error: " + std::string(e.what()) + "\n";
    return false;
  }
  out.schema = built->db();

  // Hints, by the db names the models map to.
  std::size_t table = 0;
  for (const toasty_gen::Schema& s : checked)
    for (const toasty_gen::Model& gm : s.models) {
      const toasty::db::Table& t = out.schema.tables[table++];
      if (!gm.renamed_from.empty()) out.hints.table_renames[t.name] = gm.renamed_from;
      for (std::size_t i = 0; i < gm.fields.size(); ++i) {
        const toasty_gen::Field& gf = gm.fields[i];
        const std::string& column = t.columns[i].name;
        if (!gf.renamed_from.empty()) out.hints.column_renames[{t.name, column}] = gf.renamed_from;
        if (auto v = default_value(gf)) out.hints.fills[{t.name, column}] = std::move(*v);
      }
    }
  return true;
}

}  // namespace toasty_cli
