// The schema checker: embedded structs — their fields, nesting (no cycles), and their
// flattening into the columns of the models that hold them.
#include <map>
#include <string_view>

#include "toasty-gen/checker.hpp"

namespace toasty_gen::check_detail {

namespace {
// Members of every generated embed struct and of its Fields.
constexpr std::string_view kEmbedMembers[] = {"Fields", "width", "from_row", "to_values", "eq", "ne",
                                              "wrap", "model_", "first_", "via_"};
}  // namespace

Embed Checker::check_embed(const ast::Model& ae) {
  Embed e;
  e.name = ae.name;
  e.loc = ae.loc;
  if (check_identifier(ae.name, ae.loc, "an embed name", false) &&
      (ae.name == "models" || ae.name == "std" || ae.name == "toasty"))
    d_.error(ae.loc, "embed name `" + ae.name + "` collides with a name the generated code uses; choose another name");
  for (const ast::Attribute& a : ae.attrs)
    d_.error(a.loc, "`#[" + a.name + "]` cannot be used on an embed (it has no table or key of its own)");
  std::map<std::string, Loc> seen;
  for (const ast::Field& af : ae.fields) {
    if (auto [it, fresh] = seen.emplace(af.name, af.loc); !fresh) {
      d_.error(af.loc, "duplicate field `" + af.name + "` in embed `" + ae.name + "` (first defined at " +
                           to_string(it->second) + ")");
      continue;
    }
    if (!check_identifier(af.name, af.loc, "a field name", false)) continue;
    if (af.name == ae.name) {
      d_.error(af.loc, "field `" + af.name + "` has the name of its embed, which C++ does not allow");
      continue;
    }
    if (std::find(std::begin(kEmbedMembers), std::end(kEmbedMembers), af.name) != std::end(kEmbedMembers)) {
      d_.error(af.loc, "field name `" + af.name + "` collides with the generated member `" + ae.name + "::" +
                           af.name + "`; choose another name");
      continue;
    }
    Field f;
    f.name = af.name;
    f.loc = af.loc;
    ResolvedType type = resolve_type(af.type);
    if (!type.ok) continue;
    if (type.relation) {
      d_.error(af.loc, "an embed cannot hold relations; declare `" + af.name + "` on the model");
      continue;
    }
    if (type.list) {
      d_.error(af.loc, "a Vec inside an embed (`" + type.display + "`) is not supported yet; put it on the model");
      continue;
    }
    if (type.deferred) {
      d_.error(af.loc, "a Deferred field inside an embed (`" + type.display + "`) is not supported yet; put it on "
                       "the model");
      continue;
    }
    if (!type.embed_name.empty() && type.optional) {
      d_.error(af.loc, "an optional embed inside an embed (`" + type.display + "`) is not supported yet; "
                       "make its fields Option instead");
      continue;
    }
    f.type = type.scalar;
    f.enum_name = type.enum_name;
    f.embed_name = type.embed_name;
    f.json_type = type.json_type;
    f.newtype_name = type.newtype_name;
    f.optional = type.optional;
    for (const ast::Attribute& a : af.attrs) {
      if (a.name == "index" || a.name == "unique") {
        expect_no_args(a);
        if (!f.embed_name.empty()) {
          d_.error(a.loc, "`#[" + a.name + "]` goes on the fields of embed `" + f.embed_name + "`, not on `" +
                              af.name + "` itself");
        } else {
          (a.name == "index" ? f.index : f.unique) = true;
        }
      } else if (a.name == "column") {
        check_column_attr(a, f, f.embed_name.empty());
      } else {
        d_.error(a.loc, "`#[" + a.name + "]` cannot be used on a field of an embed (it takes #[column(\"...\")], "
                        "#[index] and #[unique])");
      }
    }
    e.fields.push_back(std::move(f));
  }
  if (ae.fields.empty() && !ae.incomplete) d_.error(ae.loc, "embed `" + ae.name + "` has no fields");
  return e;
}

// Nested embeds before those that hold them; an embed that holds itself is reported
// and left out (with every embed that holds it).
void Checker::order_embeds(std::vector<Embed>& embeds) {
  enum class Mark { None, Active, Done, Bad };
  std::map<std::string, Mark> mark;
  std::map<std::string, Embed*> by_name;
  for (Embed& e : embeds) by_name[e.name] = &e;
  std::vector<Embed> ordered;
  std::vector<std::string> stack;
  auto visit = [&](auto&& self, Embed& e) -> bool {
    Mark& m = mark[e.name];
    if (m == Mark::Done) return true;
    if (m == Mark::Bad) return false;
    // A variant's struct as written: C::A.
    const std::string shown = e.variant_of.empty() ? e.name : e.variant_of;
    if (m == Mark::Active) {
      std::string cycle;
      auto it = std::find(stack.begin(), stack.end(), shown);
      for (; it != stack.end(); ++it) cycle += *it + " -> ";
      d_.error(e.loc, std::string(e.variant_of.empty() ? "embed `" : "variant `") + shown + "` contains itself (" +
                          cycle + shown + "); it is stored in its model's columns, so it cannot nest without end");
      return false;
    }
    m = Mark::Active;
    stack.push_back(shown);
    bool ok = true;
    std::size_t width = 0;
    for (const Field& f : e.fields) {
      if (f.embed_name.empty()) {
        ++width;
        continue;
      }
      Embed* inner = by_name[f.embed_name];
      if (!inner || !self(self, *inner)) {
        ok = false;
        continue;
      }
      width += inner->width;
    }
    stack.pop_back();
    mark[e.name] = ok ? Mark::Done : Mark::Bad;
    if (!ok) return false;
    e.width = width;
    ordered.push_back(e);
    return true;
  };
  for (Embed& e : embeds) visit(visit, e);
  embeds = std::move(ordered);
}

Embed zoned_embed() {
  Embed e;
  e.name = std::string(kZonedType);
  e.builtin = true;
  Field instant;  // unnamed: the member's own column
  instant.type = ScalarKind::Timestamp;
  Field offset;
  offset.name = "offset";
  offset.type = ScalarKind::I16;
  e.fields = {instant, offset};
  return e;
}

bool Checker::has_required_field(const Embed& e) const {
  for (const Field& f : e.fields) {
    if (f.embed_name.empty() ? !f.optional : has_required_field(*find_checked_embed(f.embed_name))) return true;
  }
  return false;
}

const Embed* Checker::find_checked_embed(const std::string& name) const {
  for (const Embed& e : embeds_)
    if (e.name == name) return &e;
  return nullptr;
}

// The columns of embed `e` held by model field `field` (or nested below it): names
// `<name_prefix>_<field>` for C++ (FieldIndex, filter_by_), columns
// `<column_prefix>_<column>`.
//
// The unnamed fields of a data-carrying enum (its discriminant, its variants' structs) and
// of a ZonedDateTime (its instant) take the prefix itself: `contact`, `contact_address`;
// `starts`, `starts_offset`. A data variant's columns are nullable.
void Checker::flatten(const Embed& e, const std::string& name_prefix, const std::string& column_prefix,
                      bool optional, std::size_t member, Loc loc, std::vector<Field>& out, bool set_whole) {
  set_whole = set_whole || e.is_data_enum() || e.builtin;
  for (const Field& f : e.fields) {
    const std::string name = f.name.empty() ? name_prefix : name_prefix + "_" + f.name;
    const std::string column =
        f.name.empty() ? column_prefix : column_prefix + "_" + (f.column.empty() ? f.name : f.column);
    if (!f.embed_name.empty()) {
      flatten(*find_checked_embed(f.embed_name), name, column, optional || f.optional, member, loc, out,
              set_whole);
      continue;
    }
    Field c = f;
    c.name = name;
    c.loc = loc;
    c.column = column == name ? "" : column;
    c.optional = f.optional || optional;
    c.in_embed = member;
    c.set_whole = set_whole;
    out.push_back(std::move(c));
  }
}

void Checker::add_embed_member(const ast::Field& af, const ResolvedType& type,
                               const std::map<std::string, std::vector<const ast::Attribute*>>& attrs, Model& model,
                               std::vector<bool>& type_ok,
                               std::vector<std::map<std::string, std::vector<const ast::Attribute*>>>& field_attrs,
                               std::map<std::string, Loc>& field_seen) {
  const Embed* e = find_checked_embed(type.embed_name);
  if (!e) {  // its definition had errors, already reported
    Field f;
    f.name = af.name;
    f.loc = af.loc;
    model.fields.push_back(std::move(f));
    type_ok.push_back(false);
    field_attrs.emplace_back();
    return;
  }
  std::string column_prefix = af.name;
  for (const auto& [name, list] : attrs) {
    const ast::Attribute& a = *list.front();
    if (name == "column") {
      if (auto c = expect_string_arg(a)) column_prefix = *c;
    } else if (e->builtin && (name == "index" || name == "unique")) {
      d_.error(a.loc, "`#[" + name + "]` cannot be used on a ZonedDateTime field itself; " + name +
                      " its instant with a model-level #[" + name + "(" + af.name + ")]");
    } else if (e->builtin) {
      d_.error(a.loc, "`#[" + name + "]` cannot be used on a ZonedDateTime field (it takes #[column(\"name\")] "
                      "for its instant's column; the offset's is <name>_offset)");
    } else if (name == "index" || name == "unique") {
      d_.error(a.loc, "`#[" + name + "]` goes on the fields of embed `" + e->name + "` (or name its columns in "
                      "a model-level #[" + name + "(" + af.name + "_...)]), not on `" + af.name + "` itself");
    } else {
      d_.error(a.loc, "`#[" + name + "]` cannot be used on a field holding an embed (it takes "
                      "#[column(\"prefix\")] for its columns' names)");
    }
  }
  if (type.optional && !has_required_field(*e)) {
    d_.error(af.loc, "`" + af.name + "` is Option<" + e->name + ">, but every field of `" + e->name +
                         "` is optional, so an absent " + e->name + " could not be told from one whose fields "
                         "are all absent; give `" + e->name + "` a field that is not Option");
  }
  EmbedMember member;
  member.name = af.name;
  member.loc = af.loc;
  member.embed = e->name;
  member.optional = type.optional;
  member.first = model.fields.size();
  member.width = e->width;
  std::vector<Field> columns;
  flatten(*e, af.name, column_prefix, type.optional, model.embeds.size(), af.loc, columns);
  model.embeds.push_back(std::move(member));
  for (Field& c : columns) {
    // A data-carrying enum's discriminant has the member's own name.
    if (c.name == af.name) {
    } else if (auto [it, fresh] = field_seen.emplace(c.name, af.loc); !fresh) {
      d_.error(af.loc, "the column field `" + c.name + "` of embedded `" + af.name + "` collides with the field "
                       "defined at " + to_string(it->second) + "; rename one of them");
    }
    model.fields.push_back(std::move(c));
    type_ok.push_back(true);
    field_attrs.emplace_back();
  }
}

}  // namespace toasty_gen::check_detail
